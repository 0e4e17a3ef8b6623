use crate::error::UiError;
use domain::dto::api_keys::ApiKeyResponse;
use leptos::prelude::*;

#[server(prefix = "/_server", endpoint = "account/list-api-keys")]
pub async fn list_api_keys() -> Result<Vec<ApiKeyResponse>, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.api_keys().list(&auth).await?)
}
