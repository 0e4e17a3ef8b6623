//! User preferences: Immich's defaults, overlaid with what the user changed (stored as a JSON
//! object of just those values, so a default changed later reaches everyone who kept it).

use super::{storage_error, Services};
use crate::auth::AuthContext;
use crate::dto::preferences::{UserPreferences, UserPreferencesUpdate};
use crate::entities::user;
use crate::error::{AppError, AppResult};
use crate::repositories::{user_preferences, users};
use sea_orm::{IntoActiveModel, Set};
use serde_json::{Map, Value};
use uuid::Uuid;

pub struct PreferencesService<'a> {
    pub(super) services: &'a Services,
}

/// `base` with every value of `patch` written over it, objects merged key by key.
fn merge(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(base), Value::Object(patch)) => {
            for (key, value) in patch {
                merge(base.entry(key).or_insert(Value::Null), value);
            }
        }
        (base, patch) => *base = patch,
    }
}

fn validate(update: &UserPreferencesUpdate) -> AppResult<()> {
    let positive = |value: Option<i64>, name: &str| match value {
        Some(v) if v < 1 => Err(AppError::invalid(format!("`{name}` must be at least 1"))),
        _ => Ok(()),
    };
    positive(update.download.as_ref().and_then(|d| d.archive_size), "download.archiveSize")?;
    positive(update.memories.as_ref().and_then(|m| m.duration), "memories.duration")?;
    if let Some(until) = update.purchase.as_ref().and_then(|p| p.hide_buy_button_until.as_deref()) {
        chrono::DateTime::parse_from_rfc3339(until)
            .map_err(|_| AppError::invalid("`purchase.hideBuyButtonUntil` must be an ISO 8601 date-time"))?;
    }
    Ok(())
}

impl PreferencesService<'_> {
    pub async fn mine(&self, auth: &AuthContext) -> AppResult<UserPreferences> {
        self.of(auth.user_id()).await
    }

    pub async fn update_mine(&self, auth: &AuthContext, update: UserPreferencesUpdate) -> AppResult<UserPreferences> {
        self.update(&auth.user, update).await
    }

    pub async fn admin_get(&self, auth: &AuthContext, id: Uuid) -> AppResult<UserPreferences> {
        auth.require_admin()?;
        let user = self.services.users().find_active(id).await?;
        self.of(user.id).await
    }

    pub async fn admin_update(
        &self,
        auth: &AuthContext,
        id: Uuid,
        update: UserPreferencesUpdate,
    ) -> AppResult<UserPreferences> {
        auth.require_admin()?;
        let user = self.services.users().find_active(id).await?;
        self.update(&user, update).await
    }

    async fn changed(&self, user_id: Uuid) -> AppResult<Value> {
        let stored =
            user_preferences::find(self.services.db(), user_id).await.map_err(storage_error("read preferences"))?;
        Ok(stored.and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_else(|| Value::Object(Map::new())))
    }

    async fn of(&self, user_id: Uuid) -> AppResult<UserPreferences> {
        let mut merged = serde_json::to_value(UserPreferences::default()).map_err(|_| AppError::internal())?;
        merge(&mut merged, self.changed(user_id).await?);
        Ok(serde_json::from_value(merged).unwrap_or_else(|err| {
            // Only possible if a stored value no longer fits its field: defaults beat an error.
            tracing::warn!(%user_id, error = %err, "stored preferences no longer fit; using the defaults");
            UserPreferences::default()
        }))
    }

    async fn update(&self, user: &user::Model, update: UserPreferencesUpdate) -> AppResult<UserPreferences> {
        validate(&update)?;
        let db = self.services.db();
        if let Some(color) = update.avatar.as_ref().and_then(|a| a.color) {
            let mut model = user.clone().into_active_model();
            model.avatar_color = Set(Some(color.as_str().to_string()));
            users::update(db, model).await.map_err(storage_error("set avatar colour"))?;
        }
        let mut changed = self.changed(user.id).await?;
        merge(&mut changed, serde_json::to_value(&update).map_err(|_| AppError::internal())?);
        user_preferences::save(db, user.id, changed.to_string()).await.map_err(storage_error("save preferences"))?;
        tracing::info!(user_id = %user.id, "preferences updated");
        self.of(user.id).await
    }
}
