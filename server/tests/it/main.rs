//! HTTP tests: the real router (through `oneshot`), the real server on port 0, and the binary.

mod support;

mod access;
mod albums;
mod assets;
mod cli;
mod errors;
mod lifecycle;
mod pages;
mod pipeline;
mod rest_auth;
mod rest_users;
mod sharing;
mod timeline;
