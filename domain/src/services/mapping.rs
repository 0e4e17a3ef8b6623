//! Entity → DTO conversions, one place for each shape.

use crate::dto::api_keys::ApiKeyResponse;
use crate::dto::assets::{AssetResponse, AssetVisibility, ExifResponse};
use crate::dto::auth::CurrentUser;
use crate::dto::sessions::SessionResponse;
use crate::dto::users::{AvatarColor, UserAdminResponse, UserResponse, UserStatus};
use crate::entities::{api_key, asset, asset_exif, user};
use crate::media_types::{self, AssetType};
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

pub fn asset(asset: &asset::Model) -> AssetResponse {
    use base64::Engine;
    let raw: Vec<u8> = (0..asset.checksum.len() / 2)
        .filter_map(|i| u8::from_str_radix(&asset.checksum[2 * i..2 * i + 2], 16).ok())
        .collect();
    let visibility = AssetVisibility::parse(&asset.visibility).unwrap_or_default();
    AssetResponse {
        id: asset.id,
        owner_id: asset.owner_id,
        asset_type: if asset.asset_type == "VIDEO" { AssetType::Video } else { AssetType::Image },
        original_path: asset.original_path.clone(),
        original_file_name: asset.original_file_name.clone(),
        original_mime_type: media_types::mime_type(&asset.original_file_name).to_string(),
        checksum: base64::engine::general_purpose::STANDARD.encode(raw),
        // Immich answers with the date taken once the metadata job has read it.
        file_created_at: asset.taken_at.unwrap_or(asset.file_created_at),
        file_modified_at: asset.file_modified_at,
        // The local date taken comes from the metadata job; until then, the file's date.
        local_date_time: asset.local_date_time.unwrap_or(asset.file_created_at),
        created_at: asset.created_at,
        updated_at: asset.updated_at,
        is_favorite: asset.is_favorite,
        is_archived: visibility == AssetVisibility::Archive,
        is_trashed: asset.deleted_at.is_some(),
        is_offline: false,
        is_edited: false,
        has_metadata: asset.metadata_extracted_at.is_some(),
        visibility,
        duration: asset.duration,
        width: asset.width,
        height: asset.height,
        thumbhash: asset.thumbhash.clone(),
        live_photo_video_id: asset.live_photo_video_id,
        library_id: None,
        duplicate_id: asset.duplicate_id,
        exif_info: None,
        people: None,
        processing_error: asset.processing_error.clone(),
    }
}

/// The asset with its EXIF block, as `GET /api/assets/{id}` answers.
pub fn asset_with_exif(model: &asset::Model, exif: Option<&asset_exif::Model>) -> AssetResponse {
    let mut response = asset(model);
    response.exif_info = Some(match exif {
        Some(e) => ExifResponse {
            make: e.make.clone(),
            model: e.model.clone(),
            exif_image_width: e.exif_image_width,
            exif_image_height: e.exif_image_height,
            file_size_in_byte: Some(model.file_size),
            orientation: e.orientation.map(|o| o.to_string()),
            date_time_original: e.date_time_original,
            modify_date: e.modify_date,
            time_zone: e.time_zone.clone(),
            lens_model: e.lens_model.clone(),
            f_number: e.f_number,
            focal_length: e.focal_length,
            iso: e.iso,
            exposure_time: e.exposure_time.clone(),
            latitude: e.latitude,
            longitude: e.longitude,
            city: e.city.clone(),
            state: e.state.clone(),
            country: e.country.clone(),
            description: e.description.clone(),
            projection_type: e.projection_type.clone(),
            rating: e.rating,
        },
        None => ExifResponse { file_size_in_byte: Some(model.file_size), ..ExifResponse::default() },
    });
    response
}
