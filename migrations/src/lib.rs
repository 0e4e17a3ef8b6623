//! Shoebox's schema, one migration per file, each with a down. The same source runs on SQLite
//! and PostgreSQL; PostgreSQL-only parts are guarded by the backend check.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_create_users;
mod m20261124_000002_create_sessions;
mod m20261124_000003_create_api_keys;
mod m20261124_000004_create_assets;
mod m20261124_000005_create_asset_processing;
mod m20261124_000006_timeline_index;
mod m20261124_000007_create_albums;
mod m20261124_000008_create_partners;
mod m20261124_000009_create_shared_links;
mod m20261125_000010_create_user_preferences;
mod m20261125_000011_search_index;
mod m20261207_000012_machine_learning;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_create_users::Migration),
            Box::new(m20261124_000002_create_sessions::Migration),
            Box::new(m20261124_000003_create_api_keys::Migration),
            Box::new(m20261124_000004_create_assets::Migration),
            Box::new(m20261124_000005_create_asset_processing::Migration),
            Box::new(m20261124_000006_timeline_index::Migration),
            Box::new(m20261124_000007_create_albums::Migration),
            Box::new(m20261124_000008_create_partners::Migration),
            Box::new(m20261124_000009_create_shared_links::Migration),
            Box::new(m20261125_000010_create_user_preferences::Migration),
            Box::new(m20261125_000011_search_index::Migration),
            Box::new(m20261207_000012_machine_learning::Migration),
        ]
    }
}
