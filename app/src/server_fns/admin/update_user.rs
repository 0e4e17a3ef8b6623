use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

/// The admin's "Edit user" form. An empty quota means unlimited; an empty password keeps the
/// current one.
#[server(prefix = "/_server", endpoint = "admin/update-user")]
pub async fn update_user(
    id: Uuid,
    email: String,
    name: String,
    #[server(default)] password: Option<String>,
    #[server(default)] quota_gib: Option<String>,
    #[server(default)] should_change_password: Option<String>,
) -> Result<(), UiError> {
    use crate::server_fns::context;
    use domain::dto::users::UserAdminUpdate;
    let auth = context::auth().await?;
    let update = UserAdminUpdate {
        email: Some(email),
        name: Some(name),
        password: password.filter(|p| !p.is_empty()),
        quota_size_in_bytes: Some(super::quota::parse_gib(quota_gib.as_deref())?),
        should_change_password: Some(should_change_password.is_some()),
        ..Default::default()
    };
    context::services()?.users().admin_update(&auth, id, update).await?;
    Ok(())
}
