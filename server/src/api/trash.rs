//! The trash, in Immich's shapes: restore some or all, or empty it for good.

use crate::error::ApiResult;
use crate::extract::{ApiJson, Auth};
use crate::state::AppState;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use domain::dto::assets::{BulkIds, TrashResponse};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/trash/restore/assets", post(restore_assets))
        .route("/trash/restore", post(restore_all))
        .route("/trash/empty", post(empty))
}

async fn restore_assets(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<BulkIds>,
) -> ApiResult<Json<TrashResponse>> {
    Ok(Json(TrashResponse { count: state.services.assets().restore(&auth, &dto.ids).await? }))
}

async fn restore_all(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<TrashResponse>> {
    Ok(Json(TrashResponse { count: state.services.assets().restore_all(&auth).await? }))
}

async fn empty(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<TrashResponse>> {
    Ok(Json(TrashResponse { count: state.services.assets().empty_trash(&auth).await? }))
}
