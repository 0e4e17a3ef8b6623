//! HTTP tests: the real router (through `oneshot`), the real server on port 0, and the binary.

mod support;

mod access;
mod albums;
mod assets;
mod cli;
mod compression;
mod errors;
mod lifecycle;
mod map;
mod ml;
mod openapi;
mod pages;
mod permissions;
mod pipeline;
mod rest_auth;
mod rest_users;
mod search;
mod server_info;
mod sharing;
mod timeline;
