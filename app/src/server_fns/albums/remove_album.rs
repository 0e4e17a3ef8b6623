//! The owner deletes an album; its assets stay in the library.

use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "albums/remove", input = server_fn::codec::Json)]
pub async fn remove_album(id: Uuid) -> Result<(), UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.albums().delete(&auth, id).await?)
}
