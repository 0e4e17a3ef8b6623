use crate::error::UiError;
use domain::dto::api_keys::ApiKeyCreateResponse;
use leptos::prelude::*;

/// A new key with every permission; the secret is in the answer and nowhere else.
#[server(prefix = "/_server", endpoint = "account/create-api-key")]
pub async fn create_api_key(name: String) -> Result<ApiKeyCreateResponse, UiError> {
    use crate::server_fns::context;
    use domain::dto::api_keys::ApiKeyCreate;
    let auth = context::auth().await?;
    let dto = ApiKeyCreate { name: Some(name), permissions: vec!["all".into()] };
    Ok(context::services()?.api_keys().create(&auth, dto).await?)
}
