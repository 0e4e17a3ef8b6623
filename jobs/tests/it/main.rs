//! The jobs crate's integration tests, one binary: each test binary links the whole media stack,
//! and linking it once instead of five times is minutes of CI.

mod common;
mod metadata_corpus;
mod purge_deleted_users;
mod thumbnail_bad_input;
mod thumbnail_formats;
mod thumbnail_orientation;
