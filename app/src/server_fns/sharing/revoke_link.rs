//! Revokes one of the caller's links: its address stops working at once.

use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "sharing/revoke-link", input = server_fn::codec::Json)]
pub async fn revoke_link(id: Uuid) -> Result<(), UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.shared_links().delete(&auth, id).await?)
}
