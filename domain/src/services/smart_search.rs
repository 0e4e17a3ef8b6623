//! Smart search: assets nearest a text or another asset by CLIP embedding, combined with any
//! metadata filter. PostgreSQL ranks with pgvector's HNSW index; embedded mode ranks in memory
//! (see `vector_index`) and lets SQLite apply the filters.

use super::search::{no_results, PageWindow};
use super::{mapping, storage_error, Services};
use crate::auth::AuthContext;
use crate::dto::search::{SearchResponse, SmartSearch};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::repositories::assets;
use crate::repositories::ml_status::{self, MlStep};
use crate::repositories::search::{self, AssetSearch};
use crate::repositories::vectors::{self, VectorTable};
use sea_orm::DbBackend;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

pub struct SmartSearchService<'a> {
    pub(super) services: &'a Services,
}

/// Immich's default page for smart search (its largest is the metadata search's).
const DEFAULT_SIZE: u64 = 100;

impl SmartSearchService<'_> {
    pub fn enabled(&self) -> bool {
        let ml = &self.services.settings().machine_learning;
        ml.enabled && ml.clip.enabled
    }

    /// Stores an asset's image embedding.
    pub async fn save(&self, asset_id: Uuid, embedding: &[f32]) -> AppResult<()> {
        let db = self.services.db();
        vectors::upsert(db, VectorTable::SmartSearch, asset_id, embedding)
            .await
            .map_err(storage_error("save embedding"))?;
        ml_status::mark(db, asset_id, MlStep::SmartSearch).await.map_err(storage_error("mark smart search"))
    }

    pub async fn embedding(&self, asset_id: Uuid) -> AppResult<Option<Vec<f32>>> {
        vectors::get(self.services.db(), VectorTable::SmartSearch, asset_id)
            .await
            .map_err(storage_error("read embedding"))
    }

    /// Makes the stored embeddings fit a model of `dimension`: vectors of another model cannot
    /// be compared with its own, so they are dropped and every asset is to be embedded again.
    /// Returns whether that happened.
    pub async fn adopt_dimension(&self, dimension: usize) -> AppResult<bool> {
        let db = self.services.db();
        let stored = match db.get_database_backend() {
            DbBackend::Postgres => {
                vectors::dimension(db, VectorTable::SmartSearch).await.map_err(storage_error("read dimension"))?
            }
            _ => {
                self.services
                    .vector_index(VectorTable::SmartSearch)
                    .refresh(db)
                    .await
                    .map_err(storage_error("load vectors"))?;
                self.services.vector_index(VectorTable::SmartSearch).dimension().await
            }
        };
        if stored.is_none_or(|d| d == dimension) {
            return Ok(false);
        }
        tracing::warn!(?stored, dimension, "the CLIP model's embeddings have another width: smart search starts over");
        vectors::reset(db, VectorTable::SmartSearch, dimension).await.map_err(storage_error("reset embeddings"))?;
        ml_status::clear(db, MlStep::SmartSearch).await.map_err(storage_error("clear smart search marks"))?;
        ml_status::clear(db, MlStep::DuplicateDetection).await.map_err(storage_error("clear duplicate marks"))?;
        Ok(true)
    }

    /// `POST /api/search/smart`: a page of the caller's assets nearest the query, nearest first.
    pub async fn search(&self, auth: &AuthContext, dto: SmartSearch) -> AppResult<SearchResponse> {
        if !self.enabled() {
            return Err(AppError::new(ErrorCode::FeatureDisabled, "Smart search is not enabled"));
        }
        let window = PageWindow::new(dto.page, dto.size, DEFAULT_SIZE)?;
        let with_exif = dto.with_exif == Some(true);
        let query = self.query_embedding(auth, &dto).await?;
        let Some(filters) = self.services.search().search_for_metadata(auth, dto.filters()).await? else {
            return Ok(no_results());
        };
        let mut hits = self.nearest_assets(&filters, &query, None, window.offset, window.size + 1).await?;
        let more = hits.len() as u64 > window.size;
        hits.truncate(window.size as usize);
        let ids: Vec<Uuid> = hits.iter().map(|h| h.0).collect();
        let items = self.responses(&ids, with_exif).await?;
        Ok(window.response(items, more))
    }

    /// The web app's smart search: ids of the caller's assets nearest `text` that meet the
    /// filters, nearest first.
    pub async fn search_ids(&self, filters: &AssetSearch, text: &str, offset: u64, limit: u64) -> AppResult<Vec<Uuid>> {
        if !self.enabled() {
            return Err(AppError::new(ErrorCode::FeatureDisabled, "Smart search is not enabled"));
        }
        let query = self.encode(text).await?;
        Ok(self.nearest_assets(filters, &query, None, offset, limit).await?.into_iter().map(|h| h.0).collect())
    }

    async fn query_embedding(&self, auth: &AuthContext, dto: &SmartSearch) -> AppResult<Vec<f32>> {
        if let Some(asset_id) = dto.query_asset_id {
            // "More like this": only from an asset the caller may see.
            self.services.assets().find_readable(auth.into(), asset_id).await?;
            return self.embedding(asset_id).await?.ok_or_else(|| {
                AppError::new(ErrorCode::NotIndexedYet, "This asset has not been indexed for smart search yet")
            });
        }
        match dto.query.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            Some(text) => self.encode(text).await,
            None => Err(AppError::invalid("Either `query` or `queryAssetId` is needed")),
        }
    }

    async fn encode(&self, text: &str) -> AppResult<Vec<f32>> {
        let encoder = self.services.inference().ok_or_else(|| {
            AppError::new(ErrorCode::ModelUnavailable, "Smart search is not available in this process")
        })?;
        encoder.encode_text(text).await.map_err(|reason| {
            tracing::warn!(reason, "a smart search query could not be embedded");
            AppError::new(ErrorCode::ModelUnavailable, format!("Smart search cannot run: {reason}"))
        })
    }

    /// Assets meeting `filters`, nearest `query` first (within `max_distance`), a page of them
    /// with their distances.
    pub async fn nearest_assets(
        &self,
        filters: &AssetSearch,
        query: &[f32],
        max_distance: Option<f32>,
        offset: u64,
        limit: u64,
    ) -> AppResult<Vec<(Uuid, f32)>> {
        let db = self.services.db();
        if db.get_database_backend() == DbBackend::Postgres {
            return vectors::nearest_pg(
                db,
                VectorTable::SmartSearch,
                query,
                search::matching(filters),
                max_distance,
                offset,
                limit,
            )
            .await
            .map_err(storage_error("smart search"));
        }
        let index = self.services.vector_index(VectorTable::SmartSearch);
        index.refresh(db).await.map_err(storage_error("load vectors"))?;
        let owners: HashSet<Uuid> = filters.owners.iter().copied().collect();
        // Saturating: a page far past the end must find nothing, not overflow.
        let wanted = usize::try_from(offset.saturating_add(limit)).unwrap_or(usize::MAX);
        // Rank in memory, then let the database keep those meeting the filters; ask for more
        // candidates until the page is full or there are no more.
        let mut asked = wanted.saturating_mul(2).max(200);
        loop {
            let candidates =
                index.nearest(db, query, &owners, asked, max_distance).await.map_err(storage_error("rank vectors"))?;
            let ids: Vec<Uuid> = candidates.iter().map(|c| c.0).collect();
            let kept = search::filter_ids(db, filters, &ids).await.map_err(storage_error("filter search"))?;
            let found: Vec<(Uuid, f32)> = candidates.into_iter().filter(|c| kept.contains(&c.0)).collect();
            if found.len() >= wanted || ids.len() < asked {
                return Ok(found.into_iter().skip(offset as usize).take(limit as usize).collect());
            }
            asked = asked.saturating_mul(4);
        }
    }

    /// The assets, in the order given.
    async fn responses(&self, ids: &[Uuid], with_exif: bool) -> AppResult<Vec<crate::dto::assets::AssetResponse>> {
        let rows = assets::find_many(self.services.db(), ids).await.map_err(storage_error("load assets"))?;
        let mut by_id: HashMap<Uuid, _> = rows.into_iter().map(|a| (a.id, a)).collect();
        let rows: Vec<_> = ids.iter().filter_map(|id| by_id.remove(id)).collect();
        if with_exif {
            self.services.search().with_exif(&rows).await
        } else {
            Ok(rows.iter().map(mapping::asset).collect())
        }
    }
}
