//! Opening the database for either mode and bringing its schema up to date.

use crate::config::Settings;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DbErr};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error("cannot connect to the database at {url}: {source}")]
    Connect { url: String, source: DbErr },
    #[error(
        "the PostgreSQL extension `vector` (pgvector) is missing or cannot be enabled: {source}. \
         Install pgvector for this PostgreSQL server, or run `CREATE EXTENSION vector` as a superuser"
    )]
    MissingVectorExtension { source: DbErr },
    #[error("database migration failed: {0}")]
    Migrate(DbErr),
    #[error("cannot connect to Redis at {url}: {source}")]
    Redis { url: String, source: redis::RedisError },
}

/// Connects to PostgreSQL when a URL is configured, else to SQLite in the data directory, and
/// applies pending migrations.
pub async fn connect(settings: &Settings) -> Result<DatabaseConnection, StartupError> {
    let db = match &settings.database_url {
        Some(url) => connect_postgres(url).await?,
        None => connect_sqlite(settings).await?,
    };
    Migrator::up(&db, None).await.map_err(StartupError::Migrate)?;
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        refresh_sqlite_statistics(&db).await;
    }
    Ok(db)
}

/// SQLite plans with the statistics `ANALYZE` leaves, and nothing gathers them on its own: a
/// library that grew through uploads has none, and the planner then walks the timeline index for
/// every search (a 100 000-asset search took 86 ms instead of 23). `PRAGMA optimize` at start
/// analyses what needs it, sampling at most a few hundred rows per index so a start stays fast.
async fn refresh_sqlite_statistics(db: &DatabaseConnection) {
    for pragma in ["PRAGMA analysis_limit=400", "PRAGMA optimize=0x10002"] {
        if let Err(error) = db.execute_unprepared(pragma).await {
            tracing::warn!(%error, pragma, "could not refresh SQLite's query statistics");
        }
    }
}

async fn connect_postgres(url: &str) -> Result<DatabaseConnection, StartupError> {
    let mut options = ConnectOptions::new(url.to_string());
    options.max_connections(20).connect_timeout(Duration::from_secs(10)).sqlx_logging(false);
    // Statements are prepared once per connection; after five runs PostgreSQL may switch one to
    // a generic plan that ignores the values, and a search for a common city then sorts every
    // match (60 ms instead of 5, bench/map_search.sh). Plans made for the values asked are cheap.
    options.map_sqlx_postgres_opts(|pg| pg.options([("plan_cache_mode", "force_custom_plan")]));
    let db = Database::connect(options)
        .await
        .map_err(|source| StartupError::Connect { url: crate::config::mask_url(url), source })?;
    // Vector search needs pgvector from the machine-learning issue on; failing now, with the
    // name of what is missing, beats failing later in a migration.
    db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS vector")
        .await
        .map_err(|source| StartupError::MissingVectorExtension { source })?;
    Ok(db)
}

async fn connect_sqlite(settings: &Settings) -> Result<DatabaseConnection, StartupError> {
    std::fs::create_dir_all(&settings.data_dir)
        .map_err(|source| StartupError::DataDir { path: settings.data_dir.display().to_string(), source })?;
    let path = settings.database_path();
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut options = ConnectOptions::new(url.clone());
    // SQLite allows one writer at a time; a small pool plus WAL and a busy timeout keeps
    // concurrent requests from failing with "database is locked".
    options.max_connections(8).min_connections(1).sqlx_logging(false);
    let db = Database::connect(options).await.map_err(|source| StartupError::Connect { url, source })?;
    for pragma in
        ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000"]
    {
        db.execute_unprepared(pragma)
            .await
            .map_err(|source| StartupError::Connect { url: path.display().to_string(), source })?;
    }
    Ok(db)
}

pub fn backend_name(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        DatabaseBackend::Postgres => "postgresql",
        DatabaseBackend::Sqlite => "sqlite",
        _ => "other",
    }
}

pub async fn connect_redis(url: &str) -> Result<redis::aio::ConnectionManager, StartupError> {
    let masked = crate::config::mask_url(url);
    let client = redis::Client::open(url).map_err(|source| StartupError::Redis { url: masked.clone(), source })?;
    redis::aio::ConnectionManager::new(client).await.map_err(|source| StartupError::Redis { url: masked, source })
}
