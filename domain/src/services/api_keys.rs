//! API keys: created, named, listed and deleted by their owner. The secret is returned once.

use super::{mapping, storage_error, Services};
use crate::auth::{token, AuthContext};
use crate::dto::api_keys::{ApiKeyCreate, ApiKeyCreateResponse, ApiKeyResponse, ApiKeyUpdate};
use crate::entities::api_key;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::repositories::api_keys;
use chrono::Utc;
use sea_orm::{IntoActiveModel, Set};
use uuid::Uuid;

pub struct ApiKeyService<'a> {
    pub(super) services: &'a Services,
}

fn not_found() -> AppError {
    AppError::new(ErrorCode::ApiKeyNotFound, "API key not found")
}

fn validate_permissions(permissions: Vec<String>) -> AppResult<Vec<String>> {
    if permissions.is_empty() {
        return Err(AppError::invalid("An API key needs at least one permission (\"all\" for everything)"));
    }
    if let Some(unknown) = permissions.iter().find(|p| !crate::auth::permissions::is_known(p)) {
        return Err(AppError::invalid(format!(
            "Unknown permission `{unknown}`: permissions are Immich's names, like \"all\" or \"asset.read\""
        )));
    }
    Ok(permissions)
}

impl ApiKeyService<'_> {
    pub async fn create(&self, auth: &AuthContext, dto: ApiKeyCreate) -> AppResult<ApiKeyCreateResponse> {
        let permissions = validate_permissions(dto.permissions)?;
        // A key can grant no more than the credential that creates it.
        if auth.api_key_id.is_some() && !auth.has_permission(crate::auth::permissions::ALL) {
            return Err(AppError::new(ErrorCode::Forbidden, "This API key cannot create other API keys"));
        }
        let name = dto.name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).unwrap_or_else(|| "API Key".into());
        if name.chars().count() > 200 {
            return Err(AppError::invalid("Name must be at most 200 characters"));
        }
        let secret = token::generate();
        let now = Utc::now();
        let model = api_key::Model {
            id: Uuid::new_v4(),
            key_hash: token::hash(&secret),
            name,
            user_id: auth.user_id(),
            permissions: serde_json::to_string(&permissions).unwrap_or_else(|_| "[]".into()),
            created_at: now,
            updated_at: now,
        };
        let key = api_keys::insert(self.services.db(), model.into_active_model())
            .await
            .map_err(storage_error("create api key"))?;
        tracing::info!(user_id = %auth.user_id(), api_key_id = %key.id, "api key created");
        Ok(ApiKeyCreateResponse { secret, api_key: mapping::api_key(&key) })
    }

    pub async fn list(&self, auth: &AuthContext) -> AppResult<Vec<ApiKeyResponse>> {
        let keys = api_keys::list_for_user(self.services.db(), auth.user_id())
            .await
            .map_err(storage_error("list api keys"))?;
        Ok(keys.iter().map(mapping::api_key).collect())
    }

    pub async fn get(&self, auth: &AuthContext, id: Uuid) -> AppResult<ApiKeyResponse> {
        let key = api_keys::find_for_user(self.services.db(), auth.user_id(), id)
            .await
            .map_err(storage_error("get api key"))?
            .ok_or_else(not_found)?;
        Ok(mapping::api_key(&key))
    }

    /// The key the request authenticated with (`GET /api/api-keys/me`).
    pub async fn current(&self, auth: &AuthContext) -> AppResult<ApiKeyResponse> {
        let id =
            auth.api_key_id.ok_or_else(|| AppError::new(ErrorCode::Forbidden, "Not authenticated with an API key"))?;
        self.get(auth, id).await
    }

    pub async fn update(&self, auth: &AuthContext, id: Uuid, dto: ApiKeyUpdate) -> AppResult<ApiKeyResponse> {
        let existing = api_keys::find_for_user(self.services.db(), auth.user_id(), id)
            .await
            .map_err(storage_error("get api key"))?
            .ok_or_else(not_found)?;
        let mut model = existing.into_active_model();
        if let Some(name) = dto.name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()) {
            model.name = Set(name);
        }
        if let Some(permissions) = dto.permissions {
            let permissions = validate_permissions(permissions)?;
            model.permissions = Set(serde_json::to_string(&permissions).unwrap_or_else(|_| "[]".into()));
        }
        model.updated_at = Set(Utc::now());
        let key = api_keys::update(self.services.db(), model).await.map_err(storage_error("update api key"))?;
        Ok(mapping::api_key(&key))
    }

    pub async fn delete(&self, auth: &AuthContext, id: Uuid) -> AppResult<()> {
        let deleted = api_keys::delete_for_user(self.services.db(), auth.user_id(), id)
            .await
            .map_err(storage_error("delete api key"))?;
        if deleted {
            tracing::info!(user_id = %auth.user_id(), api_key_id = %id, "api key deleted");
            Ok(())
        } else {
            Err(not_found())
        }
    }
}
