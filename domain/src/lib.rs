//! Shoebox's core. Without the `server` feature this is only the DTOs and error codes that the
//! browser build shares; with it, configuration, storage, auth and the services.

pub mod dto;
pub mod error;
pub mod media_metadata;
pub mod media_types;

#[cfg(feature = "server")]
pub mod auth;
#[cfg(feature = "server")]
pub mod config;
#[cfg(feature = "server")]
pub mod db;
#[cfg(feature = "server")]
pub mod entities;
#[cfg(feature = "server")]
pub mod inference;
#[cfg(feature = "server")]
pub mod queue;
#[cfg(feature = "server")]
pub mod repositories;
#[cfg(feature = "server")]
pub mod services;
#[cfg(feature = "server")]
pub mod storage;
#[cfg(feature = "testing")]
pub mod testing;
#[cfg(feature = "server")]
pub mod vector_index;

pub use error::{AppError, AppResult, ErrorCode};
