//! Uploads: a file is staged while hashed, checked against the owner's library and quota, then
//! put in place and recorded in one step (see `storage::journal` for the crash window).

use super::{mapping, storage_error, Services};
use crate::auth::{AuthContext, Reader};
use crate::dto::assets::{
    AssetBulkDelete, AssetBulkUploadCheck, AssetBulkUploadCheckResponse, AssetBulkUploadCheckResult,
    AssetMediaResponse, AssetMediaStatus, AssetRejectReason, AssetResponse, AssetUploadAction, AssetVisibility,
};
use crate::entities::asset;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::media_types::{self, AssetType};
use crate::queue::IngestJob;
use crate::repositories::{albums, asset_exif, assets, RepoError};
use crate::storage::journal::{self, Journal};
use crate::storage::staging::{self, StageError, StagedFile};
use crate::storage::Storage;
use base64::Engine;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::Stream;
use sea_orm::{IntoActiveModel, TransactionTrait};
use std::collections::HashMap;
use std::path::PathBuf;
use uuid::Uuid;

/// XMP sidecars are small documents; anything larger is not one.
const MAX_SIDECAR_BYTES: u64 = 16 * 1024 * 1024;

/// The form fields of an upload, parsed.
#[derive(Debug, Clone)]
pub struct UploadFields {
    pub file_name: String,
    pub file_created_at: DateTime<Utc>,
    pub file_modified_at: DateTime<Utc>,
    pub is_favorite: bool,
    pub visibility: AssetVisibility,
    pub duration: Option<i64>,
    pub live_photo_video_id: Option<Uuid>,
}

mod updates;

pub use updates::locked_properties;

pub struct AssetService<'a> {
    pub(super) services: &'a Services,
}

fn stage_error(err: StageError) -> AppError {
    match err {
        StageError::TooLarge { .. } => {
            AppError::new(ErrorCode::QuotaExceeded, "The upload would exceed your storage quota")
        }
        StageError::Body(reason) => {
            AppError::new(ErrorCode::UploadInterrupted, format!("The upload did not complete: {reason}"))
        }
        StageError::Io(err) => {
            tracing::error!(error = %err, "cannot write an upload to the data directory");
            AppError::internal()
        }
    }
}

/// SHA-1 as Immich's clients send it, hex or base64, as lower-case hex.
pub fn normalize_checksum(checksum: &str) -> AppResult<String> {
    let checksum = checksum.trim();
    let bytes = if checksum.len() == 40 && checksum.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(checksum.to_ascii_lowercase());
    } else {
        base64::engine::general_purpose::STANDARD.decode(checksum).ok()
    };
    match bytes {
        Some(bytes) if bytes.len() == 20 => Ok(bytes.iter().map(|b| format!("{b:02x}")).collect()),
        _ => Err(AppError::invalid(format!("`{checksum}` is not a SHA-1 checksum (40 hex digits or base64)"))),
    }
}

