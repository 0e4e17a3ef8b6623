//! Plain serde shapes shared by the REST API (Immich v3 field names) and the web UI. No database
//! types here: this module compiles for the browser.

pub mod albums;
pub mod api_keys;
pub mod assets;
pub mod auth;
pub mod downloads;
pub mod duplicates;
pub mod jobs;
pub mod map;
pub mod partners;
pub mod people;
pub mod preferences;
pub mod search;
pub mod server;
pub mod sessions;
pub mod shared_links;
pub mod timeline;
pub mod users;

/// For fields that may be set to null to clear them, which is not the same as leaving them out:
/// absent is `None`, null is `Some(None)`.
pub(crate) fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}
