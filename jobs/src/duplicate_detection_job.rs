//! Duplicate detection step: the asset joins a group with its near-duplicates by CLIP distance.

use crate::job_error::JobError;
use domain::services::Services;
use uuid::Uuid;

pub async fn run(services: &Services, asset_id: Uuid) -> Result<(), JobError> {
    if !services.duplicates().enabled() {
        return Ok(());
    }
    if let Some(group) = services.duplicates().detect(asset_id).await? {
        tracing::debug!(%asset_id, %group, "near-duplicates found");
    }
    Ok(())
}
