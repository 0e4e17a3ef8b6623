//! Background work: the scheduled tasks and the apalis queues of the ingest pipeline
//! (metadata, then thumbnails), one job per file. `metadata` and `thumbnail` are the pure media
//! code the jobs call: they read files and write thumbnails, and know nothing of the database.

pub mod metadata;
pub mod purge_deleted_users;
pub mod scheduler;
pub mod thumbnail;
