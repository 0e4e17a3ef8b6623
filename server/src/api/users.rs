use crate::error::ApiResult;
use crate::extract::{ApiJson, Auth};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use domain::dto::preferences::{UserPreferences, UserPreferencesUpdate};
use domain::dto::users::{UserAdminResponse, UserResponse, UserUpdateMe};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(me, update_me))
        .routes(routes!(preferences, update_preferences))
}

/// Get all users
#[utoipa::path(
    get,
    path = "/users",
    operation_id = "searchUsers",
    tag = "Users",
    responses((status = 200, body = [UserResponse])),
    extensions(("x-immich-permission" = json!("user.read")))
)]
async fn list(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<Vec<UserResponse>>> {
    Ok(Json(state.services.users().list_for_sharing(&auth).await?))
}

/// Get current user
#[utoipa::path(
    get,
    path = "/users/me",
    operation_id = "getMyUser",
    tag = "Users",
    responses((status = 200, body = UserAdminResponse)),
    extensions(("x-immich-permission" = json!("user.read")))
)]
async fn me(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<UserAdminResponse>> {
    Ok(Json(state.services.users().me(&auth).await?))
}

/// Update current user
#[utoipa::path(
    put,
    path = "/users/me",
    operation_id = "updateMyUser",
    tag = "Users",
    request_body = UserUpdateMe,
    responses((status = 200, body = UserAdminResponse)),
    extensions(("x-immich-permission" = json!("user.update")))
)]
async fn update_me(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<UserUpdateMe>,
) -> ApiResult<Json<UserAdminResponse>> {
    Ok(Json(state.services.users().update_me(&auth, dto).await?))
}

/// Get my preferences
#[utoipa::path(
    get,
    path = "/users/me/preferences",
    operation_id = "getMyPreferences",
    tag = "Users",
    responses((status = 200, body = UserPreferences)),
    extensions(("x-immich-permission" = json!("userPreference.read")))
)]
async fn preferences(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<UserPreferences>> {
    Ok(Json(state.services.preferences().mine(&auth).await?))
}

/// Update my preferences
#[utoipa::path(
    put,
    path = "/users/me/preferences",
    operation_id = "updateMyPreferences",
    tag = "Users",
    request_body = UserPreferencesUpdate,
    responses((status = 200, body = UserPreferences)),
    extensions(("x-immich-permission" = json!("userPreference.update")))
)]
async fn update_preferences(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<UserPreferencesUpdate>,
) -> ApiResult<Json<UserPreferences>> {
    Ok(Json(state.services.preferences().update_mine(&auth, dto).await?))
}
