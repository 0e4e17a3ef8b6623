use crate::error::UiError;
use leptos::prelude::*;

/// The getting-started form: creates the first (admin) account.
#[server(prefix = "/_server", endpoint = "auth/register-admin")]
pub async fn register_admin(
    email: String,
    name: String,
    password: String,
    confirm_password: String,
) -> Result<(), UiError> {
    use crate::server_fns::context;
    use domain::dto::auth::SignUp;
    use domain::AppError;
    if password != confirm_password {
        return Err(AppError::invalid("The passwords do not match").into());
    }
    context::services()?.auth().admin_sign_up(SignUp { email, password, name }).await?;
    leptos_axum::redirect("/auth/login");
    Ok(())
}
