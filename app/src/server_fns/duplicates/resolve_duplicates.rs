//! Keeps some photos of a duplicate group and moves the others to the trash.

use crate::error::UiError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/_server", endpoint = "duplicates/resolve", input = server_fn::codec::Json)]
pub async fn resolve_duplicates(duplicate_id: Uuid, keep: Vec<Uuid>, trash: Vec<Uuid>) -> Result<(), UiError> {
    use crate::server_fns::context;
    use domain::dto::albums::BulkIdErrorReason;
    use domain::dto::duplicates::{DuplicateResolve, DuplicateResolveGroup};
    use domain::{AppError, ErrorCode};
    let auth = context::auth().await?;
    let group = DuplicateResolveGroup { duplicate_id, keep_asset_ids: keep, trash_asset_ids: trash };
    let outcomes = context::services()?.duplicates().resolve(&auth, DuplicateResolve { groups: vec![group] }).await?;
    match outcomes.into_iter().find(|o| !o.success) {
        None => Ok(()),
        Some(failed) if failed.error == Some(BulkIdErrorReason::NotFound) => {
            Err(AppError::new(ErrorCode::NotFound, "This group of duplicates is gone").into())
        }
        Some(_) => Err(AppError::invalid("Each photo must be either kept or trashed, and be in the group").into()),
    }
}
