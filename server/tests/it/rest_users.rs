use crate::support::{bearer, on_both};
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn admins_manage_users_and_everyone_else_is_refused() {
    on_both(|app| async move {
        let admin = app.admin_token().await;
        let admin_auth = bearer(&admin);
        let (user_id, user) = app.user_token(&admin, "user@example.com").await;
        let user_auth = bearer(&user);

        let routes = [
            (Method::GET, "/api/admin/users".to_string(), None),
            (
                Method::POST,
                "/api/admin/users".to_string(),
                Some(json!({"email": "z@example.com", "password": "zzzzzzzz", "name": "Z"})),
            ),
            (Method::GET, format!("/api/admin/users/{user_id}"), None),
            (Method::PUT, format!("/api/admin/users/{user_id}"), Some(json!({"isAdmin": true}))),
            (Method::DELETE, format!("/api/admin/users/{user_id}"), None),
            (Method::POST, format!("/api/admin/users/{user_id}/restore"), None),
        ];
        for (method, path, body) in routes.iter().cloned() {
            let refused = app.call(method.clone(), &path, &[("authorization", &user_auth)], body.clone()).await;
            assert_eq!(
                (refused.status, refused.json()["code"].clone()),
                (StatusCode::FORBIDDEN, json!("admin-required")),
                "{method} {path}"
            );
            let anonymous = app.call(method.clone(), &path, &[], body).await;
            assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{method} {path}");
        }

        let duplicate = app
            .call(
                Method::POST,
                "/api/admin/users",
                &[("authorization", &admin_auth)],
                Some(json!({"email": "USER@example.com", "password": "user-password", "name": "Dup"})),
            )
            .await;
        assert_eq!(
            (duplicate.status, duplicate.json()["code"].clone()),
            (StatusCode::CONFLICT, json!("email-already-in-use"))
        );
        let updated = app
            .call(
                Method::PUT,
                &format!("/api/admin/users/{user_id}"),
                &[("authorization", &admin_auth)],
                Some(json!({"name": "Renamed", "quotaSizeInBytes": 1073741824u64, "shouldChangePassword": true})),
            )
            .await;
        assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
        assert_eq!(
            (updated.json()["name"].clone(), updated.json()["quotaSizeInBytes"].clone()),
            (json!("Renamed"), json!(1073741824u64))
        );
        assert_eq!(updated.json()["shouldChangePassword"], json!(true));

        let deleted = app
            .call(Method::DELETE, &format!("/api/admin/users/{user_id}"), &[("authorization", &admin_auth)], None)
            .await;
        assert_eq!((deleted.status, deleted.json()["status"].clone()), (StatusCode::OK, json!("deleted")));
        let listed = app.call(Method::GET, "/api/admin/users", &[("authorization", &admin_auth)], None).await.json();
        assert_eq!(listed.as_array().map(Vec::len), Some(1));
        let with_deleted = app
            .call(Method::GET, "/api/admin/users?withDeleted=true", &[("authorization", &admin_auth)], None)
            .await
            .json();
        assert_eq!(with_deleted.as_array().map(Vec::len), Some(2));
        let restored = app
            .call(Method::POST, &format!("/api/admin/users/{user_id}/restore"), &[("authorization", &admin_auth)], None)
            .await;
        assert_eq!(restored.json()["status"], "active");
        let forced = app
            .call(
                Method::DELETE,
                &format!("/api/admin/users/{user_id}"),
                &[("authorization", &admin_auth)],
                Some(json!({"force": true})),
            )
            .await;
        assert_eq!(forced.status, StatusCode::OK);
        let gone = app
            .call(Method::GET, &format!("/api/admin/users/{user_id}"), &[("authorization", &admin_auth)], None)
            .await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);

        let me = app
            .call(Method::PUT, "/api/users/me", &[("authorization", &admin_auth)], Some(json!({"name": "Chief"})))
            .await;
        assert_eq!(me.json()["name"], "Chief");
        let change = app
            .call(
                Method::POST,
                "/api/auth/change-password",
                &[("authorization", &admin_auth)],
                Some(json!({"password": "wrong", "newPassword": "new-password"})),
            )
            .await;
        assert_eq!((change.status, change.json()["code"].clone()), (StatusCode::UNAUTHORIZED, json!("wrong-password")));
        app
    })
    .await;
}

