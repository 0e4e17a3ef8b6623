//! A face in one of the caller's photos now shows another of their people.

use crate::error::UiError;
use domain::dto::people::PersonResponse;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "people/move-face", input = server_fn::codec::Json)]
pub async fn move_face(face_id: Uuid, person_id: Uuid) -> Result<PersonResponse, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.faces().reassign(&auth, face_id, person_id).await?)
}
