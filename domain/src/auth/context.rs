//! Who is making a request, once their credential has been checked.

use crate::entities::user;
use crate::error::{AppError, AppResult, ErrorCode};
use uuid::Uuid;

/// A credential as presented by a client, before it is checked.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// Session token: the `immich_access_token` cookie or `Authorization: Bearer`.
    Session(String),
    /// `x-api-key`.
    ApiKey(String),
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret itself.
        match self {
            Credential::Session(_) => f.write_str("Credential::Session(****)"),
            Credential::ApiKey(_) => f.write_str("Credential::ApiKey(****)"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct AuthContext {
    pub user: user::Model,
    pub session_id: Option<Uuid>,
    pub api_key_id: Option<Uuid>,
    pub permissions: Vec<String>,
}

impl AuthContext {
    pub fn user_id(&self) -> Uuid {
        self.user.id
    }

    pub fn is_admin(&self) -> bool {
        self.user.is_admin
    }

    /// Whether this credential may do what `permission` names: sessions and `all` keys may do
    /// anything; other API keys only what they list.
    pub fn has_permission(&self, permission: &str) -> bool {
        self.permissions.iter().any(|p| p == crate::auth::permissions::ALL || p == permission)
    }

    /// 403 `missing-permission`, worded as Immich words it, unless [`Self::has_permission`].
    pub fn require_permission(&self, permission: &str) -> AppResult<()> {
        if self.has_permission(permission) {
            Ok(())
        } else {
            Err(AppError::new(ErrorCode::MissingPermission, format!("Missing required permission: {permission}")))
        }
    }

    pub fn require_admin(&self) -> AppResult<()> {
        if self.user.is_admin {
            Ok(())
        } else {
            Err(AppError::admin_required())
        }
    }
}
