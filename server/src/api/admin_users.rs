use crate::error::ApiResult;
use crate::extract::{parse_id, AdminAuth, ApiJson, OptionalJson};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::dto::users::{UserAdminCreate, UserAdminDelete, UserAdminResponse, UserAdminUpdate};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(list).post(create))
        .route("/admin/users/{id}", get(get_one).put(update).delete(delete))
        .route("/admin/users/{id}/restore", post(restore))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListQuery {
    #[serde(default)]
    with_deleted: bool,
}

async fn list(
    State(state): State<AppState>,
    AdminAuth(auth): AdminAuth,
    Query(query): Query<ListQuery>,
) -> ApiResult<Json<Vec<UserAdminResponse>>> {
    Ok(Json(state.services.users().admin_list(&auth, query.with_deleted).await?))
}

async fn create(
    State(state): State<AppState>,
    AdminAuth(auth): AdminAuth,
    ApiJson(dto): ApiJson<UserAdminCreate>,
) -> ApiResult<impl IntoResponse> {
    Ok((StatusCode::CREATED, Json(state.services.users().admin_create(&auth, dto).await?)))
}

async fn get_one(
    State(state): State<AppState>,
    AdminAuth(auth): AdminAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<UserAdminResponse>> {
    Ok(Json(state.services.users().admin_get(&auth, parse_id(&id)?).await?))
}

async fn update(
    State(state): State<AppState>,
    AdminAuth(auth): AdminAuth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<UserAdminUpdate>,
) -> ApiResult<Json<UserAdminResponse>> {
    Ok(Json(state.services.users().admin_update(&auth, parse_id(&id)?, dto).await?))
}

async fn delete(
    State(state): State<AppState>,
    AdminAuth(auth): AdminAuth,
    Path(id): Path<String>,
    OptionalJson(dto): OptionalJson<UserAdminDelete>,
) -> ApiResult<Json<UserAdminResponse>> {
    let id = parse_id(&id)?;
    Ok(Json(state.services.users().admin_delete(&auth, id, dto.unwrap_or_default()).await?))
}

async fn restore(
    State(state): State<AppState>,
    AdminAuth(auth): AdminAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<UserAdminResponse>> {
    Ok(Json(state.services.users().admin_restore(&auth, parse_id(&id)?).await?))
}
