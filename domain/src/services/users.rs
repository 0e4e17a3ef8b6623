//! The user's own account, and user administration (admins only).

use super::{mapping, storage_error, Services};
use crate::auth::{password, AuthContext};
use crate::dto::users::{
    AvatarColor, UserAdminCreate, UserAdminDelete, UserAdminResponse, UserAdminUpdate, UserResponse, UserStatus,
    UserUpdateMe,
};
use crate::entities::user;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::repositories::{users, RepoError};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{IntoActiveModel, Set};
use uuid::Uuid;

const MAX_NAME_LENGTH: usize = 200;

pub struct UserService<'a> {
    pub(super) services: &'a Services,
}

impl UserService<'_> {
    pub async fn me(&self, auth: &AuthContext) -> AppResult<UserAdminResponse> {
        Ok(mapping::user_admin(&auth.user))
    }

    pub async fn update_me(&self, auth: &AuthContext, dto: UserUpdateMe) -> AppResult<UserAdminResponse> {
        let mut model = auth.user.clone().into_active_model();
        let profile =
            ProfileChanges { name: dto.name, email: dto.email, password: dto.password, avatar_color: dto.avatar_color };
        if profile.apply(&mut model).await? {
            // Choosing one's own password settles a "must change password" flag.
            model.should_change_password = Set(false);
        }
        let user = users::update(self.services.db(), model).await.map_err(conflict_or_internal)?;
        Ok(mapping::user_admin(&user))
    }

    /// Every active user, as anyone signed in may see them: to share albums with (Immich's
    /// `GET /api/users`).
    pub async fn list_for_sharing(&self, _auth: &AuthContext) -> AppResult<Vec<UserResponse>> {
        let list = users::list(self.services.db(), false).await.map_err(storage_error("list users"))?;
        Ok(list.iter().map(mapping::user_public).collect())
    }

    /// The name a link's visitors see of its owner.
    pub async fn public_name(&self, id: Uuid) -> AppResult<String> {
        Ok(users::find_by_id(self.services.db(), id)
            .await
            .map_err(storage_error("find user"))?
            .map(|u| u.name)
            .unwrap_or_default())
    }

    pub async fn admin_list(&self, auth: &AuthContext, with_deleted: bool) -> AppResult<Vec<UserAdminResponse>> {
        auth.require_admin()?;
        let list = users::list(self.services.db(), with_deleted).await.map_err(storage_error("list users"))?;
        Ok(list.iter().map(mapping::user_admin).collect())
    }

    pub async fn admin_get(&self, auth: &AuthContext, id: Uuid) -> AppResult<UserAdminResponse> {
        auth.require_admin()?;
        Ok(mapping::user_admin(&self.find(id).await?))
    }

    pub async fn admin_create(&self, auth: &AuthContext, dto: UserAdminCreate) -> AppResult<UserAdminResponse> {
        auth.require_admin()?;
        let user = self.insert_user(dto).await?;
        tracing::info!(user_id = %user.id, by = %auth.user_id(), "user created");
        Ok(mapping::user_admin(&user))
    }

    pub async fn admin_update(
        &self,
        auth: &AuthContext,
        id: Uuid,
        dto: UserAdminUpdate,
    ) -> AppResult<UserAdminResponse> {
        auth.require_admin()?;
        let existing = self.find(id).await?;
        if id == auth.user_id() && dto.is_admin == Some(false) {
            return Err(AppError::invalid("You cannot remove your own admin rights"));
        }
        let mut model = existing.into_active_model();
        let profile =
            ProfileChanges { name: dto.name, email: dto.email, password: dto.password, avatar_color: dto.avatar_color };
        profile.apply(&mut model).await?;
        if let Some(is_admin) = dto.is_admin {
            model.is_admin = Set(is_admin);
        }
        if let Some(flag) = dto.should_change_password {
            model.should_change_password = Set(flag);
        }
        if let Some(quota) = dto.quota_size_in_bytes {
            model.quota_size_in_bytes = Set(validate_quota(quota)?);
        }
        if let Some(label) = dto.storage_label {
            model.storage_label = Set(validate_storage_label(label)?);
        }
        let user = users::update(self.services.db(), model).await.map_err(conflict_or_internal)?;
        tracing::info!(user_id = %user.id, by = %auth.user_id(), "user updated");
        Ok(mapping::user_admin(&user))
    }

    /// Soft delete: the account stops working at once and is purged after the configured delay,
    /// unless restored. `force` purges now.
    pub async fn admin_delete(
        &self,
        auth: &AuthContext,
        id: Uuid,
        dto: UserAdminDelete,
    ) -> AppResult<UserAdminResponse> {
        auth.require_admin()?;
        if id == auth.user_id() {
            return Err(AppError::new(ErrorCode::CannotDeleteSelf, "You cannot delete your own account"));
        }
        let existing = self.find(id).await?;
        self.services.session_store().delete_all_except(id, None).await.map_err(storage_error("end sessions"))?;
        let now = Utc::now();
        if dto.force.unwrap_or(false) {
            let mut gone = existing.clone();
            gone.deleted_at = Some(now);
            gone.status = UserStatus::Removing.as_str().into();
            self.purge(&existing).await?;
            tracing::info!(user_id = %id, by = %auth.user_id(), "user purged");
            return Ok(mapping::user_admin(&gone));
        }
        let mut model = existing.into_active_model();
        model.deleted_at = Set(Some(now));
        model.status = Set(UserStatus::Deleted.as_str().into());
        model.updated_at = Set(now);
        let user = users::update(self.services.db(), model).await.map_err(storage_error("soft delete user"))?;
        tracing::info!(user_id = %id, by = %auth.user_id(), "user deleted (restorable)");
        Ok(mapping::user_admin(&user))
    }

    pub async fn admin_restore(&self, auth: &AuthContext, id: Uuid) -> AppResult<UserAdminResponse> {
        auth.require_admin()?;
        let mut model = self.find(id).await?.into_active_model();
        model.deleted_at = Set(None);
        model.status = Set(UserStatus::Active.as_str().into());
        model.updated_at = Set(Utc::now());
        let user = users::update(self.services.db(), model).await.map_err(storage_error("restore user"))?;
        Ok(mapping::user_admin(&user))
    }

    /// Purges users whose grace period has passed; returns how many. Run by a scheduled job.
    pub async fn purge_deleted(&self, now: DateTime<Utc>) -> AppResult<usize> {
        let delay = Duration::days(i64::from(self.services.settings().user_delete_delay_days));
        let due = users::due_for_purge(self.services.db(), now - delay)
            .await
            .map_err(storage_error("find users to purge"))?;
        for user in &due {
            self.purge(user).await?;
            tracing::info!(user_id = %user.id, "deleted user purged after grace period");
        }
        Ok(due.len())
    }

    async fn purge(&self, user: &user::Model) -> AppResult<()> {
        // Redis sessions have no foreign key to cascade from.
        self.services.session_store().delete_all_except(user.id, None).await.map_err(storage_error("end sessions"))?;
        users::delete(self.services.db(), user.id).await.map_err(storage_error("purge user"))?;
        Ok(())
    }

    async fn find(&self, id: Uuid) -> AppResult<user::Model> {
        users::find_by_id(self.services.db(), id)
            .await
            .map_err(storage_error("find user"))?
            .ok_or_else(|| AppError::new(ErrorCode::UserNotFound, "User not found"))
    }

    /// A user who is not deleted (a deleted one waiting to be purged is not found).
    pub(crate) async fn find_active(&self, id: Uuid) -> AppResult<user::Model> {
        Some(self.find(id).await?)
            .filter(|u| u.deleted_at.is_none())
            .ok_or_else(|| AppError::new(ErrorCode::UserNotFound, "User not found"))
    }

    /// Validates and stores a new account. Callers check who may do this.
    pub(crate) async fn insert_user(&self, dto: UserAdminCreate) -> AppResult<user::Model> {
        let email = normalize_email(&dto.email)?;
        let name = validate_name(&dto.name)?;
        password::validate_new_password(&dto.password)?;
        let quota = validate_quota(dto.quota_size_in_bytes)?;
        let storage_label = validate_storage_label(dto.storage_label)?;
        let password_hash = password::hash(dto.password).await?;
        let now = Utc::now();
        let model = user::Model {
            id: Uuid::new_v4(),
            email,
            name,
            password_hash: Some(password_hash),
            is_admin: dto.is_admin.unwrap_or(false),
            should_change_password: dto.should_change_password.unwrap_or(false),
            quota_size_in_bytes: quota,
            quota_usage_in_bytes: 0,
            storage_label,
            avatar_color: dto.avatar_color.map(|c| c.as_str().to_string()),
            profile_image_path: String::new(),
            oauth_id: String::new(),
            status: UserStatus::Active.as_str().into(),
            created_at: now,
            updated_at: now,
            profile_changed_at: now,
            deleted_at: None,
        };
        users::insert(self.services.db(), model.into_active_model()).await.map_err(conflict_or_internal)
    }
}

