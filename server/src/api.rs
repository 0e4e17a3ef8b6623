//! The REST API under `/api`, in Immich's v3 shapes. One file per resource, each with its own
//! `router()`; handlers only parse, call a service and shape the response. Every handler carries
//! its `#[utoipa::path]`, so the OpenAPI document (and the permission each route needs, as
//! Immich's `x-immich-permission`) is built from the same routes that serve requests.

pub mod admin_users;
pub mod albums;
pub mod api_keys;
pub mod assets;
pub mod auth;
pub mod download;
pub mod duplicates;
pub mod faces;
pub mod jobs;
pub mod map;
pub mod partners;
pub mod people;
pub mod search;
pub mod server;
pub mod sessions;
pub mod shared_links;
pub mod timeline;
pub mod trash;
pub mod users;

use crate::error::ApiError;
use crate::openapi::ApiDoc;
use crate::state::AppState;
use domain::ErrorCode;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(server::router())
        .merge(auth::router())
        .merge(users::router())
        .merge(admin_users::router())
        .merge(albums::router())
        .merge(api_keys::router())
        .merge(assets::router())
        .merge(download::router())
        .merge(duplicates::router())
        .merge(faces::router())
        .merge(jobs::router())
        .merge(map::router())
        .merge(partners::router())
        .merge(people::router())
        .merge(search::router())
        .merge(sessions::router())
        .merge(shared_links::router())
        .merge(timeline::router())
        .merge(trash::router())
        .fallback(|| async { ApiError::new(ErrorCode::NotFound, "No such API endpoint") })
}
