//! The background queues in Immich's legacy shapes (`GET /api/jobs`, `PUT /api/jobs/{name}`):
//! counts per queue, and "run on missing" / "run on all" for each.

use serde::{Deserialize, Serialize};

/// The queues Shoebox has, named as Immich's `QueueName` (and `tagging`, Shoebox's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum QueueName {
    ThumbnailGeneration,
    MetadataExtraction,
    FaceDetection,
    FacialRecognition,
    SmartSearch,
    DuplicateDetection,
    Ocr,
    /// Object tags: Shoebox's own queue (Immich has no object tagging).
    Tagging,
}

impl QueueName {
    pub const ALL: [QueueName; 8] = [
        QueueName::MetadataExtraction,
        QueueName::ThumbnailGeneration,
        QueueName::SmartSearch,
        QueueName::FaceDetection,
        QueueName::FacialRecognition,
        QueueName::Tagging,
        QueueName::Ocr,
        QueueName::DuplicateDetection,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueName::ThumbnailGeneration => "thumbnailGeneration",
            QueueName::MetadataExtraction => "metadataExtraction",
            QueueName::FaceDetection => "faceDetection",
            QueueName::FacialRecognition => "facialRecognition",
            QueueName::SmartSearch => "smartSearch",
            QueueName::DuplicateDetection => "duplicateDetection",
            QueueName::Ocr => "ocr",
            QueueName::Tagging => "tagging",
        }
    }

    pub fn parse(name: &str) -> Option<QueueName> {
        QueueName::ALL.into_iter().find(|q| q.as_str() == name)
    }

    /// What the admin reads on the jobs page.
    pub fn title(self) -> &'static str {
        match self {
            QueueName::ThumbnailGeneration => "Thumbnails",
            QueueName::MetadataExtraction => "Metadata",
            QueueName::FaceDetection => "Face detection",
            QueueName::FacialRecognition => "Face recognition (people)",
            QueueName::SmartSearch => "Smart search",
            QueueName::DuplicateDetection => "Duplicate detection",
            QueueName::Ocr => "Text in photos",
            QueueName::Tagging => "Object tags",
        }
    }
}

/// Immich's `QueueCommand`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum QueueCommand {
    Start,
    Pause,
    Resume,
    Empty,
    ClearFailed,
}

/// Immich's `QueueCommandDto`. `start` queues the assets the step has not run on; with `force`,
/// every asset (for face recognition: a full re-cluster).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = QueueCommandDto))]
pub struct QueueCommandRequest {
    pub command: QueueCommand,
    #[serde(default)]
    pub force: Option<bool>,
}

/// Immich's `QueueStatisticsDto`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = QueueStatisticsDto))]
pub struct QueueStatistics {
    pub active: u64,
    pub completed: u64,
    pub delayed: u64,
    pub failed: u64,
    pub paused: u64,
    pub waiting: u64,
}

/// Immich's `QueueStatusLegacyDto`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = QueueStatusLegacyDto))]
#[serde(rename_all = "camelCase")]
pub struct QueueStatus {
    pub is_active: bool,
    pub is_paused: bool,
}

/// Immich's `QueuesResponseLegacyDto`: every queue Immich has, those Shoebox lacks (video,
/// libraries, …) always empty.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = QueuesResponseLegacyDto))]
#[serde(rename_all = "camelCase")]
pub struct QueuesResponse {
    pub background_task: QueueResponse,
    pub backup_database: QueueResponse,
    pub duplicate_detection: QueueResponse,
    pub editor: QueueResponse,
    pub face_detection: QueueResponse,
    pub facial_recognition: QueueResponse,
    pub integrity_check: QueueResponse,
    pub library: QueueResponse,
    pub metadata_extraction: QueueResponse,
    pub migration: QueueResponse,
    pub notifications: QueueResponse,
    pub ocr: QueueResponse,
    pub search: QueueResponse,
    pub sidecar: QueueResponse,
    pub smart_search: QueueResponse,
    pub storage_template_migration: QueueResponse,
    pub thumbnail_generation: QueueResponse,
    pub video_conversion: QueueResponse,
    pub workflow: QueueResponse,
}

impl QueuesResponse {
    /// The entry of one of Shoebox's queues (`tagging` has none in Immich's shape).
    pub fn entry(&mut self, name: QueueName) -> Option<&mut QueueResponse> {
        Some(match name {
            QueueName::ThumbnailGeneration => &mut self.thumbnail_generation,
            QueueName::MetadataExtraction => &mut self.metadata_extraction,
            QueueName::FaceDetection => &mut self.face_detection,
            QueueName::FacialRecognition => &mut self.facial_recognition,
            QueueName::SmartSearch => &mut self.smart_search,
            QueueName::DuplicateDetection => &mut self.duplicate_detection,
            QueueName::Ocr => &mut self.ocr,
            QueueName::Tagging => return None,
        })
    }
}

/// Immich's `QueueResponseLegacyDto`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = QueueResponseLegacyDto))]
#[serde(rename_all = "camelCase")]
pub struct QueueResponse {
    pub job_counts: QueueStatistics,
    pub queue_status: QueueStatus,
}

/// One queue on the admin's jobs page: counts, the last failure's reason, a download in
/// progress, and whether the feature is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueOverview {
    pub name: QueueName,
    pub title: String,
    pub enabled: bool,
    pub counts: QueueStatistics,
    /// Assets the step has not run on yet.
    pub missing: u64,
    pub last_error: Option<String>,
    /// `12.3 of 88.0 MB` while a model downloads.
    pub download: Option<String>,
}
