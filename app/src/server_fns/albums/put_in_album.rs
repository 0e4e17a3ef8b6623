//! Adds assets to an album; answers how many were new there.

use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "albums/add-assets", input = server_fn::codec::Json)]
pub async fn put_in_album(album: Uuid, ids: Vec<Uuid>) -> Result<u64, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    let results = context::services()?.albums().add_assets(&auth, album, &ids).await?;
    Ok(results.iter().filter(|r| r.success).count() as u64)
}
