//! Search by metadata: the caller's assets (and those of partners shown in their timeline),
//! filtered by any combination of Immich's `MetadataSearchDto`, a page at a time.

use super::assets::normalize_checksum;
use super::{mapping, storage_error, Services};
use crate::auth::AuthContext;
use crate::dto::assets::AssetResponse;
use crate::dto::assets::AssetVisibility;
use crate::dto::search::{
    day_range, ExploreTag, MetadataSearch, Place, SearchAlbums, SearchAssets, SearchExploreItem, SearchExploreResponse,
    SearchFilters, SearchResponse, SearchSuggestionType, SearchSuggestionsQuery,
};
use crate::dto::timeline::AssetOrder;
use crate::entities::asset;
use crate::error::{AppError, AppResult};
use crate::repositories::search::{self, AssetSearch};
use crate::repositories::search_suggestions;
use crate::repositories::{asset_exif, assets, explore_tags, places};
use std::collections::HashMap;

pub struct SearchService<'a> {
    pub(super) services: &'a Services,
}

/// Immich's default and largest page.
const DEFAULT_SIZE: u64 = 250;
const MAX_SIZE: u64 = 1000;
/// The explore page's places: more than anyone scrolls through.
const MAX_PLACES: u64 = 500;
/// The explore page's tags: the classifier and detector know about 1 100 names in all.
const MAX_TAGS: u64 = 200;

/// A page of an Immich search (`page` from 1, `size` assets): checked, with the rows to skip.
pub(crate) struct PageWindow {
    pub page: u64,
    pub size: u64,
    pub offset: u64,
}

impl PageWindow {
    /// `default_size` when none is given (Immich's differs between metadata and smart search).
    pub(crate) fn new(page: Option<u64>, size: Option<u64>, default_size: u64) -> AppResult<PageWindow> {
        let size = size.unwrap_or(default_size);
        if !(1..=MAX_SIZE).contains(&size) {
            return Err(AppError::invalid(format!("`size` must be between 1 and {MAX_SIZE}")));
        }
        let page = page.unwrap_or(1);
        if page == 0 {
            return Err(AppError::invalid("`page` starts at 1"));
        }
        // The databases take signed 64-bit offsets, and a page asks for one row more than its size.
        let offset = (page - 1)
            .checked_mul(size)
            .filter(|offset| offset.checked_add(size + 1).is_some_and(|end| end <= i64::MAX as u64))
            .ok_or_else(|| AppError::invalid("`page` is too large"))?;
        Ok(PageWindow { page, size, offset })
    }

    /// The answer for `items` found when asking for one more than the page (`more`: there was).
    pub(crate) fn response(&self, items: Vec<AssetResponse>, more: bool) -> SearchResponse {
        let count = items.len() as u64;
        SearchResponse {
            albums: SearchAlbums::default(),
            assets: SearchAssets {
                count,
                facets: Vec::new(),
                items,
                next_page: more.then(|| (self.page + 1).to_string()),
                total: count,
            },
        }
    }
}

/// The answer to filters no asset can meet.
pub(crate) fn no_results() -> SearchResponse {
    SearchResponse {
        albums: SearchAlbums::default(),
        assets: SearchAssets { count: 0, facets: Vec::new(), items: Vec::new(), next_page: None, total: 0 },
    }
}

/// What the explore page looks through: the caller's own timeline.
fn own_timeline(auth: &AuthContext) -> AssetSearch {
    AssetSearch {
        owners: vec![auth.user_id()],
        visibilities: vec![AssetVisibility::Timeline.as_str()],
        ..Default::default()
    }
}

