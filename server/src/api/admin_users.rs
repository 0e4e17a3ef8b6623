use crate::error::ApiResult;
use crate::extract::{parse_id, AdminAuth, ApiJson, OptionalJson};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use domain::dto::preferences::{UserPreferences, UserPreferencesUpdate};
use domain::dto::users::{UserAdminCreate, UserAdminDelete, UserAdminResponse, UserAdminUpdate};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(restore))
        .routes(routes!(preferences, update_preferences))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
struct ListQuery {
    #[serde(default)]
    with_deleted: bool,
}

/// Search users
#[utoipa::path(
    get,
    path = "/admin/users",
    operation_id = "searchUsersAdmin",
    tag = "Users (admin)",
    params(ListQuery),
    responses((status = 200, body = [UserAdminResponse])),
    extensions(("x-immich-permission" = json!("adminUser.read")))
)]
async fn list(
    State(state): State<AppState>,
    AdminAuth(auth): AdminAuth,
    Query(query): Query<ListQuery>,
) -> ApiResult<Json<Vec<UserAdminResponse>>> {
    Ok(Json(state.services.users().admin_list(&auth, query.with_deleted).await?))
}

/// Create a user
#[utoipa::path(
    post,
    path = "/admin/users",
    operation_id = "createUserAdmin",
    tag = "Users (admin)",
    request_body = UserAdminCreate,
    responses((status = 201, body = UserAdminResponse)),
    extensions(("x-immich-permission" = json!("adminUser.create")))
)]
async fn create(
    State(state): State<AppState>,
    AdminAuth(auth): AdminAuth,
    ApiJson(dto): ApiJson<UserAdminCreate>,
) -> ApiResult<impl IntoResponse> {
    Ok((StatusCode::CREATED, Json(state.services.users().admin_create(&auth, dto).await?)))
}

/// Retrieve a user
#[utoipa::path(
    get,
    path = "/admin/users/{id}",
    operation_id = "getUserAdmin",
    tag = "Users (admin)",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = UserAdminResponse)),
    extensions(("x-immich-permission" = json!("adminUser.read")))
)]
async fn get_one(
    State(state): State<AppState>,
    AdminAuth(auth): AdminAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<UserAdminResponse>> {
    Ok(Json(state.services.users().admin_get(&auth, parse_id(&id)?).await?))
}

/// Update a user
#[utoipa::path(
    put,
    path = "/admin/users/{id}",
    operation_id = "updateUserAdmin",
    tag = "Users (admin)",
    params(("id" = Uuid, Path)),
    request_body = UserAdminUpdate,
    responses((status = 200, body = UserAdminResponse)),
    extensions(("x-immich-permission" = json!("adminUser.update")))
)]
async fn update(
    State(state): State<AppState>,
    AdminAuth(auth): AdminAuth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<UserAdminUpdate>,
) -> ApiResult<Json<UserAdminResponse>> {
    Ok(Json(state.services.users().admin_update(&auth, parse_id(&id)?, dto).await?))
}

/// Delete a user
#[utoipa::path(
    delete,
    path = "/admin/users/{id}",
    operation_id = "deleteUserAdmin",
    tag = "Users (admin)",
    params(("id" = Uuid, Path)),
    request_body = UserAdminDelete,
    responses((status = 200, body = UserAdminResponse)),
    extensions(("x-immich-permission" = json!("adminUser.delete")))
)]
async fn delete(
    State(state): State<AppState>,
    AdminAuth(auth): AdminAuth,
    Path(id): Path<String>,
    OptionalJson(dto): OptionalJson<UserAdminDelete>,
) -> ApiResult<Json<UserAdminResponse>> {
    let id = parse_id(&id)?;
    Ok(Json(state.services.users().admin_delete(&auth, id, dto.unwrap_or_default()).await?))
}

/// Restore a deleted user
#[utoipa::path(
    post,
    path = "/admin/users/{id}/restore",
    operation_id = "restoreUserAdmin",
    tag = "Users (admin)",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = UserAdminResponse)),
    extensions(("x-immich-permission" = json!("adminUser.delete")))
)]
async fn restore(
    State(state): State<AppState>,
    AdminAuth(auth): AdminAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<UserAdminResponse>> {
    Ok(Json(state.services.users().admin_restore(&auth, parse_id(&id)?).await?))
}

/// Retrieve user preferences
#[utoipa::path(
    get,
    path = "/admin/users/{id}/preferences",
    operation_id = "getUserPreferencesAdmin",
    tag = "Users (admin)",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = UserPreferences)),
    extensions(("x-immich-permission" = json!("adminUser.read")))
)]
async fn preferences(
    State(state): State<AppState>,
    AdminAuth(auth): AdminAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<UserPreferences>> {
    Ok(Json(state.services.preferences().admin_get(&auth, parse_id(&id)?).await?))
}

/// Update user preferences
#[utoipa::path(
    put,
    path = "/admin/users/{id}/preferences",
    operation_id = "updateUserPreferencesAdmin",
    tag = "Users (admin)",
    params(("id" = Uuid, Path)),
    request_body = UserPreferencesUpdate,
    responses((status = 200, body = UserPreferences)),
    extensions(("x-immich-permission" = json!("adminUser.update")))
)]
async fn update_preferences(
    State(state): State<AppState>,
    AdminAuth(auth): AdminAuth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<UserPreferencesUpdate>,
) -> ApiResult<Json<UserPreferences>> {
    Ok(Json(state.services.preferences().admin_update(&auth, parse_id(&id)?, dto).await?))
}
