//! Downloads in Immich's shapes: how a selection splits into archives, and an archive's contents.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Immich's `DownloadInfoDto`: what to download (assets, an album, or a user's library) and the
/// largest archive wanted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = DownloadInfoDto))]
#[serde(rename_all = "camelCase")]
pub struct DownloadInfo {
    #[serde(default)]
    pub asset_ids: Option<Vec<Uuid>>,
    #[serde(default)]
    pub album_id: Option<Uuid>,
    #[serde(default)]
    pub user_id: Option<Uuid>,
    #[serde(default)]
    pub archive_size: Option<u64>,
}

/// Immich's `DownloadArchiveInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DownloadArchiveInfo {
    pub size: u64,
    pub asset_ids: Vec<Uuid>,
}

/// Immich's `DownloadResponseDto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = DownloadResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct DownloadResponse {
    pub total_size: u64,
    pub archives: Vec<DownloadArchiveInfo>,
}

/// Immich's `DownloadArchiveDto` (it is `AssetIdsDto`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = DownloadArchiveDto))]
#[serde(rename_all = "camelCase")]
pub struct DownloadArchive {
    pub asset_ids: Vec<Uuid>,
}
