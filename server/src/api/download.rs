//! `POST /api/download/info` and `POST /api/download/archive` in Immich's shapes. The archive
//! also takes a plain form post (`assetIds` comma-separated), so the web app's download button
//! is an ordinary form and the browser streams the file to disk itself.

use crate::error::{ApiError, ApiResult};
use crate::extract::ShareParams;
use crate::extract::{ApiJson, ReadAuth};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, StatusCode};
use axum::response::Response;
use axum::Json;
use domain::dto::downloads::{DownloadArchive, DownloadInfo, DownloadResponse};
use domain::storage::zip_stream::zip_stream;
use domain::ErrorCode;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(info)).routes(routes!(archive))
}

/// Retrieve download information
#[utoipa::path(
    post,
    path = "/download/info",
    operation_id = "getDownloadInfo",
    tag = "Download",
    params(ShareParams),
    request_body = DownloadInfo,
    responses((status = 201, body = DownloadResponse)),
    extensions(("x-immich-permission" = json!("asset.download")))
)]
async fn info(
    State(state): State<AppState>,
    ReadAuth(caller): ReadAuth,
    ApiJson(dto): ApiJson<DownloadInfo>,
) -> ApiResult<(StatusCode, Json<DownloadResponse>)> {
    Ok((StatusCode::CREATED, Json(state.services.downloads().info(caller.reader(), dto).await?)))
}

/// The asset ids of an archive request, from JSON (Immich's clients) or a form (the web app).
struct ArchiveRequest(Vec<Uuid>);

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ArchiveForm {
    asset_ids: String,
}

impl<S: Send + Sync> FromRequest<S> for ArchiveRequest {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            let ApiJson(dto) = ApiJson::<DownloadArchive>::from_request(req, state).await?;
            return Ok(ArchiveRequest(dto.asset_ids));
        }
        let axum::Form(form) = axum::Form::<ArchiveForm>::from_request(req, state)
            .await
            .map_err(|rejection| ApiError::new(ErrorCode::InvalidInput, rejection.body_text()))?;
        let ids = form
            .asset_ids
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                Uuid::parse_str(s)
                    .map_err(|_| ApiError::new(ErrorCode::InvalidInput, format!("`{s}` is not an asset id")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ArchiveRequest(ids))
    }
}

/// Download asset archive
#[utoipa::path(
    post,
    path = "/download/archive",
    operation_id = "downloadArchive",
    tag = "Download",
    params(ShareParams),
    request_body = DownloadArchive,
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>)),
    extensions(("x-immich-permission" = json!("asset.download")))
)]
async fn archive(
    State(state): State<AppState>,
    ReadAuth(caller): ReadAuth,
    ArchiveRequest(ids): ArchiveRequest,
) -> ApiResult<Response> {
    let entries = state.services.downloads().archive(caller.reader(), &ids).await?;
    let count = entries.len();
    let name = format!("shoebox-{}.zip", chrono::Utc::now().format("%Y%m%d-%H%M%S"));
    tracing::info!(files = count, "archive download started");
    Response::builder()
        .header(header::CONTENT_TYPE, "application/zip")
        .header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from_stream(zip_stream(entries)))
        .map_err(|err| {
            tracing::error!(error = %err, "cannot build the archive response");
            ApiError::from(domain::AppError::internal())
        })
}
