//! Smart search step: the CLIP image embedding of the preview, then duplicate detection.

use crate::job_error::JobError;
use crate::ml_job::{engine, preview};
use domain::queue::IngestJob;
use domain::services::Services;
use uuid::Uuid;

pub async fn run(services: &Services, asset_id: Uuid) -> Result<(), JobError> {
    if !services.smart_search().enabled() {
        return Ok(());
    }
    let engine = engine(services)?;
    let visual = engine.clip_visual().await?;
    let Some((_, image)) = preview(services, asset_id).await? else { return Ok(()) };
    let embedding = tokio::task::spawn_blocking(move || visual.embed(&[&image])).await??;
    let Some(embedding) = embedding.into_iter().next() else {
        return Err(JobError::Permanent("the image encoder returned nothing".into()));
    };
    engine.adopt_dimension(services, embedding.len()).await?;
    services.smart_search().save(asset_id, &embedding).await?;
    if services.duplicates().enabled() {
        services.enqueue(IngestJob::DuplicateDetection { asset_id }).await;
    }
    Ok(())
}
