use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "admin/set-user-admin")]
pub async fn set_user_admin(id: Uuid, is_admin: bool) -> Result<(), UiError> {
    use crate::server_fns::context;
    use domain::dto::users::UserAdminUpdate;
    let auth = context::auth().await?;
    let update = UserAdminUpdate { is_admin: Some(is_admin), ..Default::default() };
    context::services()?.users().admin_update(&auth, id, update).await?;
    Ok(())
}
