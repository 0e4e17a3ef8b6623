//! Shared links: an album or a chosen set of assets shown to anyone holding the link's key (and
//! its password, before its expiry). Only the owner of what is shared makes, edits and revokes
//! links; a link only ever reads.

use super::additions::{sort_additions, Additions, Refusal};
use super::{mapping, storage_error, Services};
use crate::auth::{password, token, AuthContext, LinkGrant, ShareCredential};
use crate::dto::shared_links::{
    AssetIdErrorReason, AssetIdsResponse, SharedLinkCreate, SharedLinkEdit, SharedLinkListQuery, SharedLinkResponse,
    SharedLinkType, PASSWORD_MASK,
};
use crate::entities::{asset, shared_link};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::repositories::{albums, assets, shared_links, users, RepoError};
use crate::services::auth::ClientInfo;
use chrono::Utc;
use sea_orm::{IntoActiveModel, Set};
use std::collections::HashSet;
use std::time::Instant;
use uuid::Uuid;

/// How long a password login to a link lasts when the link itself does not expire sooner.
const LOGIN_SECONDS: i64 = 24 * 3600;

pub struct SharedLinkService<'a> {
    pub(super) services: &'a Services,
}

fn not_found() -> AppError {
    AppError::new(ErrorCode::SharedLinkNotFound, "Shared link not found")
}

/// A slug goes in a URL as is: letters, digits, `-` and `_`.
fn check_slug(slug: &str) -> AppResult<()> {
    let valid = !slug.is_empty()
        && slug.len() <= 128
        && slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(AppError::invalid("A slug is 1 to 128 letters, digits, `-` or `_`"))
    }
}

/// What a browser keeps after a password login: bound to the link and its current password,
/// so changing the password signs every visitor out.
fn login_token(link: &shared_link::Model) -> Option<String> {
    link.password_hash.as_ref().map(|hash| token::hash(&format!("shared-link:{}:{hash}", link.id)))
}

fn slug_conflict(err: RepoError) -> AppError {
    match err {
        RepoError::Conflict(_) => AppError::new(ErrorCode::SlugInUse, "Another link already uses this slug"),
        other => storage_error("save shared link")(other),
    }
}

