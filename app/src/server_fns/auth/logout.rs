use crate::error::UiError;
use leptos::prelude::*;

/// Ends the current session (if any), clears the cookie and returns to the login page.
#[server(prefix = "/_server", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), UiError> {
    use crate::server_fns::context;
    use domain::auth::web::clear_session_cookie;
    if let Some(auth) = context::optional_auth().await? {
        context::services()?.auth().logout(&auth).await?;
    }
    context::set_cookie(clear_session_cookie(context::is_secure()));
    leptos_axum::redirect("/auth/login");
    Ok(())
}
