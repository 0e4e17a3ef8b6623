//! Runs one queued step with the pipeline's failure rules: transient errors are retried with
//! exponential backoff (the worker keeps taking other files meanwhile); a file that cannot be
//! processed fails once, its reason kept on the asset. Either way the job leaves the queue, so
//! one bad file never stalls it.

use crate::job_error::JobError;
use crate::{
    duplicate_detection_job, face_detection_job, facial_recognition_job, metadata_job, ocr_job, smart_search_job,
    tagging_job, thumbnail_job,
};
use domain::queue::IngestJob;
use domain::services::ml_jobs::queue_of;
use domain::services::Services;
use std::time::Duration;

const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(60);

pub async fn run(services: &Services, job: IngestJob) {
    let attempts = services.settings().jobs.max_attempts.max(1);
    let mut backoff = FIRST_BACKOFF;
    let started = std::time::Instant::now();
    for attempt in 1..=attempts {
        let outcome = match job {
            IngestJob::Metadata { asset_id } => metadata_job::run(services, asset_id).await,
            IngestJob::Thumbnail { asset_id } => thumbnail_job::run(services, asset_id).await,
            IngestJob::SmartSearch { asset_id } => smart_search_job::run(services, asset_id).await,
            IngestJob::FaceDetection { asset_id } => face_detection_job::run(services, asset_id).await,
            IngestJob::FacialRecognition { face_id, deferred } => {
                facial_recognition_job::run(services, face_id, deferred).await
            }
            IngestJob::Tagging { asset_id } => tagging_job::run(services, asset_id).await,
            IngestJob::Ocr { asset_id } => ocr_job::run(services, asset_id).await,
            IngestJob::DuplicateDetection { asset_id } => duplicate_detection_job::run(services, asset_id).await,
        };
        match outcome {
            Ok(()) => {
                tracing::debug!(subject = %job.subject(), job = job.name(), elapsed_ms = started.elapsed().as_millis() as u64, "job done");
                return;
            }
            Err(JobError::Permanent(reason)) => {
                record(services, job, &reason).await;
                return;
            }
            Err(JobError::Setup(reason)) => {
                // Not this file's fault: the admin sees it on the jobs page; the asset is not
                // marked, so "run on missing" picks it up once the set-up is fixed.
                tracing::warn!(subject = %job.subject(), job = job.name(), reason, "job cannot run");
                services.ml_jobs().record_failure(queue_of(&job), &reason).await;
                return;
            }
            Err(JobError::Transient(reason)) if attempt < attempts => {
                tracing::warn!(subject = %job.subject(), job = job.name(), attempt, reason, "job failed, retrying");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
            Err(JobError::Transient(reason)) => {
                record(services, job, &format!("gave up after {attempts} attempts: {reason}")).await;
                return;
            }
        }
    }
}

async fn record(services: &Services, job: IngestJob, reason: &str) {
    services.ml_jobs().record_failure(queue_of(&job), reason).await;
    let Some(asset_id) = job.asset_id() else {
        tracing::warn!(subject = %job.subject(), job = job.name(), reason, "job failed");
        return;
    };
    if let Err(err) = services.processing().fail(asset_id, job.name(), reason).await {
        tracing::error!(%asset_id, error = %err, "could not record a processing failure");
    }
}
