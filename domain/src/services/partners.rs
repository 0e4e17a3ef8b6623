//! Partner sharing: a user gives another read access to their whole library; the partner chooses
//! whether those photos show in their own timeline.

use super::{mapping, storage_error, Services};
use crate::auth::AuthContext;
use crate::dto::partners::{PartnerDirection, PartnerResponse};
use crate::entities::{partner, user};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::repositories::{partners, users, RepoError};
use uuid::Uuid;

pub struct PartnerService<'a> {
    pub(super) services: &'a Services,
}

fn not_found() -> AppError {
    AppError::new(ErrorCode::PartnerNotFound, "Partner not found")
}

fn response(user: &user::Model, in_timeline: Option<bool>) -> PartnerResponse {
    PartnerResponse { user: mapping::user_public(user), in_timeline }
}

impl PartnerService<'_> {
    pub async fn list(&self, auth: &AuthContext, direction: PartnerDirection) -> AppResult<Vec<PartnerResponse>> {
        let db = self.services.db();
        let me = auth.user_id();
        let rows = match direction {
            PartnerDirection::SharedBy => partners::shared_by(db, me).await,
            PartnerDirection::SharedWith => partners::shared_with(db, me).await,
        }
        .map_err(storage_error("list partners"))?;
        let other = |row: &partner::Model| match direction {
            PartnerDirection::SharedBy => row.shared_with_id,
            PartnerDirection::SharedWith => row.shared_by_id,
        };
        let ids: Vec<Uuid> = rows.iter().map(other).collect();
        let people = users::find_many(db, &ids).await.map_err(storage_error("find partners"))?;
        Ok(rows
            .iter()
            .filter_map(|row| {
                let user = people.iter().find(|u| u.id == other(row) && u.deleted_at.is_none())?;
                Some(response(user, Some(row.in_timeline)))
            })
            .collect())
    }

    /// Shares the caller's library with another user.
    pub async fn create(&self, auth: &AuthContext, shared_with: Uuid) -> AppResult<PartnerResponse> {
        let db = self.services.db();
        if shared_with == auth.user_id() {
            return Err(AppError::invalid("You cannot be your own partner"));
        }
        let other = self.services.users().find_active(shared_with).await?;
        let row = match partners::insert(db, auth.user_id(), shared_with).await {
            Ok(row) => row,
            Err(RepoError::Conflict(_)) => {
                return Err(AppError::new(ErrorCode::AlreadyPartner, "Your library is already shared with this user"))
            }
            Err(err) => return Err(storage_error("create partner")(err)),
        };
        tracing::info!(shared_by = %auth.user_id(), shared_with = %shared_with, "partner sharing started");
        Ok(response(&other, Some(row.in_timeline)))
    }

    /// Whether a partner who shares with the caller shows in the caller's timeline.
    pub async fn update(&self, auth: &AuthContext, shared_by: Uuid, in_timeline: bool) -> AppResult<PartnerResponse> {
        let db = self.services.db();
        let row = partners::set_in_timeline(db, shared_by, auth.user_id(), in_timeline)
            .await
            .map_err(storage_error("update partner"))?
            .ok_or_else(not_found)?;
        let user = users::find_by_id(db, shared_by).await.map_err(storage_error("find user"))?.ok_or_else(not_found)?;
        Ok(response(&user, Some(row.in_timeline)))
    }

    /// Stops sharing the caller's library with this user.
    pub async fn remove(&self, auth: &AuthContext, shared_with: Uuid) -> AppResult<()> {
        let removed = partners::delete(self.services.db(), auth.user_id(), shared_with)
            .await
            .map_err(storage_error("remove partner"))?;
        if !removed {
            return Err(not_found());
        }
        tracing::info!(shared_by = %auth.user_id(), shared_with = %shared_with, "partner sharing stopped");
        Ok(())
    }

    /// `user` and the partners whose photos they chose to show in their own timeline: whose
    /// assets their timeline, map and search cover.
    pub async fn with_timeline_partners(&self, user: Uuid) -> AppResult<Vec<Uuid>> {
        let rows = partners::shared_with(self.services.db(), user).await.map_err(storage_error("list partners"))?;
        Ok(std::iter::once(user).chain(rows.into_iter().filter(|r| r.in_timeline).map(|r| r.shared_by_id)).collect())
    }

    /// Whether `owner` shares their library with `user`.
    pub async fn shares(&self, owner: Uuid, user: Uuid) -> AppResult<bool> {
        partners::shares(self.services.db(), owner, user).await.map_err(storage_error("check partner"))
    }
}
