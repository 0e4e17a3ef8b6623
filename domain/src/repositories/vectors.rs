//! Embeddings: CLIP vectors per asset (`smart_search`) and face vectors (`face_search`). In
//! PostgreSQL they are pgvector columns searched with `<=>` (cosine distance) through HNSW; in
//! SQLite they are little-endian f32 blobs that the in-process index loads and scans.

use super::{RepoError, RepoResult};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use uuid::Uuid;

/// The two embedding tables, each keyed by the row it describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VectorTable {
    SmartSearch,
    FaceSearch,
}

impl VectorTable {
    pub fn table(self) -> &'static str {
        match self {
            VectorTable::SmartSearch => "smart_search",
            VectorTable::FaceSearch => "face_search",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            VectorTable::SmartSearch => "asset_id",
            VectorTable::FaceSearch => "face_id",
        }
    }

    fn hnsw_index(self) -> &'static str {
        match self {
            VectorTable::SmartSearch => "idx_smart_search_embedding",
            VectorTable::FaceSearch => "idx_face_search_embedding",
        }
    }
}

pub fn to_blob(vector: &[f32]) -> Vec<u8> {
    vector.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn from_blob(bytes: &[u8]) -> RepoResult<Vec<f32>> {
    if !bytes.len().is_multiple_of(4) {
        return Err(RepoError::Malformed(format!("an embedding blob of {} bytes", bytes.len())));
    }
    Ok(bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
}

/// pgvector's text form, `[0.1,0.2,…]`; Rust's shortest round-trip formatting keeps every bit.
pub fn to_pg_literal(vector: &[f32]) -> String {
    let mut out = String::with_capacity(vector.len() * 12 + 2);
    out.push('[');
    for (i, v) in vector.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&v.to_string());
    }
    out.push(']');
    out
}

pub fn from_pg_literal(text: &str) -> RepoResult<Vec<f32>> {
    let inner = text.trim().trim_start_matches('[').trim_end_matches(']');
    if inner.is_empty() {
        return Ok(Vec::new());
    }
    inner
        .split(',')
        .map(|v| v.trim().parse::<f32>().map_err(|e| RepoError::Malformed(format!("an embedding value {v:?}: {e}"))))
        .collect()
}

/// The bound value of an embedding for this backend (cast to `vector` in the SQL on PostgreSQL).
fn bound(backend: DbBackend, vector: &[f32]) -> Value {
    match backend {
        DbBackend::Postgres => to_pg_literal(vector).into(),
        _ => to_blob(vector).into(),
    }
}

