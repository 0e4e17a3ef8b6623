//! `GET /api/map/markers`: geotagged assets the caller may see, with Immich's filters, on both
//! databases.

use crate::support::{get, on_both, send, upload_at};
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

fn ids(markers: &Value) -> Vec<String> {
    markers.as_array().into_iter().flatten().filter_map(|m| m["id"].as_str().map(String::from)).collect()
}

#[tokio::test]
async fn markers_follow_visibility_filters_and_sharing() {
    on_both(|app| async move {
        let admin = app.admin_token().await;
        let (friend_id, friend) = app.user_token(&admin, "friend@example.com").await;
        let a = upload_at(&app, &admin, "a.jpg", "2024-01-01T10:00:00.000Z").await;
        let b = upload_at(&app, &admin, "b.jpg", "2024-02-01T10:00:00.000Z").await;
        let c = upload_at(&app, &admin, "c.jpg", "2024-03-01T10:00:00.000Z").await;
        let d = upload_at(&app, &admin, "d.jpg", "2024-04-01T10:00:00.000Z").await;
        let e = upload_at(&app, &admin, "e.jpg", "2024-05-01T10:00:00.000Z").await;
        for (id, lat) in [(&a, 43.1), (&b, 43.2), (&c, 43.3), (&e, 43.5)] {
            let (status, _) =
                send(&app, &admin, Method::PUT, &format!("/api/assets/{id}"), json!({"latitude": lat, "longitude": 11.0}))
                    .await;
            assert_eq!(status, StatusCode::OK);
        }
        send(&app, &admin, Method::PUT, &format!("/api/assets/{b}"), json!({"visibility": "archive"})).await;
        send(&app, &admin, Method::PUT, &format!("/api/assets/{c}"), json!({"isFavorite": true})).await;
        send(&app, &admin, Method::DELETE, "/api/assets", json!({"ids": [e]})).await;

        // The timeline's geotagged assets, newest first; no place names without geocoding.
        let (status, markers) = get(&app, &admin, "/api/map/markers").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(ids(&markers), vec![c.clone(), a.clone()], "{markers}");
        assert_eq!(markers[1], json!({"id": a, "lat": 43.1, "lon": 11.0, "city": null, "state": null, "country": null}));
        let (_, archived) = get(&app, &admin, "/api/map/markers?isArchived=true").await;
        assert_eq!(ids(&archived), vec![c.clone(), b.clone(), a.clone()]);
        let (_, favorites) = get(&app, &admin, "/api/map/markers?isFavorite=true").await;
        assert_eq!(ids(&favorites), vec![c.clone()]);
        let (_, window) = get(
            &app,
            &admin,
            "/api/map/markers?isArchived=true&fileCreatedAfter=2024-01-15T00:00:00Z&fileCreatedBefore=2024-02-15T00:00:00Z",
        )
        .await;
        assert_eq!(ids(&window), vec![b.clone()]);
        assert!(!ids(&archived).contains(&d), "no location, no marker");

        // Others see nothing, until a partner shows the library in their timeline or an album is
        // shared with them.
        let (_, none) = get(&app, &friend, "/api/map/markers?withPartners=true&withSharedAlbums=true").await;
        assert_eq!(ids(&none), Vec::<String>::new());
        send(&app, &admin, Method::POST, "/api/partners", json!({"sharedWithId": friend_id})).await;
        let (_, not_yet) = get(&app, &friend, "/api/map/markers?withPartners=true").await;
        assert_eq!(ids(&not_yet), Vec::<String>::new(), "not in their timeline yet");
        let admin_id = get(&app, &admin, "/api/users/me").await.1["id"].as_str().unwrap_or_default().to_string();
        send(&app, &friend, Method::PUT, &format!("/api/partners/{admin_id}"), json!({"inTimeline": true})).await;
        let (_, partner) = get(&app, &friend, "/api/map/markers?withPartners=true").await;
        assert_eq!(ids(&partner), vec![c.clone(), a.clone()]);
        let (_, without) = get(&app, &friend, "/api/map/markers").await;
        assert_eq!(ids(&without), Vec::<String>::new());
        send(
            &app,
            &admin,
            Method::POST,
            "/api/albums",
            json!({"albumName": "Trip", "assetIds": [a], "albumUsers": [{"userId": friend_id, "role": "viewer"}]}),
        )
        .await;
        let (_, shared) = get(&app, &friend, "/api/map/markers?withSharedAlbums=true").await;
        assert_eq!(ids(&shared), vec![a.clone()]);

        for bad in ["/api/map/markers?fileCreatedAfter=yesterday", "/api/map/markers?fileCreatedAfter=2024-03-01T00:00:00Z&fileCreatedBefore=2024-01-01T00:00:00Z"] {
            assert_eq!(get(&app, &admin, bad).await.0, StatusCode::BAD_REQUEST, "{bad}");
        }
        assert_eq!(app.call(Method::GET, "/api/map/markers", &[], None).await.status, StatusCode::UNAUTHORIZED);
        app
    })
    .await;
}
