//! Name, birth date, hidden, favourite, or the photo a person is shown by.

use crate::error::UiError;
use domain::dto::people::{PersonResponse, PersonUpdate};
use leptos::prelude::*;
use uuid::Uuid;

// JSON arguments: `birth_date: Some(None)` (clear it) must survive the trip.
#[server(prefix = "/_server", endpoint = "people/edit", input = server_fn::codec::Json)]
pub async fn edit_person(id: Uuid, changes: PersonUpdate) -> Result<PersonResponse, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.people().update(&auth, id, changes).await?)
}
