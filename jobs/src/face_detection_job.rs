//! Face detection step: faces in the preview with their embeddings; each face's recognition
//! (clustering into people) is queued by the service.

use crate::job_error::JobError;
use crate::ml_job::{engine, preview};
use domain::services::faces::FoundFace;
use domain::services::Services;
use uuid::Uuid;

pub async fn run(services: &Services, asset_id: Uuid) -> Result<(), JobError> {
    if !services.faces().enabled() {
        return Ok(());
    }
    let analyzer = engine(services)?.faces().await?;
    let Some((_, image)) = preview(services, asset_id).await? else { return Ok(()) };
    let (width, height) = image.dimensions();
    let min_score = services.settings().machine_learning.facial_recognition.min_score;
    let found = tokio::task::spawn_blocking(move || analyzer.analyze(&image, min_score)).await??;
    let faces = found
        .into_iter()
        .map(|f| FoundFace {
            bbox: [f.bbox.x1, f.bbox.y1, f.bbox.x2, f.bbox.y2],
            score: f.score,
            embedding: f.embedding,
        })
        .collect();
    services.faces().save_detected(asset_id, width, height, faces).await?;
    Ok(())
}
