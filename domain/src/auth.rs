//! Credentials: password hashing, opaque tokens, the login throttle, and who a request is.

pub mod context;
pub mod password;
pub mod throttle;
pub mod token;
pub mod web;

pub use context::{AuthContext, Credential};
