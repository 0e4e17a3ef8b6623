//! Near-duplicates: assets of one library whose CLIP embeddings are within
//! `duplicate_detection.max_distance` of each other share a group; the user keeps some and
//! trashes the rest, or dismisses the group.

use super::{mapping, storage_error, Services};
use crate::auth::AuthContext;
use crate::dto::albums::{BulkIdErrorReason, BulkIdResponse};
use crate::dto::assets::AssetVisibility;
use crate::dto::duplicates::{DuplicateResolve, DuplicateResponse};
use crate::error::{AppError, AppResult};
use crate::repositories::ml_status::{self, MlStep};
use crate::repositories::search::AssetSearch;
use crate::repositories::{assets, duplicates};
use std::collections::HashSet;
use uuid::Uuid;

pub struct DuplicateService<'a> {
    pub(super) services: &'a Services,
}

/// At most this many near-duplicates join one asset's group per run.
const MAX_MATCHES: u64 = 50;

impl DuplicateService<'_> {
    pub fn enabled(&self) -> bool {
        let ml = &self.services.settings().machine_learning;
        ml.enabled && ml.clip.enabled && ml.duplicate_detection.enabled
    }

    /// Groups the asset with its near-duplicates (merging groups they already belong to).
    /// Returns the group, if any.
    pub async fn detect(&self, asset_id: Uuid) -> AppResult<Option<Uuid>> {
        let db = self.services.db();
        let Some(asset) = assets::find_by_id(db, asset_id).await.map_err(storage_error("find asset"))? else {
            return Ok(None);
        };
        let Some(embedding) = self.services.smart_search().embedding(asset_id).await? else {
            return Ok(None);
        };
        let max = self.services.settings().machine_learning.duplicate_detection.max_distance;
        let scope = AssetSearch {
            owners: vec![asset.owner_id],
            visibilities: AssetVisibility::filter(None),
            newest_first: true,
            ..AssetSearch::default()
        };
        let near =
            self.services.smart_search().nearest_assets(&scope, &embedding, Some(max), 0, MAX_MATCHES + 1).await?;
        let matches: Vec<Uuid> = near.into_iter().map(|n| n.0).filter(|id| *id != asset_id).collect();
        let group = if matches.is_empty() || asset.deleted_at.is_some() {
            None
        } else {
            let mut members = matches.clone();
            members.push(asset_id);
            let rows = assets::find_many(db, &members).await.map_err(storage_error("read duplicates"))?;
            let existing: Vec<Uuid> =
                rows.iter().filter_map(|a| a.duplicate_id).collect::<HashSet<_>>().into_iter().collect();
            let group = existing.first().copied().unwrap_or_else(Uuid::new_v4);
            let absorbed: Vec<Uuid> = existing.into_iter().filter(|g| *g != group).collect();
            duplicates::join_group(db, group, &members, &absorbed).await.map_err(storage_error("group duplicates"))?;
            Some(group)
        };
        ml_status::mark(db, asset_id, MlStep::DuplicateDetection).await.map_err(storage_error("mark duplicates"))?;
        Ok(group)
    }

    /// `GET /api/duplicates`: the caller's groups, each with the asset Immich would suggest
    /// keeping (the largest file; the oldest among equals).
    pub async fn list(&self, auth: &AuthContext) -> AppResult<Vec<DuplicateResponse>> {
        let groups =
            duplicates::groups(self.services.db(), auth.user_id()).await.map_err(storage_error("list duplicates"))?;
        Ok(groups
            .into_iter()
            .map(|(duplicate_id, members)| {
                let keep = members
                    .iter()
                    .max_by(|a, b| a.file_size.cmp(&b.file_size).then(b.file_created_at.cmp(&a.file_created_at)));
                DuplicateResponse {
                    duplicate_id,
                    suggested_keep_asset_ids: keep.map(|k| vec![k.id]).unwrap_or_default(),
                    assets: members.iter().map(mapping::asset).collect(),
                }
            })
            .collect())
    }

    /// `POST /api/duplicates/resolve`: per group, the kept assets leave it and the others go to
    /// the trash. Every asset named must be in that group.
    pub async fn resolve(&self, auth: &AuthContext, dto: DuplicateResolve) -> AppResult<Vec<BulkIdResponse>> {
        let db = self.services.db();
        let groups = duplicates::groups(db, auth.user_id()).await.map_err(storage_error("list duplicates"))?;
        let mut out = Vec::with_capacity(dto.groups.len());
        for group in dto.groups {
            let Some((_, members)) = groups.iter().find(|(id, _)| *id == group.duplicate_id) else {
                out.push(BulkIdResponse {
                    id: group.duplicate_id,
                    success: false,
                    error: Some(BulkIdErrorReason::NotFound),
                });
                continue;
            };
            let in_group: HashSet<Uuid> = members.iter().map(|a| a.id).collect();
            let named = group.keep_asset_ids.iter().chain(&group.trash_asset_ids);
            if named.clone().any(|id| !in_group.contains(id))
                || group.keep_asset_ids.iter().any(|k| group.trash_asset_ids.contains(k))
            {
                out.push(BulkIdResponse {
                    id: group.duplicate_id,
                    success: false,
                    error: Some(BulkIdErrorReason::Validation),
                });
                continue;
            }
            if !group.trash_asset_ids.is_empty() {
                let trash = crate::dto::assets::AssetBulkDelete { ids: group.trash_asset_ids.clone(), force: None };
                self.services.assets().delete(auth, trash).await?;
            }
            let leaving: Vec<Uuid> = group.keep_asset_ids.iter().chain(&group.trash_asset_ids).copied().collect();
            duplicates::leave(db, &leaving).await.map_err(storage_error("leave group"))?;
            out.push(BulkIdResponse { id: group.duplicate_id, success: true, error: None });
        }
        Ok(out)
    }

    /// `DELETE /api/duplicates`: the groups are not duplicates after all.
    pub async fn dismiss(&self, auth: &AuthContext, ids: &[Uuid]) -> AppResult<()> {
        if ids.is_empty() {
            return Err(AppError::invalid("No groups given"));
        }
        duplicates::dissolve(self.services.db(), auth.user_id(), ids)
            .await
            .map_err(storage_error("dismiss duplicates"))?;
        Ok(())
    }
}
