use crate::support::{bearer, on_both};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::json;

/// The error body is a contract: our `code` plus Immich's `message`, `error`, `statusCode`.
#[tokio::test]
async fn error_bodies_have_the_stable_shape() {
    on_both(|app| async move {
        let reply = app.call(Method::GET, "/api/no/such/route", &[], None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        let mut body = reply.json();
        let correlation = body["correlationId"].take();
        assert_eq!(correlation.as_str().map(str::len), Some(8));
        assert_eq!(
            body,
            json!({"code": "not-found", "message": "No such API endpoint", "error": "Not Found", "statusCode": 404, "correlationId": null})
        );

        app.admin_token().await;
        let wrong = app.call(Method::POST, "/api/auth/login", &[], Some(json!({"email": "admin@example.com", "password": "nope"}))).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        let mut body = wrong.json();
        body["correlationId"].take();
        assert_eq!(
            body,
            json!({"code": "invalid-credentials", "message": "Incorrect email or password", "error": "Unauthorized", "statusCode": 401, "correlationId": null})
        );
        assert!(wrong.header("set-cookie").is_empty(), "a failed login sets no cookie");
        app
    })
    .await;
}

#[tokio::test]
async fn malformed_requests_get_clear_client_errors() {
    on_both(|app| async move {
        let token = app.admin_token().await;
        let auth = bearer(&token);
        let raw = |body: &'static str, content_type: Option<&'static str>| {
            let mut builder =
                Request::builder().method(Method::POST).uri("/api/admin/users").header("authorization", auth.clone());
            if let Some(ct) = content_type {
                builder = builder.header("content-type", ct);
            }
            builder.body(Body::from(body)).unwrap_or_else(|e| panic!("{e}"))
        };
        let cases = [
            (raw("{\"email\":", Some("application/json")), StatusCode::BAD_REQUEST, "malformed-json"),
            (
                raw("{\"email\": 5, \"password\": \"x\", \"name\": \"y\"}", Some("application/json")),
                StatusCode::UNPROCESSABLE_ENTITY,
                "unprocessable-entity",
            ),
            (
                raw("email=a", Some("application/x-www-form-urlencoded")),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
            ),
        ];
        for (request, status, code) in cases {
            let reply = app.send(request).await;
            assert_eq!(
                (reply.status, reply.json()["code"].as_str().map(str::to_string)),
                (status, Some(code.to_string())),
                "{}",
                reply.text
            );
        }
        let huge = format!("{{\"email\":\"{}\"}}", "a".repeat(2 * 1024 * 1024));
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/admin/users")
            .header("authorization", auth.clone())
            .header("content-type", "application/json")
            .body(Body::from(huge))
            .unwrap_or_else(|e| panic!("{e}"));
        let reply = app.send(request).await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", reply.text);
        assert_eq!(reply.json()["code"], "payload-too-large");

        let bad_id = app.call(Method::GET, "/api/admin/users/not-a-uuid", &[("authorization", &auth)], None).await;
        assert_eq!((bad_id.status, bad_id.json()["code"].clone()), (StatusCode::BAD_REQUEST, json!("invalid-input")));
        let unknown = app
            .call(
                Method::GET,
                "/api/admin/users/4f8a6a43-3f2e-4c59-9e53-1f0d1f5e2b11",
                &[("authorization", &auth)],
                None,
            )
            .await;
        assert_eq!((unknown.status, unknown.json()["code"].clone()), (StatusCode::NOT_FOUND, json!("user-not-found")));
        app
    })
    .await;
}

/// A browser on another site cannot make a signed-in user's browser change anything.
#[tokio::test]
async fn cross_site_requests_are_refused() {
    on_both(|app| async move {
        let token = app.admin_token().await;
        let cookie = format!("immich_access_token={token}");
        let body = Some(json!({"name": "k", "permissions": ["all"]}));
        let evil = app
            .call(
                Method::POST,
                "/api/api-keys",
                &[("cookie", &cookie), ("host", "photos.local"), ("origin", "https://evil.example")],
                body.clone(),
            )
            .await;
        assert_eq!((evil.status, evil.json()["code"].clone()), (StatusCode::FORBIDDEN, json!("cross-site-request")));
        let fetch_meta = app
            .call(Method::POST, "/api/api-keys", &[("cookie", &cookie), ("sec-fetch-site", "cross-site")], body.clone())
            .await;
        assert_eq!(fetch_meta.status, StatusCode::FORBIDDEN);
        let sfn = app
            .call(
                Method::POST,
                "/_server/auth/logout",
                &[("cookie", &cookie), ("host", "photos.local"), ("origin", "https://evil.example")],
                None,
            )
            .await;
        assert_eq!(sfn.status, StatusCode::FORBIDDEN, "server functions are covered too");
        let same = app
            .call(
                Method::POST,
                "/api/api-keys",
                &[("cookie", &cookie), ("host", "photos.local"), ("origin", "http://photos.local")],
                body,
            )
            .await;
        assert_eq!(same.status, StatusCode::CREATED, "{}", same.text);
        app
    })
    .await;
}

/// A NUL character anywhere in text (query, JSON, upload form) is a clear 400, never a database
/// error: PostgreSQL cannot store one. Found by schemathesis as a 500 on `shared-links/me`.
#[tokio::test]
async fn nul_characters_are_invalid_input_not_server_errors() {
    crate::support::on_both(|app| async move {
        let token = app.admin_token().await;
        let auth = [("authorization", crate::support::bearer(&token))];
        let auth: Vec<(&str, &str)> = auth.iter().map(|(k, v)| (*k, v.as_str())).collect();
        for path in ["/api/shared-links/me?key=ab%00c", "/api/albums?name=a%00", "/api/assets/statistics?x=%00"] {
            let reply = app.call(Method::GET, path, &auth, None).await;
            assert_eq!(
                (reply.status, reply.json()["code"].clone()),
                (StatusCode::BAD_REQUEST, json!("invalid-input")),
                "{path}"
            );
        }
        let reply = app.call(Method::POST, "/api/albums", &auth, Some(json!({"albumName": "a\u{0}b"}))).await;
        assert_eq!(
            (reply.status, reply.json()["message"].clone()),
            (StatusCode::BAD_REQUEST, json!("Text may not contain NUL characters"))
        );
        let reply = app.call(Method::PUT, "/api/users/me", &auth, Some(json!({"name": "x\u{0}"}))).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        // A literal backslash-u sequence is ordinary text.
        let reply = app.call(Method::POST, "/api/albums", &auth, Some(json!({"albumName": "a\\u0000b"}))).await;
        assert_eq!((reply.status, reply.json()["albumName"].clone()), (StatusCode::CREATED, json!("a\\u0000b")));
        let (status, albums) = crate::support::get(&app, &token, "/api/albums").await;
        assert_eq!((status, albums.as_array().map(Vec::len)), (StatusCode::OK, Some(1)));
        app
    })
    .await;
}
