use crate::support::{create_database, drop_database, test_settings};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

async fn table_names(db: &DatabaseConnection) -> Vec<String> {
    let sql = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('users','sessions','api_keys','assets') ORDER BY name"
        }
        _ => "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('users','sessions','api_keys','assets') ORDER BY tablename",
    };
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    rows.iter().map(|r| r.try_get::<String>("", "name").unwrap_or_default()).collect()
}

async fn up_down_up(db: &DatabaseConnection) {
    let all = vec!["api_keys".to_string(), "assets".to_string(), "sessions".to_string(), "users".to_string()];
    assert_eq!(table_names(db).await, all, "after connect (migrations ran at start-up)");
    Migrator::down(db, None).await.unwrap_or_else(|e| panic!("down: {e}"));
    assert!(table_names(db).await.is_empty(), "every table removed by the downs");
    Migrator::up(db, None).await.unwrap_or_else(|e| panic!("up again: {e}"));
    assert_eq!(table_names(db).await, all);
    assert!(Migrator::get_pending_migrations(db).await.unwrap_or_else(|e| panic!("{e}")).is_empty());
}

#[tokio::test]
async fn sqlite_up_down_up() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let settings = test_settings(dir.path());
    let db = domain::db::connect(&settings).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(settings.database_path().exists(), "the SQLite file lives in the data directory");
    up_down_up(&db).await;
}

#[tokio::test]
async fn postgres_up_down_up_and_pgvector_enabled() {
    let (name, url) = create_database().await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let settings = domain::config::Settings { database_url: Some(url), ..test_settings(dir.path()) };
    let db = domain::db::connect(&settings).await.unwrap_or_else(|e| panic!("{e}"));
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT extname FROM pg_extension WHERE extname = 'vector'",
        ))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(row.is_some(), "the vector extension is enabled at start-up");
    up_down_up(&db).await;
    db.close().await.ok();
    drop_database(&name).await;
}

/// A role that may not create extensions gets an error that names the missing extension.
#[tokio::test]
async fn postgres_without_pgvector_rights_names_the_extension() {
    let (name, url) = create_database().await;
    let admin = sea_orm::Database::connect(url.clone()).await.unwrap_or_else(|e| panic!("{e}"));
    let role = format!("shoebox_limited_{}", &name[name.len() - 8..]);
    admin
        .execute_unprepared(&format!(
            "CREATE ROLE {role} LOGIN; GRANT ALL ON SCHEMA public TO {role}; GRANT CREATE ON DATABASE {name} TO {role}"
        ))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    admin.close().await.ok();
    let limited_url = url.replacen("postgres://postgres@", &format!("postgres://{role}@"), 1);
    assert_ne!(limited_url, url, "the test URL must name the postgres user");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let settings = domain::config::Settings { database_url: Some(limited_url), ..test_settings(dir.path()) };
    let err = match domain::db::connect(&settings).await {
        Ok(_) => panic!("connecting without rights to create pgvector must fail"),
        Err(err) => err.to_string(),
    };
    assert!(err.contains("`vector` (pgvector)"), "{err}");
    drop_database(&name).await;
    if let Ok(admin) = sea_orm::Database::connect(crate::support::admin_url()).await {
        let _ = admin.execute_unprepared(&format!("DROP ROLE IF EXISTS {role}")).await;
    }
}
