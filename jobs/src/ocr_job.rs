//! Text step: the lines of text in the preview, stored for the info panel and the search.

use crate::job_error::JobError;
use crate::ml_job::{engine, preview};
use domain::services::findings::FoundText;
use domain::services::Services;
use ml::ocr::OcrOptions;
use uuid::Uuid;

pub async fn run(services: &Services, asset_id: Uuid) -> Result<(), JobError> {
    if !services.findings().ocr_enabled() {
        return Ok(());
    }
    let reader = engine(services)?.text_reader().await?;
    let Some((_, image)) = preview(services, asset_id).await? else { return Ok(()) };
    let (width, height) = image.dimensions();
    let settings = &services.settings().machine_learning.ocr;
    let options = OcrOptions {
        max_side: settings.max_resolution,
        min_detection_score: settings.min_detection_score,
        min_recognition_score: settings.min_recognition_score,
    };
    let lines = tokio::task::spawn_blocking(move || reader.read(&image, &options)).await??;
    let found = lines.into_iter().map(|l| FoundText { text: l.text, score: l.score, corners: l.corners }).collect();
    services.findings().save_text(asset_id, width, height, found).await?;
    Ok(())
}
