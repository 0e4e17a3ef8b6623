//! sea-orm entities, one per table, kept free of behaviour: services and repositories hold that.

pub mod album;
pub mod album_asset;
pub mod album_user;
pub mod api_key;
pub mod asset;
pub mod asset_exif;
pub mod asset_face;
pub mod asset_label;
pub mod asset_ml_status;
pub mod asset_ocr;
pub mod geodata_place;
pub mod partner;
pub mod person;
pub mod session;
pub mod shared_link;
pub mod shared_link_asset;
pub mod system_metadata;
pub mod user;
pub mod user_preferences;
