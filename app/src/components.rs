pub mod error_alert;
pub mod shell;
pub mod upload;
pub mod user_menu;
