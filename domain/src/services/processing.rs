//! What the ingest jobs ask of the core: which file to read, where results go, and recording
//! results and failures. The jobs themselves (in `jobs`) only read files and make images.

use super::{storage_error, Services};
use crate::entities::asset_exif;
use crate::error::AppResult;
use crate::media_metadata::MediaMetadata;
use crate::media_types::AssetType;
use crate::queue::IngestJob;
use crate::repositories::assets::{MetadataUpdate, ThumbnailUpdate};
use crate::repositories::{asset_exif as exif_repo, assets};
use crate::storage::Storage;
use base64::Engine;
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use uuid::Uuid;

/// An asset as a job sees it.
#[derive(Debug, Clone)]
pub struct JobAsset {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub asset_type: AssetType,
    pub original: PathBuf,
    /// An uploaded sidecar (`<original>.xmp`), when there is one.
    pub sidecar: Option<PathBuf>,
    pub file_created_at: DateTime<Utc>,
    pub metadata_done: bool,
    pub thumbnails_done: bool,
    /// EXIF orientation, once the metadata job has read it.
    pub orientation: Option<u16>,
}

/// What a machine-learning job reads: the asset's preview (made by the thumbnail job).
#[derive(Debug, Clone)]
pub struct MlSource {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub preview: PathBuf,
}

/// Where the thumbnail job writes, absolute and as stored.
#[derive(Debug, Clone)]
pub struct ThumbnailTargets {
    pub thumbnail: PathBuf,
    pub preview: PathBuf,
    pub thumbnail_relative: String,
    pub preview_relative: String,
}

pub struct ProcessingService<'a> {
    pub(super) services: &'a Services,
}

