//! One asset with its metadata, for the viewer and its info panel.

use crate::error::UiError;
use domain::dto::assets::AssetResponse;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "assets/details", input = server_fn::codec::Json)]
pub async fn asset_details(id: Uuid) -> Result<AssetResponse, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.assets().get((&auth).into(), id).await?)
}
