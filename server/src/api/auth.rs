use crate::error::ApiResult;
use crate::extract::{ApiJson, Auth, Client};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse};
use axum::Json;
use domain::auth::web::{clear_session_cookie, credential_from_headers, is_secure_request, session_cookie};
use domain::dto::auth::{
    ChangePassword, LoginCredential, LoginResponse, LogoutResponse, SignUp, ValidateAccessTokenResponse,
};
use domain::dto::users::UserAdminResponse;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(admin_sign_up))
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(validate_token))
        .routes(routes!(change_password))
}

/// Register admin
#[utoipa::path(
    post,
    path = "/auth/admin-sign-up",
    operation_id = "signUpAdmin",
    security(()),
    tag = "Authentication",
    request_body = SignUp,
    responses((status = 201, body = UserAdminResponse))
)]
async fn admin_sign_up(State(state): State<AppState>, ApiJson(dto): ApiJson<SignUp>) -> ApiResult<impl IntoResponse> {
    let user = state.services.auth().admin_sign_up(dto).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

/// Login
#[utoipa::path(
    post,
    path = "/auth/login",
    operation_id = "login",
    security(()),
    tag = "Authentication",
    request_body = LoginCredential,
    responses((status = 201, body = LoginResponse))
)]
async fn login(
    State(state): State<AppState>,
    Client(client): Client,
    headers: HeaderMap,
    ApiJson(dto): ApiJson<LoginCredential>,
) -> ApiResult<impl IntoResponse> {
    let response = state.services.auth().login(dto, &client).await?;
    let settings = state.services.settings();
    let max_age = i64::from(settings.session_ttl_days) * 24 * 60 * 60;
    let cookie = session_cookie(&response.access_token, max_age, is_secure_request(&headers, settings));
    Ok((StatusCode::CREATED, AppendHeaders([(header::SET_COOKIE, cookie)]), Json(response)))
}

/// Always clears the cookie, even when the session had already ended.
#[utoipa::path(
    post,
    path = "/auth/logout",
    operation_id = "logout",
    tag = "Authentication",
    responses((status = 200, body = LogoutResponse))
)]
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<impl IntoResponse> {
    let secure = is_secure_request(&headers, state.services.settings());
    let mut response = domain::dto::auth::LogoutResponse { successful: true, redirect_uri: "/auth/login".into() };
    if let Some(credential) = credential_from_headers(&headers) {
        if let Ok(auth) = state.services.auth().authenticate(&credential).await {
            response = state.services.auth().logout(&auth).await?;
        }
    }
    Ok((AppendHeaders([(header::SET_COOKIE, clear_session_cookie(secure))]), Json(response)))
}

/// Validate access token
#[utoipa::path(
    post,
    path = "/auth/validateToken",
    operation_id = "validateAccessToken",
    tag = "Authentication",
    responses((status = 200, body = ValidateAccessTokenResponse))
)]
async fn validate_token(Auth(_auth): Auth) -> Json<ValidateAccessTokenResponse> {
    Json(ValidateAccessTokenResponse { auth_status: true })
}

/// Change password
#[utoipa::path(
    post,
    path = "/auth/change-password",
    operation_id = "changePassword",
    tag = "Authentication",
    request_body = ChangePassword,
    responses((status = 200, body = UserAdminResponse)),
    extensions(("x-immich-permission" = json!("auth.changePassword")))
)]
async fn change_password(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<ChangePassword>,
) -> ApiResult<impl IntoResponse> {
    Ok(Json(state.services.auth().change_password(&auth, dto).await?))
}
