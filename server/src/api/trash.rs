//! The trash, in Immich's shapes: restore some or all, or empty it for good.

use crate::error::ApiResult;
use crate::extract::{ApiJson, Auth};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use domain::dto::assets::{BulkIds, TrashResponse};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(restore_assets)).routes(routes!(restore_all)).routes(routes!(empty))
}

/// Restore assets
#[utoipa::path(
    post,
    path = "/trash/restore/assets",
    operation_id = "restoreAssets",
    tag = "Trash",
    request_body = BulkIds,
    responses((status = 200, body = TrashResponse)),
    extensions(("x-immich-permission" = json!("asset.delete")))
)]
async fn restore_assets(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<BulkIds>,
) -> ApiResult<Json<TrashResponse>> {
    Ok(Json(TrashResponse { count: state.services.assets().restore(&auth, &dto.ids).await? }))
}

/// Restore trash
#[utoipa::path(
    post,
    path = "/trash/restore",
    operation_id = "restoreTrash",
    tag = "Trash",
    responses((status = 200, body = TrashResponse)),
    extensions(("x-immich-permission" = json!("asset.delete")))
)]
async fn restore_all(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<TrashResponse>> {
    Ok(Json(TrashResponse { count: state.services.assets().restore_all(&auth).await? }))
}

/// Empty trash
#[utoipa::path(
    post,
    path = "/trash/empty",
    operation_id = "emptyTrash",
    tag = "Trash",
    responses((status = 200, body = TrashResponse)),
    extensions(("x-immich-permission" = json!("asset.delete")))
)]
async fn empty(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<TrashResponse>> {
    Ok(Json(TrashResponse { count: state.services.assets().empty_trash(&auth).await? }))
}
