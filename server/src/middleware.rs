//! Cross-cutting request checks.

use crate::error::ApiError;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::auth::web::is_cross_site;
use domain::ErrorCode;

/// State-changing requests sent by a browser on behalf of another site are refused, for the
/// REST API and the server functions alike (SameSite cookies are the first line; this is the
/// second, for browsers and same-site subdomains that SameSite does not cover).
pub async fn reject_cross_site(req: Request, next: Next) -> Response {
    if is_cross_site(req.method(), req.headers()) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site request refused");
        return ApiError::new(ErrorCode::CrossSiteRequest, "Cross-site requests may not change anything")
            .into_response();
    }
    next.run(req).await
}
