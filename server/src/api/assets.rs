//! Uploads in Immich's shape. The original streams to disk as it arrives; this handler only
//! reads the multipart form and hands the parts to the asset service.

use crate::error::{ApiError, ApiResult};
use crate::extract::ShareParams;
use crate::extract::{parse_id, ApiJson, ApiQuery, Auth, ReadAuth, Uploader};
use crate::files::FileToSend;
use crate::state::AppState;
use axum::extract::multipart::MultipartError;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use chrono::{DateTime, Utc};
use domain::dto::assets::{
    AssetBulkDelete, AssetBulkUpdate, AssetBulkUploadCheck, AssetBulkUploadCheckResponse, AssetMediaResponse,
    AssetMediaStatus, AssetResponse, AssetStatsQuery, AssetStatsResponse, AssetVisibility, UpdateAsset,
};
use domain::services::assets::{ThumbnailSize, UploadFields};
use domain::{AppError, ErrorCode};
use std::collections::HashMap;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    // Originals may be any size: the quota, not a body limit, bounds them. Only the upload is
    // unlimited, so it is routed apart from the other `/assets` methods.
    let (schemas, paths, upload) = routes!(upload);
    OpenApiRouter::new()
        .routes((schemas, paths, upload.layer(DefaultBodyLimit::disable())))
        .routes(routes!(delete, update_many))
        .routes(routes!(bulk_upload_check))
        .routes(routes!(statistics))
        .routes(routes!(get_one, update))
        .routes(routes!(original))
        .routes(routes!(thumbnail))
        .routes(routes!(playback))
}

fn multipart_error(err: MultipartError) -> ApiError {
    ApiError::new(ErrorCode::UploadInterrupted, format!("Malformed or interrupted upload: {}", err.body_text()))
}

/// An upload by a signed-in user, or by a visitor through a link that allows it (the asset is
/// then the link owner's, and goes into the link's album).
#[utoipa::path(
    post,
    path = "/assets",
    operation_id = "uploadAsset",
    tag = "Assets",
    params(ShareParams),
    request_body(content = inline(UploadForm), content_type = "multipart/form-data"),
    responses((status = 201, body = AssetMediaResponse, description = "Stored"), (status = 200, body = AssetMediaResponse, description = "Already in the library")),
    extensions(("x-immich-permission" = json!("asset.upload")))
)]
async fn upload(
    State(state): State<AppState>,
    Uploader { auth, album }: Uploader,
    headers: HeaderMap,
    mut form: Multipart,
) -> ApiResult<impl IntoResponse> {
    let assets = state.services.assets();
    let file_into_album = |id| {
        let services = state.services.clone();
        let auth = auth.clone();
        async move {
            match album {
                Some(album) => services.shared_links().file_upload(&auth, album, id).await,
                None => Ok(()),
            }
        }
    };
    // Answered before the body is read: the client can stop sending. Not for a link's visitor,
    // who must not learn what else the owner has.
    if let Some(checksum) = headers.get("x-immich-checksum").and_then(|v| v.to_str().ok()).filter(|_| album.is_none()) {
        if let Some(id) = assets.existing(&auth, checksum).await? {
            file_into_album(id).await?;
            return Ok((StatusCode::OK, Json(AssetMediaResponse { id, status: AssetMediaStatus::Duplicate })));
        }
    }
    let mut text = HashMap::new();
    let mut original = None;
    let mut sidecar = None;
    while let Some(field) = form.next_field().await.map_err(multipart_error)? {
        match field.name().unwrap_or_default() {
            "assetData" => {
                let name =
                    field.file_name().map(str::to_string).or_else(|| text.get("filename").cloned()).unwrap_or_default();
                assets.accepted_type(&name)?;
                original = Some((assets.stage(&auth, field).await?, name));
            }
            "sidecarData" => sidecar = Some(assets.stage_sidecar(field).await?),
            name => {
                let name = name.to_string();
                text.insert(name, field.text().await.map_err(multipart_error)?);
            }
        }
    }
    let (staged, part_name) = original.ok_or_else(|| AppError::invalid("The `assetData` file is missing"))?;
    let mut fields = upload_fields(&text, part_name)?;
    if album.is_some() {
        // A visitor's upload lands plainly on the owner's timeline, whatever the form says.
        fields.visibility = AssetVisibility::Timeline;
        fields.is_favorite = false;
        fields.live_photo_video_id = None;
    }
    let response = assets.commit(&auth, staged, sidecar, fields).await?;
    file_into_album(response.id).await?;
    let status = match response.status {
        AssetMediaStatus::Created => StatusCode::CREATED,
        AssetMediaStatus::Duplicate => StatusCode::OK,
    };
    Ok((status, Json(response)))
}

