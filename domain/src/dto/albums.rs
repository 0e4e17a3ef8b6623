//! Immich's album shapes (`AlbumResponseDto` and the requests around it).

use super::timeline::AssetOrder;
use super::users::UserResponse;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum AlbumUserRole {
    Owner,
    Editor,
    Viewer,
}

impl AlbumUserRole {
    pub fn as_str(self) -> &'static str {
        match self {
            AlbumUserRole::Owner => "owner",
            AlbumUserRole::Editor => "editor",
            AlbumUserRole::Viewer => "viewer",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "owner" => Some(AlbumUserRole::Owner),
            "editor" => Some(AlbumUserRole::Editor),
            "viewer" => Some(AlbumUserRole::Viewer),
            _ => None,
        }
    }

    /// Owners and editors add assets; viewers only look.
    pub fn can_add(self) -> bool {
        matches!(self, AlbumUserRole::Owner | AlbumUserRole::Editor)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AlbumUserResponseDto))]
pub struct AlbumUserResponse {
    pub role: AlbumUserRole,
    pub user: UserResponse,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ContributorCountResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct ContributorCount {
    pub user_id: Uuid,
    pub asset_count: u64,
}

/// Immich's `AlbumResponseDto`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AlbumResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct AlbumResponse {
    pub id: Uuid,
    pub album_name: String,
    pub description: String,
    pub album_thumbnail_asset_id: Option<Uuid>,
    /// The owner first, then the caller if different, then the rest by name.
    pub album_users: Vec<AlbumUserResponse>,
    pub asset_count: u64,
    pub contributor_counts: Vec<ContributorCount>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Local date taken of the earliest and latest assets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_asset_timestamp: Option<DateTime<Utc>>,
    pub has_shared_link: bool,
    pub is_activity_enabled: bool,
    pub order: AssetOrder,
    pub shared: bool,
}

impl AlbumResponse {
    pub fn owner_id(&self) -> Option<Uuid> {
        self.album_users.iter().find(|u| u.role == AlbumUserRole::Owner).map(|u| u.user.id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AlbumUserCreateDto))]
#[serde(rename_all = "camelCase")]
pub struct AlbumUserCreate {
    pub user_id: Uuid,
    pub role: AlbumUserRole,
}

/// Immich's `CreateAlbumDto`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = CreateAlbumDto))]
#[serde(rename_all = "camelCase")]
pub struct CreateAlbum {
    pub album_name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub album_users: Vec<AlbumUserCreate>,
    #[serde(default)]
    pub asset_ids: Vec<Uuid>,
}

/// Immich's `UpdateAlbumDto`: only what is present changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = UpdateAlbumDto))]
#[serde(rename_all = "camelCase")]
pub struct UpdateAlbum {
    #[serde(default)]
    pub album_name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub album_thumbnail_asset_id: Option<Uuid>,
    #[serde(default)]
    pub is_activity_enabled: Option<bool>,
    #[serde(default)]
    pub order: Option<AssetOrder>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AlbumUserAddDto))]
#[serde(rename_all = "camelCase")]
pub struct AlbumUserAdd {
    pub user_id: Uuid,
    #[serde(default = "default_role")]
    pub role: AlbumUserRole,
}

fn default_role() -> AlbumUserRole {
    AlbumUserRole::Editor
}

/// Immich's `AddUsersDto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AddUsersDto))]
#[serde(rename_all = "camelCase")]
pub struct AddUsers {
    pub album_users: Vec<AlbumUserAdd>,
}

/// Immich's `UpdateAlbumUserDto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = UpdateAlbumUserDto))]
pub struct UpdateAlbumUser {
    pub role: AlbumUserRole,
}

/// Immich's `BulkIdErrorReason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BulkIdErrorReason {
    Duplicate,
    NoPermission,
    NotFound,
    Unknown,
    Validation,
}

/// Immich's `BulkIdResponseDto`: one id's outcome in a bulk change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = BulkIdResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct BulkIdResponse {
    pub id: Uuid,
    pub success: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<BulkIdErrorReason>,
}

/// Immich's `AlbumsAddAssetsDto`: several assets into several albums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AlbumsAddAssetsDto))]
#[serde(rename_all = "camelCase")]
pub struct AlbumsAddAssets {
    pub album_ids: Vec<Uuid>,
    pub asset_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AlbumsAddAssetsResponseDto))]
pub struct AlbumsAddAssetsResponse {
    pub success: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<BulkIdErrorReason>,
}

/// Immich's `AlbumStatisticsResponseDto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AlbumStatisticsResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct AlbumStatistics {
    pub owned: u64,
    pub shared: u64,
    pub not_shared: u64,
}

/// `GET /api/albums` filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct AlbumListQuery {
    /// Only albums holding this asset (the other filters are ignored, as Immich does).
    #[serde(default)]
    pub asset_id: Option<Uuid>,
    /// true: only mine; false: only those shared with me.
    #[serde(default)]
    pub is_owned: Option<bool>,
    /// true: only albums with members besides the owner; false: only those without.
    #[serde(default)]
    pub is_shared: Option<bool>,
    /// Exact name.
    #[serde(default)]
    pub name: Option<String>,
}
