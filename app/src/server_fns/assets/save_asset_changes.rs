//! The viewer's edits: favorite, archive, description, rating, date.

use crate::error::UiError;
use domain::dto::assets::{AssetResponse, UpdateAsset};
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "assets/save", input = server_fn::codec::Json)]
pub async fn save_asset_changes(id: Uuid, changes: UpdateAsset) -> Result<AssetResponse, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.assets().update(&auth, id, changes).await?)
}
