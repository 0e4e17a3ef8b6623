//! Whether this server has smart search (CLIP), so the search page offers it.

use crate::error::UiError;
use leptos::prelude::*;

#[server(prefix = "/_server", endpoint = "search/smart-available")]
pub async fn smart_search_available() -> Result<bool, UiError> {
    use crate::server_fns::context;
    context::auth().await?;
    Ok(context::services()?.smart_search().enabled())
}
