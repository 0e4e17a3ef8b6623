//! The people page: the caller's people in the order the service gives (favourites and named
//! people first), each with how many photos show them.

use crate::error::UiError;
use domain::dto::people::PersonTile;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleTiles {
    /// Whether face recognition runs on this server (else the list stays as it is).
    pub enabled: bool,
    pub tiles: Vec<PersonTile>,
}

#[server(prefix = "/_server", endpoint = "people/list")]
pub async fn people_list(with_hidden: bool) -> Result<PeopleTiles, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    let services = context::services()?;
    let tiles = services.people().tiles(&auth, with_hidden).await?;
    Ok(PeopleTiles { enabled: services.faces().enabled(), tiles })
}
