//! Sending a stored file: validators (ETag, 304), single byte ranges (206, 416) so videos seek,
//! and a body streamed from disk.

use crate::error::ApiError;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::ErrorCode;
use std::path::Path;
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::io::ReaderStream;

pub struct FileToSend<'a> {
    pub path: &'a Path,
    pub mime_type: &'a str,
    pub file_name: &'a str,
    /// A strong validator for the content (its checksum).
    pub etag: &'a str,
}

/// The byte range a `Range` header asks for, inclusive; `None` when the header is absent, not
/// a single `bytes=` range, or should be ignored. `Err` when it cannot be satisfied.
pub fn parse_range(value: &str, len: u64) -> Option<Result<(u64, u64), ()>> {
    let spec = value.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None; // several ranges: answer with the whole file, which is allowed
    }
    let (start, end) = spec.split_once('-')?;
    let (start, end) = (start.trim(), end.trim());
    let range = if start.is_empty() {
        let suffix: u64 = end.parse().ok()?;
        if suffix == 0 || len == 0 {
            return Some(Err(()));
        }
        (len.saturating_sub(suffix), len - 1)
    } else {
        let start: u64 = start.parse().ok()?;
        let end: u64 =
            if end.is_empty() { len.saturating_sub(1) } else { end.parse::<u64>().ok()?.min(len.saturating_sub(1)) };
        if start >= len || start > end {
            return Some(Err(()));
        }
        (start, end)
    };
    Some(Ok(range))
}

fn content_disposition(file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' })
        .collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("inline; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

pub async fn send(file: FileToSend<'_>, request: &HeaderMap) -> Result<Response, ApiError> {
    let mut handle = match tokio::fs::File::open(file.path).await {
        Ok(handle) => handle,
        Err(err) => {
            tracing::error!(path = %file.path.display(), error = %err, "a stored original cannot be read");
            return Err(ApiError::new(ErrorCode::AssetNotFound, "The file is missing from storage"));
        }
    };
    let len = handle.metadata().await.map(|m| m.len()).map_err(|_| ApiError(domain::AppError::internal()))?;
    let etag = format!("\"{}\"", file.etag);
    let mut headers = HeaderMap::new();
    let mut put = |name, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    put(header::ETAG, etag.clone());
    // Private: originals are per-user; an asset id's content never changes.
    put(header::CACHE_CONTROL, "private, max-age=86400".into());
    put(header::ACCEPT_RANGES, "bytes".into());
    put(header::CONTENT_TYPE, file.mime_type.into());
    put(header::CONTENT_DISPOSITION, content_disposition(file.file_name));

    let header_str = |name| request.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    if header_str(header::IF_NONE_MATCH).is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*")) {
        return Ok((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    // A stale `If-Range` means the client's partial copy is of other content: send it all.
    let range_allowed = header_str(header::IF_RANGE).is_none_or(|v| v.trim() == etag);
    let range = header_str(header::RANGE).filter(|_| range_allowed).and_then(|v| parse_range(v, len));
    match range {
        Some(Err(())) => {
            let mut response =
                ApiError::new(ErrorCode::RangeNotSatisfiable, format!("The file has {len} bytes")).into_response();
            if let Ok(value) = HeaderValue::from_str(&format!("bytes */{len}")) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            Ok(response)
        }
        Some(Ok((start, end))) => {
            handle.seek(std::io::SeekFrom::Start(start)).await.map_err(|_| ApiError(domain::AppError::internal()))?;
            let length = end - start + 1;
            let mut headers = headers;
            if let Ok(value) = HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")) {
                headers.insert(header::CONTENT_RANGE, value);
            }
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
            let body = Body::from_stream(ReaderStream::new(handle.take(length)));
            Ok((StatusCode::PARTIAL_CONTENT, headers, body).into_response())
        }
        None => {
            let mut headers = headers;
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
            Ok((StatusCode::OK, headers, Body::from_stream(ReaderStream::new(handle))).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-99", 1000), Some(Ok((0, 99))));
        assert_eq!(parse_range("bytes=900-", 1000), Some(Ok((900, 999))));
        assert_eq!(parse_range("bytes=-100", 1000), Some(Ok((900, 999))));
        assert_eq!(parse_range("bytes=500-5000", 1000), Some(Ok((500, 999))), "clamped to the end");
        assert_eq!(parse_range("bytes=1000-", 1000), Some(Err(())));
        assert_eq!(parse_range("bytes=5-2", 1000), Some(Err(())));
        assert_eq!(parse_range("bytes=0-1,5-6", 1000), None);
        assert_eq!(parse_range("items=0-1", 1000), None);
        assert_eq!(parse_range("bytes=x-1", 1000), None);
    }

    #[test]
    fn file_names_are_safe_in_headers() {
        assert_eq!(
            content_disposition("Été 2024.jpg"),
            "inline; filename=\"_t_ 2024.jpg\"; filename*=UTF-8''%C3%89t%C3%A9%202024.jpg"
        );
    }
}
