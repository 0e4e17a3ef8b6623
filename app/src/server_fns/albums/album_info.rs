//! One album for its page, with who is looking (so the page knows their role without a second
//! round trip, which would also leave the server-rendered page on its loading state).

use crate::error::UiError;
use domain::dto::albums::AlbumResponse;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlbumPageData {
    pub album: AlbumResponse,
    pub me: Uuid,
}

#[server(prefix = "/_server", endpoint = "albums/info", input = server_fn::codec::Json)]
pub async fn album_info(id: Uuid) -> Result<AlbumPageData, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    let album = context::services()?.albums().get(&auth, id).await?;
    Ok(AlbumPageData { album, me: auth.user_id() })
}
