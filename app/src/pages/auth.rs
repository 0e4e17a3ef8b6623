pub mod change_password;
pub mod login;
pub mod register;
