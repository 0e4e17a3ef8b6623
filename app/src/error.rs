//! Server functions fail with the same coded errors as the REST API; this wrapper lets Leptos
//! carry them to the browser.

use domain::{AppError, ErrorCode};
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UiError(pub AppError);

impl UiError {
    pub fn code(&self) -> ErrorCode {
        self.0.code
    }

    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl std::fmt::Display for UiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for UiError {}

impl From<AppError> for UiError {
    fn from(err: AppError) -> Self {
        UiError(err)
    }
}

impl FromServerFnError for UiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let code = match &value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => ErrorCode::BadRequest,
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => ErrorCode::ServiceUnavailable,
            _ => ErrorCode::Internal,
        };
        UiError(AppError::new(code, value.to_string()))
    }
}

pub type UiResult<T> = Result<T, UiError>;
