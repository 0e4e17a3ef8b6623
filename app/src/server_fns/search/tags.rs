//! The explore page's tags: object tags with a photo and how many photos have them.

use crate::error::UiError;
use domain::dto::search::ExploreTag;
use leptos::prelude::*;

#[server(prefix = "/_server", endpoint = "search/tags")]
pub async fn tags() -> Result<Vec<ExploreTag>, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.search().tags(&auth).await?)
}
