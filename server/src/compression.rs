//! Gzip for what shrinks: JSON (100 000 map markers go from 13.2 MiB to about 3.9), HTML, CSS,
//! JavaScript and the WASM bundle. Never photos, videos or ZIP downloads: they are compressed
//! already, and they stream with their sizes known (ranges, download progress).

use axum::http::{header, Extensions, HeaderMap, StatusCode, Version};
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;

/// Content types worth compressing.
fn compressible(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    let Some(kind) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let kind = kind.split(';').next().unwrap_or_default().trim();
    kind.starts_with("text/")
        || matches!(kind, "application/json" | "application/javascript" | "application/wasm" | "image/svg+xml")
}

pub fn layer() -> CompressionLayer<impl Predicate> {
    // Below a kilobyte the headers cost more than gzip saves.
    CompressionLayer::new().compress_when(SizeAbove::new(1024).and(compressible))
}