/// Stores (or replaces) the embedding of `key`. SQLite replaces the row (a new rowid), which is
/// how the in-process index notices a changed vector.
pub async fn upsert(db: &impl ConnectionTrait, table: VectorTable, key: Uuid, vector: &[f32]) -> RepoResult<()> {
    let backend = db.get_database_backend();
    let (t, k) = (table.table(), table.key());
    let sql = match backend {
        DbBackend::Postgres => format!(
            r#"INSERT INTO "{t}" ("{k}", "embedding") VALUES ($1, $2::vector) ON CONFLICT ("{k}") DO UPDATE SET "embedding" = excluded."embedding""#
        ),
        _ => format!(r#"INSERT OR REPLACE INTO "{t}" ("{k}", "embedding") VALUES (?, ?)"#),
    };
    db.execute_raw(Statement::from_sql_and_values(backend, sql, [key.into(), bound(backend, vector)])).await?;
    Ok(())
}

pub async fn get(db: &impl ConnectionTrait, table: VectorTable, key: Uuid) -> RepoResult<Option<Vec<f32>>> {
    let backend = db.get_database_backend();
    let (t, k) = (table.table(), table.key());
    let sql = match backend {
        DbBackend::Postgres => format!(r#"SELECT "embedding"::text AS "embedding" FROM "{t}" WHERE "{k}" = $1"#),
        _ => format!(r#"SELECT "embedding" FROM "{t}" WHERE "{k}" = ?"#),
    };
    let row = db.query_one_raw(Statement::from_sql_and_values(backend, sql, [key.into()])).await?;
    row.map(|row| decode(backend, &row)).transpose()
}

/// The embeddings of `keys` that exist, in no particular order.
pub async fn get_many(
    db: &impl ConnectionTrait,
    table: VectorTable,
    keys: &[Uuid],
) -> RepoResult<Vec<(Uuid, Vec<f32>)>> {
    let backend = db.get_database_backend();
    let (t, k) = (table.table(), table.key());
    let mut out = Vec::with_capacity(keys.len());
    for batch in keys.chunks(500) {
        let placeholders: Vec<String> = (1..=batch.len())
            .map(|n| if backend == DbBackend::Postgres { format!("${n}") } else { "?".to_string() })
            .collect();
        let embedding = if backend == DbBackend::Postgres { r#""embedding"::text"# } else { r#""embedding""# };
        let sql = format!(
            r#"SELECT "{k}" AS "key", {embedding} AS "embedding" FROM "{t}" WHERE "{k}" IN ({})"#,
            placeholders.join(", ")
        );
        let values: Vec<sea_orm::Value> = batch.iter().map(|id| (*id).into()).collect();
        for row in db.query_all_raw(Statement::from_sql_and_values(backend, sql, values)).await? {
            out.push((row.try_get("", "key")?, decode(backend, &row)?));
        }
    }
    Ok(out)
}

fn decode(backend: DbBackend, row: &sea_orm::QueryResult) -> RepoResult<Vec<f32>> {
    match backend {
        DbBackend::Postgres => from_pg_literal(&row.try_get::<String>("", "embedding")?),
        _ => from_blob(&row.try_get::<Vec<u8>>("", "embedding")?),
    }
}

/// The width of the stored vectors (PostgreSQL's column type), or `None` on SQLite where any
/// width fits.
pub async fn dimension(db: &impl ConnectionTrait, table: VectorTable) -> RepoResult<Option<usize>> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(None);
    }
    let sql = format!(
        "SELECT atttypmod FROM pg_attribute WHERE attrelid = '{}'::regclass AND attname = 'embedding'",
        table.table()
    );
    let row = db.query_one_raw(Statement::from_string(DbBackend::Postgres, sql)).await?;
    Ok(row.and_then(|r| r.try_get::<i32>("", "atttypmod").ok()).and_then(|d| usize::try_from(d).ok()))
}

/// Empties the table and, in PostgreSQL, gives the column the new width (a CLIP model with
/// wider vectors): old vectors cannot be compared with new ones anyway.
pub async fn reset(db: &impl ConnectionTrait, table: VectorTable, dimension: usize) -> RepoResult<()> {
    let backend = db.get_database_backend();
    let t = table.table();
    db.execute_unprepared(&format!(r#"DELETE FROM "{t}""#)).await?;
    if backend == DbBackend::Postgres {
        let index = table.hnsw_index();
        for sql in [
            format!(r#"DROP INDEX IF EXISTS "{index}""#),
            format!(r#"ALTER TABLE "{t}" ALTER COLUMN "embedding" TYPE vector({dimension})"#),
            format!(
                r#"CREATE INDEX "{index}" ON "{t}" USING hnsw ("embedding" vector_cosine_ops) WITH (m = 16, ef_construction = 300)"#
            ),
        ] {
            db.execute_unprepared(&sql).await?;
        }
    }
    Ok(())
}

/// A row for the in-process index: the key, the library it belongs to, the vector.
pub struct StoredVector {
    pub key: Uuid,
    pub owner_id: Uuid,
    pub vector: Vec<f32>,
}

/// SQLite: rows stored after `after_rowid` with their owners, in rowid order (the in-process
/// index's incremental load), and the table's row count and last rowid.
pub async fn load_since(
    db: &impl ConnectionTrait,
    table: VectorTable,
    after_rowid: i64,
) -> RepoResult<(Vec<StoredVector>, i64)> {
    let (t, k) = (table.table(), table.key());
    let owner_join = match table {
        VectorTable::SmartSearch => r#"JOIN "assets" a ON a."id" = v."asset_id""#,
        VectorTable::FaceSearch => {
            r#"JOIN "asset_faces" f ON f."id" = v."face_id" JOIN "assets" a ON a."id" = f."asset_id""#
        }
    };
    let sql = format!(
        r#"SELECT v."rowid" AS "rowid", v."{k}" AS "key", a."owner_id" AS "owner_id", v."embedding" AS "embedding"
           FROM "{t}" v {owner_join} WHERE v."rowid" > ? ORDER BY v."rowid""#
    );
    let rows = db.query_all_raw(Statement::from_sql_and_values(DbBackend::Sqlite, sql, [after_rowid.into()])).await?;
    let mut last = after_rowid;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        last = std::cmp::max(last, row.try_get::<i64>("", "rowid")?);
        out.push(StoredVector {
            key: row.try_get("", "key")?,
            owner_id: row.try_get("", "owner_id")?,
            vector: from_blob(&row.try_get::<Vec<u8>>("", "embedding")?)?,
        });
    }
    Ok((out, last))
}

/// SQLite: how many rows the table holds and its highest rowid, to tell whether the in-process
/// index is current.
pub async fn generation(db: &impl ConnectionTrait, table: VectorTable) -> RepoResult<(i64, i64)> {
    let sql = format!(r#"SELECT COUNT(*) AS "n", COALESCE(MAX("rowid"), 0) AS "last" FROM "{}""#, table.table());
    let row = db.query_one_raw(Statement::from_string(DbBackend::Sqlite, sql)).await?;
    match row {
        Some(row) => Ok((row.try_get("", "n")?, row.try_get("", "last")?)),
        None => Ok((0, 0)),
    }
}

/// Candidates the HNSW index keeps per search (pgvector's `hnsw.ef_search`). Measured at
/// 1 000 000 CLIP-shaped vectors (bench/vector_search.sh, index m 16, ef_construction 300):
/// photo queries find 0.99 of the true ten nearest from 100 on, but text queries, which lie
/// apart from images in CLIP's space, need more: 0.943 at 400, 0.949 at 500, 0.959 at 600, with
/// a p95 of 42–44 ms at 600 on two cores.
pub const PG_EF_SEARCH: u32 = 600;

/// PostgreSQL: keys of the rows nearest `query` among those `candidates` selects (a query
/// returning the keys allowed), with their cosine distances, nearest first. The HNSW index
/// answers with iterative scans so that a selective filter still fills the page.
pub async fn nearest_pg(
    db: &sea_orm::DatabaseConnection,
    table: VectorTable,
    query: &[f32],
    candidates: SelectStatement,
    max_distance: Option<f32>,
    offset: u64,
    limit: u64,
) -> RepoResult<Vec<(Uuid, f32)>> {
    use sea_orm::TransactionTrait;
    let (t, k) = (table.table(), table.key());
    // The query vector goes in as a literal: numbers this code formatted, nothing from outside.
    let distance = Expr::cust(format!(r#""{t}"."embedding" <=> '{}'::vector"#, to_pg_literal(query)));
    let mut select = Query::select()
        .expr_as(Expr::col((Alias::new(t), Alias::new(k))), Alias::new("key"))
        .expr_as(distance.clone(), Alias::new("distance"))
        .from(Alias::new(t))
        .and_where(Expr::col((Alias::new(t), Alias::new(k))).in_subquery(candidates))
        .order_by_expr(distance.clone(), Order::Asc)
        .offset(offset)
        .limit(limit)
        .to_owned();
    if let Some(max) = max_distance {
        select.and_where(distance.lte(max));
    }
    let (sql, values) = select.build(sea_orm::sea_query::PostgresQueryBuilder);
    let txn = db.begin().await?;
    // Iterative scans keep looking when the filter drops most of the candidates.
    txn.execute_unprepared(&format!("SET LOCAL hnsw.ef_search = {PG_EF_SEARCH}")).await?;
    txn.execute_unprepared("SET LOCAL hnsw.iterative_scan = relaxed_order").await?;
    let rows = txn.query_all_raw(Statement::from_sql_and_values(DbBackend::Postgres, sql, values)).await?;
    txn.commit().await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let distance: f64 = row.try_get("", "distance")?;
        out.push((row.try_get("", "key")?, distance as f32));
    }
    // relaxed_order may return neighbours slightly out of order; the page is sorted exactly.
    out.sort_by(|a, b| a.1.total_cmp(&b.1));
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn codecs_round_trip_exactly() {
        let v = vec![0.1f32, -2.5e-8, 1.0, f32::MIN_POSITIVE, -0.333_333_34];
        assert_eq!(from_blob(&to_blob(&v)).unwrap(), v);
        assert_eq!(from_pg_literal(&to_pg_literal(&v)).unwrap(), v);
        assert_eq!(from_pg_literal("[1,2.5,-3]").unwrap(), vec![1.0, 2.5, -3.0]);
        assert!(from_blob(&[1, 2, 3]).is_err());
        assert!(from_pg_literal("[1,x]").is_err());
    }
}
