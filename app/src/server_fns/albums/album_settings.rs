//! The owner's choices for an album's page: its cover and the order of its timeline.

use crate::error::UiError;
use domain::dto::timeline::AssetOrder;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "albums/settings", input = server_fn::codec::Json)]
pub async fn album_settings(id: Uuid, cover: Option<Uuid>, order: Option<AssetOrder>) -> Result<(), UiError> {
    use crate::server_fns::context;
    use domain::dto::albums::UpdateAlbum;
    let auth = context::auth().await?;
    let changes = UpdateAlbum { album_thumbnail_asset_id: cover, order, ..Default::default() };
    context::services()?.albums().update(&auth, id, changes).await?;
    Ok(())
}
