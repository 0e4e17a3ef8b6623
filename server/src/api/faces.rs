//! Immich's face endpoints: the faces of an asset, moving one to another person, deleting one.

use crate::error::ApiResult;
use crate::extract::{parse_id, ApiJson, ApiQuery, Auth, OptionalJson};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::dto::people::{AssetFaceDelete, AssetFaceResponse, FaceTarget, FacesQuery, PersonResponse};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(reassign, delete))
}

/// Retrieve faces for asset
#[utoipa::path(
    get,
    path = "/faces",
    operation_id = "getFaces",
    tag = "Faces",
    params(FacesQuery),
    responses((status = 200, body = [AssetFaceResponse])),
    extensions(("x-immich-permission" = json!("face.read")))
)]
async fn list(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiQuery(query): ApiQuery<FacesQuery>,
) -> ApiResult<Json<Vec<AssetFaceResponse>>> {
    Ok(Json(state.services.faces().of_asset(&auth, query.id).await?))
}

/// Re-assign a face to another person
#[utoipa::path(
    put,
    path = "/faces/{id}",
    operation_id = "reassignFacesById",
    tag = "Faces",
    params(("id" = Uuid, Path)),
    request_body = FaceTarget,
    responses((status = 200, body = PersonResponse)),
    extensions(("x-immich-permission" = json!("face.update")))
)]
async fn reassign(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<FaceTarget>,
) -> ApiResult<Json<PersonResponse>> {
    Ok(Json(state.services.faces().reassign(&auth, parse_id(&id)?, dto.id).await?))
}

/// Delete a face
#[utoipa::path(
    delete,
    path = "/faces/{id}",
    operation_id = "deleteFace",
    tag = "Faces",
    params(("id" = Uuid, Path)),
    request_body = AssetFaceDelete,
    responses((status = 204)),
    extensions(("x-immich-permission" = json!("face.delete")))
)]
async fn delete(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    OptionalJson(_dto): OptionalJson<AssetFaceDelete>,
) -> ApiResult<StatusCode> {
    state.services.faces().delete(&auth, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
