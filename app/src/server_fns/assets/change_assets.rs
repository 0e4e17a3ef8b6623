//! A selection's bulk edits: favorite, archive, date.

use crate::error::UiError;
use domain::dto::assets::UpdateAsset;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "assets/change", input = server_fn::codec::Json)]
pub async fn change_assets(ids: Vec<Uuid>, changes: UpdateAsset) -> Result<(), UiError> {
    use crate::server_fns::context;
    use domain::dto::assets::AssetBulkUpdate;
    let auth = context::auth().await?;
    let dto = AssetBulkUpdate { ids, changes, ..Default::default() };
    Ok(context::services()?.assets().update_many(&auth, dto).await?)
}
