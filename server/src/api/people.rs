//! Immich's people endpoints: list, create, read, update (one or many), delete, merge, move
//! faces between people, statistics and the face picture.

use crate::error::ApiResult;
use crate::extract::{parse_id, ApiJson, ApiQuery, Auth};
use crate::files::FileToSend;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use domain::dto::albums::BulkIdResponse;
use domain::dto::assets::BulkIds;
use domain::dto::people::{
    AssetFaceUpdate, MergePerson, PeopleQuery, PeopleResponse, PeopleUpdate, PersonCreate, PersonResponse,
    PersonStatistics, PersonUpdate,
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create, update_many, delete_many))
        .routes(routes!(get_one, update, delete_one))
        .routes(routes!(merge))
        .routes(routes!(reassign))
        .routes(routes!(statistics))
        .routes(routes!(thumbnail))
}

/// Get all people
#[utoipa::path(
    get,
    path = "/people",
    operation_id = "getAllPeople",
    tag = "People",
    params(PeopleQuery),
    responses((status = 200, body = PeopleResponse)),
    extensions(("x-immich-permission" = json!("person.read")))
)]
async fn list(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiQuery(query): ApiQuery<PeopleQuery>,
) -> ApiResult<Json<PeopleResponse>> {
    Ok(Json(state.services.people().list(&auth, query).await?))
}

/// Create a person
#[utoipa::path(
    post,
    path = "/people",
    operation_id = "createPerson",
    tag = "People",
    request_body = PersonCreate,
    responses((status = 201, body = PersonResponse)),
    extensions(("x-immich-permission" = json!("person.create")))
)]
async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<PersonCreate>,
) -> ApiResult<impl IntoResponse> {
    Ok((StatusCode::CREATED, Json(state.services.people().create(&auth, dto).await?)))
}

/// Update people
#[utoipa::path(
    put,
    path = "/people",
    operation_id = "updatePeople",
    tag = "People",
    request_body = PeopleUpdate,
    responses((status = 200, body = [BulkIdResponse])),
    extensions(("x-immich-permission" = json!("person.update")))
)]
async fn update_many(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<PeopleUpdate>,
) -> ApiResult<Json<Vec<BulkIdResponse>>> {
    Ok(Json(state.services.people().update_many(&auth, dto).await?))
}

/// Delete people
#[utoipa::path(
    delete,
    path = "/people",
    operation_id = "deletePeople",
    tag = "People",
    request_body = BulkIds,
    responses((status = 204)),
    extensions(("x-immich-permission" = json!("person.delete")))
)]
async fn delete_many(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<BulkIds>,
) -> ApiResult<StatusCode> {
    state.services.people().delete(&auth, &dto.ids).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Get a person
#[utoipa::path(
    get,
    path = "/people/{id}",
    operation_id = "getPerson",
    tag = "People",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = PersonResponse)),
    extensions(("x-immich-permission" = json!("person.read")))
)]
async fn get_one(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<PersonResponse>> {
    Ok(Json(state.services.people().get(&auth, parse_id(&id)?).await?))
}

/// Update a person
#[utoipa::path(
    put,
    path = "/people/{id}",
    operation_id = "updatePerson",
    tag = "People",
    params(("id" = Uuid, Path)),
    request_body = PersonUpdate,
    responses((status = 200, body = PersonResponse)),
    extensions(("x-immich-permission" = json!("person.update")))
)]
async fn update(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<PersonUpdate>,
) -> ApiResult<Json<PersonResponse>> {
    Ok(Json(state.services.people().update(&auth, parse_id(&id)?, dto).await?))
}

/// Delete person
#[utoipa::path(
    delete,
    path = "/people/{id}",
    operation_id = "deletePerson",
    tag = "People",
    params(("id" = Uuid, Path)),
    responses((status = 204)),
    extensions(("x-immich-permission" = json!("person.delete")))
)]
async fn delete_one(State(state): State<AppState>, Auth(auth): Auth, Path(id): Path<String>) -> ApiResult<StatusCode> {
    state.services.people().delete(&auth, &[parse_id(&id)?]).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Merge people
#[utoipa::path(
    post,
    path = "/people/{id}/merge",
    operation_id = "mergePerson",
    tag = "People",
    params(("id" = Uuid, Path)),
    request_body = MergePerson,
    responses((status = 200, body = [BulkIdResponse])),
    extensions(("x-immich-permission" = json!("person.merge")))
)]
async fn merge(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<MergePerson>,
) -> ApiResult<Json<Vec<BulkIdResponse>>> {
    Ok(Json(state.services.people().merge(&auth, parse_id(&id)?, &dto.ids).await?))
}

/// Reassign faces
#[utoipa::path(
    put,
    path = "/people/{id}/reassign",
    operation_id = "reassignFaces",
    tag = "People",
    params(("id" = Uuid, Path)),
    request_body = AssetFaceUpdate,
    responses((status = 200, body = [PersonResponse])),
    extensions(("x-immich-permission" = json!("person.reassign")))
)]
async fn reassign(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<AssetFaceUpdate>,
) -> ApiResult<Json<Vec<PersonResponse>>> {
    Ok(Json(state.services.people().reassign(&auth, parse_id(&id)?, dto).await?))
}

/// Get person statistics
#[utoipa::path(
    get,
    path = "/people/{id}/statistics",
    operation_id = "getPersonStatistics",
    tag = "People",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = PersonStatistics)),
    extensions(("x-immich-permission" = json!("person.statistics")))
)]
async fn statistics(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<PersonStatistics>> {
    Ok(Json(state.services.people().statistics(&auth, parse_id(&id)?).await?))
}

/// Get person thumbnail
#[utoipa::path(
    get,
    path = "/people/{id}/thumbnail",
    operation_id = "getPersonThumbnail",
    tag = "People",
    params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>)),
    extensions(("x-immich-permission" = json!("person.read")))
)]
async fn thumbnail(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<axum::response::Response> {
    let path = state.services.people().thumbnail(&auth, parse_id(&id)?).await?;
    // The file is named after its face: another face means another file, so the name is a
    // strong enough validator.
    let etag = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let to_send = FileToSend { path: &path, mime_type: "image/jpeg", file_name: &format!("{id}.jpeg"), etag: &etag };
    crate::files::send(to_send, &headers).await
}
