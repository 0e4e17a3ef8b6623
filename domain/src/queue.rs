//! The seam between the services, which decide what work an asset needs, and the job queue
//! (apalis, in the `jobs` crate), which runs it. Services only ever push; a missing queue (a
//! process without workers configured yet) means the start-up catch-up finds the work later.

use futures_util::future::BoxFuture;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One step of the ingest pipeline for one asset. Each step is idempotent: it checks what is
/// already done, so a job delivered twice (a restart, two catch-ups) costs little.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub enum IngestJob {
    Metadata { asset_id: Uuid },
    Thumbnail { asset_id: Uuid },
}

impl IngestJob {
    pub fn asset_id(&self) -> Uuid {
        match self {
            IngestJob::Metadata { asset_id } | IngestJob::Thumbnail { asset_id } => *asset_id,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            IngestJob::Metadata { .. } => "metadata",
            IngestJob::Thumbnail { .. } => "thumbnail",
        }
    }
}

pub trait JobQueue: Send + Sync {
    fn push(&self, job: IngestJob) -> BoxFuture<'_, Result<(), String>>;
}
