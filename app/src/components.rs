pub mod error_alert;
pub mod library_version;
pub mod memories;
pub mod shell;
pub mod timeline;
pub mod upload;
pub mod user_menu;
pub mod viewer;
