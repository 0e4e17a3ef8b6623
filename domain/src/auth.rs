//! Credentials: password hashing, opaque tokens, the login throttle, and who a request is.

pub mod context;
pub mod password;
pub mod permissions;
pub mod reader;
pub mod throttle;
pub mod token;
pub mod web;

pub use context::{AuthContext, Credential};
pub use permissions::ALL as ALL_PERMISSIONS;
pub use reader::{LinkGrant, Principal, Reader, ShareCredential};
