//! The REST API under `/api`, in Immich's v3 shapes. One file per resource, each with its own
//! `router()`; handlers only parse, call a service and shape the response.

pub mod admin_users;
pub mod albums;
pub mod api_keys;
pub mod assets;
pub mod auth;
pub mod download;
pub mod partners;
pub mod server;
pub mod sessions;
pub mod shared_links;
pub mod timeline;
pub mod trash;
pub mod users;

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use domain::ErrorCode;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(server::router())
        .merge(auth::router())
        .merge(users::router())
        .merge(admin_users::router())
        .merge(albums::router())
        .merge(api_keys::router())
        .merge(assets::router())
        .merge(download::router())
        .merge(partners::router())
        .merge(sessions::router())
        .merge(shared_links::router())
        .merge(timeline::router())
        .merge(trash::router())
        .fallback(|| async { ApiError::new(ErrorCode::NotFound, "No such API endpoint") })
}
