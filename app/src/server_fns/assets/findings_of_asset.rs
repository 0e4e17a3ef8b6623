//! What machine learning found in an asset: faces with their people, object tags and text,
//! for the viewer's info panel and face boxes.

use crate::error::UiError;
use domain::dto::people::AssetFindings;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "assets/findings", input = server_fn::codec::Json)]
pub async fn findings_of_asset(id: Uuid) -> Result<AssetFindings, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.findings().of_asset((&auth).into(), id).await?)
}
