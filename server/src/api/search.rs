//! Immich's search endpoints: metadata search, suggestions for the search box, and the places
//! of the explore page.

use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiQuery, Auth};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use domain::dto::assets::AssetResponse;
use domain::dto::search::{MetadataSearch, SearchExploreResponse, SearchResponse, SearchSuggestionsQuery, SmartSearch};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(metadata))
        .routes(routes!(smart))
        .routes(routes!(suggestions))
        .routes(routes!(cities))
        .routes(routes!(explore))
}

/// Search assets by metadata
#[utoipa::path(
    post,
    path = "/search/metadata",
    operation_id = "searchAssets",
    tag = "Search",
    request_body = MetadataSearch,
    responses((status = 200, body = SearchResponse)),
    extensions(("x-immich-permission" = json!("asset.read")))
)]
async fn metadata(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<MetadataSearch>,
) -> ApiResult<Json<SearchResponse>> {
    Ok(Json(state.services.search().metadata(&auth, dto).await?))
}

/// Smart asset search
#[utoipa::path(
    post,
    path = "/search/smart",
    operation_id = "searchSmart",
    tag = "Search",
    request_body = SmartSearch,
    responses((status = 200, body = SearchResponse)),
    extensions(("x-immich-permission" = json!("asset.read")))
)]
async fn smart(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<SmartSearch>,
) -> ApiResult<Json<SearchResponse>> {
    Ok(Json(state.services.smart_search().search(&auth, dto).await?))
}

/// Retrieve search suggestions
#[utoipa::path(
    get,
    path = "/search/suggestions",
    operation_id = "getSearchSuggestions",
    tag = "Search",
    params(SearchSuggestionsQuery),
    responses((status = 200, body = Vec<Option<String>>)),
    extensions(("x-immich-permission" = json!("asset.read")))
)]
async fn suggestions(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiQuery(query): ApiQuery<SearchSuggestionsQuery>,
) -> ApiResult<Json<Vec<Option<String>>>> {
    Ok(Json(state.services.search().suggestions(&auth, &query).await?))
}

/// Retrieve assets by city
#[utoipa::path(
    get,
    path = "/search/cities",
    operation_id = "getAssetsByCity",
    tag = "Search",
    responses((status = 200, body = Vec<AssetResponse>)),
    extensions(("x-immich-permission" = json!("asset.read")))
)]
async fn cities(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<Vec<AssetResponse>>> {
    let cities = state.services.search().cities(&auth).await?;
    Ok(Json(cities.into_iter().map(|(_, asset)| asset).collect()))
}

/// Retrieve explore data
#[utoipa::path(
    get,
    path = "/search/explore",
    operation_id = "getExploreData",
    tag = "Search",
    responses((status = 200, body = Vec<SearchExploreResponse>)),
    extensions(("x-immich-permission" = json!("asset.read")))
)]
async fn explore(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<Vec<SearchExploreResponse>>> {
    Ok(Json(state.services.search().explore(&auth).await?))
}
