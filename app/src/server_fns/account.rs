pub mod change_password;
pub mod create_api_key;
pub mod delete_api_key;
pub mod list_api_keys;
pub mod list_sessions;
pub mod logout_other_sessions;
pub mod update_name;