impl SearchService<'_> {
    pub async fn metadata(&self, auth: &AuthContext, dto: MetadataSearch) -> AppResult<SearchResponse> {
        let window = PageWindow::new(dto.page, dto.size, DEFAULT_SIZE)?;
        let with_exif = dto.with_exif == Some(true);
        let Some(search) = self.search_for_metadata(auth, dto).await? else {
            return Ok(no_results());
        };
        let db = self.services.db();
        // One more than a page: whether there is a next one.
        let mut rows = search::search_assets(db, &search, window.offset, window.size + 1)
            .await
            .map_err(storage_error("search"))?;
        let more = rows.len() as u64 > window.size;
        rows.truncate(window.size as usize);
        let items = if with_exif { self.with_exif(&rows).await? } else { rows.iter().map(mapping::asset).collect() };
        Ok(window.response(items, more))
    }

    /// Immich's filters as a search, checked; `None` when no asset can meet them.
    pub(crate) async fn search_for_metadata(
        &self,
        auth: &AuthContext,
        dto: MetadataSearch,
    ) -> AppResult<Option<AssetSearch>> {
        for (after, before, name) in [
            (dto.taken_after, dto.taken_before, "taken"),
            (dto.created_after, dto.created_before, "created"),
            (dto.updated_after, dto.updated_before, "updated"),
            (dto.trashed_after, dto.trashed_before, "trashed"),
        ] {
            if after.zip(before).is_some_and(|(a, b)| a > b) {
                return Err(AppError::invalid(format!("`{name}After` is later than `{name}Before`")));
            }
        }
        // Filters no asset can meet: user tags (Shoebox's object tags are searched by word) and
        // offline files (there are no external libraries yet).
        let wants_tags = dto.tag_ids.as_ref().is_some_and(|t| t.as_ref().is_some_and(|t| !t.is_empty()));
        if wants_tags || dto.is_offline == Some(true) {
            return Ok(None);
        }
        Ok(Some(AssetSearch {
            owners: self.services.partners().with_timeline_partners(auth.user_id()).await?,
            id: dto.id,
            checksum: dto.checksum.as_deref().map(normalize_checksum).transpose()?,
            file_name: dto.original_file_name.filter(|n| !n.trim().is_empty()),
            description: dto.description.filter(|d| !d.trim().is_empty()),
            city: dto.city,
            state: dto.state,
            country: dto.country,
            make: dto.make,
            model: dto.model,
            lens_model: dto.lens_model,
            rating: dto.rating,
            taken_after: dto.taken_after,
            taken_before: dto.taken_before,
            created_after: dto.created_after,
            created_before: dto.created_before,
            updated_after: dto.updated_after,
            updated_before: dto.updated_before,
            trashed_after: dto.trashed_after,
            trashed_before: dto.trashed_before,
            asset_type: dto.asset_type.map(|t| t.as_str()),
            favorite: dto.is_favorite,
            visibilities: AssetVisibility::filter(dto.visibility),
            with_deleted: dto.with_deleted == Some(true),
            in_any_album: dto.album_ids.filter(|ids| !ids.is_empty()),
            in_no_album: dto.is_not_in_album == Some(true),
            newest_first: dto.order.unwrap_or_default() == AssetOrder::Desc,
            ocr: dto.ocr.filter(|t| !t.trim().is_empty()).map(|t| t.trim().to_string()),
            people: dto.person_ids.unwrap_or_default(),
            ..Default::default()
        }))
    }

    /// The web app's search (the filters in its URL) over the caller's assets and those of the
    /// partners they show in their timeline.
    pub async fn search_for_filters(&self, auth: &AuthContext, filters: &SearchFilters) -> AppResult<AssetSearch> {
        if filters.from.zip(filters.to).is_some_and(|(from, to)| from > to) {
            return Err(AppError::invalid("The first day is after the last one"));
        }
        if let Some(album) = filters.album {
            // Only an album the caller may see narrows anything (else: a clear refusal).
            self.services.albums().access(auth, album).await?;
        }
        for person in &filters.people {
            // Likewise only the caller's own people (else: person not found).
            self.services.people().get(auth, *person).await?;
        }
        let (taken_after, taken_before) = day_range(filters.from, filters.to);
        Ok(AssetSearch {
            owners: self.services.partners().with_timeline_partners(auth.user_id()).await?,
            text: filters.words.clone(),
            city: filters.city.clone().map(Some),
            state: filters.state.clone().map(Some),
            country: filters.country.clone().map(Some),
            make: filters.make.clone().map(Some),
            model: filters.model.clone().map(Some),
            lens_model: filters.lens.clone().map(Some),
            tag: filters.tag.clone(),
            no_location: filters.no_location,
            rating: filters.rating.map(Some),
            taken_after,
            taken_before,
            asset_type: filters.media.map(|t| t.as_str()),
            favorite: filters.favorite.then_some(true),
            visibilities: if filters.archived {
                vec![AssetVisibility::Archive.as_str()]
            } else {
                AssetVisibility::filter(None)
            },
            with_deleted: filters.with_trash,
            in_any_album: filters.album.map(|a| vec![a]),
            people: filters.people.clone(),
            no_people: filters.no_people,
            newest_first: true,
            ..Default::default()
        })
    }

    /// What the search box suggests for one field (`GET /api/search/suggestions`).
    pub async fn suggestions(
        &self,
        auth: &AuthContext,
        query: &SearchSuggestionsQuery,
    ) -> AppResult<Vec<Option<String>>> {
        let owners = self.services.partners().with_timeline_partners(auth.user_id()).await?;
        self.suggestions_among(owners, query).await
    }

    /// Every field's unnarrowed suggestions at once (the web app's search form), in `kinds`'
    /// order, with the owners read once.
    pub async fn suggestion_lists(
        &self,
        auth: &AuthContext,
        kinds: &[SearchSuggestionType],
    ) -> AppResult<Vec<Vec<String>>> {
        let owners = self.services.partners().with_timeline_partners(auth.user_id()).await?;
        let mut lists = Vec::with_capacity(kinds.len());
        for &suggestion_type in kinds {
            let query = SearchSuggestionsQuery {
                suggestion_type,
                country: None,
                state: None,
                make: None,
                model: None,
                lens_model: None,
                include_null: None,
            };
            lists.push(self.suggestions_among(owners.clone(), &query).await?.into_iter().flatten().collect());
        }
        Ok(lists)
    }

    async fn suggestions_among(
        &self,
        owners: Vec<uuid::Uuid>,
        query: &SearchSuggestionsQuery,
    ) -> AppResult<Vec<Option<String>>> {
        use crate::entities::asset_exif::Column;
        let field = match query.suggestion_type {
            SearchSuggestionType::Country => Column::Country,
            SearchSuggestionType::State => Column::State,
            SearchSuggestionType::City => Column::City,
            SearchSuggestionType::CameraMake => Column::Make,
            SearchSuggestionType::CameraModel => Column::Model,
            SearchSuggestionType::CameraLensModel => Column::LensModel,
        };
        // Only the fields above the one asked narrow it: a country's states, a make's models.
        let above = |value: &Option<String>| value.clone().filter(|v| !v.is_empty()).map(Some);
        let mut scope = AssetSearch { owners, visibilities: AssetVisibility::filter(None), ..Default::default() };
        match query.suggestion_type {
            SearchSuggestionType::Country | SearchSuggestionType::CameraMake => {}
            SearchSuggestionType::State => scope.country = above(&query.country),
            SearchSuggestionType::City => (scope.country, scope.state) = (above(&query.country), above(&query.state)),
            SearchSuggestionType::CameraModel => scope.make = above(&query.make),
            SearchSuggestionType::CameraLensModel => {
                (scope.make, scope.model) = (above(&query.make), above(&query.model))
            }
        }
        search_suggestions::distinct_values(self.services.db(), &scope, field, query.include_null == Some(true))
            .await
            .map_err(storage_error("list search suggestions"))
    }

    /// Cities on the caller's timeline, most photographed first, each with its newest photo.
    pub async fn places(&self, auth: &AuthContext) -> AppResult<Vec<Place>> {
        let rows = places::places(self.services.db(), &own_timeline(auth), MAX_PLACES)
            .await
            .map_err(storage_error("list places"))?;
        Ok(rows
            .into_iter()
            .map(|r| Place {
                city: r.city,
                state: r.state,
                country: r.country,
                count: r.count.max(0) as u64,
                sample: r.sample,
            })
            .collect())
    }

    /// Object tags on the caller's timeline, on the most photos first, each with its newest photo.
    pub async fn tags(&self, auth: &AuthContext) -> AppResult<Vec<ExploreTag>> {
        let rows = explore_tags::explore_tags(self.services.db(), &own_timeline(auth), MAX_TAGS)
            .await
            .map_err(storage_error("list tags"))?;
        Ok(rows
            .into_iter()
            .map(|r| ExploreTag { name: r.name, count: r.count.max(0) as u64, sample: r.sample })
            .collect())
    }

    /// One asset per city (`GET /api/search/cities`), in the places' order.
    pub async fn cities(&self, auth: &AuthContext) -> AppResult<Vec<(String, AssetResponse)>> {
        let places = self.places(auth).await?;
        let ids: Vec<_> = places.iter().map(|p| p.sample).collect();
        let samples = assets::find_many(self.services.db(), &ids).await.map_err(storage_error("read places"))?;
        let mut responses: HashMap<_, _> = self.with_exif(&samples).await?.into_iter().map(|a| (a.id, a)).collect();
        Ok(places.into_iter().filter_map(|p| responses.remove(&p.sample).map(|a| (p.city, a))).collect())
    }

    /// Assets as Immich answers them with `exifInfo`, in their order; one read for all the EXIF.
    pub(crate) async fn with_exif(&self, rows: &[asset::Model]) -> AppResult<Vec<AssetResponse>> {
        let ids: Vec<_> = rows.iter().map(|a| a.id).collect();
        let exif: HashMap<_, _> = asset_exif::find_many(self.services.db(), &ids)
            .await
            .map_err(storage_error("read exif"))?
            .into_iter()
            .map(|e| (e.asset_id, e))
            .collect();
        Ok(rows.iter().map(|a| mapping::asset_with_exif(a, exif.get(&a.id))).collect())
    }

    /// Immich's explore sections: the places. (Tags and people join when they exist.)
    pub async fn explore(&self, auth: &AuthContext) -> AppResult<Vec<SearchExploreResponse>> {
        let items =
            self.cities(auth).await?.into_iter().map(|(value, data)| SearchExploreItem { data, value }).collect();
        Ok(vec![SearchExploreResponse { field_name: "exifInfo.city".into(), items }])
    }
}