impl ProcessingService<'_> {
    /// The asset, unless it has been deleted for good in the meantime (then there is nothing
    /// to do and the job ends quietly).
    pub async fn load(&self, id: Uuid) -> AppResult<Option<JobAsset>> {
        let db = self.services.db();
        let Some(asset) = assets::find_by_id(db, id).await.map_err(storage_error("load asset for job"))? else {
            return Ok(None);
        };
        let orientation = match asset.metadata_extracted_at {
            Some(_) => exif_repo::find(db, id)
                .await
                .map_err(storage_error("load exif for job"))?
                .and_then(|e| e.orientation)
                .and_then(|o| u16::try_from(o).ok()),
            None => None,
        };
        let storage = self.services.storage();
        Ok(Some(JobAsset {
            id,
            owner_id: asset.owner_id,
            asset_type: if asset.asset_type == AssetType::Video.as_str() { AssetType::Video } else { AssetType::Image },
            original: storage.absolute(std::path::Path::new(&asset.original_path)),
            sidecar: asset.sidecar_path.as_deref().map(|p| storage.absolute(std::path::Path::new(p))),
            file_created_at: asset.file_created_at,
            metadata_done: asset.metadata_extracted_at.is_some(),
            thumbnails_done: asset.thumbnails_generated_at.is_some(),
            orientation,
        }))
    }

    /// The preview a machine-learning job reads, unless the asset is gone, in the trash or has
    /// no preview yet (then the job has nothing to do).
    pub async fn ml_source(&self, id: Uuid) -> AppResult<Option<MlSource>> {
        let asset = assets::find_by_id(self.services.db(), id).await.map_err(storage_error("load asset for job"))?;
        Ok(asset.filter(|a| a.deleted_at.is_none()).and_then(|a| {
            let preview = a.preview_path.as_deref()?;
            Some(MlSource {
                id: a.id,
                owner_id: a.owner_id,
                preview: self.services.storage().absolute(std::path::Path::new(preview)),
            })
        }))
    }

    /// Records what the metadata job read, with the place its GPS position resolves to. The
    /// date taken falls back to the file's creation time the client sent. `problems` (a broken
    /// sidecar, a damaged EXIF block) are kept as the asset's processing error: the rest of the
    /// pipeline still runs.
    pub async fn save_metadata(&self, job: &JobAsset, metadata: MediaMetadata, problems: &[String]) -> AppResult<()> {
        let place = match (metadata.latitude, metadata.longitude) {
            (Some(lat), Some(lon)) => self.services.geocoding().reverse(lat, lon).await?,
            _ => None,
        };
        let (taken_at, local) = match &metadata.taken_at {
            Some(taken) => (taken.utc(), DateTime::<Utc>::from_naive_utc_and_offset(taken.local, Utc)),
            None => (job.file_created_at, job.file_created_at),
        };
        let exif = asset_exif::Model {
            asset_id: job.id,
            date_time_original: metadata.taken_at.as_ref().map(|t| t.utc()),
            time_zone: metadata.taken_at.as_ref().and_then(|t| t.time_zone()),
            taken_at_source: metadata
                .taken_at
                .as_ref()
                .and_then(|t| serde_json::to_value(t.source).ok())
                .and_then(|v| v.as_str().map(str::to_string)),
            modify_date: metadata.modified_at,
            exif_image_width: metadata.width.and_then(|w| i32::try_from(w).ok()),
            exif_image_height: metadata.height.and_then(|h| i32::try_from(h).ok()),
            orientation: metadata.orientation.map(i32::from),
            make: metadata.make.clone(),
            model: metadata.model.clone(),
            lens_model: metadata.lens_model.clone(),
            f_number: metadata.f_number,
            exposure_time: metadata.exposure_time.clone(),
            iso: metadata.iso.and_then(|i| i32::try_from(i).ok()),
            focal_length: metadata.focal_length,
            latitude: metadata.latitude,
            longitude: metadata.longitude,
            altitude: metadata.altitude,
            city: place.as_ref().map(|p| p.city.clone()),
            state: place.as_ref().and_then(|p| p.state.clone()),
            country: place.as_ref().and_then(|p| p.country.clone()),
            rating: metadata.rating,
            description: metadata.description.clone(),
            keywords: (!metadata.keywords.is_empty())
                .then(|| serde_json::to_string(&metadata.keywords).unwrap_or_default()),
            projection_type: metadata.projection_type.clone(),
            color_profile: metadata.color_profile.clone(),
            video_codec: metadata.video_codec.clone(),
            audio_codec: metadata.audio_codec.clone(),
            frame_rate: metadata.frame_rate,
            rotation: metadata.rotation,
            locked_properties: None,
        };
        let update = MetadataUpdate {
            width: metadata.width.and_then(|w| i32::try_from(w).ok()),
            height: metadata.height.and_then(|h| i32::try_from(h).ok()),
            taken_at: Some(taken_at),
            local_date_time: Some(local),
            duration: metadata.duration_ms,
            processing_error: (!problems.is_empty()).then(|| problems.join("; ")),
        };
        let (mut exif, mut update) = (exif, update);
        let existing = exif_repo::find(self.services.db(), job.id).await.map_err(storage_error("read exif"))?;
        if let Some(existing) = existing {
            keep_user_edits(&existing, &mut exif, &mut update);
        }
        use sea_orm::TransactionTrait;
        let txn = self.services.db().begin().await.map_err(|e| storage_error("begin metadata")(e.into()))?;
        exif_repo::upsert(&txn, exif).await.map_err(storage_error("save exif"))?;
        assets::set_metadata(&txn, job.id, update).await.map_err(storage_error("save metadata"))?;
        txn.commit().await.map_err(|e| storage_error("commit metadata")(e.into()))?;
        Ok(())
    }

    pub fn thumbnail_targets(&self, job: &JobAsset) -> ThumbnailTargets {
        let thumbnail = Storage::generated_relative(job.owner_id, job.id, "thumbnail.webp");
        let preview = Storage::generated_relative(job.owner_id, job.id, "preview.jpeg");
        let storage = self.services.storage();
        ThumbnailTargets {
            thumbnail: storage.absolute(&thumbnail),
            preview: storage.absolute(&preview),
            thumbnail_relative: thumbnail.to_string_lossy().into_owned(),
            preview_relative: preview.to_string_lossy().into_owned(),
        }
    }

    pub async fn save_thumbnails(
        &self,
        job: &JobAsset,
        targets: &ThumbnailTargets,
        thumbhash: &[u8],
        width: u32,
        height: u32,
    ) -> AppResult<()> {
        let update = ThumbnailUpdate {
            thumbnail_path: targets.thumbnail_relative.clone(),
            preview_path: targets.preview_relative.clone(),
            thumbhash: base64::engine::general_purpose::STANDARD.encode(thumbhash),
            width: i32::try_from(width).unwrap_or(i32::MAX),
            height: i32::try_from(height).unwrap_or(i32::MAX),
        };
        assets::set_thumbnails(self.services.db(), job.id, update).await.map_err(storage_error("save thumbnails"))
    }

    /// A step failed for good on this file: the reason is kept on the asset for the user.
    pub async fn fail(&self, id: Uuid, step: &str, reason: &str) -> AppResult<()> {
        tracing::warn!(asset_id = %id, job = step, reason, "processing failed");
        let message = format!("{step}: {reason}");
        assets::set_processing_error(self.services.db(), id, &message).await.map_err(storage_error("record failure"))
    }

    /// The steps still owed to assets that are neither finished nor failed.
    pub async fn pending(&self) -> AppResult<Vec<IngestJob>> {
        let rows = assets::unfinished(self.services.db()).await.map_err(storage_error("find unfinished assets"))?;
        Ok(rows
            .into_iter()
            .map(|(asset_id, metadata_done)| match metadata_done {
                true => IngestJob::Thumbnail { asset_id },
                false => IngestJob::Metadata { asset_id },
            })
            .collect())
    }

    /// How many assets still owe the metadata step (`metadata`) or, with metadata read, the
    /// thumbnail step.
    pub async fn pending_count(&self, metadata: bool) -> AppResult<u64> {
        let rows = assets::unfinished(self.services.db()).await.map_err(storage_error("find unfinished assets"))?;
        Ok(rows.iter().filter(|(_, metadata_done)| *metadata_done != metadata).count() as u64)
    }

    /// Queues every step still owed: what a crash between an upload's commit and its enqueue,
    /// or a lost queue, left behind. Steps are idempotent, so a step queued twice is harmless.
    pub async fn catch_up(&self) -> AppResult<usize> {
        let pending = self.pending().await?;
        for job in &pending {
            self.services.enqueue(*job).await;
        }
        if !pending.is_empty() {
            tracing::info!(queued = pending.len(), "queued unfinished processing");
        }
        Ok(pending.len())
    }
}

/// What the user edited in the library wins over what the file says (Immich's locked
/// properties), so re-reading a file never undoes an edit.
fn keep_user_edits(existing: &asset_exif::Model, exif: &mut asset_exif::Model, update: &mut MetadataUpdate) {
    let locked = crate::services::assets::locked_properties(existing);
    for property in locked {
        match property.as_str() {
            "description" => exif.description = existing.description.clone(),
            "rating" => exif.rating = existing.rating,
            "dateTimeOriginal" => {
                exif.date_time_original = existing.date_time_original;
                exif.time_zone = existing.time_zone.clone();
                update.taken_at = None;
                update.local_date_time = None;
            }
            "location" => {
                exif.latitude = existing.latitude;
                exif.longitude = existing.longitude;
                exif.city = existing.city.clone();
                exif.state = existing.state.clone();
                exif.country = existing.country.clone();
            }
            _ => {}
        }
    }
}
