pub mod asset_details;
pub mod change_assets;
pub mod empty_the_trash;
pub mod findings_of_asset;
pub mod move_to_trash;
pub mod recent_assets;
pub mod restore_from_trash;
pub mod save_asset_changes;
