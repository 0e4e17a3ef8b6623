//! Responses compressed where it pays (JSON, pages, the bundle) and only there.

use crate::support::{bearer, on_both, upload_at};
use axum::http::{Method, StatusCode};

/// JSON goes out gzipped when the client takes it (markers are most of a map's bytes); what is
/// compressed already (an original photo) goes out as it is.
#[tokio::test]
async fn json_is_gzipped_and_photos_are_not() {
    on_both(|app| async move {
        let admin = app.admin_token().await;
        let mut ids = Vec::new();
        for i in 0..20 {
            ids.push(upload_at(&app, &admin, &format!("photo-{i}.jpg"), "2024-01-10T10:00:00.000Z").await);
        }
        let gzip = [("authorization", bearer(&admin)), ("accept-encoding", "gzip".to_string())];
        let auth: Vec<(&str, &str)> = gzip.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let list = app.call(Method::GET, "/api/timeline/bucket?timeBucket=2024-01-01", &auth, None).await;
        assert_eq!((list.status, list.header("content-encoding")), (StatusCode::OK, "gzip".to_string()));
        let plain = app.call(Method::GET, "/api/timeline/bucket?timeBucket=2024-01-01", &auth[..1], None).await;
        assert_eq!((plain.status, plain.header("content-encoding")), (StatusCode::OK, String::new()));
        let original = app.call(Method::GET, &format!("/api/assets/{}/original", ids[0]), &auth, None).await;
        assert_eq!((original.status, original.header("content-encoding")), (StatusCode::OK, String::new()));
        app
    })
    .await;
}