/// Get asset statistics
#[utoipa::path(
    get,
    path = "/assets/statistics",
    operation_id = "getAssetStatistics",
    tag = "Assets",
    params(AssetStatsQuery),
    responses((status = 200, body = AssetStatsResponse)),
    extensions(("x-immich-permission" = json!("asset.statistics")))
)]
async fn statistics(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiQuery(query): ApiQuery<AssetStatsQuery>,
) -> ApiResult<Json<AssetStatsResponse>> {
    Ok(Json(state.services.statistics().assets(&auth, query).await?))
}

/// Immich's `AssetMediaCreateDto`, the multipart form of an upload (documentation only: the
/// handler reads the parts as they stream in).
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "camelCase")]
#[allow(dead_code)]
struct UploadForm {
    #[schema(format = Binary, value_type = String)]
    asset_data: Vec<u8>,
    file_created_at: DateTime<Utc>,
    file_modified_at: DateTime<Utc>,
    /// Accepted and ignored.
    device_asset_id: Option<String>,
    /// Accepted and ignored.
    device_id: Option<String>,
    /// The file's name when the part has none.
    filename: Option<String>,
    /// Milliseconds, for videos.
    duration: Option<String>,
    is_favorite: Option<bool>,
    visibility: Option<AssetVisibility>,
    live_photo_video_id: Option<uuid::Uuid>,
    /// An XMP sidecar.
    #[schema(format = Binary, value_type = Option<String>)]
    sidecar_data: Option<Vec<u8>>,
}

/// The text fields of Immich's `AssetMediaCreateDto` (`deviceAssetId` and `deviceId` are
/// accepted and ignored).
fn upload_fields(text: &HashMap<String, String>, part_name: String) -> Result<UploadFields, AppError> {
    if part_name.contains('\0') || text.values().any(|v| v.contains('\0')) {
        return Err(AppError::invalid("Text may not contain NUL characters"));
    }
    let date = |key: &str| -> Result<DateTime<Utc>, AppError> {
        let value = text.get(key).ok_or_else(|| AppError::invalid(format!("`{key}` is required")))?;
        DateTime::parse_from_rfc3339(value.trim())
            .map(|d| d.with_timezone(&Utc))
            .map_err(|_| AppError::invalid(format!("`{key}` must be an ISO 8601 date-time, not `{value}`")))
    };
    let is_favorite = match text.get("isFavorite").map(|v| v.trim()) {
        None | Some("") | Some("false") => false,
        Some("true") => true,
        Some(other) => return Err(AppError::invalid(format!("`isFavorite` must be true or false, not `{other}`"))),
    };
    let visibility = match text.get("visibility").map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => AssetVisibility::Timeline,
        Some(v) => AssetVisibility::parse(v).ok_or_else(|| AppError::invalid(format!("Unknown visibility `{v}`")))?,
    };
    let live_photo_video_id = match text.get("livePhotoVideoId").map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => Some(uuid::Uuid::parse_str(v).map_err(|_| AppError::invalid("`livePhotoVideoId` must be a UUID"))?),
    };
    let file_name = text.get("filename").cloned().filter(|n| !n.trim().is_empty()).unwrap_or(part_name);
    Ok(UploadFields {
        file_name,
        file_created_at: date("fileCreatedAt")?,
        file_modified_at: date("fileModifiedAt")?,
        is_favorite,
        visibility,
        duration: match text.get("duration").map(|d| d.trim()).filter(|d| !d.is_empty()) {
            None => None,
            Some(d) => Some(d.parse::<i64>().map_err(|_| AppError::invalid("`duration` must be whole milliseconds"))?),
        },
        live_photo_video_id,
    })
}

/// Check bulk upload
#[utoipa::path(
    post,
    path = "/assets/bulk-upload-check",
    operation_id = "checkBulkUpload",
    tag = "Assets",
    request_body = AssetBulkUploadCheck,
    responses((status = 200, body = AssetBulkUploadCheckResponse)),
    extensions(("x-immich-permission" = json!("asset.upload")))
)]
async fn bulk_upload_check(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<AssetBulkUploadCheck>,
) -> ApiResult<Json<AssetBulkUploadCheckResponse>> {
    Ok(Json(state.services.assets().bulk_upload_check(&auth, dto).await?))
}

