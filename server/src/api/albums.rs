//! Albums in Immich's shapes: list, create, read, change, delete, their assets and members.

use crate::error::ApiResult;
use crate::extract::{parse_id, ApiJson, ApiQuery, Auth};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use domain::dto::albums::{
    AddUsers, AlbumListQuery, AlbumResponse, AlbumStatistics, AlbumsAddAssets, AlbumsAddAssetsResponse, BulkIdResponse,
    CreateAlbum, UpdateAlbum, UpdateAlbumUser,
};
use domain::dto::assets::BulkIds;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/albums", get(list).post(create))
        .route("/albums/statistics", get(statistics))
        .route("/albums/assets", put(add_to_albums))
        .route("/albums/{id}", get(get_one).patch(update).delete(remove))
        .route("/albums/{id}/assets", put(add_assets).delete(remove_assets))
        .route("/albums/{id}/users", put(add_users))
        .route("/albums/{id}/user/{user_id}", put(update_user).delete(remove_user))
}

async fn list(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiQuery(query): ApiQuery<AlbumListQuery>,
) -> ApiResult<Json<Vec<AlbumResponse>>> {
    Ok(Json(state.services.albums().list(&auth, &query).await?))
}

async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<CreateAlbum>,
) -> ApiResult<(StatusCode, Json<AlbumResponse>)> {
    Ok((StatusCode::CREATED, Json(state.services.albums().create(&auth, dto).await?)))
}

async fn statistics(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<AlbumStatistics>> {
    Ok(Json(state.services.albums().statistics(&auth).await?))
}

async fn add_to_albums(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<AlbumsAddAssets>,
) -> ApiResult<Json<AlbumsAddAssetsResponse>> {
    Ok(Json(state.services.albums().add_assets_to_albums(&auth, dto).await?))
}

async fn get_one(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<AlbumResponse>> {
    Ok(Json(state.services.albums().get(&auth, parse_id(&id)?).await?))
}

async fn update(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<UpdateAlbum>,
) -> ApiResult<Json<AlbumResponse>> {
    Ok(Json(state.services.albums().update(&auth, parse_id(&id)?, dto).await?))
}

async fn remove(State(state): State<AppState>, Auth(auth): Auth, Path(id): Path<String>) -> ApiResult<StatusCode> {
    state.services.albums().delete(&auth, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn add_assets(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<BulkIds>,
) -> ApiResult<Json<Vec<BulkIdResponse>>> {
    Ok(Json(state.services.albums().add_assets(&auth, parse_id(&id)?, &dto.ids).await?))
}

async fn remove_assets(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<BulkIds>,
) -> ApiResult<Json<Vec<BulkIdResponse>>> {
    Ok(Json(state.services.albums().remove_assets(&auth, parse_id(&id)?, &dto.ids).await?))
}

async fn add_users(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<AddUsers>,
) -> ApiResult<Json<AlbumResponse>> {
    Ok(Json(state.services.albums().add_users(&auth, parse_id(&id)?, dto).await?))
}

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
async fn remove_user(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((id, user_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let user_id = if user_id == "me" { None } else { Some(parse_id(&user_id)?) };
    state.services.albums().remove_user(&auth, parse_id(&id)?, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
