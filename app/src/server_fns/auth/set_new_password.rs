use crate::error::UiError;
use leptos::prelude::*;

/// The forced password change after login: the user has just proven their old password, so
/// only the new one is asked for (as Immich does).
#[server(prefix = "/_server", endpoint = "auth/set-new-password")]
pub async fn set_new_password(new_password: String, confirm_password: String) -> Result<(), UiError> {
    use crate::server_fns::context;
    use domain::dto::users::UserUpdateMe;
    use domain::AppError;
    if new_password != confirm_password {
        return Err(AppError::invalid("The passwords do not match").into());
    }
    let auth = context::auth().await?;
    let update = UserUpdateMe { password: Some(new_password), ..Default::default() };
    context::services()?.users().update_me(&auth, update).await?;
    leptos_axum::redirect("/photos");
    Ok(())
}
