//! Sessions in Redis/Valkey: `shoebox:session:<id>` holds the record as JSON,
//! `shoebox:session-token:<hash>` points a token hash at its id, and `shoebox:user-sessions:<user>`
//! is the set of a user's session ids (pruned of expired ones as it is read). Keys expire with
//! the session, so Redis forgets what nobody uses.

use super::sessions::SessionRecord;
use super::{RepoError, RepoResult};
use redis::aio::ConnectionManager;
use redis::AsyncCommands;
use uuid::Uuid;

fn session_key(id: Uuid) -> String {
    format!("shoebox:session:{id}")
}

fn token_key(hash: &str) -> String {
    format!("shoebox:session-token:{hash}")
}

fn user_key(user_id: Uuid) -> String {
    format!("shoebox:user-sessions:{user_id}")
}

pub async fn insert(mut conn: ConnectionManager, record: &SessionRecord) -> RepoResult<()> {
    let json = serde_json::to_string(record).map_err(|e| RepoError::Malformed(e.to_string()))?;
    let ttl_ms = (record.expires_at - chrono::Utc::now()).num_milliseconds().max(1) as u64;
    redis::pipe()
        .atomic()
        .pset_ex(session_key(record.id), json, ttl_ms)
        .pset_ex(token_key(&record.token_hash), record.id.to_string(), ttl_ms)
        .sadd(user_key(record.user_id), record.id.to_string())
        .query_async::<()>(&mut conn)
        .await?;
    Ok(())
}

async fn get(conn: &mut ConnectionManager, id: Uuid) -> RepoResult<Option<SessionRecord>> {
    let json: Option<String> = conn.get(session_key(id)).await?;
    json.map(|j| serde_json::from_str(&j).map_err(|e| RepoError::Malformed(e.to_string()))).transpose()
}

pub async fn find_by_token_hash(mut conn: ConnectionManager, token_hash: &str) -> RepoResult<Option<SessionRecord>> {
    let id: Option<String> = conn.get(token_key(token_hash)).await?;
    let Some(id) = id.and_then(|id| Uuid::parse_str(&id).ok()) else { return Ok(None) };
    Ok(get(&mut conn, id).await?.filter(|s| s.token_hash == token_hash))
}

pub async fn list_for_user(mut conn: ConnectionManager, user_id: Uuid) -> RepoResult<Vec<SessionRecord>> {
    let ids: Vec<String> = conn.smembers(user_key(user_id)).await?;
    let mut sessions = Vec::with_capacity(ids.len());
    for raw in ids {
        let found = match Uuid::parse_str(&raw) {
            Ok(id) => get(&mut conn, id).await?,
            Err(_) => None,
        };
        match found {
            Some(session) => sessions.push(session),
            None => {
                let _: () = conn.srem(user_key(user_id), &raw).await?;
            }
        }
    }
    Ok(sessions)
}

pub async fn delete(mut conn: ConnectionManager, user_id: Uuid, id: Uuid) -> RepoResult<bool> {
    let Some(session) = get(&mut conn, id).await? else { return Ok(false) };
    if session.user_id != user_id {
        return Ok(false);
    }
    remove(&mut conn, &session).await?;
    Ok(true)
}

async fn remove(conn: &mut ConnectionManager, session: &SessionRecord) -> RepoResult<()> {
    redis::pipe()
        .atomic()
        .del(session_key(session.id))
        .del(token_key(&session.token_hash))
        .srem(user_key(session.user_id), session.id.to_string())
        .query_async::<()>(conn)
        .await?;
    Ok(())
}

pub async fn delete_all_except(conn: ConnectionManager, user_id: Uuid, keep: Option<Uuid>) -> RepoResult<u64> {
    let mut conn2 = conn.clone();
    let mut ended = 0;
    for session in list_for_user(conn, user_id).await? {
        if Some(session.id) != keep {
            remove(&mut conn2, &session).await?;
            ended += 1;
        }
    }
    Ok(ended)
}
