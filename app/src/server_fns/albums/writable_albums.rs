//! The albums the caller may add to (owned, or shared with them as editor): id and name.

use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "albums/writable")]
pub async fn writable_albums() -> Result<Vec<(Uuid, String)>, UiError> {
    use crate::server_fns::context;
    use domain::dto::albums::AlbumListQuery;
    let auth = context::auth().await?;
    let me = auth.user_id();
    let albums = context::services()?.albums().list(&auth, &AlbumListQuery::default()).await?;
    Ok(albums
        .into_iter()
        .filter(|a| a.album_users.iter().any(|u| u.user.id == me && u.role.can_add()))
        .map(|a| (a.id, a.album_name))
        .collect())
}
