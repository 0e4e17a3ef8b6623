//! One person and how many photos show them, for their page.

use crate::error::UiError;
use domain::dto::people::PersonResponse;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSummary {
    pub person: PersonResponse,
    pub asset_count: i64,
}

#[server(prefix = "/_server", endpoint = "people/details", input = server_fn::codec::Json)]
pub async fn person_details(id: Uuid) -> Result<PersonSummary, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    let services = context::services()?;
    let people = services.people();
    let person = people.get(&auth, id).await?;
    let statistics = people.statistics(&auth, id).await?;
    Ok(PersonSummary { person, asset_count: statistics.assets })
}
