//! Immich's legacy job endpoints: counts of every queue, and "start" (run on missing, or with
//! `force` on all) for each. Admins only.

use crate::error::{ApiError, ApiResult};
use crate::extract::{AdminAuth, ApiJson};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use domain::dto::jobs::{QueueCommand, QueueCommandRequest, QueueName, QueueResponse, QueuesResponse};
use domain::ErrorCode;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(command))
}

/// Retrieve queue counts and status
#[utoipa::path(
    get,
    path = "/jobs",
    operation_id = "getQueuesLegacy",
    tag = "Jobs",
    responses((status = 200, body = QueuesResponse)),
    extensions(("x-immich-permission" = json!("job.read")))
)]
async fn list(State(state): State<AppState>, AdminAuth(_admin): AdminAuth) -> ApiResult<Json<QueuesResponse>> {
    Ok(Json(state.services.ml_jobs().legacy().await?))
}

/// Run jobs
#[utoipa::path(
    put,
    path = "/jobs/{name}",
    operation_id = "runQueueCommandLegacy",
    tag = "Jobs",
    params(("name" = String, Path)),
    request_body = QueueCommandRequest,
    responses((status = 200, body = QueueResponse)),
    extensions(("x-immich-permission" = json!("job.create")))
)]
async fn command(
    State(state): State<AppState>,
    AdminAuth(_admin): AdminAuth,
    Path(name): Path<String>,
    ApiJson(dto): ApiJson<QueueCommandRequest>,
) -> ApiResult<Json<QueueResponse>> {
    let queue = QueueName::parse(&name)
        .ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, format!("`{name}` is not a queue Shoebox has")))?;
    match dto.command {
        QueueCommand::Start => {
            state.services.ml_jobs().run(queue, dto.force == Some(true)).await?;
        }
        other => {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!(
                    "`{}` is not supported: queues here run until empty",
                    serde_json::to_string(&other).unwrap_or_default()
                ),
            ))
        }
    }
    let mut all = state.services.ml_jobs().legacy().await?;
    Ok(Json(all.entry(queue).copied().unwrap_or_default()))
}
