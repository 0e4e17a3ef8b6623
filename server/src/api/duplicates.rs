//! Immich's duplicate endpoints: the groups, resolving them, dismissing them.

use crate::error::ApiResult;
use crate::extract::{parse_id, ApiJson, Auth};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::dto::albums::BulkIdResponse;
use domain::dto::assets::BulkIds;
use domain::dto::duplicates::{DuplicateResolve, DuplicateResponse};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, dismiss_many)).routes(routes!(resolve)).routes(routes!(dismiss_one))
}

/// Retrieve duplicates
#[utoipa::path(
    get,
    path = "/duplicates",
    operation_id = "getAssetDuplicates",
    tag = "Duplicates",
    responses((status = 200, body = [DuplicateResponse])),
    extensions(("x-immich-permission" = json!("duplicate.read")))
)]
async fn list(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<Vec<DuplicateResponse>>> {
    Ok(Json(state.services.duplicates().list(&auth).await?))
}

/// Resolve duplicate groups
#[utoipa::path(
    post,
    path = "/duplicates/resolve",
    operation_id = "resolveDuplicates",
    tag = "Duplicates",
    request_body = DuplicateResolve,
    responses((status = 200, body = [BulkIdResponse])),
    extensions(("x-immich-permission" = json!("duplicate.delete")))
)]
async fn resolve(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<DuplicateResolve>,
) -> ApiResult<Json<Vec<BulkIdResponse>>> {
    Ok(Json(state.services.duplicates().resolve(&auth, dto).await?))
}

/// Delete duplicates
#[utoipa::path(
    delete,
    path = "/duplicates",
    operation_id = "deleteDuplicates",
    tag = "Duplicates",
    request_body = BulkIds,
    responses((status = 204)),
    extensions(("x-immich-permission" = json!("duplicate.delete")))
)]
async fn dismiss_many(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<BulkIds>,
) -> ApiResult<StatusCode> {
    state.services.duplicates().dismiss(&auth, &dto.ids).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete a duplicate
#[utoipa::path(
    delete,
    path = "/duplicates/{id}",
    operation_id = "deleteDuplicate",
    tag = "Duplicates",
    params(("id" = Uuid, Path)),
    responses((status = 204)),
    extensions(("x-immich-permission" = json!("duplicate.delete")))
)]
async fn dismiss_one(State(state): State<AppState>, Auth(auth): Auth, Path(id): Path<String>) -> ApiResult<StatusCode> {
    state.services.duplicates().dismiss(&auth, &[parse_id(&id)?]).await?;
    Ok(StatusCode::NO_CONTENT)
}
