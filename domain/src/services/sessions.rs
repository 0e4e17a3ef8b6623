//! The user's own sessions: list them, end one, end all others.

use super::{mapping, storage_error, Services};
use crate::auth::AuthContext;
use crate::dto::sessions::SessionResponse;
use crate::error::{AppError, AppResult, ErrorCode};
use chrono::Utc;
use uuid::Uuid;

pub struct SessionService<'a> {
    pub(super) services: &'a Services,
}

impl SessionService<'_> {
    pub async fn list(&self, auth: &AuthContext) -> AppResult<Vec<SessionResponse>> {
        let sessions = self
            .services
            .session_store()
            .list_for_user(auth.user_id(), Utc::now())
            .await
            .map_err(storage_error("list sessions"))?;
        Ok(sessions.iter().map(|s| mapping::session(s, auth.session_id)).collect())
    }

    pub async fn delete_others(&self, auth: &AuthContext) -> AppResult<u64> {
        let ended = self
            .services
            .session_store()
            .delete_all_except(auth.user_id(), auth.session_id)
            .await
            .map_err(storage_error("end other sessions"))?;
        tracing::info!(user_id = %auth.user_id(), ended, "other sessions ended");
        Ok(ended)
    }

    pub async fn delete(&self, auth: &AuthContext, id: Uuid) -> AppResult<()> {
        let deleted =
            self.services.session_store().delete(auth.user_id(), id).await.map_err(storage_error("end session"))?;
        if deleted {
            Ok(())
        } else {
            Err(AppError::new(ErrorCode::SessionNotFound, "Session not found"))
        }
    }
}
