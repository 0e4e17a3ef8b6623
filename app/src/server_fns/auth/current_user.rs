use crate::error::UiError;
use domain::dto::auth::CurrentUser;
use leptos::prelude::*;

/// The signed-in user, or `None` for a visitor.
#[server(prefix = "/_server", endpoint = "auth/current-user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, UiError> {
    use crate::server_fns::context;
    let auth = context::optional_auth().await?;
    Ok(auth.map(|a| domain::services::mapping::current_user(&a.user)))
}
