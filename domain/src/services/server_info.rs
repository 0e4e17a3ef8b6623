//! What the server tells clients about itself: version, features and public configuration.

use super::{storage_error, Services};
use crate::dto::server::{ServerAboutResponse, ServerConfig, ServerFeatures, ServerVersionResponse};
use crate::error::AppResult;
use crate::repositories::users;

pub struct ServerInfoService<'a> {
    pub(super) services: &'a Services,
}

/// Faces a person needs before Immich's clients show them (the clustering default).
const MIN_FACES: i32 = 3;

impl ServerInfoService<'_> {
    pub fn about(&self) -> ServerAboutResponse {
        let v = ServerVersionResponse::current();
        let version = format!("v{}.{}.{}", v.major, v.minor, v.patch);
        ServerAboutResponse {
            version_url: format!("https://github.com/immich-app/immich/releases/tag/{version}"),
            version,
            licensed: false,
            build: format!("shoebox {}", env!("CARGO_PKG_VERSION")),
            repository: "shoebox".into(),
        }
    }

    /// Only what this build does today: features still to come stay false, so clients hide them.
    pub fn features(&self) -> ServerFeatures {
        ServerFeatures {
            config_file: false,
            duplicate_detection: self.services.duplicates().enabled(),
            email: false,
            facial_recognition: self.services.faces().enabled(),
            import_faces: false,
            map: self.services.settings().map.enabled,
            oauth: false,
            oauth_auto_launch: false,
            ocr: self.services.findings().ocr_enabled(),
            password_login: true,
            realtime_transcoding: false,
            reverse_geocoding: true,
            search: true,
            sidecar: true,
            smart_search: self.services.smart_search().enabled(),
            trash: self.services.settings().trash_days > 0,
        }
    }

    pub async fn config(&self) -> AppResult<ServerConfig> {
        let settings = self.services.settings();
        let initialized = users::admin_exists(self.services.db()).await.map_err(storage_error("find the admin"))?;
        Ok(ServerConfig {
            external_domain: String::new(),
            is_initialized: initialized,
            is_onboarded: initialized,
            login_page_message: String::new(),
            maintenance_mode: false,
            map_dark_style_url: settings.map.dark_style.clone(),
            map_light_style_url: settings.map.light_style.clone(),
            min_faces: MIN_FACES,
            oauth_button_text: String::new(),
            public_users: true,
            trash_days: i32::try_from(settings.trash_days).unwrap_or(i32::MAX),
            user_delete_delay: i32::try_from(settings.user_delete_delay_days).unwrap_or(i32::MAX),
        })
    }
}
