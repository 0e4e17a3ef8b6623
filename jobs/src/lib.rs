//! Background work: the scheduled tasks and the apalis queues of the ingest pipeline
//! (metadata, then thumbnails, then machine learning), one job per file. `metadata` and
//! `thumbnail` are the pure media code the jobs call (the `ml` crate is that for machine
//! learning): they read files and write results, and know nothing of the database.

pub mod duplicate_detection_job;
pub mod face_detection_job;
pub mod facial_recognition_job;
pub mod ingest;
pub mod job_error;
pub mod metadata;
pub mod metadata_job;
pub mod ml_engine;
pub mod ml_job;
pub mod ocr_job;
pub mod purge_deleted_users;
pub mod purge_trash;
pub mod queue;
pub mod scheduler;
pub mod smart_search_job;
pub mod tagging_job;
pub mod thumbnail;
pub mod thumbnail_job;
pub mod workers;
