//! Albums: who may see and change them, their assets and their response shape. An album is
//! readable by its owner and its members; owners and editors add assets; only the owner changes
//! the album itself or its members.

use super::additions::{sort_additions, Additions, Refusal};
use super::{mapping, storage_error, Services};
use crate::auth::AuthContext;
use crate::dto::albums::{
    AlbumListQuery, AlbumResponse, AlbumStatistics, AlbumUserResponse, AlbumUserRole, AlbumsAddAssets,
    AlbumsAddAssetsResponse, BulkIdErrorReason, BulkIdResponse, ContributorCount, CreateAlbum, UpdateAlbum,
};
use crate::dto::timeline::AssetOrder;
use crate::entities::{album, user};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::repositories::{albums, assets, users};
use chrono::Utc;
use sea_orm::{IntoActiveModel, Set};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

mod members;

pub struct AlbumService<'a> {
    pub(super) services: &'a Services,
}

fn not_found() -> AppError {
    AppError::new(ErrorCode::AlbumNotFound, "Album not found")
}

impl AlbumService<'_> {
    /// The album and the caller's role in it; unknown and invisible albums look the same.
    pub async fn access(&self, auth: &AuthContext, id: Uuid) -> AppResult<(album::Model, AlbumUserRole)> {
        let db = self.services.db();
        let album = albums::find(db, id).await.map_err(storage_error("find album"))?.ok_or_else(not_found)?;
        if album.owner_id == auth.user_id() {
            return Ok((album, AlbumUserRole::Owner));
        }
        let member = albums::member(db, id, auth.user_id()).await.map_err(storage_error("find album member"))?;
        match member.and_then(|m| AlbumUserRole::parse(&m.role)) {
            Some(role) => Ok((album, role)),
            None => Err(not_found()),
        }
    }

    async fn owned(&self, auth: &AuthContext, id: Uuid) -> AppResult<album::Model> {
        match self.access(auth, id).await? {
            (album, AlbumUserRole::Owner) => Ok(album),
            _ => Err(AppError::new(ErrorCode::Forbidden, "Only the album's owner can do this")),
        }
    }

    pub async fn create(&self, auth: &AuthContext, dto: CreateAlbum) -> AppResult<AlbumResponse> {
        let name = dto.album_name.trim().to_string();
        self.check_new_members(auth, &dto.album_users.iter().map(|u| (u.user_id, u.role)).collect::<Vec<_>>()).await?;
        let db = self.services.db();
        let now = Utc::now();
        let model = album::Model {
            id: Uuid::new_v4(),
            owner_id: auth.user_id(),
            album_name: name,
            description: dto.description.unwrap_or_default(),
            album_thumbnail_asset_id: None,
            order: AssetOrder::Desc.as_str().into(),
            is_activity_enabled: true,
            created_at: now,
            updated_at: now,
        };
        let album = albums::insert(db, model.into_active_model()).await.map_err(storage_error("create album"))?;
        for member in &dto.album_users {
            albums::upsert_member(db, album.id, member.user_id, member.role.as_str())
                .await
                .map_err(storage_error("add album member"))?;
        }
        if !dto.asset_ids.is_empty() {
            self.add_assets_to(auth, &album, &dto.asset_ids).await?;
        }
        tracing::info!(album_id = %album.id, user_id = %auth.user_id(), "album created");
        self.get(auth, album.id).await
    }

    pub async fn list(&self, auth: &AuthContext, query: &AlbumListQuery) -> AppResult<Vec<AlbumResponse>> {
        let db = self.services.db();
        let found = match query.asset_id {
            Some(asset_id) => albums::list_visible_with_asset(db, auth.user_id(), asset_id).await,
            None => albums::list_visible(db, auth.user_id()).await,
        }
        .map_err(storage_error("list albums"))?;
        let mut responses = self.responses(Some(auth.user_id()), found).await?;
        if query.asset_id.is_none() {
            responses.retain(|a| {
                let owned = a.owner_id() == Some(auth.user_id());
                query.is_owned.is_none_or(|want| want == owned)
                    && query.is_shared.is_none_or(|want| want == a.shared)
                    && query.name.as_ref().is_none_or(|name| &a.album_name == name)
            });
        }
        Ok(responses)
    }

    pub async fn get(&self, auth: &AuthContext, id: Uuid) -> AppResult<AlbumResponse> {
        let (album, _) = self.access(auth, id).await?;
        let mut responses = self.responses(Some(auth.user_id()), vec![album]).await?;
        responses.pop().ok_or_else(not_found)
    }

    pub async fn statistics(&self, auth: &AuthContext) -> AppResult<AlbumStatistics> {
        let all = self.list(auth, &AlbumListQuery::default()).await?;
        let owned = all.iter().filter(|a| a.owner_id() == Some(auth.user_id())).count() as u64;
        let shared = all.iter().filter(|a| a.shared).count() as u64;
        let not_shared = all.iter().filter(|a| a.owner_id() == Some(auth.user_id()) && !a.shared).count() as u64;
        Ok(AlbumStatistics { owned, shared, not_shared })
    }

    pub async fn update(&self, auth: &AuthContext, id: Uuid, dto: UpdateAlbum) -> AppResult<AlbumResponse> {
        let album = self.owned(auth, id).await?;
        let db = self.services.db();
        if let Some(cover) = dto.album_thumbnail_asset_id {
            let inside = albums::entries(db, id, &[cover]).await.map_err(storage_error("find album asset"))?;
            if inside.is_empty() {
                return Err(AppError::invalid("The cover must be one of the album's assets"));
            }
        }
        let mut active = album.into_active_model();
        if let Some(name) = dto.album_name {
            active.album_name = Set(name.trim().to_string());
        }
        if let Some(description) = dto.description {
            active.description = Set(description);
        }
        if let Some(cover) = dto.album_thumbnail_asset_id {
            active.album_thumbnail_asset_id = Set(Some(cover));
        }
        if let Some(enabled) = dto.is_activity_enabled {
            active.is_activity_enabled = Set(enabled);
        }
        if let Some(order) = dto.order {
            active.order = Set(order.as_str().to_string());
        }
        active.updated_at = Set(Utc::now());
        albums::update(db, active).await.map_err(storage_error("update album"))?;
        self.get(auth, id).await
    }

    pub async fn delete(&self, auth: &AuthContext, id: Uuid) -> AppResult<()> {
        self.owned(auth, id).await?;
        albums::delete(self.services.db(), id).await.map_err(storage_error("delete album"))?;
        tracing::info!(album_id = %id, user_id = %auth.user_id(), "album deleted");
        Ok(())
    }

    /// `PUT /albums/{id}/assets`: owners and editors add assets they own; one outcome per id.
    pub async fn add_assets(&self, auth: &AuthContext, id: Uuid, ids: &[Uuid]) -> AppResult<Vec<BulkIdResponse>> {
        let (album, role) = self.access(auth, id).await?;
        if !role.can_add() {
            return Err(AppError::new(ErrorCode::Forbidden, "Viewers cannot add to this album"));
        }
        self.add_assets_to(auth, &album, ids).await
    }

    async fn add_assets_to(
        &self,
        auth: &AuthContext,
        album: &album::Model,
        ids: &[Uuid],
    ) -> AppResult<Vec<BulkIdResponse>> {
        let db = self.services.db();
        let present: HashSet<Uuid> = albums::entries(db, album.id, ids)
            .await
            .map_err(storage_error("find album assets"))?
            .into_iter()
            .map(|e| e.asset_id)
            .collect();
        let Additions { outcomes, added } = sort_additions(db, auth.user_id(), &present, ids).await?;
        let results = outcomes
            .into_iter()
            .map(|(id, refusal)| {
                let error = refusal.map(|r| match r {
                    Refusal::Duplicate => BulkIdErrorReason::Duplicate,
                    Refusal::NotYours => BulkIdErrorReason::NoPermission,
                });
                BulkIdResponse { id, success: error.is_none(), error }
            })
            .collect();
        if !added.is_empty() {
            albums::add_assets(db, album.id, &added, auth.user_id())
                .await
                .map_err(storage_error("add album assets"))?;
            self.after_change(album, added.first().copied()).await?;
            tracing::info!(album_id = %album.id, count = added.len(), "assets added to album");
        }
        Ok(results)
    }

    /// `DELETE /albums/{id}/assets`: the owner removes any; editors what they added or own.
    pub async fn remove_assets(&self, auth: &AuthContext, id: Uuid, ids: &[Uuid]) -> AppResult<Vec<BulkIdResponse>> {
        let (album, role) = self.access(auth, id).await?;
        if !role.can_add() {
            return Err(AppError::new(ErrorCode::Forbidden, "Viewers cannot remove from this album"));
        }
        let db = self.services.db();
        let entries = albums::entries(db, id, ids).await.map_err(storage_error("find album assets"))?;
        let owners: HashMap<Uuid, Uuid> = assets::find_many(db, ids)
            .await
            .map_err(storage_error("find assets"))?
            .into_iter()
            .map(|a| (a.id, a.owner_id))
            .collect();
        let removable: HashMap<Uuid, bool> = entries
            .iter()
            .map(|e| {
                let allowed = role == AlbumUserRole::Owner
                    || e.added_by == auth.user_id()
                    || owners.get(&e.asset_id) == Some(&auth.user_id());
                (e.asset_id, allowed)
            })
            .collect();
        let mut gone = Vec::new();
        let results = ids
            .iter()
            .map(|&id| {
                let error = match removable.get(&id) {
                    None => Some(BulkIdErrorReason::NotFound),
                    Some(false) => Some(BulkIdErrorReason::NoPermission),
                    Some(true) if gone.contains(&id) => Some(BulkIdErrorReason::Duplicate),
                    Some(true) => {
                        gone.push(id);
                        None
                    }
                };
                BulkIdResponse { id, success: error.is_none(), error }
            })
            .collect();
        if !gone.is_empty() {
            albums::remove_assets(db, id, &gone).await.map_err(storage_error("remove album assets"))?;
            self.after_change(&album, None).await?;
        }
        Ok(results)
    }

    /// `PUT /albums/assets`: these assets into each of these albums.
    pub async fn add_assets_to_albums(
        &self,
        auth: &AuthContext,
        dto: AlbumsAddAssets,
    ) -> AppResult<AlbumsAddAssetsResponse> {
        let mut any = false;
        let mut error = None;
        for album_id in dto.album_ids {
            match self.add_assets(auth, album_id, &dto.asset_ids).await {
                Ok(results) => any |= results.iter().any(|r| r.success),
                Err(err) if err.code == ErrorCode::AlbumNotFound => error = Some(BulkIdErrorReason::NotFound),
                Err(err) if err.code == ErrorCode::Forbidden => error = Some(BulkIdErrorReason::NoPermission),
                Err(err) => return Err(err),
            }
        }
        let error = if any { None } else { error.or(Some(BulkIdErrorReason::Duplicate)) };
        Ok(AlbumsAddAssetsResponse { success: any, error })
    }

    /// Touches the album and keeps its cover valid: the first asset added when it had none, the
    /// oldest remaining one when its cover left.
    async fn after_change(&self, album: &album::Model, first_added: Option<Uuid>) -> AppResult<()> {
        let db = self.services.db();
        let current = albums::find(db, album.id).await.map_err(storage_error("find album"))?.ok_or_else(not_found)?;
        let cover_ok = match current.album_thumbnail_asset_id {
            Some(cover) => {
                !albums::entries(db, album.id, &[cover]).await.map_err(storage_error("find cover"))?.is_empty()
            }
            None => false,
        };
        let mut active = current.clone().into_active_model();
        if !cover_ok {
            let cover = match first_added {
                Some(id) => Some(id),
                None => albums::first_asset(db, album.id).await.map_err(storage_error("find cover"))?,
            };
            active.album_thumbnail_asset_id = Set(cover);
        }
        active.updated_at = Set(Utc::now());
        albums::update(db, active).await.map_err(storage_error("update album"))?;
        Ok(())
    }

    /// Whole responses for these albums, with members, counts and dates in a few queries.
    pub(crate) async fn responses(
        &self,
        viewer: Option<Uuid>,
        found: Vec<album::Model>,
    ) -> AppResult<Vec<AlbumResponse>> {
        let db = self.services.db();
        let ids: Vec<Uuid> = found.iter().map(|a| a.id).collect();
        let members = albums::members(db, &ids).await.map_err(storage_error("list album members"))?;
        let stats = albums::stats(db, &ids).await.map_err(storage_error("album statistics"))?;
        let mut user_ids: Vec<Uuid> = found.iter().map(|a| a.owner_id).collect();
        user_ids.extend(members.iter().map(|m| m.user_id));
        user_ids.sort();
        user_ids.dedup();
        let people: HashMap<Uuid, user::Model> = users::find_many(db, &user_ids)
            .await
            .map_err(storage_error("find album users"))?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        let mut by_album: HashMap<Uuid, Vec<(Uuid, AlbumUserRole)>> = HashMap::new();
        for member in &members {
            if let Some(role) = AlbumUserRole::parse(&member.role) {
                by_album.entry(member.album_id).or_default().push((member.user_id, role));
            }
        }
        Ok(found
            .into_iter()
            .map(|album| {
                let mut album_users: Vec<AlbumUserResponse> = Vec::new();
                let mut push = |id: Uuid, role: AlbumUserRole| {
                    if let Some(user) = people.get(&id) {
                        album_users.push(AlbumUserResponse { role, user: mapping::user_public(user) });
                    }
                };
                push(album.owner_id, AlbumUserRole::Owner);
                let mut rest = by_album.remove(&album.id).unwrap_or_default();
                let shared = !rest.is_empty();
                // The caller second, the others by name (Immich's order).
                rest.sort_by_key(|(id, _)| {
                    (Some(*id) != viewer, people.get(id).map(|u| u.name.to_lowercase()).unwrap_or_default())
                });
                for (id, role) in rest {
                    push(id, role);
                }
                let stat = stats.get(&album.id).cloned().unwrap_or_default();
                AlbumResponse {
                    id: album.id,
                    album_name: album.album_name,
                    description: album.description,
                    album_thumbnail_asset_id: album.album_thumbnail_asset_id,
                    album_users,
                    asset_count: stat.asset_count,
                    contributor_counts: stat
                        .contributors
                        .iter()
                        .map(|&(user_id, asset_count)| ContributorCount { user_id, asset_count })
                        .collect(),
                    created_at: album.created_at,
                    updated_at: album.updated_at,
                    start_date: stat.start,
                    end_date: stat.end,
                    last_modified_asset_timestamp: stat.last_modified,
                    has_shared_link: false,
                    is_activity_enabled: album.is_activity_enabled,
                    order: AssetOrder::parse(&album.order),
                    shared,
                }
            })
            .collect())
    }
}
