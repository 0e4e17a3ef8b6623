pub mod error_alert;
pub mod shell;
pub mod user_menu;
