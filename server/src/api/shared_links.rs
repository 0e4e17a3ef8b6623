//! Shared links in Immich's shapes: the owner's management routes, and the visitor's `me` and
//! password `login`.

use crate::error::ApiResult;
use crate::extract::{parse_id, ApiJson, ApiQuery, Auth, Client, ReadAuth, ShareKey};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use domain::auth::web::{is_secure_request, share_token_cookie};
use domain::auth::Principal;
use domain::dto::shared_links::{
    AssetIds, AssetIdsResponse, SharedLinkCreate, SharedLinkEdit, SharedLinkListQuery, SharedLinkLogin,
    SharedLinkResponse,
};
use domain::{AppError, ErrorCode};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/shared-links", get(list).post(create))
        .route("/shared-links/me", get(me))
        .route("/shared-links/login", post(login))
        .route("/shared-links/{id}", get(get_one).patch(update).delete(remove))
        .route("/shared-links/{id}/assets", put(add_assets).delete(remove_assets))
}

async fn list(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiQuery(query): ApiQuery<SharedLinkListQuery>,
) -> ApiResult<Json<Vec<SharedLinkResponse>>> {
    Ok(Json(state.services.shared_links().list(&auth, query).await?))
}

async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<SharedLinkCreate>,
) -> ApiResult<(StatusCode, Json<SharedLinkResponse>)> {
    Ok((StatusCode::CREATED, Json(state.services.shared_links().create(&auth, dto).await?)))
}

/// The link the visitor holds; a signed-in user without a link gets a 401 like anyone else.
async fn me(State(state): State<AppState>, ReadAuth(caller): ReadAuth) -> ApiResult<Json<SharedLinkResponse>> {
    match caller {
        Principal::Link(grant) => Ok(Json(state.services.shared_links().visitor_response(&grant).await?)),
        Principal::User(_) => Err(AppError::new(ErrorCode::InvalidShareKey, "Give the link's `key` or `slug`").into()),
    }
}

async fn login(
    State(state): State<AppState>,
    ShareKey(credential): ShareKey,
    Client(client): Client,
    headers: HeaderMap,
    ApiJson(dto): ApiJson<SharedLinkLogin>,
) -> ApiResult<impl IntoResponse> {
    let (response, token) = state.services.shared_links().login(&credential, dto.password, &client).await?;
    let secure = is_secure_request(&headers, state.services.settings());
    let cookies: Vec<_> = token
        .map(|(token, max_age)| (header::SET_COOKIE, share_token_cookie(&token, max_age, secure)))
        .into_iter()
        .collect();
    Ok((StatusCode::CREATED, AppendHeaders(cookies), Json(response)))
}

async fn get_one(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<SharedLinkResponse>> {
    Ok(Json(state.services.shared_links().get(&auth, parse_id(&id)?).await?))
}

async fn update(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<SharedLinkEdit>,
) -> ApiResult<Json<SharedLinkResponse>> {
    Ok(Json(state.services.shared_links().update(&auth, parse_id(&id)?, dto).await?))
}

async fn remove(State(state): State<AppState>, Auth(auth): Auth, Path(id): Path<String>) -> ApiResult<StatusCode> {
    state.services.shared_links().delete(&auth, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn add_assets(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<AssetIds>,
) -> ApiResult<Json<Vec<AssetIdsResponse>>> {
    Ok(Json(state.services.shared_links().add_assets(&auth, parse_id(&id)?, &dto.asset_ids).await?))
}

async fn remove_assets(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<AssetIds>,
) -> ApiResult<Json<Vec<AssetIdsResponse>>> {
    Ok(Json(state.services.shared_links().remove_assets(&auth, parse_id(&id)?, &dto.asset_ids).await?))
}
