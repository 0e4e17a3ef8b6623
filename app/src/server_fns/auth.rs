pub mod current_user;
pub mod login;
pub mod logout;
pub mod onboarding_status;
pub mod register_admin;
pub mod set_new_password;
