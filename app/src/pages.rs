pub mod account;
pub mod admin;
pub mod auth;
pub mod not_found;
pub mod photos;
pub mod placeholder;
pub mod root;
