//! The owner renames or describes an album.

use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "albums/edit", input = server_fn::codec::Json)]
pub async fn edit_album(id: Uuid, name: String, description: String) -> Result<(), UiError> {
    use crate::server_fns::context;
    use domain::dto::albums::UpdateAlbum;
    let auth = context::auth().await?;
    let changes = UpdateAlbum { album_name: Some(name), description: Some(description), ..Default::default() };
    context::services()?.albums().update(&auth, id, changes).await?;
    Ok(())
}
