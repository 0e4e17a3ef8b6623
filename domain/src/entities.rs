//! sea-orm entities, one per table, kept free of behaviour: services and repositories hold that.

pub mod album;
pub mod album_asset;
pub mod album_user;
pub mod api_key;
pub mod asset;
pub mod asset_exif;
pub mod geodata_place;
pub mod session;
pub mod system_metadata;
pub mod user;
