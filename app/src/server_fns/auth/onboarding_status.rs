use crate::error::UiError;
use domain::dto::auth::OnboardingStatus;
use leptos::prelude::*;

#[server(prefix = "/_server", endpoint = "auth/onboarding-status")]
pub async fn get_onboarding_status() -> Result<OnboardingStatus, UiError> {
    use crate::server_fns::context;
    Ok(context::services()?.auth().onboarding_status().await?)
}
