use crate::error::UiError;
use domain::dto::users::UserAdminResponse;
use leptos::prelude::*;

#[server(prefix = "/_server", endpoint = "admin/list-users")]
pub async fn list_users() -> Result<Vec<UserAdminResponse>, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.users().admin_list(&auth, true).await?)
}
