use crate::error::ApiResult;
use crate::extract::{parse_id, Auth};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use domain::dto::sessions::SessionResponse;

pub fn router() -> Router<AppState> {
    Router::new().route("/sessions", get(list).delete(delete_others)).route("/sessions/{id}", delete(delete_one))
}

async fn list(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<Vec<SessionResponse>>> {
    Ok(Json(state.services.sessions().list(&auth).await?))
}

async fn delete_others(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<StatusCode> {
    state.services.sessions().delete_others(&auth).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn delete_one(State(state): State<AppState>, Auth(auth): Auth, Path(id): Path<String>) -> ApiResult<StatusCode> {
    state.services.sessions().delete(&auth, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