/// The account fields a user may change on themself and an admin on anyone, validated the
/// same way for both.
struct ProfileChanges {
    name: Option<String>,
    email: Option<String>,
    password: Option<String>,
    avatar_color: Option<AvatarColor>,
}

impl ProfileChanges {
    /// Applies the changes and stamps `updated_at`; returns whether the password changed.
    async fn apply(self, model: &mut user::ActiveModel) -> AppResult<bool> {
        if let Some(name) = self.name {
            model.name = Set(validate_name(&name)?);
        }
        if let Some(email) = self.email {
            model.email = Set(normalize_email(&email)?);
        }
        if let Some(color) = self.avatar_color {
            model.avatar_color = Set(Some(color.as_str().to_string()));
        }
        model.updated_at = Set(Utc::now());
        let Some(new_password) = self.password else { return Ok(false) };
        password::validate_new_password(&new_password)?;
        model.password_hash = Set(Some(password::hash(new_password).await?));
        Ok(true)
    }
}

fn conflict_or_internal(err: RepoError) -> AppError {
    match err {
        RepoError::Conflict(detail) if detail.contains("storage_label") => {
            AppError::new(ErrorCode::StorageLabelInUse, "That storage label is already in use")
        }
        RepoError::Conflict(_) => AppError::new(ErrorCode::EmailAlreadyInUse, "A user with that email already exists"),
        other => storage_error("save user")(other),
    }
}

