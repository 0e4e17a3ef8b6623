pub mod map_markers;
pub mod map_settings;
