//! Thumbnail step: one decode, then the WebP thumbnail, the JPEG preview and the thumbhash
//! under `thumbs/<user>/…`.

use crate::job_error::JobError;
use crate::thumbnail::{self, SourceKind, ThumbnailRequest};
use domain::media_types::AssetType;
use domain::services::Services;
use uuid::Uuid;

pub async fn run(services: &Services, asset_id: Uuid) -> Result<(), JobError> {
    let Some(asset) = services.processing().load(asset_id).await? else {
        return Ok(());
    };
    if asset.thumbnails_done {
        return Ok(());
    }
    let targets = services.processing().thumbnail_targets(&asset);
    let settings =
        thumbnail::Settings { max_pixels: services.settings().jobs.max_image_pixels, ..thumbnail::Settings::default() };
    let (source, orientation) = (asset.original.clone(), asset.orientation);
    let kind = if asset.asset_type == AssetType::Video { SourceKind::Video } else { SourceKind::Image };
    let (thumbnail_path, preview_path) = (targets.thumbnail.clone(), targets.preview.clone());
    let made = tokio::task::spawn_blocking(move || {
        let request = ThumbnailRequest {
            source: &source,
            kind,
            orientation,
            thumbnail_path: &thumbnail_path,
            preview_path: &preview_path,
        };
        thumbnail::generate(&request, &settings)
    })
    .await?;
    match made {
        Ok(out) => {
            services
                .processing()
                .save_thumbnails(&asset, &targets, &out.thumbhash, out.source_width, out.source_height)
                .await?;
            services.ml_jobs().queue_new_asset(asset_id).await;
            Ok(())
        }
        Err(err) if err.is_transient() => Err(JobError::Transient(err.to_string())),
        Err(err) => Err(JobError::Permanent(err.to_string())),
    }
}
