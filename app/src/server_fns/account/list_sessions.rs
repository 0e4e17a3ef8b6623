use crate::error::UiError;
use domain::dto::sessions::SessionResponse;
use leptos::prelude::*;

#[server(prefix = "/_server", endpoint = "account/list-sessions")]
pub async fn list_sessions() -> Result<Vec<SessionResponse>, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.sessions().list(&auth).await?)
}
