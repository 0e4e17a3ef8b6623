use crate::error::ApiResult;
use crate::extract::{ApiJson, Auth};
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use domain::dto::users::{UserAdminResponse, UserResponse, UserUpdateMe};

pub fn router() -> Router<AppState> {
    Router::new().route("/users", get(list)).route("/users/me", get(me).put(update_me))
}

async fn list(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<Vec<UserResponse>>> {
    Ok(Json(state.services.users().list_for_sharing(&auth).await?))
}

async fn me(State(state): State<AppState>, Auth(auth): Auth) -> ApiResult<Json<UserAdminResponse>> {
    Ok(Json(state.services.users().me(&auth).await?))
}

async fn update_me(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<UserUpdateMe>,
) -> ApiResult<Json<UserAdminResponse>> {
    Ok(Json(state.services.users().update_me(&auth, dto).await?))
}
