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

/// A NUL character can never be stored (PostgreSQL refuses it in text) and means nothing in a
/// name, key or date: a query string carrying one (`%00`) is refused up front with a clear
/// error rather than failing deep in a query. (A literal `%` arrives as `%25`, so `%00` always
/// is a NUL.)
pub async fn reject_nul_in_query(req: Request, next: Next) -> Response {
    if req.uri().query().is_some_and(|query| query.contains("%00")) {
        return ApiError::new(ErrorCode::InvalidInput, "Query parameters may not contain NUL characters")
            .into_response();
    }
    next.run(req).await
}
