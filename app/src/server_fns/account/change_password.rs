use crate::error::UiError;
use leptos::prelude::*;

#[server(prefix = "/_server", endpoint = "account/change-password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
    #[server(default)] invalidate_sessions: Option<String>,
) -> Result<(), UiError> {
    use crate::server_fns::context;
    use domain::dto::auth::ChangePassword;
    use domain::AppError;
    if new_password != confirm_password {
        return Err(AppError::invalid("The passwords do not match").into());
    }
    let auth = context::auth().await?;
    let dto =
        ChangePassword { password: current_password, new_password, invalidate_sessions: invalidate_sessions.is_some() };
    context::services()?.auth().change_password(&auth, dto).await?;
    Ok(())
}
