//! Partner sharing in Immich's shapes: list, share my library, show a partner in my timeline, stop.

use crate::error::ApiResult;
use crate::extract::{parse_id, ApiJson, ApiQuery, Auth};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::dto::partners::{PartnerCreate, PartnerListQuery, PartnerResponse, PartnerUpdate};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, create)).routes(routes!(create_by_path, update, remove))
}

/// Retrieve partners
#[utoipa::path(
    get,
    path = "/partners",
    operation_id = "getPartners",
    tag = "Partners",
    params(PartnerListQuery),
    responses((status = 200, body = [PartnerResponse])),
    extensions(("x-immich-permission" = json!("partner.read")))
)]
async fn list(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiQuery(query): ApiQuery<PartnerListQuery>,
) -> ApiResult<Json<Vec<PartnerResponse>>> {
    Ok(Json(state.services.partners().list(&auth, query.direction).await?))
}

/// Create a partner
#[utoipa::path(
    post,
    path = "/partners",
    operation_id = "createPartner",
    tag = "Partners",
    request_body = PartnerCreate,
    responses((status = 201, body = PartnerResponse)),
    extensions(("x-immich-permission" = json!("partner.create")))
)]
async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<PartnerCreate>,
) -> ApiResult<(StatusCode, Json<PartnerResponse>)> {
    Ok((StatusCode::CREATED, Json(state.services.partners().create(&auth, dto.shared_with_id).await?)))
}

/// Immich's older form, still in its API: the partner's id in the path.
#[utoipa::path(
    post,
    path = "/partners/{id}",
    operation_id = "createPartnerDeprecated",
    tag = "Partners",
    params(("id" = Uuid, Path)),
    responses((status = 201, body = PartnerResponse)),
    extensions(("x-immich-permission" = json!("partner.create")))
)]
async fn create_by_path(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<PartnerResponse>)> {
    Ok((StatusCode::CREATED, Json(state.services.partners().create(&auth, parse_id(&id)?).await?)))
}

/// Update a partner
#[utoipa::path(
    put,
    path = "/partners/{id}",
    operation_id = "updatePartner",
    tag = "Partners",
    params(("id" = Uuid, Path)),
    request_body = PartnerUpdate,
    responses((status = 200, body = PartnerResponse)),
    extensions(("x-immich-permission" = json!("partner.update")))
)]
async fn update(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<PartnerUpdate>,
) -> ApiResult<Json<PartnerResponse>> {
    Ok(Json(state.services.partners().update(&auth, parse_id(&id)?, dto.in_timeline).await?))
}

/// Remove a partner
#[utoipa::path(
    delete,
    path = "/partners/{id}",
    operation_id = "removePartner",
    tag = "Partners",
    params(("id" = Uuid, Path)),
    responses((status = 204)),
    extensions(("x-immich-permission" = json!("partner.delete")))
)]
async fn remove(State(state): State<AppState>, Auth(auth): Auth, Path(id): Path<String>) -> ApiResult<StatusCode> {
    state.services.partners().remove(&auth, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
