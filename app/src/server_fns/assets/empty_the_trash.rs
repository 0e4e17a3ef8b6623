//! Deletes everything in the caller's trash for good; answers how many went.

use crate::error::UiError;
use leptos::prelude::*;

#[server(prefix = "/_server", endpoint = "assets/empty-trash")]
pub async fn empty_the_trash() -> Result<u64, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.assets().empty_trash(&auth).await?)
}
