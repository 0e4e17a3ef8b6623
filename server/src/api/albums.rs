//! Albums in Immich's shapes: list, create, read, change, delete, their assets and members.

use crate::error::ApiResult;
use crate::extract::{parse_id, ApiJson, ApiQuery, Auth};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::dto::albums::{
    AddUsers, AlbumListQuery, AlbumResponse, AlbumStatistics, AlbumsAddAssets, AlbumsAddAssetsResponse, BulkIdResponse,
    CreateAlbum, UpdateAlbum, UpdateAlbumUser,
};
use domain::dto::assets::BulkIds;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(statistics))
        .routes(routes!(add_to_albums))
        .routes(routes!(get_one, update, remove))
        .routes(routes!(add_assets, remove_assets))
        .routes(routes!(add_users))
        .routes(routes!(update_user, remove_user))
}

/// List all albums
#[utoipa::path(
    get,
    path = "/albums",
    operation_id = "getAllAlbums",
    tag = "Albums",
    params(AlbumListQuery),
    responses((status = 200, body = [AlbumResponse])),
    extensions(("x-immich-permission" = json!("album.read")))
)]
async fn list(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiQuery(query): ApiQuery<AlbumListQuery>,
) -> ApiResult<Json<Vec<AlbumResponse>>> {
    Ok(Json(state.services.albums().list(&auth, &query).await?))
}

/// Create an album
#[utoipa::path(
    post,
    path = "/albums",
    operation_id = "createAlbum",
    tag = "Albums",
    request_body = CreateAlbum,
    responses((status = 201, body = AlbumResponse)),
    extensions(("x-immich-permission" = json!("album.create")))
)]
async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<CreateAlbum>,
) -> ApiResult<(StatusCode, Json<AlbumResponse>)> {
    Ok((StatusCode::CREATED, Json(state.services.albums().create(&auth, dto).await?)))
}

/// Retrieve album statistics
#[utoipa::path(
    get,
    path = "/albums/statistics",
    operation_id = "getAlbumStatistics",
    tag = "Albums",
    responses((status = 200, body = AlbumStatistics)),
    extensions(("x-immich-permission" = json!("album.statistics")))
)]
async fn statistics(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<AlbumStatistics>> {
    Ok(Json(state.services.albums().statistics(&auth).await?))
}

/// Add assets to albums
#[utoipa::path(
    put,
    path = "/albums/assets",
    operation_id = "addAssetsToAlbums",
    tag = "Albums",
    request_body = AlbumsAddAssets,
    responses((status = 200, body = AlbumsAddAssetsResponse)),
    extensions(("x-immich-permission" = json!("albumAsset.create")))
)]
async fn add_to_albums(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<AlbumsAddAssets>,
) -> ApiResult<Json<AlbumsAddAssetsResponse>> {
    Ok(Json(state.services.albums().add_assets_to_albums(&auth, dto).await?))
}

/// Retrieve an album
#[utoipa::path(
    get,
    path = "/albums/{id}",
    operation_id = "getAlbumInfo",
    tag = "Albums",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = AlbumResponse)),
    extensions(("x-immich-permission" = json!("album.read")))
)]
async fn get_one(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<AlbumResponse>> {
    Ok(Json(state.services.albums().get(&auth, parse_id(&id)?).await?))
}

/// Update an album
#[utoipa::path(
    patch,
    path = "/albums/{id}",
    operation_id = "updateAlbumInfo",
    tag = "Albums",
    params(("id" = Uuid, Path)),
    request_body = UpdateAlbum,
    responses((status = 200, body = AlbumResponse)),
    extensions(("x-immich-permission" = json!("album.update")))
)]
async fn update(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<UpdateAlbum>,
) -> ApiResult<Json<AlbumResponse>> {
    Ok(Json(state.services.albums().update(&auth, parse_id(&id)?, dto).await?))
}

/// Delete an album
#[utoipa::path(
    delete,
    path = "/albums/{id}",
    operation_id = "deleteAlbum",
    tag = "Albums",
    params(("id" = Uuid, Path)),
    responses((status = 204)),
    extensions(("x-immich-permission" = json!("album.delete")))
)]
async fn remove(State(state): State<AppState>, Auth(auth): Auth, Path(id): Path<String>) -> ApiResult<StatusCode> {
    state.services.albums().delete(&auth, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add assets to an album
#[utoipa::path(
    put,
    path = "/albums/{id}/assets",
    operation_id = "addAssetsToAlbum",
    tag = "Albums",
    params(("id" = Uuid, Path)),
    request_body = BulkIds,
    responses((status = 200, body = [BulkIdResponse])),
    extensions(("x-immich-permission" = json!("albumAsset.create")))
)]
async fn add_assets(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<BulkIds>,
) -> ApiResult<Json<Vec<BulkIdResponse>>> {
    Ok(Json(state.services.albums().add_assets(&auth, parse_id(&id)?, &dto.ids).await?))
}

/// Remove assets from an album
#[utoipa::path(
    delete,
    path = "/albums/{id}/assets",
    operation_id = "removeAssetFromAlbum",
    tag = "Albums",
    params(("id" = Uuid, Path)),
    request_body = BulkIds,
    responses((status = 200, body = [BulkIdResponse])),
    extensions(("x-immich-permission" = json!("albumAsset.delete")))
)]
async fn remove_assets(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<BulkIds>,
) -> ApiResult<Json<Vec<BulkIdResponse>>> {
    Ok(Json(state.services.albums().remove_assets(&auth, parse_id(&id)?, &dto.ids).await?))
}

/// Share album with users
#[utoipa::path(
    put,
    path = "/albums/{id}/users",
    operation_id = "addUsersToAlbum",
    tag = "Albums",
    params(("id" = Uuid, Path)),
    request_body = AddUsers,
    responses((status = 200, body = AlbumResponse)),
    extensions(("x-immich-permission" = json!("albumUser.create")))
)]
async fn add_users(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<AddUsers>,
) -> ApiResult<Json<AlbumResponse>> {
    Ok(Json(state.services.albums().add_users(&auth, parse_id(&id)?, dto).await?))
}

/// Update user role
#[utoipa::path(
    put,
    path = "/albums/{id}/user/{userId}",
    operation_id = "updateAlbumUser",
    tag = "Albums",
    params(("id" = Uuid, Path), ("userId" = Uuid, Path)),
    request_body = UpdateAlbumUser,
    responses((status = 204)),
    extensions(("x-immich-permission" = json!("albumUser.update")))
)]
async fn update_user(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((id, user_id)): Path<(String, String)>,
    ApiJson(dto): ApiJson<UpdateAlbumUser>,
) -> ApiResult<StatusCode> {
    state.services.albums().update_user(&auth, parse_id(&id)?, parse_id(&user_id)?, dto.role).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `userId` may be `me`: leaving an album shared with you.
#[utoipa::path(
    delete,
    path = "/albums/{id}/user/{userId}",
    operation_id = "removeUserFromAlbum",
    tag = "Albums",
    params(("id" = Uuid, Path), ("userId" = Uuid, Path)),
    responses((status = 204)),
    extensions(("x-immich-permission" = json!("albumUser.delete")))
)]
async fn remove_user(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((id, user_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let user_id = if user_id == "me" { None } else { Some(parse_id(&user_id)?) };
    state.services.albums().remove_user(&auth, parse_id(&id)?, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
