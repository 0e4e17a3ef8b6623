use crate::error::ApiResult;
use crate::extract::{parse_id, ApiJson, Auth};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use domain::dto::api_keys::{ApiKeyCreate, ApiKeyCreateResponse, ApiKeyResponse, ApiKeyUpdate};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, create)).routes(routes!(me)).routes(routes!(get_one, update, delete))
}

/// List all API keys
#[utoipa::path(
    get,
    path = "/api-keys",
    operation_id = "getApiKeys",
    tag = "API keys",
    responses((status = 200, body = [ApiKeyResponse])),
    extensions(("x-immich-permission" = json!("apiKey.read")))
)]
async fn list(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<Vec<ApiKeyResponse>>> {
    Ok(Json(state.services.api_keys().list(&auth).await?))
}

/// Create an API key
#[utoipa::path(
    post,
    path = "/api-keys",
    operation_id = "createApiKey",
    tag = "API keys",
    request_body = ApiKeyCreate,
    responses((status = 201, body = ApiKeyCreateResponse)),
    extensions(("x-immich-permission" = json!("apiKey.create")))
)]
async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<ApiKeyCreate>,
) -> ApiResult<impl IntoResponse> {
    Ok((StatusCode::CREATED, Json(state.services.api_keys().create(&auth, dto).await?)))
}

/// Retrieve the current API key
#[utoipa::path(
    get,
    path = "/api-keys/me",
    operation_id = "getMyApiKey",
    tag = "API keys",
    responses((status = 200, body = ApiKeyResponse))
)]
async fn me(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<ApiKeyResponse>> {
    Ok(Json(state.services.api_keys().current(&auth).await?))
}

/// Retrieve an API key
#[utoipa::path(
    get,
    path = "/api-keys/{id}",
    operation_id = "getApiKey",
    tag = "API keys",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ApiKeyResponse)),
    extensions(("x-immich-permission" = json!("apiKey.read")))
)]
async fn get_one(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<ApiKeyResponse>> {
    Ok(Json(state.services.api_keys().get(&auth, parse_id(&id)?).await?))
}

/// Update an API key
#[utoipa::path(
    put,
    path = "/api-keys/{id}",
    operation_id = "updateApiKey",
    tag = "API keys",
    params(("id" = Uuid, Path)),
    request_body = ApiKeyUpdate,
    responses((status = 200, body = ApiKeyResponse)),
    extensions(("x-immich-permission" = json!("apiKey.update")))
)]
async fn update(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<ApiKeyUpdate>,
) -> ApiResult<Json<ApiKeyResponse>> {
    Ok(Json(state.services.api_keys().update(&auth, parse_id(&id)?, dto).await?))
}

/// Delete an API key
#[utoipa::path(
    delete,
    path = "/api-keys/{id}",
    operation_id = "deleteApiKey",
    tag = "API keys",
    params(("id" = Uuid, Path)),
    responses((status = 204)),
    extensions(("x-immich-permission" = json!("apiKey.delete")))
)]
async fn delete(State(state): State<AppState>, Auth(auth): Auth, Path(id): Path<String>) -> ApiResult<StatusCode> {
    state.services.api_keys().delete(&auth, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
