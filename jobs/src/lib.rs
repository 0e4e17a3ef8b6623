//! Background work: the scheduled tasks and the apalis queues of the ingest pipeline
//! (metadata, then thumbnails), one job per file. `metadata` and `thumbnail` are the pure media
//! code the jobs call: they read files and write thumbnails, and know nothing of the database.

pub mod ingest;
pub mod job_error;
pub mod metadata;
pub mod metadata_job;
pub mod purge_deleted_users;
pub mod purge_trash;
pub mod queue;
pub mod scheduler;
pub mod thumbnail;
pub mod thumbnail_job;
pub mod workers;
