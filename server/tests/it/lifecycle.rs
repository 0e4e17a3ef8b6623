use crate::support::{settings_in, start_server as start};
use std::time::Duration;

/// The real server on port 0: it serves, shuts down gracefully, and starts again on the same
/// data directory with everything still there.
#[tokio::test]
async fn serves_stops_and_restarts_on_existing_data() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let settings = settings_in(dir.path());
    let client = reqwest::Client::new();

    let (base, stop, handle) = start(settings.clone()).await;
    let pong: serde_json::Value = client
        .get(format!("{base}/api/server/ping"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(pong, serde_json::json!({"res": "pong"}));
    let signup = serde_json::json!({"email": "admin@example.com", "password": "admin-password", "name": "Admin"});
    let created = client
        .post(format!("{base}/api/auth/admin-sign-up"))
        .json(&signup)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(created.status(), 201);
    let _ = stop.send(());
    let result = tokio::time::timeout(Duration::from_secs(10), handle).await;
    assert!(matches!(result, Ok(Ok(Ok(())))), "graceful shutdown returns Ok");
    assert!(settings.database_path().exists());

    let (base, stop, handle) = start(settings).await;
    let login = serde_json::json!({"email": "admin@example.com", "password": "admin-password"});
    let reply =
        client.post(format!("{base}/api/auth/login")).json(&login).send().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reply.status(), 201, "the account survived the restart");
    let _ = stop.send(());
    let _ = handle.await;
}
