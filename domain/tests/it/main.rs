//! Repository and service tests against real storage: every test runs once on SQLite (a fresh
//! file) and once on PostgreSQL (a fresh database) with sessions in Redis.

mod support;

mod api_keys;
mod auth;
mod crash_recovery;
mod geocoding;
mod geodata_download;
mod migrations;
mod sessions;
mod timeline_counts;
mod users;
mod vector_index;
