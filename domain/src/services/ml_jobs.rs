//! The machine-learning queues as the admin drives them: "run on missing" and "run on all" for
//! each feature, counts of what is left, the last failure's reason (kept in the database, so a
//! separate worker's failures show too) and models downloading.

use super::{storage_error, Services};
use crate::dto::jobs::{QueueName, QueueOverview, QueueResponse, QueueStatistics, QueueStatus, QueuesResponse};
use crate::error::{AppError, AppResult};
use crate::queue::IngestJob;
use crate::repositories::assets;
use crate::repositories::geodata::{get_system, set_system};
use crate::repositories::ml_status::{self, MlStep};
use uuid::Uuid;

pub struct MlJobService<'a> {
    pub(super) services: &'a Services,
}

/// Jobs pushed per batch while queueing a whole library.
const BATCH: u64 = 1000;

fn step_of(queue: QueueName) -> Option<MlStep> {
    match queue {
        QueueName::SmartSearch => Some(MlStep::SmartSearch),
        QueueName::FaceDetection => Some(MlStep::FaceDetection),
        QueueName::Tagging => Some(MlStep::Tagging),
        QueueName::Ocr => Some(MlStep::Ocr),
        QueueName::DuplicateDetection => Some(MlStep::DuplicateDetection),
        _ => None,
    }
}

fn job_for(queue: QueueName, asset_id: Uuid) -> Option<IngestJob> {
    Some(match queue {
        QueueName::SmartSearch => IngestJob::SmartSearch { asset_id },
        QueueName::FaceDetection => IngestJob::FaceDetection { asset_id },
        QueueName::Tagging => IngestJob::Tagging { asset_id },
        QueueName::Ocr => IngestJob::Ocr { asset_id },
        QueueName::DuplicateDetection => IngestJob::DuplicateDetection { asset_id },
        QueueName::MetadataExtraction => IngestJob::Metadata { asset_id },
        QueueName::ThumbnailGeneration => IngestJob::Thumbnail { asset_id },
        QueueName::FacialRecognition => return None,
    })
}

/// The queue that runs a job (its failures are recorded under it).
pub fn queue_of(job: &IngestJob) -> QueueName {
    match job {
        IngestJob::Metadata { .. } => QueueName::MetadataExtraction,
        IngestJob::Thumbnail { .. } => QueueName::ThumbnailGeneration,
        IngestJob::SmartSearch { .. } => QueueName::SmartSearch,
        IngestJob::FaceDetection { .. } => QueueName::FaceDetection,
        IngestJob::FacialRecognition { .. } => QueueName::FacialRecognition,
        IngestJob::Tagging { .. } => QueueName::Tagging,
        IngestJob::Ocr { .. } => QueueName::Ocr,
        IngestJob::DuplicateDetection { .. } => QueueName::DuplicateDetection,
    }
}

