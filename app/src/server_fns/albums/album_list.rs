//! Every album the caller owns or is a member of.

use crate::error::UiError;
use domain::dto::albums::AlbumResponse;
use leptos::prelude::*;

#[server(prefix = "/_server", endpoint = "albums/list")]
pub async fn album_list() -> Result<Vec<AlbumResponse>, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.albums().list(&auth, &Default::default()).await?)
}
