//! REST error bodies. Immich's clients read `message`, `error` and `statusCode`; ours read the
//! stable `code`. Both are always present.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::{AppError, ErrorCode};
use serde::Serialize;

#[derive(Debug)]
pub struct ApiError(pub AppError);

pub type ApiResult<T> = Result<T, ApiError>;

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        ApiError(err)
    }
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError(AppError::new(code, message))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody<'a> {
    pub code: &'a str,
    pub message: &'a str,
    pub error: &'a str,
    pub status_code: u16,
    pub correlation_id: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = self.0.code;
        let status = StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let correlation_id = uuid::Uuid::new_v4().simple().to_string()[..8].to_string();
        if status.is_server_error() {
            tracing::error!(code = %code, correlation_id, "request failed");
        }
        let body = ErrorBody {
            code: code.as_str(),
            message: &self.0.message,
            error: code.reason_phrase(),
            status_code: status.as_u16(),
            correlation_id,
        };
        (status, Json(body)).into_response()
    }
}
