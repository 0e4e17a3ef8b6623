//! Changing assets by hand: favorite, archive, description, rating, date, place; the trash
//! (restore, empty, the scheduled purge). Only owners change their assets.

use super::AssetService;
use crate::auth::AuthContext;
use crate::dto::assets::{AssetBulkUpdate, AssetResponse, UpdateAsset};
use crate::entities::{asset, asset_exif};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::repositories::asset_exif::{self as exif_repo, ExifEdit, Location};
use crate::repositories::assets;
use crate::services::storage_error;
use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use sea_orm::TransactionTrait;
use std::collections::BTreeSet;
use uuid::Uuid;

/// The properties the user edited, from the row.
pub fn locked_properties(exif: &asset_exif::Model) -> BTreeSet<String> {
    exif.locked_properties.as_deref().and_then(|json| serde_json::from_str(json).ok()).unwrap_or_default()
}

/// A date the user typed: with an offset it is an instant and a wall-clock time; without one
/// it is a wall-clock time whose zone is unknown (kept as UTC, as Immich does).
fn parse_date(value: &str) -> AppResult<(DateTime<Utc>, DateTime<Utc>, Option<String>)> {
    let value = value.trim();
    if let Ok(at) = DateTime::<FixedOffset>::parse_from_rfc3339(value) {
        let local = at.naive_local().and_utc();
        let zone = crate::media_metadata::time_zone_label(*at.offset());
        return Ok((at.with_timezone(&Utc), local, Some(zone)));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(value, format) {
            return Ok((local.and_utc(), local.and_utc(), None));
        }
    }
    Err(AppError::invalid(format!("`dateTimeOriginal` must be an ISO 8601 date and time, not `{value}`")))
}

fn check(changes: &UpdateAsset) -> AppResult<()> {
    if let Some(Some(rating)) = changes.rating {
        if !(-1..=5).contains(&rating) {
            return Err(AppError::invalid("`rating` must be from 1 to 5, -1 (rejected) or null"));
        }
    }
    match (changes.latitude, changes.longitude) {
        (None, None) => {}
        (Some(lat), Some(lon)) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => {}
        (Some(_), Some(_)) => {
            return Err(AppError::invalid("`latitude` must be within ±90 and `longitude` within ±180"))
        }
        _ => return Err(AppError::invalid("`latitude` and `longitude` go together")),
    }
    if changes.description.as_ref().is_some_and(|d| d.len() > 64 * 1024) {
        return Err(AppError::invalid("`description` is longer than 64 KiB"));
    }
    Ok(())
}

