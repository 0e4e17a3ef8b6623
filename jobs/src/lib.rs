//! Background work. For now the scheduled tasks; the apalis queues (metadata, thumbnails, …)
//! arrive with the ingest issue and live beside them, one job per file.

pub mod purge_deleted_users;
pub mod scheduler;
