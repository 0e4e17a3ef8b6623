//! The apalis queues of the ingest pipeline. Embedded mode keeps them in a SQLite file beside
//! the database (`queue.db`: the queue's write pattern and pragmas stay away from the library's
//! own file); with `redis_url` they live in Redis/Valkey, shared by every `shoebox worker`.
//! One queue per step, so each has its own concurrency.

use apalis::prelude::*;
use apalis_redis::RedisStorage;
use apalis_sqlite::{SqlitePool, SqliteStorage};
use domain::config::Settings;
use domain::queue::{IngestJob, JobQueue};
use futures::future::BoxFuture;
use std::time::Duration;

/// The steps, each a queue with its own concurrency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Metadata,
    Thumbnail,
    SmartSearch,
    FaceDetection,
    FacialRecognition,
    Tagging,
    Ocr,
    DuplicateDetection,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Metadata,
        Step::Thumbnail,
        Step::SmartSearch,
        Step::FaceDetection,
        Step::FacialRecognition,
        Step::Tagging,
        Step::Ocr,
        Step::DuplicateDetection,
    ];

    pub fn of(job: &IngestJob) -> Step {
        match job {
            IngestJob::Metadata { .. } => Step::Metadata,
            IngestJob::Thumbnail { .. } => Step::Thumbnail,
            IngestJob::SmartSearch { .. } => Step::SmartSearch,
            IngestJob::FaceDetection { .. } => Step::FaceDetection,
            IngestJob::FacialRecognition { .. } => Step::FacialRecognition,
            IngestJob::Tagging { .. } => Step::Tagging,
            IngestJob::Ocr { .. } => Step::Ocr,
            IngestJob::DuplicateDetection { .. } => Step::DuplicateDetection,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Step::Metadata => "metadata",
            Step::Thumbnail => "thumbnail",
            Step::SmartSearch => "smart-search",
            Step::FaceDetection => "face-detection",
            Step::FacialRecognition => "facial-recognition",
            Step::Tagging => "tagging",
            Step::Ocr => "ocr",
            Step::DuplicateDetection => "duplicate-detection",
        }
    }

    pub fn queue_name(self, settings: &Settings) -> String {
        format!("{}.{}", settings.jobs.queue_namespace, self.name())
    }

    pub fn concurrency(self, settings: &Settings) -> usize {
        let jobs = &settings.jobs;
        match self {
            Step::Metadata => jobs.metadata_concurrency,
            Step::Thumbnail => jobs.thumbnail_concurrency,
            Step::SmartSearch => jobs.smart_search_concurrency,
            Step::FaceDetection => jobs.face_detection_concurrency,
            // One face at a time: two faces of a new person must not both found it.
            Step::FacialRecognition => 1,
            Step::Tagging => jobs.tagging_concurrency,
            Step::Ocr => jobs.ocr_concurrency,
            Step::DuplicateDetection => jobs.duplicate_detection_concurrency,
        }
        .max(1)
    }
}

/// Where the queues live.
#[derive(Clone)]
pub enum Backend {
    Sqlite(SqlitePool),
    Redis(apalis_redis::ConnectionManager),
}

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("cannot open the job queue in {path}: {reason}")]
    Sqlite { path: String, reason: String },
    #[error("cannot reach the job queue in Redis: {0}")]
    Redis(String),
}

impl Backend {
    pub async fn connect(settings: &Settings) -> Result<Backend, QueueError> {
        match &settings.redis_url {
            Some(url) => apalis_redis::connect(url.as_str())
                .await
                .map(Backend::Redis)
                .map_err(|e| QueueError::Redis(e.to_string())),
            None => {
                let path = settings.data_dir.join("queue.db");
                let sqlite_error = |e: &dyn std::fmt::Display| QueueError::Sqlite {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                };
                let options = sqlx_options(&path);
                let pool = SqlitePool::connect_with(options).await.map_err(|e| sqlite_error(&e))?;
                SqliteStorage::setup(&pool).await.map_err(|e| sqlite_error(&e))?;
                Ok(Backend::Sqlite(pool))
            }
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Backend::Sqlite(_) => "sqlite",
            Backend::Redis(_) => "redis",
        }
    }

    pub fn sqlite_storage(pool: &SqlitePool, settings: &Settings, step: Step) -> SqliteStorage<IngestJob> {
        SqliteStorage::new(pool).with_config(apalis_sqlite::Config::default().queue(step.queue_name(settings)))
    }

    pub fn redis_storage(
        conn: &apalis_redis::ConnectionManager,
        settings: &Settings,
        step: Step,
    ) -> RedisStorage<IngestJob> {
        RedisStorage::new(conn.clone()).with_config(apalis_redis::Config::default().queue(step.queue_name(settings)))
    }
}

fn sqlx_options(path: &std::path::Path) -> apalis_sqlite::SqliteConnectOptions {
    apalis_sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .busy_timeout(Duration::from_secs(30))
}

/// The producer side, handed to the services (`Services::set_queue`).
pub struct Producer {
    backend: Backend,
    settings: Settings,
}

impl Producer {
    pub fn new(backend: Backend, settings: Settings) -> Self {
        Producer { backend, settings }
    }

    async fn push_job(&self, job: IngestJob) -> Result<(), String> {
        let step = Step::of(&job);
        match &self.backend {
            Backend::Sqlite(pool) => {
                let mut storage = Backend::sqlite_storage(pool, &self.settings, step);
                storage.push(job).await.map_err(|e| e.to_string())
            }
            Backend::Redis(conn) => {
                let mut storage = Backend::redis_storage(conn, &self.settings, step);
                storage.push(job).await.map_err(|e| e.to_string())
            }
        }
    }
}

impl JobQueue for Producer {
    fn push(&self, job: IngestJob) -> BoxFuture<'_, Result<(), String>> {
        Box::pin(self.push_job(job))
    }
}