impl AssetService<'_> {
    /// The assets named, all of them the caller's own; otherwise nothing changes.
    async fn find_owned(&self, auth: &AuthContext, ids: &[Uuid]) -> AppResult<Vec<asset::Model>> {
        let wanted: BTreeSet<Uuid> = ids.iter().copied().collect();
        let found = assets::find_many(self.services.db(), ids).await.map_err(storage_error("find assets"))?;
        let owned: Vec<asset::Model> = found.into_iter().filter(|a| a.owner_id == auth.user_id()).collect();
        if owned.len() != wanted.len() {
            return Err(AppError::new(ErrorCode::AssetNotFound, "Some of these assets do not exist or are not yours"));
        }
        Ok(owned)
    }

    /// `PUT /api/assets/{id}`: the fields sent change; the asset as it is now comes back.
    pub async fn update(&self, auth: &AuthContext, id: Uuid, changes: UpdateAsset) -> AppResult<AssetResponse> {
        check(&changes)?;
        let owned = self.find_owned(auth, &[id]).await?;
        if let Some(Some(video)) = changes.live_photo_video_id {
            let videos = self.find_owned(auth, &[video]).await?;
            if videos.iter().any(|v| v.asset_type != crate::media_types::AssetType::Video.as_str()) {
                return Err(AppError::invalid("`livePhotoVideoId` must name one of your videos"));
            }
        }
        self.apply(&owned, &changes, None).await?;
        if let Some(video) = changes.live_photo_video_id {
            assets::set_live_photo_video(self.services.db(), id, video)
                .await
                .map_err(storage_error("link live photo"))?;
        }
        self.get(auth.into(), id).await
    }

    /// `PUT /api/assets`: the same change to many assets, all the caller's.
    pub async fn update_many(&self, auth: &AuthContext, dto: AssetBulkUpdate) -> AppResult<()> {
        check(&dto.changes)?;
        if dto.changes.live_photo_video_id.is_some() {
            return Err(AppError::invalid("`livePhotoVideoId` is set one asset at a time"));
        }
        if dto.ids.is_empty() {
            return Ok(());
        }
        let owned = self.find_owned(auth, &dto.ids).await?;
        self.apply(&owned, &dto.changes, dto.date_time_relative).await?;
        tracing::info!(user_id = %auth.user_id(), count = owned.len(), "assets updated");
        Ok(())
    }

    async fn apply(&self, owned: &[asset::Model], changes: &UpdateAsset, shift_minutes: Option<i64>) -> AppResult<()> {
        let ids: Vec<Uuid> = owned.iter().map(|a| a.id).collect();
        let date = changes.date_time_original.as_deref().map(parse_date).transpose()?;
        let place = match (changes.latitude, changes.longitude) {
            (Some(lat), Some(lon)) => Some((lat, lon, self.services.geocoding().reverse(lat, lon).await?)),
            _ => None,
        };
        let db = self.services.db();
        let txn = db.begin().await.map_err(|e| storage_error("begin update")(e.into()))?;
        if let Some(favorite) = changes.is_favorite {
            assets::set_favorite(&txn, &ids, favorite).await.map_err(storage_error("set favorite"))?;
        }
        if let Some(visibility) = changes.visibility {
            assets::set_visibility(&txn, &ids, visibility.as_str()).await.map_err(storage_error("set visibility"))?;
        }
        let edits_exif = changes.description.is_some()
            || changes.rating.is_some()
            || date.is_some()
            || place.is_some()
            || shift_minutes.is_some();
        if edits_exif {
            for asset in owned {
                let existing = exif_repo::find(&txn, asset.id).await.map_err(storage_error("read exif"))?;
                let mut locked = existing.as_ref().map(locked_properties).unwrap_or_default();
                let mut edit =
                    ExifEdit { description: changes.description.clone(), rating: changes.rating, ..Default::default() };
                if changes.description.is_some() {
                    locked.insert("description".into());
                }
                if changes.rating.is_some() {
                    locked.insert("rating".into());
                }
                let dates = match (&date, shift_minutes) {
                    (Some(date), _) => Some(date.clone()),
                    (None, Some(minutes)) => {
                        let shift = chrono::Duration::minutes(minutes);
                        let taken = asset.taken_at.unwrap_or(asset.file_created_at) + shift;
                        let local = asset.local_date_time.unwrap_or(taken) + shift;
                        Some((taken, local, existing.as_ref().and_then(|e| e.time_zone.clone())))
                    }
                    (None, None) => None,
                };
                if let Some((taken, local, zone)) = dates {
                    assets::set_dates(&txn, asset.id, taken, local).await.map_err(storage_error("set date"))?;
                    edit.date_time_original = Some((taken, zone));
                    locked.insert("dateTimeOriginal".into());
                }
                if let Some((lat, lon, found)) = &place {
                    let found = found.clone();
                    edit.location = Some(Location {
                        latitude: *lat,
                        longitude: *lon,
                        city: found.as_ref().map(|p| p.city.clone()),
                        state: found.as_ref().and_then(|p| p.state.clone()),
                        country: found.and_then(|p| p.country),
                    });
                    locked.insert("location".into());
                }
                edit.locked_properties = serde_json::to_string(&locked).unwrap_or_else(|_| "[]".into());
                exif_repo::apply_edit(&txn, asset.id, edit).await.map_err(storage_error("save edit"))?;
            }
        }
        txn.commit().await.map_err(|e| storage_error("commit update")(e.into()))?;
        Ok(())
    }

    /// `POST /api/trash/restore/assets`: the caller's assets named, back from the trash.
    pub async fn restore(&self, auth: &AuthContext, ids: &[Uuid]) -> AppResult<u64> {
        let owned = self.find_owned(auth, ids).await?;
        let ids: Vec<Uuid> = owned.iter().map(|a| a.id).collect();
        let restored = assets::restore(self.services.db(), &ids).await.map_err(storage_error("restore assets"))?;
        tracing::info!(user_id = %auth.user_id(), restored, "assets restored from the trash");
        Ok(restored)
    }

    /// `POST /api/trash/restore`: everything in the caller's trash.
    pub async fn restore_all(&self, auth: &AuthContext) -> AppResult<u64> {
        let trashed = assets::trashed(self.services.db(), Some(auth.user_id()), None)
            .await
            .map_err(storage_error("list trash"))?;
        let ids: Vec<Uuid> = trashed.iter().map(|a| a.id).collect();
        assets::restore(self.services.db(), &ids).await.map_err(storage_error("restore assets"))
    }

    /// `POST /api/trash/empty`: the caller's trash, deleted for good.
    pub async fn empty_trash(&self, auth: &AuthContext) -> AppResult<u64> {
        let trashed = assets::trashed(self.services.db(), Some(auth.user_id()), None)
            .await
            .map_err(storage_error("list trash"))?;
        self.delete_for_good(&trashed).await
    }

    /// The scheduled purge: whatever has been in anyone's trash longer than the configured
    /// number of days.
    pub async fn purge_trash(&self, now: DateTime<Utc>) -> AppResult<u64> {
        let days = i64::from(self.services.settings().trash_days);
        let cutoff = now - chrono::Duration::days(days);
        let expired = assets::trashed(self.services.db(), None, Some(cutoff))
            .await
            .map_err(storage_error("list expired trash"))?;
        self.delete_for_good(&expired).await
    }
}
