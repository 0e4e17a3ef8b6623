//! Server-side sessions, in the database (embedded mode, or PostgreSQL without Redis) or in
//! Redis/Valkey when one is configured. The token itself is never stored, only its SHA-256.

use super::{sessions_db, sessions_redis, RepoResult};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub id: Uuid,
    pub user_id: Uuid,
    pub token_hash: String,
    pub device_type: String,
    pub device_os: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Clone)]
pub enum SessionStore {
    Database(DatabaseConnection),
    Redis(redis::aio::ConnectionManager),
}

impl SessionStore {
    pub fn kind(&self) -> &'static str {
        match self {
            SessionStore::Database(_) => "database",
            SessionStore::Redis(_) => "redis",
        }
    }

    pub async fn insert(&self, record: &SessionRecord) -> RepoResult<()> {
        match self {
            SessionStore::Database(db) => sessions_db::insert(db, record).await,
            SessionStore::Redis(conn) => sessions_redis::insert(conn.clone(), record).await,
        }
    }

    /// The live (unexpired) session with this token hash.
    pub async fn find_by_token_hash(&self, token_hash: &str, now: DateTime<Utc>) -> RepoResult<Option<SessionRecord>> {
        let found = match self {
            SessionStore::Database(db) => sessions_db::find_by_token_hash(db, token_hash).await?,
            SessionStore::Redis(conn) => sessions_redis::find_by_token_hash(conn.clone(), token_hash).await?,
        };
        Ok(found.filter(|s| s.expires_at > now))
    }

    pub async fn list_for_user(&self, user_id: Uuid, now: DateTime<Utc>) -> RepoResult<Vec<SessionRecord>> {
        let mut sessions = match self {
            SessionStore::Database(db) => sessions_db::list_for_user(db, user_id).await?,
            SessionStore::Redis(conn) => sessions_redis::list_for_user(conn.clone(), user_id).await?,
        };
        sessions.retain(|s| s.expires_at > now);
        sessions.sort_by_key(|s| std::cmp::Reverse(s.updated_at));
        Ok(sessions)
    }

    /// Records activity: `updated_at` moves and the expiry slides forward.
    pub async fn touch(&self, record: &SessionRecord) -> RepoResult<()> {
        match self {
            SessionStore::Database(db) => sessions_db::touch(db, record).await,
            SessionStore::Redis(conn) => sessions_redis::insert(conn.clone(), record).await,
        }
    }

    pub async fn delete(&self, user_id: Uuid, id: Uuid) -> RepoResult<bool> {
        match self {
            SessionStore::Database(db) => sessions_db::delete(db, user_id, id).await,
            SessionStore::Redis(conn) => sessions_redis::delete(conn.clone(), user_id, id).await,
        }
    }

    /// Ends every session of `user_id` except `keep`; returns how many ended.
    pub async fn delete_all_except(&self, user_id: Uuid, keep: Option<Uuid>) -> RepoResult<u64> {
        match self {
            SessionStore::Database(db) => sessions_db::delete_all_except(db, user_id, keep).await,
            SessionStore::Redis(conn) => sessions_redis::delete_all_except(conn.clone(), user_id, keep).await,
        }
    }
}
