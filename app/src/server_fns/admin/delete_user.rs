use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

/// Soft delete: restorable until the configured delay has passed.
#[server(prefix = "/_server", endpoint = "admin/delete-user")]
pub async fn delete_user(id: Uuid) -> Result<(), UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    context::services()?.users().admin_delete(&auth, id, Default::default()).await?;
    Ok(())
}
