//! The one table of stable error codes. The REST API, server functions and the UI all speak these
//! codes, so a client can branch on `code` without parsing messages. Codes never change meaning;
//! new failures get new codes.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! error_codes {
    ($($variant:ident => $code:literal, $status:literal;)*) => {
        /// A stable, machine-readable error code and the HTTP status it maps to.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum ErrorCode { $($variant,)* }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            pub fn http_status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)* }
            }

            pub fn from_code(code: &str) -> Option<ErrorCode> {
                match code { $($code => Some(ErrorCode::$variant),)* _ => None }
            }
        }
    };
}

error_codes! {
    BadRequest => "bad-request", 400;
    InvalidInput => "invalid-input", 400;
    MalformedJson => "malformed-json", 400;
    PasswordTooShort => "password-too-short", 400;
    InvalidEmail => "invalid-email", 400;
    UnsupportedFileType => "unsupported-file-type", 400;
    UploadInterrupted => "upload-interrupted", 400;
    AlreadyAlbumMember => "already-album-member", 400;
    OwnerCannotLeaveAlbum => "owner-cannot-leave-album", 400;
    AlreadyPartner => "already-partner", 400;
    FeatureDisabled => "feature-disabled", 400;
    NotIndexedYet => "not-indexed-yet", 400;
    Unauthenticated => "unauthenticated", 401;
    InvalidCredentials => "invalid-credentials", 401;
    WrongPassword => "wrong-password", 401;
    InvalidShareKey => "invalid-share-key", 401;
    SharedLinkExpired => "shared-link-expired", 401;
    SharedLinkPasswordRequired => "shared-link-password-required", 401;
    Forbidden => "forbidden", 403;
    AdminRequired => "admin-required", 403;
    MissingPermission => "missing-permission", 403;
    CrossSiteRequest => "cross-site-request", 403;
    PasswordChangeRequired => "password-change-required", 403;
    NotFound => "not-found", 404;
    UserNotFound => "user-not-found", 404;
    ApiKeyNotFound => "api-key-not-found", 404;
    SessionNotFound => "session-not-found", 404;
    AssetNotFound => "asset-not-found", 404;
    AlbumNotFound => "album-not-found", 404;
    PartnerNotFound => "partner-not-found", 404;
    SharedLinkNotFound => "shared-link-not-found", 404;
    PersonNotFound => "person-not-found", 404;
    FaceNotFound => "face-not-found", 404;
    ThumbnailNotReady => "thumbnail-not-ready", 404;
    EmailAlreadyInUse => "email-already-in-use", 409;
    StorageLabelInUse => "storage-label-in-use", 409;
    SlugInUse => "slug-in-use", 409;
    AdminAlreadyExists => "admin-already-exists", 409;
    CannotDeleteSelf => "cannot-delete-self", 409;
    PayloadTooLarge => "payload-too-large", 413;
    QuotaExceeded => "quota-exceeded", 413;
    UnsupportedMediaType => "unsupported-media-type", 415;
    RangeNotSatisfiable => "range-not-satisfiable", 416;
    UnprocessableEntity => "unprocessable-entity", 422;
    TooManyAttempts => "too-many-attempts", 429;
    Internal => "internal-error", 500;
    ServiceUnavailable => "service-unavailable", 503;
    ModelUnavailable => "model-unavailable", 503;
}

impl ErrorCode {
    /// The reason phrase Immich puts in its `error` field (NestJS's standard phrases).
    pub fn reason_phrase(self) -> &'static str {
        match self.http_status() {
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not Found",
            409 => "Conflict",
            413 => "Payload Too Large",
            415 => "Unsupported Media Type",
            416 => "Range Not Satisfiable",
            422 => "Unprocessable Entity",
            429 => "Too Many Requests",
            503 => "Service Unavailable",
            _ => "Internal Server Error",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error a client may see: a stable code plus a human message. Internal details never go into
/// `message`; they are logged where the error is turned into a response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code}: {message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError { code, message: message.into() }
    }

    /// An internal failure: the client gets a generic message, the log gets the cause.
    pub fn internal() -> Self {
        AppError::new(ErrorCode::Internal, "Something went wrong on the server. It has been logged.")
    }

    pub fn unauthenticated() -> Self {
        AppError::new(ErrorCode::Unauthenticated, "Authentication required")
    }

    pub fn admin_required() -> Self {
        AppError::new(ErrorCode::AdminRequired, "Only an administrator can do this")
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        AppError::new(ErrorCode::InvalidInput, message)
    }

    pub fn status(&self) -> u16 {
        self.code.http_status()
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code {}", code.as_str());
            assert_eq!(ErrorCode::from_code(code.as_str()), Some(*code));
        }
    }

    #[test]
    fn statuses_match_the_table() {
        assert_eq!(ErrorCode::InvalidCredentials.http_status(), 401);
        assert_eq!(ErrorCode::AdminRequired.http_status(), 403);
        assert_eq!(ErrorCode::UserNotFound.http_status(), 404);
        assert_eq!(ErrorCode::EmailAlreadyInUse.http_status(), 409);
        assert_eq!(ErrorCode::PayloadTooLarge.http_status(), 413);
        assert_eq!(ErrorCode::UnprocessableEntity.http_status(), 422);
        assert_eq!(ErrorCode::TooManyAttempts.reason_phrase(), "Too Many Requests");
    }
}
