use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum UserStatus {
    Active,
    Removing,
    Deleted,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Removing => "removing",
            UserStatus::Deleted => "deleted",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "active" => Some(UserStatus::Active),
            "removing" => Some(UserStatus::Removing),
            "deleted" => Some(UserStatus::Deleted),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = UserAvatarColor))]
#[serde(rename_all = "lowercase")]
pub enum AvatarColor {
    #[default]
    Primary,
    Pink,
    Red,
    Yellow,
    Blue,
    Green,
    Purple,
    Orange,
    Gray,
    Amber,
}

impl AvatarColor {
    pub const ALL: [AvatarColor; 10] = [
        AvatarColor::Primary,
        AvatarColor::Pink,
        AvatarColor::Red,
        AvatarColor::Yellow,
        AvatarColor::Blue,
        AvatarColor::Green,
        AvatarColor::Purple,
        AvatarColor::Orange,
        AvatarColor::Gray,
        AvatarColor::Amber,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AvatarColor::Primary => "primary",
            AvatarColor::Pink => "pink",
            AvatarColor::Red => "red",
            AvatarColor::Yellow => "yellow",
            AvatarColor::Blue => "blue",
            AvatarColor::Green => "green",
            AvatarColor::Purple => "purple",
            AvatarColor::Orange => "orange",
            AvatarColor::Gray => "gray",
            AvatarColor::Amber => "amber",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        AvatarColor::ALL.into_iter().find(|c| c.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserLicense {
    pub license_key: String,
    pub activation_key: String,
    pub activated_at: DateTime<Utc>,
}

/// Immich's `UserAdminResponseDto`: what a user sees of themself and an admin of everyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = UserAdminResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct UserAdminResponse {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub profile_image_path: String,
    pub avatar_color: AvatarColor,
    pub profile_changed_at: DateTime<Utc>,
    pub storage_label: Option<String>,
    pub should_change_password: bool,
    pub is_admin: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub oauth_id: String,
    pub quota_size_in_bytes: Option<i64>,
    pub quota_usage_in_bytes: Option<i64>,
    pub status: UserStatus,
    pub license: Option<UserLicense>,
}

/// Immich's `UserResponseDto`: what other users may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = UserResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct UserResponse {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub profile_image_path: String,
    pub avatar_color: AvatarColor,
    pub profile_changed_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = UserAdminCreateDto))]
#[serde(rename_all = "camelCase")]
pub struct UserAdminCreate {
    pub email: String,
    pub password: String,
    pub name: String,
    #[serde(default)]
    pub is_admin: Option<bool>,
    #[serde(default)]
    pub should_change_password: Option<bool>,
    #[serde(default)]
    pub quota_size_in_bytes: Option<i64>,
    #[serde(default)]
    pub storage_label: Option<String>,
    #[serde(default)]
    pub avatar_color: Option<AvatarColor>,
    /// Accepted for Immich compatibility; Shoebox sends no mail yet.
    #[serde(default)]
    pub notify: Option<bool>,
}

/// Immich's `UserAdminUpdateDto`. `quotaSizeInBytes` and `storageLabel` may be set to `null` to
/// clear them, which is different from leaving them out, hence the double option.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = UserAdminUpdateDto))]
#[serde(rename_all = "camelCase")]
pub struct UserAdminUpdate {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub is_admin: Option<bool>,
    #[serde(default)]
    pub should_change_password: Option<bool>,
    #[serde(default, deserialize_with = "super::double_option")]
    pub quota_size_in_bytes: Option<Option<i64>>,
    #[serde(default, deserialize_with = "super::double_option")]
    pub storage_label: Option<Option<String>>,
    #[serde(default)]
    pub avatar_color: Option<AvatarColor>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = UserAdminDeleteDto))]
#[serde(rename_all = "camelCase")]
pub struct UserAdminDelete {
    #[serde(default)]
    pub force: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = UserUpdateMeDto))]
#[serde(rename_all = "camelCase")]
pub struct UserUpdateMe {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub avatar_color: Option<AvatarColor>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_distinguishes_null_from_absent() {
        let absent: UserAdminUpdate = serde_json::from_str("{}").unwrap_or_default();
        assert_eq!(absent.quota_size_in_bytes, None);
        let cleared: UserAdminUpdate = serde_json::from_str(r#"{"quotaSizeInBytes":null}"#).unwrap_or_default();
        assert_eq!(cleared.quota_size_in_bytes, Some(None));
        let set: UserAdminUpdate = serde_json::from_str(r#"{"quotaSizeInBytes":1024}"#).unwrap_or_default();
        assert_eq!(set.quota_size_in_bytes, Some(Some(1024)));
    }
}
