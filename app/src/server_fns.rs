//! Server functions, one per file. Each is thin: authenticate, call a domain service, map the
//! error. They share the REST API's services, so both paths enforce the same rules.

pub mod account;
pub mod admin;
pub mod albums;
pub mod assets;
pub mod auth;
#[cfg(feature = "ssr")]
pub mod context;
pub mod duplicates;
pub mod map;
pub mod people;
pub mod search;
pub mod sharing;
pub mod timeline;
