//! API keys act only within their permissions (Immich's names), on both databases; sessions and
//! `all` keys do everything their user may.

use crate::support::{bearer, multipart, on_both, TestApp, BOUNDARY};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{json, Value};

async fn key(app: &TestApp, token: &str, permissions: Value) -> String {
    let reply = app
        .call(
            Method::POST,
            "/api/api-keys",
            &[("authorization", &bearer(token))],
            Some(json!({"name": "scoped", "permissions": permissions})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.json()["secret"].as_str().unwrap_or_default().to_string()
}

async fn with_key(app: &TestApp, secret: &str, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    let reply = app.call(method, path, &[("x-api-key", secret)], body).await;
    (reply.status, serde_json::from_str(&reply.text).unwrap_or(Value::Null))
}

async fn upload_with_key(app: &TestApp, secret: &str, name: &str) -> (StatusCode, Value) {
    let taken = "2024-05-01T10:00:00.000Z";
    let content = format!("bytes of {name}");
    let body =
        multipart(&[("fileCreatedAt", taken), ("fileModifiedAt", taken)], &[("assetData", name, content.as_bytes())]);
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/assets")
        .header("x-api-key", secret)
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .unwrap_or_else(|e| panic!("{e}"));
    let reply = app.send(request).await;
    (reply.status, serde_json::from_str(&reply.text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn keys_act_only_within_their_permissions() {
    on_both(|app| async move {
        let admin = app.admin_token().await;
        let reader = key(&app, &admin, json!(["asset.read", "user.read"])).await;
        let uploader = key(&app, &admin, json!(["asset.upload"])).await;
        let everything = key(&app, &admin, json!(["all"])).await;

        // Uploading needs asset.upload: the reader is refused with Immich's message.
        let (status, body) = upload_with_key(&app, &reader, "refused.jpg").await;
        assert_eq!(
            (status, body["code"].clone(), body["message"].clone(), body["error"].clone()),
            (
                StatusCode::FORBIDDEN,
                json!("missing-permission"),
                json!("Missing required permission: asset.upload"),
                json!("Forbidden")
            )
        );
        let (status, body) = upload_with_key(&app, &uploader, "taken.jpg").await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let id = body["id"].as_str().unwrap_or_default().to_string();

        // The uploader may not read what it uploaded; the reader may, but not change it.
        let path = format!("/api/assets/{id}");
        assert_eq!(with_key(&app, &uploader, Method::GET, &path, None).await.0, StatusCode::FORBIDDEN);
        let (status, body) = with_key(&app, &reader, Method::GET, &path, None).await;
        assert_eq!((status, body["id"].clone()), (StatusCode::OK, json!(id)));
        let (status, body) = with_key(&app, &reader, Method::PUT, &path, Some(json!({"isFavorite": true}))).await;
        assert_eq!(
            (status, body["message"].clone()),
            (StatusCode::FORBIDDEN, json!("Missing required permission: asset.update"))
        );
        let (status, body) = with_key(&app, &everything, Method::PUT, &path, Some(json!({"isFavorite": true}))).await;
        assert_eq!((status, body["isFavorite"].clone()), (StatusCode::OK, json!(true)));

        // One permission per route, as Immich declares it.
        let cases: [(&str, Method, &str, Option<Value>, &str); 6] = [
            ("reader", Method::POST, "/api/albums", Some(json!({"albumName": "x"})), "album.create"),
            ("reader", Method::GET, "/api/albums", None, "album.read"),
            ("uploader", Method::GET, "/api/users/me", None, "user.read"),
            ("reader", Method::GET, "/api/assets/statistics", None, "asset.statistics"),
            ("reader", Method::GET, "/api/server/about", None, "server.about"),
            ("uploader", Method::GET, "/api/timeline/buckets", None, "asset.read"),
        ];
        for (who, method, path, body, permission) in cases {
            let secret = if who == "reader" { &reader } else { &uploader };
            let (status, reply) = with_key(&app, secret, method.clone(), path, body).await;
            assert_eq!(
                (status, reply["message"].clone()),
                (StatusCode::FORBIDDEN, json!(format!("Missing required permission: {permission}"))),
                "{method} {path} as {who}"
            );
        }
        // The reader holds user.read; routes Immich leaves without a permission take any key.
        assert_eq!(with_key(&app, &reader, Method::GET, "/api/users/me", None).await.0, StatusCode::OK);
        let (status, me) = with_key(&app, &uploader, Method::GET, "/api/api-keys/me", None).await;
        assert_eq!((status, me["permissions"].clone()), (StatusCode::OK, json!(["asset.upload"])));
        assert_eq!(with_key(&app, &uploader, Method::POST, "/api/auth/validateToken", None).await.0, StatusCode::OK);

        // A session is never limited; a key cannot make a wider key.
        let (status, _) = crate::support::get(&app, &admin, "/api/server/about").await;
        assert_eq!(status, StatusCode::OK);
        let wider = app
            .call(Method::POST, "/api/api-keys", &[("x-api-key", &reader)], Some(json!({"permissions": ["all"]})))
            .await;
        assert_eq!(wider.status, StatusCode::FORBIDDEN);
        app
    })
    .await;
}

#[tokio::test]
async fn unknown_permission_names_are_refused() {
    on_both(|app| async move {
        let admin = app.admin_token().await;
        let reply = app
            .call(
                Method::POST,
                "/api/api-keys",
                &[("authorization", &bearer(&admin))],
                Some(json!({"name": "typo", "permissions": ["asset.raed"]})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.json()["message"].as_str().unwrap_or_default().contains("asset.raed"), "{}", reply.text);
        let keys = app.call(Method::GET, "/api/api-keys", &[("authorization", &bearer(&admin))], None).await;
        assert_eq!(keys.json(), json!([]), "nothing was created");
        app
    })
    .await;
}

/// Server functions are the web app's: a scoped key cannot use them to reach past its
/// permissions (an `all` key, like a session, can).
#[tokio::test]
async fn scoped_keys_cannot_call_server_functions() {
    on_both(|app| async move {
        let admin = app.admin_token().await;
        let reader = key(&app, &admin, json!(["asset.read"])).await;
        let everything = key(&app, &admin, json!(["all"])).await;
        let list = |secret: String| {
            let app = &app;
            async move {
                let request = Request::builder()
                    .method(Method::POST)
                    .uri("/_server/albums/list")
                    .header("x-api-key", secret)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(Body::empty())
                    .unwrap_or_else(|e| panic!("{e}"));
                app.send(request).await
            }
        };
        let refused = list(reader).await;
        assert!(!refused.status.is_success(), "{} {}", refused.status, refused.text);
        assert!(refused.text.contains("Missing required permission: all"), "{}", refused.text);
        let allowed = list(everything).await;
        assert_eq!(allowed.status, StatusCode::OK, "{}", allowed.text);
        app
    })
    .await;
}
