pub mod create_user;
pub mod delete_user;
pub mod list_users;
#[cfg(feature = "ssr")]
pub mod quota;
pub mod restore_user;
pub mod set_user_admin;
pub mod update_user;