pub fn normalize_email(email: &str) -> AppResult<String> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty() && !domain.contains('@'));
    if valid {
        Ok(email)
    } else {
        Err(AppError::new(ErrorCode::InvalidEmail, "Enter a valid email address"))
    }
}

fn validate_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_LENGTH {
        return Err(AppError::invalid(format!("Name must be 1 to {MAX_NAME_LENGTH} characters")));
    }
    Ok(name.to_string())
}

fn validate_quota(quota: Option<i64>) -> AppResult<Option<i64>> {
    match quota {
        Some(q) if q < 0 => Err(AppError::invalid("Quota cannot be negative")),
        other => Ok(other),
    }
}

fn validate_storage_label(label: Option<String>) -> AppResult<Option<String>> {
    let Some(label) = label.map(|l| l.trim().to_string()).filter(|l| !l.is_empty()) else { return Ok(None) };
    // It becomes a folder name under the data directory (the storage template issue).
    let safe = label.len() <= 64 && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if safe {
        Ok(Some(label))
    } else {
        Err(AppError::invalid("Storage label may only contain letters, digits, '-' and '_' (at most 64)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(normalize_email("  Ann@Example.COM ").ok(), Some("ann@example.com".into()));
        for bad in ["", "no-at", "@x", "a@", "a b@x", "a@b@c"] {
            assert_eq!(normalize_email(bad).map_err(|e| e.code), Err(ErrorCode::InvalidEmail), "{bad}");
        }
    }

    #[test]
    fn storage_labels_are_safe_folder_names() {
        assert_eq!(validate_storage_label(Some("ann_1".into())).ok(), Some(Some("ann_1".into())));
        assert!(validate_storage_label(Some("../etc".into())).is_err());
        assert_eq!(validate_storage_label(Some("  ".into())).ok(), Some(None));
    }
}
