use crate::state::AppState;
use axum::routing::get;
use axum::{Json, Router};
use domain::dto::server::{ServerPingResponse, ServerVersionResponse};
use domain::media_types::ServerMediaTypesResponse;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/server/ping", get(ping))
        .route("/server/version", get(version))
        .route("/server/media-types", get(media_types))
}

async fn ping() -> Json<ServerPingResponse> {
    Json(ServerPingResponse { res: "pong".into() })
}

async fn version() -> Json<ServerVersionResponse> {
    Json(ServerVersionResponse::current())
}

async fn media_types() -> Json<ServerMediaTypesResponse> {
    Json(ServerMediaTypesResponse::current())
}
