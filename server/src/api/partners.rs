//! Partner sharing in Immich's shapes: list, share my library, show a partner in my timeline, stop.

use crate::error::ApiResult;
use crate::extract::{parse_id, ApiJson, ApiQuery, Auth};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::dto::partners::{PartnerCreate, PartnerListQuery, PartnerResponse, PartnerUpdate};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/partners", get(list).post(create))
        .route("/partners/{id}", post(create_by_path).put(update).delete(remove))
}

async fn list(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiQuery(query): ApiQuery<PartnerListQuery>,
) -> ApiResult<Json<Vec<PartnerResponse>>> {
    Ok(Json(state.services.partners().list(&auth, query.direction).await?))
}

async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<PartnerCreate>,
) -> ApiResult<(StatusCode, Json<PartnerResponse>)> {
    Ok((StatusCode::CREATED, Json(state.services.partners().create(&auth, dto.shared_with_id).await?)))
}

/// Immich's older form, still in its API: the partner's id in the path.
async fn create_by_path(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<PartnerResponse>)> {
    Ok((StatusCode::CREATED, Json(state.services.partners().create(&auth, parse_id(&id)?).await?)))
}

async fn update(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<PartnerUpdate>,
) -> ApiResult<Json<PartnerResponse>> {
    Ok(Json(state.services.partners().update(&auth, parse_id(&id)?, dto.in_timeline).await?))
}

async fn remove(State(state): State<AppState>, Auth(auth): Auth, Path(id): Path<String>) -> ApiResult<StatusCode> {
    state.services.partners().remove(&auth, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