impl MlJobService<'_> {
    /// Whether the feature behind a queue is on.
    pub fn enabled(&self, queue: QueueName) -> bool {
        match queue {
            QueueName::SmartSearch => self.services.smart_search().enabled(),
            QueueName::FaceDetection | QueueName::FacialRecognition => self.services.faces().enabled(),
            QueueName::Tagging => self.services.findings().tagging_enabled(),
            QueueName::Ocr => self.services.findings().ocr_enabled(),
            QueueName::DuplicateDetection => self.services.duplicates().enabled(),
            QueueName::MetadataExtraction | QueueName::ThumbnailGeneration => true,
        }
    }

    /// The machine-learning jobs a new asset needs once its preview exists.
    pub async fn queue_new_asset(&self, asset_id: Uuid) {
        let mut jobs = Vec::new();
        for queue in [QueueName::SmartSearch, QueueName::FaceDetection, QueueName::Tagging, QueueName::Ocr] {
            if self.enabled(queue) {
                jobs.extend(job_for(queue, asset_id));
            }
        }
        self.services.enqueue_many(jobs).await;
    }

    /// "Run on missing" (`force` false) or "run on all" (`force`): queues the assets (for face
    /// recognition, the faces) the step should run on; returns how many.
    pub async fn run(&self, queue: QueueName, force: bool) -> AppResult<usize> {
        if !self.enabled(queue) {
            return Err(AppError::new(
                crate::error::ErrorCode::FeatureDisabled,
                format!("{} is turned off in the configuration", queue.title()),
            ));
        }
        if queue == QueueName::FacialRecognition {
            return self.services.faces().queue_recognition(force).await;
        }
        let db = self.services.db();
        let Some(step) = step_of(queue) else {
            return self.run_ingest(queue, force).await;
        };
        if force {
            ml_status::clear(db, step).await.map_err(storage_error("clear marks"))?;
        }
        let mut queued = 0;
        let mut after = None;
        loop {
            let page =
                ml_status::assets_for(db, step, force, after, BATCH).await.map_err(storage_error("list assets"))?;
            let Some(&last) = page.last() else { break };
            after = Some(last);
            let jobs: Vec<IngestJob> = page.into_iter().filter_map(|id| job_for(queue, id)).collect();
            queued += self.services.enqueue_many(jobs).await;
        }
        tracing::info!(queue = queue.as_str(), force, queued, "queued machine-learning work");
        Ok(queued)
    }

    /// Metadata and thumbnails: "missing" is what the start-up catch-up finds; "all" re-reads
    /// every asset.
    async fn run_ingest(&self, queue: QueueName, force: bool) -> AppResult<usize> {
        if !force {
            return self.services.processing().catch_up().await;
        }
        let db = self.services.db();
        let mut queued = 0;
        for owner in crate::repositories::users::all_ids(db).await.map_err(storage_error("list users"))? {
            let ids = assets::ids_of_owner(db, owner).await.map_err(storage_error("list assets"))?;
            let jobs: Vec<IngestJob> = ids.into_iter().filter_map(|id| job_for(queue, id)).collect();
            queued += self.services.enqueue_many(jobs).await;
        }
        Ok(queued)
    }

    /// Keeps the reason a job of `queue` failed, for the jobs page.
    pub async fn record_failure(&self, queue: QueueName, reason: &str) {
        let value = format!("{} {reason}", chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        if let Err(err) = set_system(self.services.db(), &failure_key(queue), &value).await {
            tracing::warn!(error = %err, "could not record a job failure");
        }
    }

    /// The jobs page: every queue with what is left, failures and downloads.
    pub async fn overview(&self) -> AppResult<Vec<QueueOverview>> {
        let db = self.services.db();
        let downloads = self.services.inference().map(|e| e.downloads()).unwrap_or_default();
        let mut out = Vec::new();
        for queue in QueueName::ALL {
            let missing = match step_of(queue) {
                Some(step) => ml_status::count_missing(db, step).await.map_err(storage_error("count missing"))?,
                None if queue == QueueName::FacialRecognition => 0,
                None => self.services.processing().pending_count(queue == QueueName::MetadataExtraction).await?,
            };
            let failed =
                ml_status::count_failed(db, queue_step_name(queue)).await.map_err(storage_error("count failed"))?;
            let last_error = get_system(db, &failure_key(queue)).await.map_err(storage_error("read failure"))?;
            let task = download_task(queue);
            let download = downloads
                .iter()
                .find(|(key, _, _)| task.is_some_and(|t| key.starts_with(t)))
                .map(|(key, done, total)| format!("{key}: {:.1} of {:.1} MB", *done as f64 / 1e6, *total as f64 / 1e6));
            out.push(QueueOverview {
                name: queue,
                title: queue.title().to_string(),
                enabled: self.enabled(queue),
                counts: QueueStatistics { waiting: missing, failed, ..QueueStatistics::default() },
                missing,
                last_error,
                download,
            });
        }
        Ok(out)
    }

    /// `GET /api/jobs` in Immich's shape: "waiting" is what each step has left to do.
    pub async fn legacy(&self) -> AppResult<QueuesResponse> {
        let mut response = QueuesResponse::default();
        for queue in self.overview().await? {
            if let Some(entry) = response.entry(queue.name) {
                *entry = QueueResponse {
                    job_counts: queue.counts,
                    queue_status: QueueStatus { is_active: queue.missing > 0 && queue.enabled, is_paused: false },
                };
            }
        }
        Ok(response)
    }
}

fn failure_key(queue: QueueName) -> String {
    format!("job-failure:{}", queue.as_str())
}

/// The step name failures are recorded under on assets (`IngestJob::name`).
fn queue_step_name(queue: QueueName) -> &'static str {
    match queue {
        QueueName::MetadataExtraction => "metadata",
        QueueName::ThumbnailGeneration => "thumbnail",
        QueueName::SmartSearch => "smart-search",
        QueueName::FaceDetection => "face-detection",
        QueueName::FacialRecognition => "facial-recognition",
        QueueName::Tagging => "tagging",
        QueueName::Ocr => "ocr",
        QueueName::DuplicateDetection => "duplicate-detection",
    }
}

/// The model-cache folder whose downloads hold a queue up.
fn download_task(queue: QueueName) -> Option<&'static str> {
    match queue {
        QueueName::SmartSearch | QueueName::DuplicateDetection => Some("clip/"),
        QueueName::FaceDetection | QueueName::FacialRecognition => Some("facial-recognition/"),
        QueueName::Tagging => Some("tagging/"),
        QueueName::Ocr => Some("ocr/"),
        _ => None,
    }
}
