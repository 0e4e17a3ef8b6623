use axum::extract::FromRef;
use domain::services::Services;
use leptos::config::LeptosOptions;

/// Shared by every handler. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    pub leptos_options: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
