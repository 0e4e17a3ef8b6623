pub mod create_user;
pub mod delete_user;
pub mod list_users;
pub mod restore_user;
pub mod set_user_admin;
