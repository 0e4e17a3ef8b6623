//! Plain serde shapes shared by the REST API (Immich v3 field names) and the web UI. No database
//! types here: this module compiles for the browser.

pub mod albums;
pub mod api_keys;
pub mod assets;
pub mod auth;
pub mod server;
pub mod sessions;
pub mod timeline;
pub mod users;
