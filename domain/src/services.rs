//! Use cases. Every permission check happens here, so the REST API, server functions and jobs
//! cannot disagree about who may do what.

pub mod additions;
pub mod albums;
pub mod api_keys;
pub mod assets;
pub mod auth;
pub mod downloads;
pub mod duplicates;
pub mod faces;
pub mod findings;
pub mod geocoding;
pub mod map;
pub mod mapping;
pub mod ml_jobs;
pub mod partners;
pub mod people;
pub mod preferences;
pub mod processing;
pub mod search;
pub mod server_info;
pub mod sessions;
pub mod shared_links;
pub mod smart_search;
pub mod statistics;
pub mod timeline;
pub mod users;

use crate::auth::throttle::LoginThrottle;
use crate::config::Settings;
use crate::error::AppError;
use crate::inference::InferenceEngine;
use crate::queue::{IngestJob, JobQueue};
use crate::repositories::sessions::SessionStore;
use crate::repositories::vectors::VectorTable;
use crate::repositories::RepoError;
use crate::storage::Storage;
use crate::vector_index::VectorIndex;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Everything a service needs, built once at start-up and shared (cheap to clone).
#[derive(Clone)]
pub struct Services {
    inner: Arc<Inner>,
}

struct Inner {
    db: DatabaseConnection,
    storage: Storage,
    sessions: SessionStore,
    settings: Settings,
    throttle: LoginThrottle,
    /// Set once workers or a queue client exist; see `crate::queue`.
    queue: std::sync::OnceLock<Arc<dyn JobQueue>>,
    /// Set by processes that run machine learning; see `crate::inference`.
    inference: std::sync::OnceLock<Arc<dyn InferenceEngine>>,
    /// Embedded mode's vector search (SQLite has no vector index of its own).
    smart_index: VectorIndex,
    face_index: VectorIndex,
}

impl Services {
    pub fn new(db: DatabaseConnection, sessions: SessionStore, settings: Settings) -> Self {
        let throttle = LoginThrottle::new(settings.login_throttle.clone());
        let storage = Storage::new(settings.data_dir.clone());
        Services {
            inner: Arc::new(Inner {
                db,
                storage,
                sessions,
                settings,
                throttle,
                queue: std::sync::OnceLock::new(),
                inference: std::sync::OnceLock::new(),
                smart_index: VectorIndex::new(VectorTable::SmartSearch),
                face_index: VectorIndex::new(VectorTable::FaceSearch),
            }),
        }
    }

    /// Connects the database (and Redis when configured) as the settings say, and repairs what
    /// a crash left in storage: for the process that accepts uploads.
    pub async fn connect(settings: Settings) -> Result<Self, crate::db::StartupError> {
        let services = Self::connect_shared(settings).await?;
        services.recover_storage().await;
        Ok(services)
    }

    /// Connects without the storage repair, for processes (workers) that run beside a server
    /// whose uploads in flight they must not touch.
    pub async fn connect_shared(settings: Settings) -> Result<Self, crate::db::StartupError> {
        let db = crate::db::connect(&settings).await?;
        let sessions = match &settings.redis_url {
            Some(url) => SessionStore::Redis(crate::db::connect_redis(url).await?),
            None => SessionStore::Database(db.clone()),
        };
        Ok(Services::new(db, sessions, settings))
    }

