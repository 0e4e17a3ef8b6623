//! What every machine-learning job shares: the engine of this process and the preview image.

use crate::job_error::JobError;
use crate::ml_engine::MlEngine;
use domain::services::processing::MlSource;
use domain::services::Services;
use image::RgbImage;
use uuid::Uuid;

/// The engine the services were given at start (`workers::connect`).
pub fn engine(services: &Services) -> Result<&MlEngine, JobError> {
    services
        .inference()
        .and_then(|e| e.as_any().downcast_ref::<MlEngine>())
        .ok_or_else(|| JobError::Setup("machine learning is not set up in this process".into()))
}

/// The asset's preview, decoded, unless there is nothing to do (gone, trashed, no preview).
pub async fn preview(services: &Services, asset_id: Uuid) -> Result<Option<(MlSource, RgbImage)>, JobError> {
    let Some(source) = services.processing().ml_source(asset_id).await? else {
        return Ok(None);
    };
    let path = source.preview.clone();
    let image = tokio::task::spawn_blocking(move || ml::image_ops::load_rgb(&path)).await??;
    Ok(Some((source, image)))
}
