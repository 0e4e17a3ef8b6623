//! "Not duplicates": the groups dissolve and their photos stay as they are.

use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "duplicates/dismiss", input = server_fn::codec::Json)]
pub async fn dismiss_duplicates(ids: Vec<Uuid>) -> Result<(), UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.duplicates().dismiss(&auth, &ids).await?)
}
