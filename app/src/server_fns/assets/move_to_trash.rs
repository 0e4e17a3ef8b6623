//! Deleting from the viewer or a selection: to the trash, restorable for the configured days.

use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "assets/trash", input = server_fn::codec::Json)]
pub async fn move_to_trash(ids: Vec<Uuid>) -> Result<(), UiError> {
    use crate::server_fns::context;
    use domain::dto::assets::AssetBulkDelete;
    let auth = context::auth().await?;
    Ok(context::services()?.assets().delete(&auth, AssetBulkDelete { ids, force: Some(false) }).await?)
}
