//! `/api/server/*`: what the server is and can do. Everything but the admin's statistics and the
//! build details is public, as in Immich: clients read it before signing in.

use crate::error::ApiResult;
use crate::extract::{AdminAuth, Auth};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use domain::dto::server::{
    ServerAboutResponse, ServerConfig, ServerFeatures, ServerPingResponse, ServerStatsResponse, ServerVersionResponse,
};
use domain::media_types::ServerMediaTypesResponse;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ping))
        .routes(routes!(version))
        .routes(routes!(media_types))
        .routes(routes!(about))
        .routes(routes!(features))
        .routes(routes!(config))
        .routes(routes!(statistics))
}

/// `/.well-known/immich`: where the API lives, for clients given only the server's address.
pub async fn well_known() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "api": { "endpoint": "/api" } }))
}

/// Ping
#[utoipa::path(
    get,
    path = "/server/ping",
    operation_id = "pingServer",
    tag = "Server",
    security(()),
    responses((status = 200, body = ServerPingResponse))
)]
async fn ping() -> Json<ServerPingResponse> {
    Json(ServerPingResponse { res: "pong".into() })
}

/// Get server version
#[utoipa::path(
    get,
    path = "/server/version",
    operation_id = "getServerVersion",
    tag = "Server",
    security(()),
    responses((status = 200, body = ServerVersionResponse))
)]
async fn version() -> Json<ServerVersionResponse> {
    Json(ServerVersionResponse::current())
}

/// Get supported media types
#[utoipa::path(
    get,
    path = "/server/media-types",
    operation_id = "getSupportedMediaTypes",
    tag = "Server",
    security(()),
    responses((status = 200, body = ServerMediaTypesResponse))
)]
async fn media_types() -> Json<ServerMediaTypesResponse> {
    Json(ServerMediaTypesResponse::current())
}

/// Get server information
#[utoipa::path(
    get,
    path = "/server/about",
    operation_id = "getAboutInfo",
    tag = "Server",
    responses((status = 200, body = ServerAboutResponse)),
    extensions(("x-immich-permission" = json!("server.about")))
)]
async fn about(State(state): State<AppState>, Auth(_auth): Auth) -> Json<ServerAboutResponse> {
    Json(state.services.server_info().about())
}

/// Get features
#[utoipa::path(
    get,
    path = "/server/features",
    operation_id = "getServerFeatures",
    tag = "Server",
    security(()),
    responses((status = 200, body = ServerFeatures))
)]
async fn features(State(state): State<AppState>) -> Json<ServerFeatures> {
    Json(state.services.server_info().features())
}

/// Get config
#[utoipa::path(
    get,
    path = "/server/config",
    operation_id = "getServerConfig",
    tag = "Server",
    security(()),
    responses((status = 200, body = ServerConfig))
)]
async fn config(State(state): State<AppState>) -> ApiResult<Json<ServerConfig>> {
    Ok(Json(state.services.server_info().config().await?))
}

/// Get statistics
#[utoipa::path(
    get,
    path = "/server/statistics",
    operation_id = "getServerStatistics",
    tag = "Server",
    responses((status = 200, body = ServerStatsResponse)),
    extensions(("x-immich-permission" = json!("server.statistics")))
)]
async fn statistics(State(state): State<AppState>, AdminAuth(auth): AdminAuth) -> ApiResult<Json<ServerStatsResponse>> {
    Ok(Json(state.services.statistics().server(&auth).await?))
}
