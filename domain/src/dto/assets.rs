use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum AssetMediaStatus {
    Created,
    Duplicate,
}

/// Immich's `AssetMediaResponseDto`: the answer to an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AssetMediaResponseDto))]
pub struct AssetMediaResponse {
    pub id: Uuid,
    pub status: AssetMediaStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum AssetVisibility {
    Archive,
    #[default]
    Timeline,
    Hidden,
    Locked,
}

impl AssetVisibility {
    pub fn as_str(self) -> &'static str {
        match self {
            AssetVisibility::Archive => "archive",
            AssetVisibility::Timeline => "timeline",
            AssetVisibility::Hidden => "hidden",
            AssetVisibility::Locked => "locked",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [AssetVisibility::Archive, AssetVisibility::Timeline, AssetVisibility::Hidden, AssetVisibility::Locked]
            .into_iter()
            .find(|v| v.as_str() == value)
    }

    /// What a visibility filter means: the one asked for, else Immich's default, the timeline
    /// and the archive together (never hidden or locked assets).
    pub fn filter(asked: Option<AssetVisibility>) -> Vec<&'static str> {
        match asked {
            Some(visibility) => vec![visibility.as_str()],
            None => vec![AssetVisibility::Timeline.as_str(), AssetVisibility::Archive.as_str()],
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssetBulkUploadCheckItem {
    /// The client's own reference for the file, echoed back.
    pub id: String,
    /// SHA-1 as hex (40 characters) or base64 (28).
    pub checksum: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AssetBulkUploadCheckDto))]
pub struct AssetBulkUploadCheck {
    pub assets: Vec<AssetBulkUploadCheckItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum AssetUploadAction {
    Accept,
    Reject,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum AssetRejectReason {
    Duplicate,
    UnsupportedFormat,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AssetBulkUploadCheckResult {
    pub id: String,
    pub action: AssetUploadAction,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<AssetRejectReason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_trashed: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AssetBulkUploadCheckResponseDto))]
pub struct AssetBulkUploadCheckResponse {
    pub results: Vec<AssetBulkUploadCheckResult>,
}

/// Immich's `AssetResponseDto`, with the fields the ingest pipeline fills in later (EXIF, size,
/// thumbhash, people, tags) empty until their jobs have run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AssetResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct AssetResponse {
    pub id: Uuid,
    pub owner_id: Uuid,
    #[serde(rename = "type")]
    pub asset_type: crate::media_types::AssetType,
    pub original_path: String,
    pub original_file_name: String,
    pub original_mime_type: String,
    /// SHA-1, base64 (as Immich sends it).
    pub checksum: String,
    pub file_created_at: chrono::DateTime<chrono::Utc>,
    pub file_modified_at: chrono::DateTime<chrono::Utc>,
    pub local_date_time: chrono::DateTime<chrono::Utc>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub is_favorite: bool,
    pub is_archived: bool,
    pub is_trashed: bool,
    pub is_offline: bool,
    pub is_edited: bool,
    pub has_metadata: bool,
    pub visibility: AssetVisibility,
    pub duration: Option<i64>,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub thumbhash: Option<String>,
    pub live_photo_video_id: Option<Uuid>,
    pub library_id: Option<Uuid>,
    pub duplicate_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exif_info: Option<ExifResponse>,
    /// The people recognised in it (`GET /api/assets/{id}` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people: Option<Vec<super::people::PersonResponse>>,
    /// Shoebox's addition: why processing this file failed, in words, when it did. Immich's
    /// clients ignore fields they do not know.
    #[serde(default)]
    pub processing_error: Option<String>,
}

/// Immich's `ExifResponseDto`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ExifResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct ExifResponse {
    pub make: Option<String>,
    pub model: Option<String>,
    pub exif_image_width: Option<i32>,
    pub exif_image_height: Option<i32>,
    pub file_size_in_byte: Option<i64>,
    /// Immich sends the EXIF orientation as a string.
    pub orientation: Option<String>,
    pub date_time_original: Option<chrono::DateTime<chrono::Utc>>,
    pub modify_date: Option<chrono::DateTime<chrono::Utc>>,
    pub time_zone: Option<String>,
    pub lens_model: Option<String>,
    #[serde(rename = "fNumber")]
    pub f_number: Option<f64>,
    pub focal_length: Option<f64>,
    pub iso: Option<i32>,
    pub exposure_time: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub description: Option<String>,
    pub projection_type: Option<String>,
    pub rating: Option<i32>,
}

/// Immich's `AssetBulkDeleteDto`: to the trash, or for good with `force`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AssetBulkDeleteDto))]
pub struct AssetBulkDelete {
    pub ids: Vec<Uuid>,
    #[serde(default)]
    pub force: Option<bool>,
}

/// Immich's `UpdateAssetDto`: only the fields sent change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = UpdateAssetDto))]
#[serde(rename_all = "camelCase")]
pub struct UpdateAsset {
    #[serde(default)]
    pub is_favorite: Option<bool>,
    #[serde(default)]
    pub visibility: Option<AssetVisibility>,
    #[serde(default)]
    pub description: Option<String>,
    /// ISO 8601, with an offset (`2024-03-01T12:00:00+02:00`) or without (local time).
    #[serde(default)]
    pub date_time_original: Option<String>,
    /// 1–5 stars, -1 rejected, `null` unrated.
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub rating: Option<Option<i32>>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub live_photo_video_id: Option<Option<Uuid>>,
}

/// Immich's `AssetBulkUpdateDto`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AssetBulkUpdateDto))]
#[serde(rename_all = "camelCase")]
pub struct AssetBulkUpdate {
    pub ids: Vec<Uuid>,
    #[serde(flatten)]
    pub changes: UpdateAsset,
    /// Shift every date by this many minutes.
    #[serde(default)]
    pub date_time_relative: Option<i64>,
    /// Accepted for compatibility; duplicates are managed elsewhere.
    #[serde(default)]
    pub duplicate_id: Option<Option<String>>,
}

/// Immich's `BulkIdsDto`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = BulkIdsDto))]
pub struct BulkIds {
    pub ids: Vec<Uuid>,
}

/// Immich's `TrashResponseDto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TrashResponseDto))]
pub struct TrashResponse {
    pub count: u64,
}

/// Immich's `AssetStatsResponseDto`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AssetStatsResponseDto))]
pub struct AssetStatsResponse {
    pub images: i64,
    pub videos: i64,
    pub total: i64,
}

/// The filters of `GET /api/assets/statistics`; absent ones count everything in the timeline
/// and the archive that is not in the trash.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct AssetStatsQuery {
    #[serde(default)]
    pub is_favorite: Option<bool>,
    #[serde(default)]
    pub is_trashed: Option<bool>,
    #[serde(default)]
    pub visibility: Option<AssetVisibility>,
}
