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
    preview_shrunk(services, asset_id, u32::MAX).await
}

/// The asset's preview decoded no larger than needed for a short side of `min_short_side`
/// (JPEG DCT scaling: see `ml::image_ops::load_rgb_shrunk`).
pub async fn preview_shrunk(
    services: &Services,
    asset_id: Uuid,
    min_short_side: u32,
) -> Result<Option<(MlSource, RgbImage)>, JobError> {
    let Some(source) = services.processing().ml_source(asset_id).await? else {
        return Ok(None);
    };
    let path = source.preview.clone();
    let image = tokio::task::spawn_blocking(move || ml::image_ops::load_rgb_shrunk(&path, min_short_side)).await??;
    Ok(Some((source, image)))
}
