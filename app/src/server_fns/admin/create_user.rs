use crate::error::UiError;
use domain::dto::users::UserAdminResponse;
use leptos::prelude::*;

/// The admin's "Create user" form. The quota is entered in GiB; empty means unlimited.
#[server(prefix = "/_server", endpoint = "admin/create-user")]
pub async fn create_user(
    email: String,
    name: String,
    password: String,
    #[server(default)] quota_gib: Option<String>,
    #[server(default)] should_change_password: Option<String>,
    #[server(default)] is_admin: Option<String>,
) -> Result<UserAdminResponse, UiError> {
    use crate::server_fns::context;
    use domain::dto::users::UserAdminCreate;
    let quota_size_in_bytes = super::quota::parse_gib(quota_gib.as_deref())?;
    let auth = context::auth().await?;
    let dto = UserAdminCreate {
        email,
        name,
        password,
        quota_size_in_bytes,
        should_change_password: Some(should_change_password.is_some()),
        is_admin: Some(is_admin.is_some()),
        ..Default::default()
    };
    Ok(context::services()?.users().admin_create(&auth, dto).await?)
}
