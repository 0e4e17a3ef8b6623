//! Entity → DTO conversions, one place for each shape.

use crate::dto::api_keys::ApiKeyResponse;
use crate::dto::auth::CurrentUser;
use crate::dto::sessions::SessionResponse;
use crate::dto::users::{AvatarColor, UserAdminResponse, UserResponse, UserStatus};
use crate::entities::{api_key, user};
use crate::repositories::sessions::SessionRecord;
use uuid::Uuid;

/// Immich derives a default avatar colour from the user id when none was chosen.
fn avatar_color(user: &user::Model) -> AvatarColor {
    user.avatar_color.as_deref().and_then(AvatarColor::parse).unwrap_or_else(|| {
        let index = user.id.as_bytes().iter().map(|b| *b as usize).sum::<usize>() % AvatarColor::ALL.len();
        AvatarColor::ALL[index]
    })
}

pub fn user_admin(user: &user::Model) -> UserAdminResponse {
    UserAdminResponse {
        id: user.id,
        email: user.email.clone(),
        name: user.name.clone(),
        profile_image_path: user.profile_image_path.clone(),
        avatar_color: avatar_color(user),
        profile_changed_at: user.profile_changed_at,
        storage_label: user.storage_label.clone(),
        should_change_password: user.should_change_password,
        is_admin: user.is_admin,
        created_at: user.created_at,
        updated_at: user.updated_at,
        deleted_at: user.deleted_at,
        oauth_id: user.oauth_id.clone(),
        quota_size_in_bytes: user.quota_size_in_bytes,
        quota_usage_in_bytes: Some(user.quota_usage_in_bytes),
        status: UserStatus::parse(&user.status).unwrap_or(UserStatus::Active),
        license: None,
    }
}

pub fn user_public(user: &user::Model) -> UserResponse {
    UserResponse {
        id: user.id,
        email: user.email.clone(),
        name: user.name.clone(),
        profile_image_path: user.profile_image_path.clone(),
        avatar_color: avatar_color(user),
        profile_changed_at: user.profile_changed_at,
    }
}

pub fn current_user(user: &user::Model) -> CurrentUser {
    CurrentUser {
        id: user.id,
        email: user.email.clone(),
        name: user.name.clone(),
        is_admin: user.is_admin,
        should_change_password: user.should_change_password,
    }
}

pub fn api_key(key: &api_key::Model) -> ApiKeyResponse {
    ApiKeyResponse {
        id: key.id,
        name: key.name.clone(),
        created_at: key.created_at,
        updated_at: key.updated_at,
        permissions: serde_json::from_str(&key.permissions).unwrap_or_default(),
    }
}

pub fn session(record: &SessionRecord, current: Option<Uuid>) -> SessionResponse {
    SessionResponse {
        id: record.id,
        created_at: record.created_at,
        updated_at: record.updated_at,
        expires_at: Some(record.expires_at),
        current: current == Some(record.id),
        device_type: record.device_type.clone(),
        device_os: record.device_os.clone(),
        app_version: None,
        is_pending_sync_reset: false,
    }
}
