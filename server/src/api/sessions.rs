use crate::error::ApiResult;
use crate::extract::{parse_id, Auth};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::dto::sessions::SessionResponse;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, delete_others)).routes(routes!(delete_one))
}

/// Retrieve sessions
#[utoipa::path(
    get,
    path = "/sessions",
    operation_id = "getSessions",
    tag = "Sessions",
    responses((status = 200, body = [SessionResponse])),
    extensions(("x-immich-permission" = json!("session.read")))
)]
async fn list(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<Vec<SessionResponse>>> {
    Ok(Json(state.services.sessions().list(&auth).await?))
}

/// Delete all sessions
#[utoipa::path(
    delete,
    path = "/sessions",
    operation_id = "deleteAllSessions",
    tag = "Sessions",
    responses((status = 204)),
    extensions(("x-immich-permission" = json!("session.delete")))
)]
async fn delete_others(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<StatusCode> {
    state.services.sessions().delete_others(&auth).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete a session
#[utoipa::path(
    delete,
    path = "/sessions/{id}",
    operation_id = "deleteSession",
    tag = "Sessions",
    params(("id" = Uuid, Path)),
    responses((status = 204)),
    extensions(("x-immich-permission" = json!("session.delete")))
)]
async fn delete_one(State(state): State<AppState>, Auth(auth): Auth, Path(id): Path<String>) -> ApiResult<StatusCode> {
    state.services.sessions().delete(&auth, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
