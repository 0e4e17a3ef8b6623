use crate::error::ApiResult;
use crate::extract::{parse_id, ApiJson, Auth};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use domain::dto::api_keys::{ApiKeyCreate, ApiKeyResponse, ApiKeyUpdate};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api-keys", get(list).post(create))
        .route("/api-keys/me", get(me))
        .route("/api-keys/{id}", get(get_one).put(update).delete(delete))
}

async fn list(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<Vec<ApiKeyResponse>>> {
    Ok(Json(state.services.api_keys().list(&auth).await?))
}

async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<ApiKeyCreate>,
) -> ApiResult<impl IntoResponse> {
    Ok((StatusCode::CREATED, Json(state.services.api_keys().create(&auth, dto).await?)))
}

async fn me(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<ApiKeyResponse>> {
    Ok(Json(state.services.api_keys().current(&auth).await?))
}

async fn get_one(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<ApiKeyResponse>> {
    Ok(Json(state.services.api_keys().get(&auth, parse_id(&id)?).await?))
}

async fn update(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<ApiKeyUpdate>,
) -> ApiResult<Json<ApiKeyResponse>> {
    Ok(Json(state.services.api_keys().update(&auth, parse_id(&id)?, dto).await?))
}

async fn delete(State(state): State<AppState>, Auth(auth): Auth, Path(id): Path<String>) -> ApiResult<StatusCode> {
    state.services.api_keys().delete(&auth, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
