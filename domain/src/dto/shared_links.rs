//! Shared links in Immich's shapes.

use super::albums::AlbumResponse;
use super::assets::AssetResponse;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a link shows: an album (and whatever it comes to hold) or a fixed set of assets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum SharedLinkType {
    Album,
    Individual,
}

impl SharedLinkType {
    pub fn as_str(self) -> &'static str {
        match self {
            SharedLinkType::Album => "ALBUM",
            SharedLinkType::Individual => "INDIVIDUAL",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "ALBUM" => Some(SharedLinkType::Album),
            "INDIVIDUAL" => Some(SharedLinkType::Individual),
            _ => None,
        }
    }
}

/// The link's password is never sent back; a link that has one shows this in its place, and
/// sending it back unchanged in an edit keeps the password as it is.
pub const PASSWORD_MASK: &str = "********";

/// Immich's `SharedLinkResponseDto`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = SharedLinkResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct SharedLinkResponse {
    pub id: Uuid,
    pub description: Option<String>,
    /// [`PASSWORD_MASK`] when the link has a password, else null.
    pub password: Option<String>,
    pub user_id: Uuid,
    pub key: String,
    #[serde(rename = "type")]
    pub link_type: SharedLinkType,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub assets: Vec<AssetResponse>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub album: Option<AlbumResponse>,
    pub allow_upload: bool,
    pub allow_download: bool,
    pub show_metadata: bool,
    pub slug: Option<String>,
}

fn yes() -> bool {
    true
}

/// Immich's `SharedLinkCreateDto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = SharedLinkCreateDto))]
#[serde(rename_all = "camelCase")]
pub struct SharedLinkCreate {
    #[serde(rename = "type")]
    pub link_type: SharedLinkType,
    #[serde(default)]
    pub album_id: Option<Uuid>,
    #[serde(default)]
    pub asset_ids: Option<Vec<Uuid>>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub allow_upload: Option<bool>,
    #[serde(default = "yes")]
    pub allow_download: bool,
    #[serde(default = "yes")]
    pub show_metadata: bool,
}

/// Immich's `SharedLinkEditDto`. Nullable fields may be set to null to clear them, which is
/// not the same as leaving them out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = SharedLinkEditDto))]
#[serde(rename_all = "camelCase")]
pub struct SharedLinkEdit {
    #[serde(default, deserialize_with = "super::double_option")]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::double_option")]
    pub password: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::double_option")]
    pub slug: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::double_option")]
    pub expires_at: Option<Option<DateTime<Utc>>>,
    #[serde(default)]
    pub allow_upload: Option<bool>,
    #[serde(default)]
    pub allow_download: Option<bool>,
    #[serde(default)]
    pub show_metadata: Option<bool>,
}

/// `GET /api/shared-links` filters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct SharedLinkListQuery {
    #[serde(default)]
    pub album_id: Option<Uuid>,
    #[serde(default)]
    pub id: Option<Uuid>,
}

/// Immich's `SharedLinkLoginDto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = SharedLinkLoginDto))]
pub struct SharedLinkLogin {
    pub password: String,
}

/// Immich's `AssetIdsDto`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AssetIdsDto))]
#[serde(rename_all = "camelCase")]
pub struct AssetIds {
    pub asset_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssetIdErrorReason {
    Duplicate,
    NoPermission,
    NotFound,
}

/// Immich's `AssetIdsResponseDto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AssetIdsResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct AssetIdsResponse {
    pub asset_id: Uuid,
    pub success: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<AssetIdErrorReason>,
}
