//! The seam between the services, which decide what work an asset needs, and the job queue
//! (apalis, in the `jobs` crate), which runs it. Services only ever push; a missing queue (a
//! process without workers configured yet) means the start-up catch-up finds the work later.

use futures_util::future::BoxFuture;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One step of the pipeline for one asset (or, for recognition, one face). Each step is
/// idempotent: it checks what is already done, so a job delivered twice (a restart, two
/// catch-ups) costs little.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub enum IngestJob {
    Metadata {
        asset_id: Uuid,
    },
    Thumbnail {
        asset_id: Uuid,
    },
    SmartSearch {
        asset_id: Uuid,
    },
    FaceDetection {
        asset_id: Uuid,
    },
    /// Clusters one face into a person. `deferred`: a second look, after the faces queued
    /// before it, for a face that had too few neighbours to start a person.
    FacialRecognition {
        face_id: Uuid,
        #[serde(default)]
        deferred: bool,
    },
    Tagging {
        asset_id: Uuid,
    },
    Ocr {
        asset_id: Uuid,
    },
    DuplicateDetection {
        asset_id: Uuid,
    },
}

impl IngestJob {
    /// The asset the job is about; `None` for a face's recognition.
    pub fn asset_id(&self) -> Option<Uuid> {
        match self {
            IngestJob::Metadata { asset_id }
            | IngestJob::Thumbnail { asset_id }
            | IngestJob::SmartSearch { asset_id }
            | IngestJob::FaceDetection { asset_id }
            | IngestJob::Tagging { asset_id }
            | IngestJob::Ocr { asset_id }
            | IngestJob::DuplicateDetection { asset_id } => Some(*asset_id),
            IngestJob::FacialRecognition { .. } => None,
        }
    }

    /// The asset's or the face's id, for logs.
    pub fn subject(&self) -> Uuid {
        match self {
            IngestJob::FacialRecognition { face_id, .. } => *face_id,
            other => other.asset_id().unwrap_or_default(),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            IngestJob::Metadata { .. } => "metadata",
            IngestJob::Thumbnail { .. } => "thumbnail",
            IngestJob::SmartSearch { .. } => "smart-search",
            IngestJob::FaceDetection { .. } => "face-detection",
            IngestJob::FacialRecognition { .. } => "facial-recognition",
            IngestJob::Tagging { .. } => "tagging",
            IngestJob::Ocr { .. } => "ocr",
            IngestJob::DuplicateDetection { .. } => "duplicate-detection",
        }
    }
}

pub trait JobQueue: Send + Sync {
    fn push(&self, job: IngestJob) -> BoxFuture<'_, Result<(), String>>;
    /// Pushes many at once (a "run on all"): one transaction or pipeline where the backend can.
    fn push_many(&self, jobs: Vec<IngestJob>) -> BoxFuture<'_, Result<(), String>> {
        Box::pin(async move {
            for job in jobs {
                self.push(job).await?;
            }
            Ok(())
        })
    }
}
