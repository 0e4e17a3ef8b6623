//! The caller's shared links, newest first.

use crate::error::UiError;
use domain::dto::shared_links::SharedLinkResponse;
use leptos::prelude::*;

#[server(prefix = "/_server", endpoint = "sharing/links")]
pub async fn my_links() -> Result<Vec<SharedLinkResponse>, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.shared_links().list(&auth, Default::default()).await?)
}
