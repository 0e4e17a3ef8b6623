use crate::support::{bearer, on_both};
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn ping_and_version() {
    on_both(|app| async move {
        assert_eq!(app.call(Method::GET, "/api/server/ping", &[], None).await.json(), json!({"res": "pong"}));
        let version = app.call(Method::GET, "/api/server/version", &[], None).await.json();
        assert_eq!((version["major"].clone(), version["minor"].clone()), (json!(3), json!(1)));
        app
    })
    .await;
}

#[tokio::test]
async fn sign_up_login_and_every_credential_form() {
    on_both(|app| async move {
        let signup = json!({"email": "admin@example.com", "password": "admin-password", "name": "Admin"});
        let first = app.call(Method::POST, "/api/auth/admin-sign-up", &[], Some(signup.clone())).await;
        assert_eq!(first.status, StatusCode::CREATED);
        assert_eq!(
            (first.json()["isAdmin"].clone(), first.json()["email"].clone()),
            (json!(true), json!("admin@example.com"))
        );
        let second = app.call(Method::POST, "/api/auth/admin-sign-up", &[], Some(signup)).await;
        assert_eq!(
            (second.status, second.json()["code"].clone()),
            (StatusCode::CONFLICT, json!("admin-already-exists"))
        );

        let login = app
            .call(
                Method::POST,
                "/api/auth/login",
                &[("x-forwarded-proto", "https")],
                Some(json!({"email": "admin@example.com", "password": "admin-password"})),
            )
            .await;
        assert_eq!(login.status, StatusCode::CREATED);
        let body = login.json();
        let token = body["accessToken"].as_str().unwrap_or_default().to_string();
        for key in [
            "accessToken",
            "userId",
            "userEmail",
            "name",
            "isAdmin",
            "profileImagePath",
            "shouldChangePassword",
            "isOnboarded",
        ] {
            assert!(body.get(key).is_some(), "login response lacks {key}: {body}");
        }
        let cookie = login.header("set-cookie");
        assert!(cookie.starts_with(&format!("immich_access_token={token};")), "{cookie}");
        for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Secure"] {
            assert!(cookie.contains(flag), "cookie lacks {flag}: {cookie}");
        }
        let plain = app
            .call(
                Method::POST,
                "/api/auth/login",
                &[],
                Some(json!({"email": "admin@example.com", "password": "admin-password"})),
            )
            .await;
        assert!(!plain.header("set-cookie").contains("Secure"), "plain HTTP gets no Secure flag");

        let key = app
            .call(
                Method::POST,
                "/api/api-keys",
                &[("authorization", &bearer(&token))],
                Some(json!({"name": "cli", "permissions": ["all"]})),
            )
            .await;
        assert_eq!(key.status, StatusCode::CREATED);
        let secret = key.json()["secret"].as_str().unwrap_or_default().to_string();
        let cookie_header = format!("immich_access_token={token}");
        for credential in [("authorization", bearer(&token)), ("cookie", cookie_header), ("x-api-key", secret.clone())]
        {
            let me = app.call(Method::GET, "/api/users/me", &[(credential.0, &credential.1)], None).await;
            assert_eq!(
                (me.status, me.json()["email"].clone()),
                (StatusCode::OK, json!("admin@example.com")),
                "via {}",
                credential.0
            );
        }
        let anonymous = app.call(Method::GET, "/api/users/me", &[], None).await;
        assert_eq!(
            (anonymous.status, anonymous.json()["code"].clone()),
            (StatusCode::UNAUTHORIZED, json!("unauthenticated"))
        );
        let me_key = app.call(Method::GET, "/api/api-keys/me", &[("x-api-key", &secret)], None).await;
        assert_eq!(me_key.json()["name"], "cli");

        let valid =
            app.call(Method::POST, "/api/auth/validateToken", &[("authorization", &bearer(&token))], None).await;
        assert_eq!(valid.json(), json!({"authStatus": true}));
        let logout = app.call(Method::POST, "/api/auth/logout", &[("authorization", &bearer(&token))], None).await;
        assert_eq!(logout.json(), json!({"successful": true, "redirectUri": "/auth/login"}));
        assert!(logout.header("set-cookie").contains("Max-Age=0"));
        let after =
            app.call(Method::POST, "/api/auth/validateToken", &[("authorization", &bearer(&token))], None).await;
        assert_eq!(after.status, StatusCode::UNAUTHORIZED);
        app
    })
    .await;
}

#[tokio::test]
async fn api_keys_and_sessions_endpoints() {
    on_both(|app| async move {
        let token = app.admin_token().await;
        let other = app.login("admin@example.com", "admin-password").await;
        let auth = bearer(&token);
        let created = app
            .call(
                Method::POST,
                "/api/api-keys",
                &[("authorization", &auth)],
                Some(json!({"name": "x", "permissions": ["all"]})),
            )
            .await;
        let id = created.json()["apiKey"]["id"].as_str().unwrap_or_default().to_string();
        let listed = app.call(Method::GET, "/api/api-keys", &[("authorization", &auth)], None).await.json();
        assert_eq!(listed.as_array().map(Vec::len), Some(1));
        assert!(listed[0].get("secret").is_none(), "the secret is shown once only");
        let renamed = app
            .call(Method::PUT, &format!("/api/api-keys/{id}"), &[("authorization", &auth)], Some(json!({"name": "y"})))
            .await;
        assert_eq!(renamed.json()["name"], "y");
        let deleted = app.call(Method::DELETE, &format!("/api/api-keys/{id}"), &[("authorization", &auth)], None).await;
        assert_eq!(deleted.status, StatusCode::NO_CONTENT);
        let again = app.call(Method::DELETE, &format!("/api/api-keys/{id}"), &[("authorization", &auth)], None).await;
        assert_eq!((again.status, again.json()["code"].clone()), (StatusCode::NOT_FOUND, json!("api-key-not-found")));

        let sessions = app.call(Method::GET, "/api/sessions", &[("authorization", &auth)], None).await.json();
        assert_eq!(sessions.as_array().map(Vec::len), Some(2));
        assert_eq!(sessions.as_array().map(|s| s.iter().filter(|x| x["current"] == json!(true)).count()), Some(1));
        let ended = app.call(Method::DELETE, "/api/sessions", &[("authorization", &auth)], None).await;
        assert_eq!(ended.status, StatusCode::NO_CONTENT);
        let other_me = app.call(Method::GET, "/api/users/me", &[("authorization", &bearer(&other))], None).await;
        assert_eq!(other_me.status, StatusCode::UNAUTHORIZED);
        app
    })
    .await;
}
