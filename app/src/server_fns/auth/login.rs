use crate::error::UiError;
use leptos::prelude::*;

/// Logs in, sets the session cookie and sends the browser on: to the forced password change
/// when the account is flagged, else to the timeline. Works as a plain HTML form post too.
#[server(prefix = "/_server", endpoint = "auth/login")]
pub async fn login(email: String, password: String) -> Result<(), UiError> {
    use crate::server_fns::context;
    use domain::auth::web::session_cookie;
    use domain::dto::auth::LoginCredential;
    let services = context::services()?;
    let response = services.auth().login(LoginCredential { email, password }, &context::client()?).await?;
    let max_age = i64::from(services.settings().session_ttl_days) * 24 * 60 * 60;
    context::set_cookie(session_cookie(&response.access_token, max_age, context::is_secure()));
    leptos_axum::redirect(if response.should_change_password { "/auth/change-password" } else { "/photos" });
    Ok(())
}
