//! Merges people into one: their faces become this person's and they go.

use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

/// Answers how many were merged; fails if any could not be.
#[server(prefix = "/_server", endpoint = "people/merge", input = server_fn::codec::Json)]
pub async fn merge_people(into: Uuid, ids: Vec<Uuid>) -> Result<usize, UiError> {
    use crate::server_fns::context;
    use domain::dto::albums::BulkIdErrorReason;
    use domain::{AppError, ErrorCode};
    let auth = context::auth().await?;
    let outcomes = context::services()?.people().merge(&auth, into, &ids).await?;
    if let Some(failed) = outcomes.iter().find(|o| !o.success) {
        return Err(match failed.error {
            Some(BulkIdErrorReason::Duplicate) => AppError::invalid("A person cannot be merged with themselves"),
            Some(BulkIdErrorReason::NotFound) => AppError::new(ErrorCode::PersonNotFound, "Person not found"),
            _ => AppError::invalid("These people could not be merged"),
        }
        .into());
    }
    Ok(outcomes.len())
}
