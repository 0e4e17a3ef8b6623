use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServerPingResponse {
    pub res: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ServerVersionResponseDto))]
pub struct ServerVersionResponse {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
    pub prerelease: Option<u32>,
}

impl ServerVersionResponse {
    /// The Immich API version whose shapes this build follows. Immich's clients compare it with
    /// their own to decide what they may call, so it is Immich's number, not Shoebox's.
    pub fn current() -> Self {
        ServerVersionResponse { major: 3, minor: 1, patch: 0, prerelease: None }
    }
}

/// Immich's `ServerAboutResponseDto` (the required fields, and the ones Shoebox can fill in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ServerAboutResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct ServerAboutResponse {
    /// The Immich API version served (as `server/version`), `v3.1.0`.
    pub version: String,
    pub version_url: String,
    pub licensed: bool,
    /// Shoebox's own version.
    pub build: String,
    pub repository: String,
}

/// Immich's `ServerFeaturesDto`: what this server can do, for clients to show or hide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ServerFeaturesDto))]
#[serde(rename_all = "camelCase")]
pub struct ServerFeatures {
    pub config_file: bool,
    pub duplicate_detection: bool,
    pub email: bool,
    pub facial_recognition: bool,
    pub import_faces: bool,
    pub map: bool,
    pub oauth: bool,
    pub oauth_auto_launch: bool,
    pub ocr: bool,
    pub password_login: bool,
    pub realtime_transcoding: bool,
    pub reverse_geocoding: bool,
    pub search: bool,
    pub sidecar: bool,
    pub smart_search: bool,
    pub trash: bool,
}

/// Immich's `ServerConfigDto`: settings the login page and clients need before signing in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ServerConfigDto))]
#[serde(rename_all = "camelCase")]
pub struct ServerConfig {
    pub external_domain: String,
    /// An admin exists.
    pub is_initialized: bool,
    pub is_onboarded: bool,
    pub login_page_message: String,
    pub maintenance_mode: bool,
    pub map_dark_style_url: String,
    pub map_light_style_url: String,
    pub min_faces: i32,
    pub oauth_button_text: String,
    pub public_users: bool,
    pub trash_days: i32,
    pub user_delete_delay: i32,
}

/// Immich's `UsageByUserDto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = UsageByUserDto))]
#[serde(rename_all = "camelCase")]
pub struct UsageByUser {
    pub user_id: uuid::Uuid,
    pub user_name: String,
    pub photos: i64,
    pub videos: i64,
    pub usage: i64,
    pub usage_photos: i64,
    pub usage_videos: i64,
    pub quota_size_in_bytes: Option<i64>,
}

/// Immich's `ServerStatsResponseDto`: every user's photos, videos and bytes (trash included, as
/// it still takes space).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ServerStatsResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct ServerStatsResponse {
    pub photos: i64,
    pub videos: i64,
    pub usage: i64,
    pub usage_photos: i64,
    pub usage_videos: i64,
    pub usage_by_user: Vec<UsageByUser>,
}
