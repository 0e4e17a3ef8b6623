//! Helpers for tests against real servers: fresh PostgreSQL databases and the Redis URL. Used by
//! the domain and server test suites; compiled only with the `testing` feature.

use sea_orm::{ConnectionTrait, Database};

pub fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// Replaces the database name in a PostgreSQL URL.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let base = match base.rfind('/') {
        Some(i) if i > base.find("://").map_or(0, |s| s + 2) => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// A fresh, empty PostgreSQL database; dropped by `drop_database` at the end of a test.
pub async fn create_database() -> (String, String) {
    let name = format!("shoebox_test_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(admin_url()).await.unwrap_or_else(|e| panic!("PostgreSQL at {}: {e}", admin_url()));
    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap_or_else(|e| panic!("{e}"));
    admin.close().await.ok();
    (name.clone(), with_database(&admin_url(), &name))
}

pub async fn drop_database(name: &str) {
    if let Ok(admin) = Database::connect(admin_url()).await {
        let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
    }
}
