//! Back from the trash.

use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "assets/restore", input = server_fn::codec::Json)]
pub async fn restore_from_trash(ids: Vec<Uuid>) -> Result<(), UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    context::services()?.assets().restore(&auth, &ids).await?;
    Ok(())
}

/// Everything in the caller's trash, back; answers how many.
#[server(prefix = "/_server", endpoint = "assets/restore-all")]
pub async fn restore_everything() -> Result<u64, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.assets().restore_all(&auth).await?)
}