#[tokio::test]
async fn delete_accepts_no_body_an_empty_body_or_options() {
    on_both(|app| async move {
        let admin = app.admin_token().await;
        let auth = bearer(&admin);
        let (first, _) = app.user_token(&admin, "first@example.com").await;
        let soft =
            app.call(Method::DELETE, &format!("/api/admin/users/{first}"), &[("authorization", &auth)], None).await;
        assert_eq!(soft.json()["status"], "deleted");
        let (second, _) = app.user_token(&admin, "second@example.com").await;
        let broken = app
            .call(
                Method::DELETE,
                &format!("/api/admin/users/{second}"),
                &[("authorization", &auth)],
                Some(json!({"force": "yes"})),
            )
            .await;
        assert_eq!(
            (broken.status, broken.json()["code"].clone()),
            (StatusCode::UNPROCESSABLE_ENTITY, json!("unprocessable-entity"))
        );
        let still =
            app.call(Method::GET, &format!("/api/admin/users/{second}"), &[("authorization", &auth)], None).await;
        assert_eq!(still.json()["status"], "active", "a rejected request changes nothing");
        app
    })
    .await;
}

/// Immich's preferences: its defaults until changed, partial updates, checked values, the avatar
/// colour on the user, and the admin's view of anyone's.
#[tokio::test]
async fn preferences_start_at_immichs_defaults_and_change_field_by_field() {
    on_both(|app| async move {
        let admin = app.admin_token().await;
        let (user_id, user) = app.user_token(&admin, "prefs@example.com").await;
        let (status, prefs) = crate::support::get(&app, &user, "/api/users/me/preferences").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(prefs["albums"], json!({"defaultAssetOrder": "desc"}));
        assert_eq!(prefs["download"], json!({"archiveSize": 4294967296_i64, "includeEmbeddedVideos": false}));
        assert_eq!(prefs["memories"], json!({"enabled": true, "duration": 5}));
        assert_eq!(prefs["emailNotifications"], json!({"enabled": true, "albumInvite": true, "albumUpdate": true}));
        assert_eq!(prefs["tags"], json!({"enabled": false, "sidebarWeb": false}));

        let change =
            json!({"memories": {"enabled": false}, "download": {"archiveSize": 1000}, "avatar": {"color": "pink"}});
        let (status, after) = crate::support::send(&app, &user, Method::PUT, "/api/users/me/preferences", change).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(after["memories"], json!({"enabled": false, "duration": 5}), "untouched fields keep their value");
        assert_eq!(after["download"]["archiveSize"], 1000);
        let (_, again) = crate::support::get(&app, &user, "/api/users/me/preferences").await;
        assert_eq!(again, after, "stored");
        let (_, me) = crate::support::get(&app, &user, "/api/users/me").await;
        assert_eq!(me["avatarColor"], "pink");
        // A second change keeps the first.
        let (_, later) = crate::support::send(
            &app,
            &user,
            Method::PUT,
            "/api/users/me/preferences",
            json!({"memories": {"duration": 9}}),
        )
        .await;
        assert_eq!(later["memories"], json!({"enabled": false, "duration": 9}));
        assert_eq!(later["download"]["archiveSize"], 1000);

        for (bad, status) in [
            (json!({"download": {"archiveSize": 0}}), StatusCode::BAD_REQUEST),
            (json!({"purchase": {"hideBuyButtonUntil": "soon"}}), StatusCode::BAD_REQUEST),
            (json!({"memories": {"enabled": "yes"}}), StatusCode::UNPROCESSABLE_ENTITY),
        ] {
            let (got, _) =
                crate::support::send(&app, &user, Method::PUT, "/api/users/me/preferences", bad.clone()).await;
            assert_eq!(got, status, "{bad}");
        }
        let (_, unchanged) = crate::support::get(&app, &user, "/api/users/me/preferences").await;
        assert_eq!(unchanged, later, "a refused change changes nothing");

        // The admin reads and changes anyone's; others may not; an unknown id is a 404.
        let path = format!("/api/admin/users/{user_id}/preferences");
        let (status, theirs) = crate::support::get(&app, &admin, &path).await;
        assert_eq!((status, theirs), (StatusCode::OK, later));
        let (status, changed) =
            crate::support::send(&app, &admin, Method::PUT, &path, json!({"ratings": {"enabled": true}})).await;
        assert_eq!((status, changed["ratings"].clone()), (StatusCode::OK, json!({"enabled": true})));
        assert_eq!(crate::support::get(&app, &user, &path).await.0, StatusCode::FORBIDDEN);
        let missing = "/api/admin/users/00000000-0000-4000-8000-000000000000/preferences";
        assert_eq!(crate::support::get(&app, &admin, missing).await.0, StatusCode::NOT_FOUND);
        app
    })
    .await;
}
