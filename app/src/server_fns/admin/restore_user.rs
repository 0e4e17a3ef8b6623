use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "admin/restore-user")]
pub async fn restore_user(id: Uuid) -> Result<(), UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    context::services()?.users().admin_restore(&auth, id).await?;
    Ok(())
}
