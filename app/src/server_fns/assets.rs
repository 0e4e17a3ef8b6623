pub mod recent_assets;
