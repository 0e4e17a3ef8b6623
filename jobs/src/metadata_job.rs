//! Metadata step: read EXIF/XMP/sidecar or the video container, store it with the place the
//! GPS position resolves to, then queue the thumbnail step.

use crate::job_error::JobError;
use crate::metadata;
use domain::queue::IngestJob;
use domain::services::Services;
use uuid::Uuid;

pub async fn run(services: &Services, asset_id: Uuid) -> Result<(), JobError> {
    let Some(asset) = services.processing().load(asset_id).await? else {
        return Ok(()); // deleted since it was queued
    };
    if !asset.metadata_done {
        let path = asset.original.clone();
        let sidecar = asset.sidecar.clone().or_else(|| metadata::find_sidecar(&path));
        let asset_type = asset.asset_type;
        let extraction =
            tokio::task::spawn_blocking(move || metadata::extract(&path, asset_type, sidecar.as_deref())).await?;
        match extraction {
            Ok(found) => services.processing().save_metadata(&asset, found.metadata, &found.problems).await?,
            Err(err) if err.is_transient() => return Err(JobError::Transient(err.to_string())),
            Err(err) => return Err(JobError::Permanent(err.to_string())),
        }
    }
    if !asset.thumbnails_done {
        services.enqueue(IngestJob::Thumbnail { asset_id }).await;
    }
    Ok(())
}