impl AssetService<'_> {
    fn storage(&self) -> &Storage {
        self.services.storage()
    }

    /// Refuses a file type before anything is stored.
    pub fn accepted_type(&self, file_name: &str) -> AppResult<AssetType> {
        media_types::asset_type(file_name)
            .ok_or_else(|| AppError::new(ErrorCode::UnsupportedFileType, format!("Unsupported file type: {file_name}")))
    }

    /// The owner's asset with this checksum (`x-immich-checksum`), so the body need not be sent.
    pub async fn existing(&self, auth: &AuthContext, checksum: &str) -> AppResult<Option<Uuid>> {
        let checksum = normalize_checksum(checksum)?;
        let found = assets::find_by_checksum(self.services.db(), auth.user_id(), &checksum)
            .await
            .map_err(storage_error("find asset by checksum"))?;
        Ok(found.map(|a| a.id))
    }

    /// Streams an original to a temporary file; refuses it as soon as it passes the quota left.
    pub async fn stage<S, E>(&self, auth: &AuthContext, body: S) -> AppResult<StagedFile>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let remaining =
            auth.user.quota_size_in_bytes.map(|q| q.saturating_sub(auth.user.quota_usage_in_bytes).max(0) as u64);
        staging::stage(&self.storage().temp_dir(), body, remaining).await.map_err(stage_error)
    }

    pub async fn stage_sidecar<S, E>(&self, body: S) -> AppResult<StagedFile>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        staging::stage(&self.storage().temp_dir(), body, Some(MAX_SIDECAR_BYTES)).await.map_err(|err| match err {
            StageError::TooLarge { .. } => AppError::invalid("The sidecar is too large to be an XMP file"),
            other => stage_error(other),
        })
    }

    /// Records a staged upload: a duplicate of one of the owner's assets is answered as such and
    /// dropped; otherwise the file goes in place and its row is committed.
    pub async fn commit(
        &self,
        auth: &AuthContext,
        original: StagedFile,
        sidecar: Option<StagedFile>,
        fields: UploadFields,
    ) -> AppResult<AssetMediaResponse> {
        let asset_type = self.accepted_type(&fields.file_name)?;
        let owner = auth.user_id();
        let checksum = original.sha1.clone();
        if let Some(id) = self.duplicate_of(owner, &checksum).await? {
            return Ok(AssetMediaResponse { id, status: AssetMediaStatus::Duplicate });
        }
        let id = Uuid::new_v4();
        let extension = media_types::extension(&fields.file_name).unwrap_or_default();
        let relative = Storage::original_relative(owner, id, &extension);
        let sidecar_relative = sidecar.as_ref().map(|_| PathBuf::from(format!("{}.xmp", relative.display())));
        let now = Utc::now();
        let model = asset::Model {
            id,
            owner_id: owner,
            checksum: checksum.clone(),
            asset_type: asset_type.as_str().into(),
            original_path: relative.to_string_lossy().into_owned(),
            original_file_name: base_name(&fields.file_name),
            sidecar_path: sidecar_relative.as_ref().map(|p| p.to_string_lossy().into_owned()),
            file_size: original.size as i64,
            file_created_at: fields.file_created_at,
            file_modified_at: fields.file_modified_at,
            is_favorite: fields.is_favorite,
            visibility: fields.visibility.as_str().into(),
            duration: fields.duration,
            live_photo_video_id: fields.live_photo_video_id,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            width: None,
            height: None,
            thumbhash: None,
            // Until the metadata job knows better, the file's time places it on the timeline
            // (as Immich does), so every asset always has a day.
            taken_at: Some(fields.file_created_at),
            local_date_time: Some(fields.file_created_at),
            thumbnail_path: None,
            preview_path: None,
            metadata_extracted_at: None,
            thumbnails_generated_at: None,
            processing_error: None,
            duplicate_id: None,
        };

        let io_error = |err: std::io::Error| {
            tracing::error!(error = %err, "cannot put an upload in place");
            AppError::internal()
        };
        let journal = Journal::begin(&self.storage().temp_dir(), id, &relative).await.map_err(io_error)?;
        let placed = self.storage().absolute(&relative);
        let placed_sidecar = sidecar_relative.as_ref().map(|p| self.storage().absolute(p));
        let remove_placed = || {
            let _ = std::fs::remove_file(&placed);
            if let Some(p) = &placed_sidecar {
                let _ = std::fs::remove_file(p);
            }
        };
        let size = original.size as i64;
        if let Err(err) = original.place(&placed).await {
            journal.finish().await;
            return Err(io_error(err));
        }
        if let (Some(sidecar), Some(path)) = (sidecar, &placed_sidecar) {
            if let Err(err) = sidecar.place(path).await {
                remove_placed();
                journal.finish().await;
                return Err(io_error(err));
            }
        }

        let outcome = self.insert_with_quota(owner, size, model).await;
        if outcome.is_err() {
            remove_placed();
        }
        journal.finish().await;
        match outcome {
            Ok(()) => {
                tracing::info!(asset_id = %id, user_id = %owner, bytes = size, "asset uploaded");
                self.services.enqueue(IngestJob::Metadata { asset_id: id }).await;
                Ok(AssetMediaResponse { id, status: AssetMediaStatus::Created })
            }
            // Another upload of the same file committed first: answer as a duplicate of it.
            Err(Conflict::Duplicate) => match self.duplicate_of(owner, &checksum).await? {
                Some(existing) => Ok(AssetMediaResponse { id: existing, status: AssetMediaStatus::Duplicate }),
                None => Err(AppError::internal()),
            },
            Err(Conflict::Error(err)) => Err(err),
        }
    }

    async fn insert_with_quota(&self, owner: Uuid, size: i64, model: asset::Model) -> Result<(), Conflict> {
        let txn =
            self.services.db().begin().await.map_err(|e| Conflict::Error(storage_error("begin upload")(e.into())))?;
        let within = assets::reserve_quota(&txn, owner, size)
            .await
            .map_err(|e| Conflict::Error(storage_error("reserve quota")(e)))?;
        if !within {
            let _ = txn.rollback().await;
            return Err(Conflict::Error(AppError::new(
                ErrorCode::QuotaExceeded,
                "The upload would exceed your storage quota",
            )));
        }
        match assets::insert(&txn, model.into_active_model()).await {
            Ok(_) => {}
            Err(RepoError::Conflict(_)) => {
                let _ = txn.rollback().await;
                return Err(Conflict::Duplicate);
            }
            Err(err) => return Err(Conflict::Error(storage_error("insert asset")(err))),
        }
        txn.commit().await.map_err(|e| Conflict::Error(storage_error("commit upload")(e.into())))
    }

    async fn duplicate_of(&self, owner: Uuid, checksum: &str) -> AppResult<Option<Uuid>> {
        let found = assets::find_by_checksum(self.services.db(), owner, checksum)
            .await
            .map_err(storage_error("find duplicate"))?;
        Ok(found.map(|a| a.id))
    }

    /// Immich's `bulk-upload-check`: which of these files the server already has.
    pub async fn bulk_upload_check(
        &self,
        auth: &AuthContext,
        dto: AssetBulkUploadCheck,
    ) -> AppResult<AssetBulkUploadCheckResponse> {
        let normalized: Vec<AppResult<String>> = dto.assets.iter().map(|a| normalize_checksum(&a.checksum)).collect();
        let valid: Vec<String> = normalized.iter().filter_map(|c| c.as_ref().ok().cloned()).collect();
        let existing: HashMap<String, (Uuid, bool)> =
            assets::find_checksums(self.services.db(), auth.user_id(), &valid)
                .await
                .map_err(storage_error("bulk upload check"))?
                .into_iter()
                .map(|(checksum, id, trashed)| (checksum, (id, trashed)))
                .collect();
        let results = dto
            .assets
            .into_iter()
            .zip(normalized)
            .map(|(item, checksum)| {
                let accept = AssetBulkUploadCheckResult {
                    id: item.id.clone(),
                    action: AssetUploadAction::Accept,
                    reason: None,
                    asset_id: None,
                    is_trashed: None,
                };
                match checksum.ok().and_then(|c| existing.get(&c).copied()) {
                    Some((asset_id, trashed)) => AssetBulkUploadCheckResult {
                        action: AssetUploadAction::Reject,
                        reason: Some(AssetRejectReason::Duplicate),
                        asset_id: Some(asset_id),
                        is_trashed: Some(trashed),
                        ..accept
                    },
                    None => accept,
                }
            })
            .collect();
        Ok(AssetBulkUploadCheckResponse { results })
    }

    /// The asset if the caller may see it: its owner, a partner the owner shares with, a
    /// member of an album holding it, or a visitor whose link shows it. Unknown and forbidden
    /// look the same, so ids cannot be probed.
    pub(crate) async fn find_readable(&self, reader: Reader<'_>, id: Uuid) -> AppResult<asset::Model> {
        let not_found = || AppError::new(ErrorCode::AssetNotFound, "Asset not found");
        let db = self.services.db();
        let asset = assets::find_by_id(db, id).await.map_err(storage_error("find asset"))?.ok_or_else(not_found)?;
        let readable = match reader {
            Reader::User(auth) => {
                let me = auth.user_id();
                let partner_may_see =
                    asset.deleted_at.is_none() && matches!(asset.visibility.as_str(), "timeline" | "hidden");
                asset.owner_id == me
                    || (partner_may_see && self.services.partners().shares(asset.owner_id, me).await?)
                    || albums::asset_shared_with(db, id, me).await.map_err(storage_error("check album access"))?
            }
            Reader::Link(grant) => self.services.shared_links().shows(grant, &asset).await?,
        };
        if readable {
            Ok(asset)
        } else {
            Err(not_found())
        }
    }

    /// One asset; a link that hides metadata shows it without its EXIF block.
    pub async fn get(&self, reader: Reader<'_>, id: Uuid) -> AppResult<AssetResponse> {
        let asset = self.find_readable(reader, id).await?;
        if let Reader::Link(grant) = reader {
            // A visitor never sees where the file lives on the server.
            let mut response = mapping::asset(&asset);
            response.original_path = String::new();
            if grant.link.show_metadata {
                let exif = asset_exif::find(self.services.db(), id).await.map_err(storage_error("find exif"))?;
                response.exif_info = mapping::asset_with_exif(&asset, exif.as_ref()).exif_info;
            }
            return Ok(response);
        }
        let db = self.services.db();
        let exif = asset_exif::find(db, id).await.map_err(storage_error("find exif"))?;
        let mut response = mapping::asset_with_exif(&asset, exif.as_ref());
        let people = crate::repositories::people::of_asset(db, id).await.map_err(storage_error("find people"))?;
        response.people = Some(people.iter().filter(|p| !p.is_hidden).map(super::people::response).collect());
        Ok(response)
    }

    /// The caller's latest uploads, newest first, trash left out.
    pub async fn recent(&self, auth: &AuthContext, limit: u64) -> AppResult<Vec<AssetResponse>> {
        let found = assets::recent(self.services.db(), auth.user_id(), limit.min(1000))
            .await
            .map_err(storage_error("list recent assets"))?;
        Ok(found.iter().map(mapping::asset).collect())
    }

    /// A generated image of the asset, for `GET /api/assets/{id}/thumbnail`.
    pub async fn thumbnail(&self, reader: Reader<'_>, id: Uuid, size: ThumbnailSize) -> AppResult<GeneratedFile> {
        let asset = self.find_readable(reader, id).await?;
        let (relative, mime_type) = match size {
            ThumbnailSize::Thumbnail => (asset.thumbnail_path.as_deref(), "image/webp"),
            ThumbnailSize::Preview => (asset.preview_path.as_deref(), "image/jpeg"),
        };
        let Some(relative) = relative else {
            let message = match &asset.processing_error {
                Some(reason) => format!("This asset has no thumbnail: {reason}"),
                None => "The thumbnail is not made yet".to_string(),
            };
            return Err(AppError::new(ErrorCode::ThumbnailNotReady, message));
        };
        Ok(GeneratedFile {
            path: self.storage().absolute(std::path::Path::new(relative)),
            mime_type,
            // Regenerating keeps the path, so the time it was made tells versions apart.
            etag: format!(
                "{}-{}-{}",
                asset.checksum,
                size.as_str(),
                asset.thumbnails_generated_at.map(|t| t.timestamp_millis()).unwrap_or_default()
            ),
        })
    }

    /// What a browser can play. Until the transcoding issue brings encoded versions, that is
    /// the original.
    pub async fn playback(&self, reader: Reader<'_>, id: Uuid) -> AppResult<OriginalFile> {
        let asset = self.find_readable(reader, id).await?;
        if asset.asset_type != AssetType::Video.as_str() {
            return Err(AppError::invalid("This asset is not a video"));
        }
        Ok(self.original_file(asset))
    }

    /// Where the original is, for downloads; a link must allow downloading.
    pub async fn original(&self, reader: Reader<'_>, id: Uuid) -> AppResult<OriginalFile> {
        let asset = self.find_readable(reader, id).await?;
        if let Reader::Link(grant) = reader {
            if !grant.link.allow_download {
                return Err(AppError::new(ErrorCode::Forbidden, "This shared link does not allow downloads"));
            }
        }
        Ok(self.original_file(asset))
    }

    fn original_file(&self, asset: asset::Model) -> OriginalFile {
        OriginalFile {
            path: self.storage().absolute(std::path::Path::new(&asset.original_path)),
            mime_type: media_types::mime_type(&asset.original_file_name),
            file_name: asset.original_file_name,
            etag: asset.checksum,
        }
    }

    /// To the trash, or with `force` for good (files removed, quota given back). Only the
    /// owner may delete, and either every asset named is deleted or none.
    pub async fn delete(&self, auth: &AuthContext, dto: AssetBulkDelete) -> AppResult<()> {
        let found = assets::find_many(self.services.db(), &dto.ids).await.map_err(storage_error("find assets"))?;
        let owned: Vec<&asset::Model> = found.iter().filter(|a| a.owner_id == auth.user_id()).collect();
        let wanted: std::collections::HashSet<Uuid> = dto.ids.iter().copied().collect();
        if owned.len() != wanted.len() {
            return Err(AppError::new(ErrorCode::AssetNotFound, "Some of these assets do not exist or are not yours"));
        }
        let ids: Vec<Uuid> = wanted.into_iter().collect();
        if !dto.force.unwrap_or(false) {
            assets::trash(self.services.db(), &ids, Utc::now()).await.map_err(storage_error("trash assets"))?;
            tracing::info!(user_id = %auth.user_id(), count = ids.len(), "assets moved to the trash");
            return Ok(());
        }
        let owned: Vec<asset::Model> = owned.into_iter().cloned().collect();
        self.delete_for_good(&owned).await?;
        Ok(())
    }

    /// Rows, quota and files of these assets, whoever owns them; returns how many went.
    pub(crate) async fn delete_for_good(&self, doomed: &[asset::Model]) -> AppResult<u64> {
        if doomed.is_empty() {
            return Ok(0);
        }
        let ids: Vec<Uuid> = doomed.iter().map(|a| a.id).collect();
        let mut bytes_by_owner: HashMap<Uuid, i64> = HashMap::new();
        for asset in doomed {
            *bytes_by_owner.entry(asset.owner_id).or_default() += asset.file_size;
        }
        let txn = self.services.db().begin().await.map_err(|e| storage_error("begin delete")(e.into()))?;
        for batch in ids.chunks(5000) {
            assets::delete_many(&txn, batch).await.map_err(storage_error("delete assets"))?;
        }
        for (owner, bytes) in &bytes_by_owner {
            assets::release_quota(&txn, *owner, *bytes).await.map_err(storage_error("release quota"))?;
        }
        txn.commit().await.map_err(|e| storage_error("commit delete")(e.into()))?;
        // Rows first, files after: a crash in between leaves files no row points to (harmless,
        // reclaimable), never a row without its file.
        for asset in doomed {
            let mut files = vec![asset.original_path.clone()];
            files.extend(asset.sidecar_path.clone());
            files.extend(asset.thumbnail_path.clone());
            files.extend(asset.preview_path.clone());
            for relative in files {
                let _ = tokio::fs::remove_file(self.storage().absolute(std::path::Path::new(&relative))).await;
            }
        }
        let bytes: i64 = bytes_by_owner.values().sum();
        tracing::info!(count = ids.len(), bytes, "assets deleted for good");
        Ok(ids.len() as u64)
    }

    /// Settles commits a crash interrupted (see `storage::journal`); run at start-up.
    pub async fn settle_interrupted_commits(&self) -> AppResult<usize> {
        let mut settled = 0;
        for (id, relative, journal_path) in journal::pending(&self.storage().temp_dir()) {
            let exists =
                assets::find_by_id(self.services.db(), id).await.map_err(storage_error("settle upload"))?.is_some();
            if !exists {
                let original = self.storage().absolute(&relative);
                let _ = std::fs::remove_file(&original);
                let _ = std::fs::remove_file(PathBuf::from(format!("{}.xmp", original.display())));
                tracing::warn!(asset_id = %id, "removed the original of an upload interrupted before its commit");
            }
            let _ = std::fs::remove_file(journal_path);
            settled += 1;
        }
        Ok(settled)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThumbnailSize {
    Thumbnail,
    Preview,
}

impl ThumbnailSize {
    /// Immich's `size` query values; `fullsize` is answered with the preview until edits exist.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "thumbnail" => Some(ThumbnailSize::Thumbnail),
            "preview" | "fullsize" => Some(ThumbnailSize::Preview),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ThumbnailSize::Thumbnail => "thumbnail",
            ThumbnailSize::Preview => "preview",
        }
    }
}

/// A file the server made (thumbnail, preview) and how to send it.
#[derive(Debug, Clone)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub mime_type: &'static str,
    pub etag: String,
}

/// An original to send: where it is and how to describe it.
#[derive(Debug, Clone)]
pub struct OriginalFile {
    pub path: PathBuf,
    pub file_name: String,
    pub mime_type: &'static str,
    /// Strong validator: the content's SHA-1, hex.
    pub etag: String,
}

enum Conflict {
    Duplicate,
    Error(AppError),
}

/// The file name without any folder a client put in front of it.
fn base_name(file_name: &str) -> String {
    file_name.rsplit(['/', '\\']).next().unwrap_or(file_name).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_in_hex_or_base64() {
        let hex = "a9993e364706816aba3e25717850c26c9cd0d89d";
        assert_eq!(normalize_checksum(&hex.to_uppercase()).ok().as_deref(), Some(hex));
        assert_eq!(normalize_checksum("qZk+NkcGgWq6PiVxeFDCbJzQ2J0=").ok().as_deref(), Some(hex));
        assert!(normalize_checksum("abc").is_err());
        assert!(normalize_checksum("AAAA").is_err(), "base64, but not 20 bytes");
    }
}
