//! Signing up the first admin, logging in and out, and turning a presented credential into an
//! `AuthContext`.

use super::{mapping, storage_error, Services};
use crate::auth::{password, token, AuthContext, Credential};
use crate::dto::auth::{ChangePassword, LoginCredential, LoginResponse, LogoutResponse, OnboardingStatus, SignUp};
use crate::dto::users::{UserAdminCreate, UserAdminResponse};
use crate::entities::user;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::repositories::sessions::SessionRecord;
use crate::repositories::{api_keys, users};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
use std::time::Instant;
use uuid::Uuid;

/// What is known about the client making a request; used for throttling and the session list.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub address: Option<String>,
    pub user_agent: Option<String>,
}

/// Sessions are touched at most this often, so a busy client does not write on every request.
const TOUCH_INTERVAL_SECONDS: i64 = 60;

pub struct AuthService<'a> {
    pub(super) services: &'a Services,
}

impl AuthService<'_> {
    pub async fn onboarding_status(&self) -> AppResult<OnboardingStatus> {
        let has_admin = users::admin_exists(self.services.db()).await.map_err(storage_error("check for admin"))?;
        Ok(OnboardingStatus { needs_admin: !has_admin })
    }

    /// Creates the first account, an admin. Refused once any admin exists.
    pub async fn admin_sign_up(&self, dto: SignUp) -> AppResult<UserAdminResponse> {
        // Serialise sign-ups in this process so two racing requests cannot both become admin.
        static SIGN_UP: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
        let _guard = SIGN_UP.lock().await;
        if !self.onboarding_status().await?.needs_admin {
            return Err(AppError::new(ErrorCode::AdminAlreadyExists, "The server already has an admin"));
        }
        let create = UserAdminCreate {
            email: dto.email,
            password: dto.password,
            name: dto.name,
            is_admin: Some(true),
            ..Default::default()
        };
        let user = self.services.users().insert_user(create).await?;
        tracing::info!(user_id = %user.id, "first admin account created");
        Ok(mapping::user_admin(&user))
    }

    pub async fn login(&self, dto: LoginCredential, client: &ClientInfo) -> AppResult<LoginResponse> {
        let email = dto.email.trim().to_lowercase();
        let address = client.address.as_deref();
        if let Some(wait) = self.services.throttle().check(&email, address, Instant::now()) {
            tracing::warn!(client = ?address, "login throttled");
            let minutes = wait.as_secs().div_ceil(60).max(1);
            return Err(AppError::new(
                ErrorCode::TooManyAttempts,
                format!("Too many failed login attempts. Try again in {minutes} minute(s)."),
            ));
        }
        let user = users::find_by_email(self.services.db(), &email)
            .await
            .map_err(storage_error("find user for login"))?
            .filter(|u| u.deleted_at.is_none());
        let stored = user.as_ref().and_then(|u| u.password_hash.clone());
        let valid = password::verify(dto.password, stored).await;
        let Some(user) = user.filter(|_| valid) else {
            self.services.throttle().record_failure(&email, address, Instant::now());
            tracing::info!(client = ?address, "failed login");
            return Err(AppError::new(ErrorCode::InvalidCredentials, "Incorrect email or password"));
        };
        self.services.throttle().record_success(&email);
        let access_token = self.create_session(&user, client).await?;
        tracing::info!(user_id = %user.id, "login");
        Ok(LoginResponse {
            access_token,
            user_id: user.id,
            user_email: user.email.clone(),
            name: user.name.clone(),
            is_admin: user.is_admin,
            profile_image_path: user.profile_image_path.clone(),
            should_change_password: user.should_change_password,
            is_onboarded: true,
        })
    }

    /// A fresh random token for every login: a session id is never reused or fixed by a client.
    async fn create_session(&self, user: &user::Model, client: &ClientInfo) -> AppResult<String> {
        let secret = token::generate();
        let now = Utc::now();
        let (device_type, device_os) = describe_device(client.user_agent.as_deref());
        let record = SessionRecord {
            id: Uuid::new_v4(),
            user_id: user.id,
            token_hash: token::hash(&secret),
            device_type,
            device_os,
            created_at: now,
            updated_at: now,
            expires_at: now + self.session_ttl(),
        };
        self.services.session_store().insert(&record).await.map_err(storage_error("create session"))?;
        Ok(secret)
    }

    fn session_ttl(&self) -> Duration {
        Duration::days(i64::from(self.services.settings().session_ttl_days.max(1)))
    }

    pub async fn logout(&self, auth: &AuthContext) -> AppResult<LogoutResponse> {
        if let Some(session_id) = auth.session_id {
            self.services
                .session_store()
                .delete(auth.user_id(), session_id)
                .await
                .map_err(storage_error("delete session"))?;
        }
        Ok(LogoutResponse { successful: true, redirect_uri: "/auth/login".into() })
    }

    pub async fn authenticate(&self, credential: &Credential) -> AppResult<AuthContext> {
        match credential {
            Credential::Session(secret) => self.authenticate_session(secret).await,
            Credential::ApiKey(secret) => self.authenticate_api_key(secret).await,
        }
    }

    async fn authenticate_session(&self, secret: &str) -> AppResult<AuthContext> {
        let store = self.services.session_store();
        let now = Utc::now();
        let session = store
            .find_by_token_hash(&token::hash(secret), now)
            .await
            .map_err(storage_error("find session"))?
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated, "Invalid user token"))?;
        let user = self.active_user(session.user_id).await?;
        if (now - session.updated_at).num_seconds() >= TOUCH_INTERVAL_SECONDS {
            let touched = SessionRecord { updated_at: now, expires_at: now + self.session_ttl(), ..session.clone() };
            if let Err(err) = store.touch(&touched).await {
                // Losing a last-seen update is harmless; refusing the request would not be.
                tracing::warn!(error = %err, "could not touch session");
            }
        }
        Ok(AuthContext {
            user,
            session_id: Some(session.id),
            api_key_id: None,
            permissions: vec![crate::auth::permissions::ALL.into()],
        })
    }

    async fn authenticate_api_key(&self, secret: &str) -> AppResult<AuthContext> {
        let key = api_keys::find_by_hash(self.services.db(), &token::hash(secret))
            .await
            .map_err(storage_error("find api key"))?
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated, "Invalid API key"))?;
        let user = self.active_user(key.user_id).await?;
        let permissions = serde_json::from_str(&key.permissions).unwrap_or_default();
        Ok(AuthContext { user, session_id: None, api_key_id: Some(key.id), permissions })
    }

    async fn active_user(&self, id: Uuid) -> AppResult<user::Model> {
        users::find_by_id(self.services.db(), id)
            .await
            .map_err(storage_error("load user"))?
            .filter(|u| u.deleted_at.is_none())
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated, "Invalid user token"))
    }

    pub async fn change_password(&self, auth: &AuthContext, dto: ChangePassword) -> AppResult<UserAdminResponse> {
        let email = auth.user.email.clone();
        if self.services.throttle().check(&email, None, Instant::now()).is_some() {
            return Err(AppError::new(ErrorCode::TooManyAttempts, "Too many failed attempts. Try again later."));
        }
        if !password::verify(dto.password, auth.user.password_hash.clone()).await {
            self.services.throttle().record_failure(&email, None, Instant::now());
            return Err(AppError::new(ErrorCode::WrongPassword, "Wrong password"));
        }
        password::validate_new_password(&dto.new_password)?;
        let hash = password::hash(dto.new_password).await?;
        let mut model = auth.user.clone().into_active_model();
        model.password_hash = Set(Some(hash));
        model.should_change_password = Set(false);
        model.updated_at = Set(Utc::now());
        let user = model.update(self.services.db()).await.map_err(|e| storage_error("change password")(e.into()))?;
        if dto.invalidate_sessions {
            self.services
                .session_store()
                .delete_all_except(user.id, auth.session_id)
                .await
                .map_err(storage_error("end other sessions"))?;
        }
        tracing::info!(user_id = %user.id, "password changed");
        Ok(mapping::user_admin(&user))
    }
}

/// A short description of the client for the session list ("Chrome", "Linux").
fn describe_device(user_agent: Option<&str>) -> (String, String) {
    let Some(ua) = user_agent else { return (String::new(), String::new()) };
    let browser = [
        ("Immich", "Immich app"),
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
        ("node", "Node.js"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| name.to_string())
    .unwrap_or_default();
    let os = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| name.to_string())
    .unwrap_or_default();
    (browser, os)
}

#[cfg(test)]
mod tests {
    use super::describe_device;

    #[test]
    fn describes_common_browsers() {
        let chrome =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
        assert_eq!(describe_device(Some(chrome)), ("Chrome".into(), "Linux".into()));
        assert_eq!(describe_device(None), (String::new(), String::new()));
    }
}
