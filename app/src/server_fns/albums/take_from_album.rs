//! Takes a selection out of an album (the assets stay in their owners' libraries); answers how
//! many left it. Editors may take out only what they added.

use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "albums/take-out", input = server_fn::codec::Json)]
pub async fn take_from_album(album: Uuid, ids: Vec<Uuid>) -> Result<u64, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    let results = context::services()?.albums().remove_assets(&auth, album, &ids).await?;
    Ok(results.iter().filter(|r| r.success).count() as u64)
}
