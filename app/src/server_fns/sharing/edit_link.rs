//! The owner changes a link: downloads, metadata, expiry, password.

use crate::error::UiError;
use domain::dto::shared_links::SharedLinkEdit;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "sharing/edit-link", input = server_fn::codec::Json)]
pub async fn edit_link(id: Uuid, changes: SharedLinkEdit) -> Result<(), UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    context::services()?.shared_links().update(&auth, id, changes).await?;
    Ok(())
}
