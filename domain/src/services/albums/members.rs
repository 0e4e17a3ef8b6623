//! Sharing an album with other users: invite as viewer or editor, change a role, remove or leave.

use super::{AlbumService, ErrorCode};
use crate::auth::AuthContext;
use crate::dto::albums::{AddUsers, AlbumResponse, AlbumUserRole};
use crate::error::{AppError, AppResult};
use crate::repositories::{albums, users};
use crate::services::storage_error;
use std::collections::HashSet;
use uuid::Uuid;

impl AlbumService<'_> {
    /// Members must be other, active users, each named once, as viewer or editor.
    pub(super) async fn check_new_members(
        &self,
        auth: &AuthContext,
        members: &[(Uuid, AlbumUserRole)],
    ) -> AppResult<()> {
        let mut seen = HashSet::new();
        for &(user_id, role) in members {
            if role == AlbumUserRole::Owner {
                return Err(AppError::invalid("A member is a viewer or an editor; the album has one owner"));
            }
            if user_id == auth.user_id() {
                return Err(AppError::invalid("You own this album; it cannot be shared with yourself"));
            }
            if !seen.insert(user_id) {
                return Err(AppError::new(ErrorCode::AlreadyAlbumMember, "This user is named twice"));
            }
        }
        let ids: Vec<Uuid> = seen.into_iter().collect();
        let found = users::find_many(self.services.db(), &ids).await.map_err(storage_error("find users"))?;
        let active = found.iter().filter(|u| u.deleted_at.is_none()).count();
        if active != ids.len() {
            return Err(AppError::new(ErrorCode::UserNotFound, "User not found"));
        }
        Ok(())
    }

    pub async fn add_users(&self, auth: &AuthContext, id: Uuid, dto: AddUsers) -> AppResult<AlbumResponse> {
        let album = self.owned(auth, id).await?;
        let wanted: Vec<(Uuid, AlbumUserRole)> = dto.album_users.iter().map(|u| (u.user_id, u.role)).collect();
        if wanted.is_empty() {
            return Err(AppError::invalid("Name at least one user to share with"));
        }
        self.check_new_members(auth, &wanted).await?;
        let db = self.services.db();
        for &(user_id, _) in &wanted {
            if albums::member(db, album.id, user_id).await.map_err(storage_error("find member"))?.is_some() {
                return Err(AppError::new(ErrorCode::AlreadyAlbumMember, "This user is already in the album"));
            }
        }
        for (user_id, role) in wanted {
            albums::upsert_member(db, album.id, user_id, role.as_str()).await.map_err(storage_error("add member"))?;
            tracing::info!(album_id = %album.id, user_id = %user_id, role = role.as_str(), "album shared");
        }
        self.get(auth, id).await
    }

    pub async fn update_user(&self, auth: &AuthContext, id: Uuid, user_id: Uuid, role: AlbumUserRole) -> AppResult<()> {
        let album = self.owned(auth, id).await?;
        if role == AlbumUserRole::Owner {
            return Err(AppError::invalid("A member is a viewer or an editor; the album has one owner"));
        }
        let db = self.services.db();
        if albums::member(db, album.id, user_id).await.map_err(storage_error("find member"))?.is_none() {
            return Err(AppError::new(ErrorCode::UserNotFound, "This user is not in the album"));
        }
        albums::upsert_member(db, album.id, user_id, role.as_str()).await.map_err(storage_error("update member"))
    }

    /// The owner removes anyone else; a member removes themselves (leaves). `user_id` None: me.
    pub async fn remove_user(&self, auth: &AuthContext, id: Uuid, user_id: Option<Uuid>) -> AppResult<()> {
        let (album, role) = self.access(auth, id).await?;
        let user_id = user_id.unwrap_or(auth.user_id());
        if user_id == album.owner_id {
            return Err(AppError::new(
                ErrorCode::OwnerCannotLeaveAlbum,
                "The owner cannot leave the album; delete it instead",
            ));
        }
        if role != AlbumUserRole::Owner && user_id != auth.user_id() {
            return Err(AppError::new(ErrorCode::Forbidden, "Only the album's owner can remove other people"));
        }
        if !albums::remove_member(self.services.db(), id, user_id).await.map_err(storage_error("remove member"))? {
            return Err(AppError::new(ErrorCode::UserNotFound, "This user is not in the album"));
        }
        tracing::info!(album_id = %id, user_id = %user_id, "album member removed");
        Ok(())
    }
}
