//! "Not this person": the face stays in the photo, showing nobody.

use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "people/unassign-face", input = server_fn::codec::Json)]
pub async fn unassign_face(face_id: Uuid) -> Result<(), UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.faces().unassign(&auth, face_id).await?)
}