impl SharedLinkService<'_> {
    async fn owned(&self, auth: &AuthContext, id: Uuid) -> AppResult<shared_link::Model> {
        shared_links::find(self.services.db(), id)
            .await
            .map_err(storage_error("find shared link"))?
            .filter(|link| link.user_id == auth.user_id())
            .ok_or_else(not_found)
    }

    pub async fn create(&self, auth: &AuthContext, dto: SharedLinkCreate) -> AppResult<SharedLinkResponse> {
        let db = self.services.db();
        let link_type = dto.link_type;
        let album_id = match link_type {
            SharedLinkType::Album => {
                let album_id = dto.album_id.ok_or_else(|| AppError::invalid("An album link needs `albumId`"))?;
                let album = albums::find(db, album_id)
                    .await
                    .map_err(storage_error("find album"))?
                    .filter(|a| a.owner_id == auth.user_id())
                    .ok_or_else(|| AppError::new(ErrorCode::AlbumNotFound, "Album not found"))?;
                Some(album.id)
            }
            SharedLinkType::Individual => None,
        };
        let asset_ids: Vec<Uuid> = match link_type {
            SharedLinkType::Individual => {
                let ids = dedup(dto.asset_ids.unwrap_or_default());
                if ids.is_empty() {
                    return Err(AppError::invalid("A link to individual assets needs at least one of `assetIds`"));
                }
                let found = assets::find_many(db, &ids).await.map_err(storage_error("find assets"))?;
                if found.iter().filter(|a| a.owner_id == auth.user_id()).count() != ids.len() {
                    return Err(AppError::new(
                        ErrorCode::AssetNotFound,
                        "Some of these assets do not exist or are not yours",
                    ));
                }
                ids
            }
            SharedLinkType::Album => Vec::new(),
        };
        let slug = dto.slug.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        if let Some(slug) = &slug {
            check_slug(slug)?;
        }
        let password_hash = match dto.password.filter(|p| !p.is_empty()) {
            Some(password) => Some(password::hash(password).await?),
            None => None,
        };
        let model = shared_link::Model {
            id: Uuid::new_v4(),
            user_id: auth.user_id(),
            key: token::generate(),
            slug,
            link_type: link_type.as_str().into(),
            album_id,
            description: dto.description.filter(|d| !d.trim().is_empty()),
            password_hash,
            expires_at: dto.expires_at,
            allow_upload: dto.allow_upload.unwrap_or(false),
            allow_download: dto.allow_download,
            show_metadata: dto.show_metadata,
            created_at: Utc::now(),
        };
        let link = shared_links::insert(db, model.into_active_model()).await.map_err(slug_conflict)?;
        shared_links::add_assets(db, link.id, &asset_ids).await.map_err(storage_error("add link assets"))?;
        tracing::info!(link_id = %link.id, user_id = %auth.user_id(), kind = link_type.as_str(), "shared link created");
        self.response(&link).await
    }

    pub async fn list(&self, auth: &AuthContext, query: SharedLinkListQuery) -> AppResult<Vec<SharedLinkResponse>> {
        let found = shared_links::list(self.services.db(), auth.user_id(), query.album_id)
            .await
            .map_err(storage_error("list shared links"))?;
        let mut out = Vec::with_capacity(found.len());
        for link in found.iter().filter(|l| query.id.is_none_or(|id| id == l.id)) {
            out.push(self.response(link).await?);
        }
        Ok(out)
    }

    pub async fn get(&self, auth: &AuthContext, id: Uuid) -> AppResult<SharedLinkResponse> {
        let link = self.owned(auth, id).await?;
        self.response(&link).await
    }

    pub async fn update(&self, auth: &AuthContext, id: Uuid, edit: SharedLinkEdit) -> AppResult<SharedLinkResponse> {
        let link = self.owned(auth, id).await?;
        let mut active = link.into_active_model();
        if let Some(description) = edit.description {
            active.description = Set(description.filter(|d| !d.trim().is_empty()));
        }
        match edit.password {
            // The mask is what we sent; sending it back means "unchanged".
            Some(Some(p)) if p == PASSWORD_MASK => {}
            Some(Some(p)) if !p.is_empty() => active.password_hash = Set(Some(password::hash(p).await?)),
            Some(_) => active.password_hash = Set(None),
            None => {}
        }
        if let Some(slug) = edit.slug {
            let slug = slug.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
            if let Some(slug) = &slug {
                check_slug(slug)?;
            }
            active.slug = Set(slug);
        }
        if let Some(expires_at) = edit.expires_at {
            active.expires_at = Set(expires_at);
        }
        if let Some(v) = edit.allow_upload {
            active.allow_upload = Set(v);
        }
        if let Some(v) = edit.allow_download {
            active.allow_download = Set(v);
        }
        if let Some(v) = edit.show_metadata {
            active.show_metadata = Set(v);
        }
        let link = shared_links::update(self.services.db(), active).await.map_err(slug_conflict)?;
        self.response(&link).await
    }

    pub async fn delete(&self, auth: &AuthContext, id: Uuid) -> AppResult<()> {
        let link = self.owned(auth, id).await?;
        shared_links::delete(self.services.db(), link.id).await.map_err(storage_error("delete shared link"))?;
        tracing::info!(link_id = %link.id, user_id = %auth.user_id(), "shared link revoked");
        Ok(())
    }

    async fn owned_individual(&self, auth: &AuthContext, id: Uuid) -> AppResult<shared_link::Model> {
        let link = self.owned(auth, id).await?;
        if link.link_type != SharedLinkType::Individual.as_str() {
            return Err(AppError::invalid(
                "Only a link to individual assets holds assets; an album link shows its album",
            ));
        }
        Ok(link)
    }

    /// The assets an individual link holds.
    async fn held(&self, link: Uuid) -> AppResult<HashSet<Uuid>> {
        let ids = shared_links::asset_ids(self.services.db(), link).await.map_err(storage_error("list link assets"))?;
        Ok(ids.into_iter().collect())
    }

    pub async fn add_assets(&self, auth: &AuthContext, id: Uuid, ids: &[Uuid]) -> AppResult<Vec<AssetIdsResponse>> {
        let link = self.owned_individual(auth, id).await?;
        let db = self.services.db();
        let held = self.held(link.id).await?;
        let Additions { outcomes, added } = sort_additions(db, auth.user_id(), &held, ids).await?;
        let results = outcomes
            .into_iter()
            .map(|(asset_id, refusal)| {
                let error = refusal.map(|r| match r {
                    Refusal::Duplicate => AssetIdErrorReason::Duplicate,
                    Refusal::NotYours => AssetIdErrorReason::NoPermission,
                });
                AssetIdsResponse { asset_id, success: error.is_none(), error }
            })
            .collect();
        shared_links::add_assets(db, link.id, &added).await.map_err(storage_error("add link assets"))?;
        Ok(results)
    }

    pub async fn remove_assets(&self, auth: &AuthContext, id: Uuid, ids: &[Uuid]) -> AppResult<Vec<AssetIdsResponse>> {
        let link = self.owned_individual(auth, id).await?;
        let db = self.services.db();
        let held = self.held(link.id).await?;
        let gone: Vec<Uuid> = dedup(ids.iter().copied().filter(|id| held.contains(id)).collect());
        shared_links::remove_assets(db, link.id, &gone).await.map_err(storage_error("remove link assets"))?;
        Ok(ids
            .iter()
            .map(|&asset_id| {
                let error = (!held.contains(&asset_id)).then_some(AssetIdErrorReason::NotFound);
                AssetIdsResponse { asset_id, success: error.is_none(), error }
            })
            .collect())
    }

    async fn find_presented(&self, credential: &ShareCredential) -> AppResult<shared_link::Model> {
        let link = shared_links::find_by_key_or_slug(
            self.services.db(),
            credential.key.as_deref(),
            credential.slug.as_deref(),
        )
        .await
        .map_err(storage_error("find shared link"))?
        .ok_or_else(|| AppError::new(ErrorCode::InvalidShareKey, "This shared link does not exist or was revoked"))?;
        if link.expires_at.is_some_and(|at| at <= Utc::now()) {
            return Err(AppError::new(ErrorCode::SharedLinkExpired, "This shared link has expired"));
        }
        Ok(link)
    }

    /// The link a visitor presents, if it is valid now and its password (if any) was given.
    pub async fn authenticate(&self, credential: &ShareCredential) -> AppResult<LinkGrant> {
        let link = self.find_presented(credential).await?;
        if let Some(expected) = login_token(&link) {
            let given = credential.token.as_deref().unwrap_or_default();
            if !constant_time_eq(given.as_bytes(), expected.as_bytes()) {
                return Err(AppError::new(
                    ErrorCode::SharedLinkPasswordRequired,
                    "This shared link is protected by a password",
                ));
            }
        }
        Ok(LinkGrant { link })
    }

    /// Checks a link's password; the token returned goes in the visitor's cookie for as long as
    /// the number of seconds returned with it.
    pub async fn login(
        &self,
        credential: &ShareCredential,
        given: String,
        client: &ClientInfo,
    ) -> AppResult<(SharedLinkResponse, Option<(String, i64)>)> {
        let link = self.find_presented(credential).await?;
        let Some(token) = login_token(&link) else {
            // Nothing to log in to: the link is open.
            return Ok((self.visitor_response(&LinkGrant { link }).await?, None));
        };
        let account = format!("shared-link:{}", link.id);
        let address = client.address.as_deref();
        let throttle = self.services.throttle();
        if let Some(wait) = throttle.check(&account, address, Instant::now()) {
            let minutes = wait.as_secs().div_ceil(60).max(1);
            return Err(AppError::new(
                ErrorCode::TooManyAttempts,
                format!("Too many wrong passwords. Try again in {minutes} minute(s)."),
            ));
        }
        if !password::verify(given, link.password_hash.clone()).await {
            throttle.record_failure(&account, address, Instant::now());
            return Err(AppError::new(ErrorCode::WrongPassword, "Wrong password for this shared link"));
        }
        throttle.record_success(&account);
        let max_age = match link.expires_at {
            Some(at) => (at - Utc::now()).num_seconds().clamp(1, LOGIN_SECONDS),
            None => LOGIN_SECONDS,
        };
        let response = self.visitor_response(&LinkGrant { link }).await?;
        Ok((response, Some((token, max_age))))
    }

    /// Who owns what a visitor uploads through a link: the link's owner, into the link's album,
    /// and only when the owner allowed uploads. The context grants nothing but the upload.
    pub async fn uploader(&self, credential: &ShareCredential) -> AppResult<(AuthContext, Uuid)> {
        let grant = self.authenticate(credential).await?;
        if !grant.link.allow_upload {
            return Err(AppError::new(ErrorCode::Forbidden, "This shared link does not allow uploads"));
        }
        let album = grant
            .link
            .album_id
            .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "Only an album's link takes uploads"))?;
        let owner = users::find_by_id(self.services.db(), grant.link.user_id)
            .await
            .map_err(storage_error("find link owner"))?
            .filter(|u| u.deleted_at.is_none())
            .ok_or_else(|| AppError::new(ErrorCode::InvalidShareKey, "This shared link no longer works"))?;
        let auth =
            AuthContext { user: owner, session_id: None, api_key_id: None, permissions: vec!["asset.upload".into()] };
        Ok((auth, album))
    }

    /// Puts what a visitor uploaded through a link into the link's album. A file the owner
    /// already had joins the album only if it is on their timeline or in their archive: a
    /// visitor's upload never exposes a hidden, locked or trashed asset.
    pub async fn file_upload(&self, owner: &AuthContext, album: Uuid, asset: Uuid) -> AppResult<()> {
        let found = assets::find_by_id(self.services.db(), asset).await.map_err(storage_error("find asset"))?;
        if !found.is_some_and(|a| a.deleted_at.is_none() && link_visible(&a)) {
            return Ok(());
        }
        self.services.albums().add_assets(owner, album, &[asset]).await?;
        tracing::info!(album_id = %album, asset_id = %asset, "asset uploaded through a shared link");
        Ok(())
    }

    /// What a visitor sees of the link they hold (`GET /api/shared-links/me`).
    pub async fn visitor_response(&self, grant: &LinkGrant) -> AppResult<SharedLinkResponse> {
        let mut response = self.response(&grant.link).await?;
        // The key is already theirs; the owner's settings beyond the three flags are not.
        response.password = None;
        Ok(response)
    }

    /// The name of the album a link shows, if it shows one (the public page's title).
    pub async fn album_name(&self, grant: &LinkGrant) -> AppResult<Option<String>> {
        let Some(album_id) = grant.link.album_id else { return Ok(None) };
        let album = albums::find(self.services.db(), album_id).await.map_err(storage_error("find album"))?;
        Ok(album.map(|a| a.album_name))
    }

    /// Everything the link shows, oldest first (the public page's grid).
    pub async fn visible_assets(&self, grant: &LinkGrant) -> AppResult<Vec<asset::Model>> {
        let db = self.services.db();
        let ids = match grant.link.album_id {
            Some(album_id) => assets::ids_in_album(db, album_id).await,
            None => shared_links::asset_ids(db, grant.link.id).await,
        }
        .map_err(storage_error("list link assets"))?;
        let mut found = assets::find_many(db, &ids).await.map_err(storage_error("find link assets"))?;
        found.retain(|a| a.deleted_at.is_none() && link_visible(a));
        found.sort_by_key(|a| (a.local_date_time.unwrap_or(a.file_created_at), a.id));
        Ok(found)
    }

    /// Whether a link shows this asset: one of its own, or one in its album; never trashed.
    pub(crate) async fn shows(&self, grant: &LinkGrant, asset: &asset::Model) -> AppResult<bool> {
        if asset.deleted_at.is_some() || !link_visible(asset) {
            return Ok(false);
        }
        let db = self.services.db();
        match grant.link.album_id {
            Some(album_id) => albums::holds_asset(db, album_id, asset.id).await.map_err(storage_error("check album")),
            None => shared_links::holds_asset(db, grant.link.id, asset.id).await.map_err(storage_error("check link")),
        }
    }

    async fn response(&self, link: &shared_link::Model) -> AppResult<SharedLinkResponse> {
        let db = self.services.db();
        let assets = match link.album_id {
            Some(_) => Vec::new(),
            None => {
                let ids = shared_links::asset_ids(db, link.id).await.map_err(storage_error("list link assets"))?;
                let mut found = assets::find_many(db, &ids).await.map_err(storage_error("find link assets"))?;
                found.retain(|a| a.deleted_at.is_none() && link_visible(a));
                found.sort_by_key(|a| std::cmp::Reverse(a.local_date_time.unwrap_or(a.file_created_at)));
                found.iter().map(mapping::asset).collect()
            }
        };
        let album = match link.album_id {
            Some(album_id) => {
                let found = albums::find(db, album_id).await.map_err(storage_error("find album"))?;
                match found {
                    Some(album) => self.services.albums().responses(None, vec![album]).await?.pop(),
                    None => None,
                }
            }
            None => None,
        };
        Ok(SharedLinkResponse {
            id: link.id,
            description: link.description.clone(),
            password: link.password_hash.as_ref().map(|_| PASSWORD_MASK.to_string()),
            user_id: link.user_id,
            key: link.key.clone(),
            link_type: SharedLinkType::parse(&link.link_type).unwrap_or(SharedLinkType::Individual),
            created_at: link.created_at,
            expires_at: link.expires_at,
            assets,
            album,
            allow_upload: link.allow_upload,
            allow_download: link.allow_download,
            show_metadata: link.show_metadata,
            slug: link.slug.clone(),
        })
    }
}

/// Links show what is on the timeline or in the archive; hidden and locked assets stay private.
fn link_visible(asset: &asset::Model) -> bool {
    matches!(asset.visibility.as_str(), "timeline" | "archive")
}

fn dedup(ids: Vec<Uuid>) -> Vec<Uuid> {
    let mut seen = HashSet::new();
    ids.into_iter().filter(|id| seen.insert(*id)).collect()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
