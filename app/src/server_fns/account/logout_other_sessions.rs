use crate::error::UiError;
use leptos::prelude::*;

/// Ends every session of this user but the one making the request; returns how many ended.
#[server(prefix = "/_server", endpoint = "account/logout-other-sessions")]
pub async fn logout_other_sessions() -> Result<u64, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.sessions().delete_others(&auth).await?)
}
