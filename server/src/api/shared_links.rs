//! Shared links in Immich's shapes: the owner's management routes, and the visitor's `me` and
//! password `login`.

use crate::error::ApiResult;
use crate::extract::ShareParams;
use crate::extract::{parse_id, ApiJson, ApiQuery, Auth, Client, ReadAuth, ShareKey};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse};
use axum::Json;
use domain::auth::web::{is_secure_request, share_token_cookie};
use domain::auth::Principal;
use domain::dto::shared_links::{
    AssetIds, AssetIdsResponse, SharedLinkCreate, SharedLinkEdit, SharedLinkListQuery, SharedLinkLogin,
    SharedLinkResponse,
};
use domain::{AppError, ErrorCode};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(me))
        .routes(routes!(login))
        .routes(routes!(get_one, update, remove))
        .routes(routes!(add_assets, remove_assets))
}

/// Retrieve all shared links
#[utoipa::path(
    get,
    path = "/shared-links",
    operation_id = "getAllSharedLinks",
    tag = "Shared links",
    params(SharedLinkListQuery),
    responses((status = 200, body = [SharedLinkResponse])),
    extensions(("x-immich-permission" = json!("sharedLink.read")))
)]
async fn list(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiQuery(query): ApiQuery<SharedLinkListQuery>,
) -> ApiResult<Json<Vec<SharedLinkResponse>>> {
    Ok(Json(state.services.shared_links().list(&auth, query).await?))
}

/// Create a shared link
#[utoipa::path(
    post,
    path = "/shared-links",
    operation_id = "createSharedLink",
    tag = "Shared links",
    request_body = SharedLinkCreate,
    responses((status = 201, body = SharedLinkResponse)),
    extensions(("x-immich-permission" = json!("sharedLink.create")))
)]
async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<SharedLinkCreate>,
) -> ApiResult<(StatusCode, Json<SharedLinkResponse>)> {
    Ok((StatusCode::CREATED, Json(state.services.shared_links().create(&auth, dto).await?)))
}

/// The link the visitor holds; a signed-in user without a link gets a 401 like anyone else.
#[utoipa::path(
    get,
    path = "/shared-links/me",
    operation_id = "getMySharedLink",
    tag = "Shared links",
    params(ShareParams),
    responses((status = 200, body = SharedLinkResponse))
)]
async fn me(State(state): State<AppState>, ReadAuth(caller): ReadAuth) -> ApiResult<Json<SharedLinkResponse>> {
    match caller {
        Principal::Link(grant) => Ok(Json(state.services.shared_links().visitor_response(&grant).await?)),
        Principal::User(_) => Err(AppError::new(ErrorCode::InvalidShareKey, "Give the link's `key` or `slug`").into()),
    }
}

/// Shared link login
#[utoipa::path(
    post,
    path = "/shared-links/login",
    operation_id = "sharedLinkLogin",
    tag = "Shared links",
    request_body = SharedLinkLogin,
    params(ShareParams),
    responses((status = 201, body = SharedLinkResponse))
)]
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

/// Retrieve a shared link
#[utoipa::path(
    get,
    path = "/shared-links/{id}",
    operation_id = "getSharedLinkById",
    tag = "Shared links",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = SharedLinkResponse)),
    extensions(("x-immich-permission" = json!("sharedLink.read")))
)]
async fn get_one(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<SharedLinkResponse>> {
    Ok(Json(state.services.shared_links().get(&auth, parse_id(&id)?).await?))
}

/// Update a shared link
#[utoipa::path(
    patch,
    path = "/shared-links/{id}",
    operation_id = "updateSharedLink",
    tag = "Shared links",
    params(("id" = Uuid, Path)),
    request_body = SharedLinkEdit,
    responses((status = 200, body = SharedLinkResponse)),
    extensions(("x-immich-permission" = json!("sharedLink.update")))
)]
async fn update(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<SharedLinkEdit>,
) -> ApiResult<Json<SharedLinkResponse>> {
    Ok(Json(state.services.shared_links().update(&auth, parse_id(&id)?, dto).await?))
}

/// Delete a shared link
#[utoipa::path(
    delete,
    path = "/shared-links/{id}",
    operation_id = "removeSharedLink",
    tag = "Shared links",
    params(("id" = Uuid, Path)),
    responses((status = 204)),
    extensions(("x-immich-permission" = json!("sharedLink.delete")))
)]
async fn remove(State(state): State<AppState>, Auth(auth): Auth, Path(id): Path<String>) -> ApiResult<StatusCode> {
    state.services.shared_links().delete(&auth, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add assets to a shared link
#[utoipa::path(
    put,
    path = "/shared-links/{id}/assets",
    operation_id = "addSharedLinkAssets",
    tag = "Shared links",
    params(("id" = Uuid, Path)),
    request_body = AssetIds,
    responses((status = 200, body = [AssetIdsResponse])),
    extensions(("x-immich-permission" = json!("sharedLink.update")))
)]
async fn add_assets(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<AssetIds>,
) -> ApiResult<Json<Vec<AssetIdsResponse>>> {
    Ok(Json(state.services.shared_links().add_assets(&auth, parse_id(&id)?, &dto.asset_ids).await?))
}

/// Remove assets from a shared link
#[utoipa::path(
    delete,
    path = "/shared-links/{id}/assets",
    operation_id = "removeSharedLinkAssets",
    tag = "Shared links",
    params(("id" = Uuid, Path)),
    request_body = AssetIds,
    responses((status = 200, body = [AssetIdsResponse])),
    extensions(("x-immich-permission" = json!("sharedLink.update")))
)]
async fn remove_assets(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<AssetIds>,
) -> ApiResult<Json<Vec<AssetIdsResponse>>> {
    Ok(Json(state.services.shared_links().remove_assets(&auth, parse_id(&id)?, &dto.asset_ids).await?))
}