/// Retrieve an asset
#[utoipa::path(
    get,
    path = "/assets/{id}",
    operation_id = "getAssetInfo",
    tag = "Assets",
    params(("id" = Uuid, Path), ShareParams),
    responses((status = 200, body = AssetResponse)),
    extensions(("x-immich-permission" = json!("asset.read")))
)]
async fn get_one(
    State(state): State<AppState>,
    ReadAuth(caller): ReadAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<AssetResponse>> {
    Ok(Json(state.services.assets().get(caller.reader(), parse_id(&id)?).await?))
}

/// Download original asset
#[utoipa::path(
    get,
    path = "/assets/{id}/original",
    operation_id = "downloadAsset",
    tag = "Assets",
    params(("id" = Uuid, Path), ShareParams),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>)),
    extensions(("x-immich-permission" = json!("asset.download")))
)]
async fn original(
    State(state): State<AppState>,
    ReadAuth(caller): ReadAuth,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<axum::response::Response> {
    let file = state.services.assets().original(caller.reader(), parse_id(&id)?).await?;
    let to_send =
        FileToSend { path: &file.path, mime_type: file.mime_type, file_name: &file.file_name, etag: &file.etag };
    crate::files::send(to_send, &headers).await
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ThumbnailQuery {
    /// `thumbnail` (the default), `preview` or `fullsize`.
    size: Option<String>,
}

/// View asset thumbnail
#[utoipa::path(
    get,
    path = "/assets/{id}/thumbnail",
    operation_id = "viewAsset",
    tag = "Assets",
    params(("id" = Uuid, Path), ThumbnailQuery, ShareParams),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>)),
    extensions(("x-immich-permission" = json!("asset.view")))
)]
async fn thumbnail(
    State(state): State<AppState>,
    ReadAuth(caller): ReadAuth,
    Path(id): Path<String>,
    Query(query): Query<ThumbnailQuery>,
    headers: HeaderMap,
) -> ApiResult<axum::response::Response> {
    let requested = query.size.as_deref().unwrap_or("thumbnail");
    let size = ThumbnailSize::parse(requested).ok_or_else(|| {
        AppError::invalid(format!("`size` must be `thumbnail`, `preview` or `fullsize`, not `{requested}`"))
    })?;
    let file = state.services.assets().thumbnail(caller.reader(), parse_id(&id)?, size).await?;
    let name = format!("{id}-{}.{}", size.as_str(), if file.mime_type == "image/webp" { "webp" } else { "jpeg" });
    let to_send = FileToSend { path: &file.path, mime_type: file.mime_type, file_name: &name, etag: &file.etag };
    crate::files::send(to_send, &headers).await
}

/// Play asset video
#[utoipa::path(
    get,
    path = "/assets/{id}/video/playback",
    operation_id = "playAssetVideo",
    tag = "Assets",
    params(("id" = Uuid, Path), ShareParams),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>)),
    extensions(("x-immich-permission" = json!("asset.view")))
)]
async fn playback(
    State(state): State<AppState>,
    ReadAuth(caller): ReadAuth,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<axum::response::Response> {
    let file = state.services.assets().playback(caller.reader(), parse_id(&id)?).await?;
    let to_send =
        FileToSend { path: &file.path, mime_type: file.mime_type, file_name: &file.file_name, etag: &file.etag };
    crate::files::send(to_send, &headers).await
}

/// Delete assets
#[utoipa::path(
    delete,
    path = "/assets",
    operation_id = "deleteAssets",
    tag = "Assets",
    request_body = AssetBulkDelete,
    responses((status = 204)),
    extensions(("x-immich-permission" = json!("asset.delete")))
)]
async fn delete(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<AssetBulkDelete>,
) -> ApiResult<StatusCode> {
    state.services.assets().delete(&auth, dto).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Update an asset
#[utoipa::path(
    put,
    path = "/assets/{id}",
    operation_id = "updateAsset",
    tag = "Assets",
    params(("id" = Uuid, Path)),
    request_body = UpdateAsset,
    responses((status = 200, body = AssetResponse)),
    extensions(("x-immich-permission" = json!("asset.update")))
)]
async fn update(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<String>,
    ApiJson(dto): ApiJson<UpdateAsset>,
) -> ApiResult<Json<AssetResponse>> {
    Ok(Json(state.services.assets().update(&auth, parse_id(&id)?, dto).await?))
}

/// Update assets
#[utoipa::path(
    put,
    path = "/assets",
    operation_id = "updateAssets",
    tag = "Assets",
    request_body = AssetBulkUpdate,
    responses((status = 204)),
    extensions(("x-immich-permission" = json!("asset.update")))
)]
async fn update_many(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiJson(dto): ApiJson<AssetBulkUpdate>,
) -> ApiResult<StatusCode> {
    state.services.assets().update_many(&auth, dto).await?;
    Ok(StatusCode::NO_CONTENT)
}
