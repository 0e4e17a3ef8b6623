//! `server/*` and `assets/statistics`: what the Immich CLI's `server-info` and clients read.

use crate::support::{bearer, get, on_both, send, upload_at};
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn public_server_information() {
    on_both(|app| async move {
        let config = app.call(Method::GET, "/api/server/config", &[], None).await;
        assert_eq!(
            (config.json()["isInitialized"].clone(), config.json()["trashDays"].clone()),
            (json!(false), json!(30))
        );
        let admin = app.admin_token().await;
        let config = app.call(Method::GET, "/api/server/config", &[], None).await.json();
        assert_eq!((config["isInitialized"].clone(), config["userDeleteDelay"].clone()), (json!(true), json!(7)));
        let features = app.call(Method::GET, "/api/server/features", &[], None).await.json();
        assert_eq!(
            (features["passwordLogin"].clone(), features["trash"].clone(), features["oauth"].clone()),
            (json!(true), json!(true), json!(false))
        );
        // The map is on by default, drawn on the configured styles; metadata search exists; the
        // machine-learning features are on by default, as in Immich.
        let map = domain::config::MapSettings::default();
        assert_eq!(
            (features["map"].clone(), features["search"].clone(), features["smartSearch"].clone()),
            (json!(true), json!(true), json!(true))
        );
        assert_eq!(
            (features["facialRecognition"].clone(), features["duplicateDetection"].clone(), features["ocr"].clone()),
            (json!(true), json!(true), json!(true))
        );
        assert_eq!(
            (config["mapLightStyleUrl"].clone(), config["mapDarkStyleUrl"].clone()),
            (json!(map.light_style), json!(map.dark_style))
        );
        assert_eq!(app.call(Method::GET, "/api/server/about", &[], None).await.status, StatusCode::UNAUTHORIZED);
        let (status, about) = get(&app, &admin, "/api/server/about").await;
        assert_eq!(
            (status, about["version"].clone(), about["licensed"].clone()),
            (StatusCode::OK, json!("v3.1.0"), json!(false))
        );
        app
    })
    .await;
}

#[tokio::test]
async fn asset_statistics_follow_the_filters() {
    on_both(|app| async move {
        let admin = app.admin_token().await;
        let (_, user) = app.user_token(&admin, "user@example.com").await;
        let a = upload_at(&app, &admin, "a.jpg", "2024-01-01T10:00:00.000Z").await;
        let b = upload_at(&app, &admin, "b.jpg", "2024-01-02T10:00:00.000Z").await;
        let c = upload_at(&app, &admin, "c.mp4", "2024-01-03T10:00:00.000Z").await;
        let _d = upload_at(&app, &admin, "d.jpg", "2024-01-04T10:00:00.000Z").await;
        upload_at(&app, &user, "theirs.jpg", "2024-01-05T10:00:00.000Z").await;
        send(&app, &admin, Method::PUT, &format!("/api/assets/{a}"), json!({"isFavorite": true})).await;
        send(&app, &admin, Method::PUT, &format!("/api/assets/{b}"), json!({"visibility": "archive"})).await;
        let (status, _) = send(&app, &admin, Method::DELETE, "/api/assets", json!({"ids": [c]})).await;
        assert_eq!(status, StatusCode::NO_CONTENT);

        let stats = |query: &'static str| {
            let app = &app;
            let admin = admin.clone();
            async move { get(app, &admin, &format!("/api/assets/statistics{query}")).await.1 }
        };
        assert_eq!(stats("").await, json!({"images": 3, "videos": 0, "total": 3}));
        assert_eq!(stats("?isTrashed=true").await, json!({"images": 0, "videos": 1, "total": 1}));
        assert_eq!(stats("?isFavorite=true").await, json!({"images": 1, "videos": 0, "total": 1}));
        assert_eq!(stats("?visibility=archive").await, json!({"images": 1, "videos": 0, "total": 1}));
        assert_eq!(stats("?visibility=timeline").await, json!({"images": 2, "videos": 0, "total": 2}));
        let bad = app
            .call(Method::GET, "/api/assets/statistics?visibility=nowhere", &[("authorization", &bearer(&admin))], None)
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);

        // The admin sees everyone's counts and bytes; others may not.
        let (status, server) = get(&app, &admin, "/api/server/statistics").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!((server["photos"].clone(), server["videos"].clone()), (json!(4), json!(1)));
        let users = server["usageByUser"].as_array().cloned().unwrap_or_default();
        assert_eq!(users.len(), 2);
        let total: i64 = users.iter().map(|u| u["usage"].as_i64().unwrap_or(0)).sum();
        assert_eq!(server["usage"].as_i64(), Some(total));
        assert!(total > 0);
        let (status, _) = get(&app, &user, "/api/server/statistics").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        app
    })
    .await;
}
