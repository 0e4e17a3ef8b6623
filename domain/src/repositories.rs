//! All SQL (and Redis commands) live here. Services call these; nothing else touches storage.

pub mod albums;
pub mod api_keys;
pub mod asset_exif;
pub mod asset_statistics;
pub mod assets;
pub mod duplicates;
pub mod explore_tags;
pub mod faces;
pub mod geodata;
pub mod labels;
pub mod map_markers;
pub mod ml_status;
pub mod ocr;
pub mod partners;
pub mod people;
pub mod places;
pub mod search;
pub mod search_suggestions;
pub mod sessions;
pub mod sessions_db;
pub mod sessions_redis;
pub mod shared_links;
pub mod timeline;
pub mod user_preferences;
pub mod users;
pub mod vectors;

/// A storage failure, with unique-constraint violations split out so services can turn them
/// into client errors.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    #[error("unique constraint violated: {0}")]
    Conflict(String),
    #[error(transparent)]
    Db(sea_orm::DbErr),
    #[error(transparent)]
    Redis(#[from] redis::RedisError),
    #[error("stored data is malformed: {0}")]
    Malformed(String),
}

impl From<sea_orm::DbErr> for RepoError {
    fn from(err: sea_orm::DbErr) -> Self {
        match err.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(detail)) => RepoError::Conflict(detail),
            _ => RepoError::Db(err),
        }
    }
}

pub type RepoResult<T> = Result<T, RepoError>;