    /// Start-up repair of what a crash may have left: interrupted commits are settled, then
    /// temporary files removed (all of them in embedded mode; in scaled mode only old ones,
    /// since other processes may be uploading into the same storage).
    async fn recover_storage(&self) {
        match self.assets().settle_interrupted_commits().await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(settled = n, "settled uploads interrupted by a crash"),
            Err(err) => tracing::error!(error = %err, "could not settle interrupted uploads"),
        }
        let min_age = if self.settings().is_embedded() {
            std::time::Duration::ZERO
        } else {
            std::time::Duration::from_secs(15 * 60)
        };
        match self.storage().sweep_temp(min_age) {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "removed temporary files of interrupted uploads"),
            Err(err) => tracing::warn!(error = %err, "could not sweep temporary uploads"),
        }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }

    pub fn storage(&self) -> &Storage {
        &self.inner.storage
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    pub fn session_store(&self) -> &SessionStore {
        &self.inner.sessions
    }

    pub fn assets(&self) -> assets::AssetService<'_> {
        assets::AssetService { services: self }
    }

    pub fn albums(&self) -> albums::AlbumService<'_> {
        albums::AlbumService { services: self }
    }

    pub fn auth(&self) -> auth::AuthService<'_> {
        auth::AuthService { services: self }
    }

    pub fn users(&self) -> users::UserService<'_> {
        users::UserService { services: self }
    }

    pub fn api_keys(&self) -> api_keys::ApiKeyService<'_> {
        api_keys::ApiKeyService { services: self }
    }

    pub fn downloads(&self) -> downloads::DownloadService<'_> {
        downloads::DownloadService { services: self }
    }

    pub fn partners(&self) -> partners::PartnerService<'_> {
        partners::PartnerService { services: self }
    }

    pub fn shared_links(&self) -> shared_links::SharedLinkService<'_> {
        shared_links::SharedLinkService { services: self }
    }

    pub fn map(&self) -> map::MapService<'_> {
        map::MapService { services: self }
    }

    pub fn search(&self) -> search::SearchService<'_> {
        search::SearchService { services: self }
    }

    pub fn preferences(&self) -> preferences::PreferencesService<'_> {
        preferences::PreferencesService { services: self }
    }

    pub fn statistics(&self) -> statistics::StatisticsService<'_> {
        statistics::StatisticsService { services: self }
    }

    pub fn server_info(&self) -> server_info::ServerInfoService<'_> {
        server_info::ServerInfoService { services: self }
    }

    pub fn sessions(&self) -> sessions::SessionService<'_> {
        sessions::SessionService { services: self }
    }

    /// Connects the job queue; the first call wins (one queue per process).
    pub fn set_queue(&self, queue: Arc<dyn JobQueue>) {
        let _ = self.inner.queue.set(queue);
    }

    /// Queues a step. A failure is logged, not returned: the work is found again by the
    /// start-up catch-up (`ProcessingService::pending`), so an upload never fails for it.
    /// Queues many jobs at once (a "run on all"); returns how many were queued.
    pub async fn enqueue_many(&self, jobs: Vec<IngestJob>) -> usize {
        let Some(queue) = self.inner.queue.get() else { return 0 };
        let count = jobs.len();
        match queue.push_many(jobs).await {
            Ok(()) => count,
            Err(err) => {
                tracing::warn!(error = %err, count, "could not queue jobs");
                0
            }
        }
    }

    pub async fn enqueue(&self, job: IngestJob) {
        let Some(queue) = self.inner.queue.get() else { return };
        if let Err(err) = queue.push(job).await {
            tracing::warn!(error = %err, subject = %job.subject(), job = job.name(), "could not queue a job");
        }
    }

    pub fn set_inference(&self, engine: Arc<dyn InferenceEngine>) {
        let _ = self.inner.inference.set(engine);
    }

    pub fn inference(&self) -> Option<&Arc<dyn InferenceEngine>> {
        self.inner.inference.get()
    }

    pub(crate) fn vector_index(&self, table: VectorTable) -> &VectorIndex {
        match table {
            VectorTable::SmartSearch => &self.inner.smart_index,
            VectorTable::FaceSearch => &self.inner.face_index,
        }
    }

    pub fn smart_search(&self) -> smart_search::SmartSearchService<'_> {
        smart_search::SmartSearchService { services: self }
    }

    pub fn faces(&self) -> faces::FaceService<'_> {
        faces::FaceService { services: self }
    }

    pub fn people(&self) -> people::PeopleService<'_> {
        people::PeopleService { services: self }
    }

    pub fn findings(&self) -> findings::FindingsService<'_> {
        findings::FindingsService { services: self }
    }

    pub fn duplicates(&self) -> duplicates::DuplicateService<'_> {
        duplicates::DuplicateService { services: self }
    }

    pub fn ml_jobs(&self) -> ml_jobs::MlJobService<'_> {
        ml_jobs::MlJobService { services: self }
    }

    pub fn processing(&self) -> processing::ProcessingService<'_> {
        processing::ProcessingService { services: self }
    }

    pub fn timeline(&self) -> timeline::TimelineService<'_> {
        timeline::TimelineService { services: self }
    }

    pub fn geocoding(&self) -> geocoding::GeocodingService<'_> {
        geocoding::GeocodingService { services: self }
    }

    fn throttle(&self) -> &LoginThrottle {
        &self.inner.throttle
    }
}

/// Turns a storage failure into what the client may see. Internal causes are logged here with
/// their full chain and replaced by a generic message.
pub(crate) fn storage_error(context: &'static str) -> impl FnOnce(RepoError) -> AppError {
    move |err| {
        tracing::error!(error = %err, error_debug = ?err, context, "storage operation failed");
        AppError::internal()
    }
}
