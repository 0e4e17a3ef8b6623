//! Partner sharing, shared links and downloads over REST, in Immich's shapes.

use crate::support::{bearer, get, on_both, send, upload_at};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{json, Value};
use std::io::Read;

fn ids(list: &Value) -> Vec<String> {
    let mut out: Vec<String> = list
        .as_array()
        .map(|l| l.iter().map(|v| v["id"].as_str().unwrap_or_default().to_string()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[tokio::test]
async fn partners_share_a_library_and_show_in_the_timeline_when_chosen() {
    on_both(|app| async move {
        let me = app.admin_token().await;
        let my_id = get(&app, &me, "/api/users/me").await.1["id"].as_str().unwrap_or_default().to_string();
        let (friend_id, friend) = app.user_token(&me, "friend@example.com").await;
        let mine = upload_at(&app, &me, "mine.jpg", "2024-03-03T10:00:00Z").await;
        let archived = upload_at(&app, &me, "archived.jpg", "2024-03-04T10:00:00Z").await;
        send(&app, &me, Method::PUT, &format!("/api/assets/{archived}"), json!({"visibility": "archive"})).await;
        let theirs = upload_at(&app, &friend, "theirs.jpg", "2024-04-04T10:00:00Z").await;

        let (status, created) =
            send(&app, &me, Method::POST, "/api/partners", json!({"sharedWithId": friend_id})).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!(created["id"], friend_id.as_str());
        assert_eq!(created["email"], "friend@example.com");
        assert_eq!(created["inTimeline"], false);
        let (status, error) = send(&app, &me, Method::POST, "/api/partners", json!({"sharedWithId": friend_id})).await;
        assert_eq!((status, error["code"].clone()), (StatusCode::BAD_REQUEST, json!("already-partner")));
        let (status, error) = send(&app, &me, Method::POST, "/api/partners", json!({"sharedWithId": my_id})).await;
        assert_eq!((status, error["code"].clone()), (StatusCode::BAD_REQUEST, json!("invalid-input")));
        let unknown = uuid::Uuid::new_v4();
        let (status, error) = send(&app, &me, Method::POST, "/api/partners", json!({"sharedWithId": unknown})).await;
        assert_eq!((status, error["code"].clone()), (StatusCode::NOT_FOUND, json!("user-not-found")));
        let (status, _) = get(&app, &me, "/api/partners").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "direction is required");

        let (_, by_me) = get(&app, &me, "/api/partners?direction=shared-by").await;
        assert_eq!(ids(&by_me), vec![friend_id.clone()]);
        let (_, with_friend) = get(&app, &friend, "/api/partners?direction=shared-with").await;
        assert_eq!(ids(&with_friend), vec![my_id.clone()]);
        let (_, with_me) = get(&app, &me, "/api/partners?direction=shared-with").await;
        assert_eq!(with_me, json!([]), "sharing goes one way");

        // The friend reads my library, not my archive, and cannot change anything.
        let (status, _) = get(&app, &friend, &format!("/api/assets/{mine}")).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = get(&app, &me, &format!("/api/assets/{theirs}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "they did not share with me");
        let (_, months) =
            get(&app, &friend, &format!("/api/timeline/buckets?userId={my_id}&visibility=timeline")).await;
        assert_eq!(months, json!([{"timeBucket": "2024-03-01", "count": 1}]));
        let (status, _) = get(&app, &friend, &format!("/api/timeline/buckets?userId={my_id}&visibility=archive")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) =
            send(&app, &friend, Method::PUT, &format!("/api/assets/{mine}"), json!({"isFavorite": true})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = get(&app, &friend, &format!("/api/assets/{archived}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "not even one archived photo by its id");
        let (status, _) = send(&app, &friend, Method::POST, "/api/download/info", json!({"userId": my_id})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a partner does not download the whole library");
        let (status, _) = send(&app, &me, Method::DELETE, "/api/assets", json!({"ids": [mine]})).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = get(&app, &friend, &format!("/api/assets/{mine}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "nor a trashed one");
        send(&app, &me, Method::POST, "/api/trash/restore/assets", json!({"ids": [mine]})).await;

        // In the friend's own timeline only once they choose so.
        let timeline = "/api/timeline/buckets?visibility=timeline&withPartners=true";
        let (_, months) = get(&app, &friend, timeline).await;
        assert_eq!(months, json!([{"timeBucket": "2024-04-01", "count": 1}]));
        let (status, updated) =
            send(&app, &friend, Method::PUT, &format!("/api/partners/{my_id}"), json!({"inTimeline": true})).await;
        assert_eq!((status, updated["inTimeline"].clone()), (StatusCode::OK, json!(true)));
        let (_, months) = get(&app, &friend, timeline).await;
        assert_eq!(months, json!([{"timeBucket": "2024-04-01", "count": 1}, {"timeBucket": "2024-03-01", "count": 1}]));
        let (_, month) =
            get(&app, &friend, &format!("{timeline}&timeBucket=2024-03-01").replace("buckets", "bucket")).await;
        assert_eq!(month["id"], json!([mine]), "the archived photo stays out");
        let (status, _) =
            get(&app, &friend, "/api/timeline/buckets?withPartners=true&isTrashed=true&visibility=timeline").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "partners' trash is never shown");
        let (status, _) =
            send(&app, &me, Method::PUT, &format!("/api/partners/{friend_id}"), json!({"inTimeline": true})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "only the one shared with chooses");

        // Stopping: the friend loses access at once.
        let (status, _) = send(&app, &me, Method::DELETE, &format!("/api/partners/{friend_id}"), json!({})).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = get(&app, &friend, &format!("/api/assets/{mine}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, months) = get(&app, &friend, timeline).await;
        assert_eq!(months, json!([{"timeBucket": "2024-04-01", "count": 1}]));
        let (status, error) = send(&app, &me, Method::DELETE, &format!("/api/partners/{friend_id}"), json!({})).await;
        assert_eq!((status, error["code"].clone()), (StatusCode::NOT_FOUND, json!("partner-not-found")));
        app
    })
    .await;
}

#[tokio::test]
async fn shared_links_show_exactly_their_assets_behind_password_and_expiry() {
    on_both(|app| async move {
        let owner = app.admin_token().await;
        let (_, other) = app.user_token(&owner, "other@example.com").await;
        let a = upload_at(&app, &owner, "a.jpg", "2024-01-01T10:00:00Z").await;
        let b = upload_at(&app, &owner, "b.jpg", "2024-02-01T10:00:00Z").await;
        let hidden = upload_at(&app, &owner, "hidden.jpg", "2024-02-02T10:00:00Z").await;
        let others = upload_at(&app, &other, "others.jpg", "2024-02-03T10:00:00Z").await;

        // Creation: shapes, defaults, and refusals.
        let body = json!({"type": "INDIVIDUAL", "assetIds": [a, b], "password": "open sesame", "description": "Trip"});
        let (status, link) = send(&app, &owner, Method::POST, "/api/shared-links", body).await;
        assert_eq!(status, StatusCode::CREATED, "{link}");
        assert_eq!(link["type"], "INDIVIDUAL");
        assert_eq!(link["password"], "********", "the password itself never comes back");
        assert_eq!(
            (link["allowDownload"].clone(), link["allowUpload"].clone(), link["showMetadata"].clone()),
            (json!(true), json!(false), json!(true))
        );
        assert_eq!(link["expiresAt"], Value::Null);
        assert_eq!(link["description"], "Trip");
        assert_eq!(ids(&link["assets"]), sorted(vec![a.clone(), b.clone()]));
        let key = link["key"].as_str().unwrap_or_default().to_string();
        assert_eq!(key.len(), 43);
        let link_id = link["id"].as_str().unwrap_or_default().to_string();
        let (status, error) =
            send(&app, &owner, Method::POST, "/api/shared-links", json!({"type": "INDIVIDUAL", "assetIds": [others]}))
                .await;
        assert_eq!((status, error["code"].clone()), (StatusCode::NOT_FOUND, json!("asset-not-found")));
        let (status, _) = send(&app, &owner, Method::POST, "/api/shared-links", json!({"type": "INDIVIDUAL"})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _) = send(&app, &owner, Method::POST, "/api/shared-links", json!({"assetIds": [a]})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "type is required");
        let (status, _) = send(&app, &owner, Method::POST, "/api/shared-links", json!({"type": "ALBUM"})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);

        // A visitor: the password first.
        let visit = |path: &str, cookie: Option<&str>| {
            let mut builder = Request::builder().uri(path.to_string());
            if let Some(cookie) = cookie {
                builder = builder.header("cookie", cookie.to_string());
            }
            builder.body(Body::empty()).unwrap_or_else(|e| panic!("{e}"))
        };
        let reply = app.send(visit(&format!("/api/shared-links/me?key={key}"), None)).await;
        assert_eq!(
            (reply.status, reply.json()["code"].clone()),
            (StatusCode::UNAUTHORIZED, json!("shared-link-password-required"))
        );
        let reply = app.send(visit(&format!("/api/assets/{a}/original?key={key}"), None)).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "no file before the password");
        let login = |password: &str| {
            Request::builder()
                .method(Method::POST)
                .uri(format!("/api/shared-links/login?key={key}"))
                .header("content-type", "application/json")
                .body(Body::from(json!({"password": password}).to_string()))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let reply = app.send(login("wrong")).await;
        assert_eq!((reply.status, reply.json()["code"].clone()), (StatusCode::UNAUTHORIZED, json!("wrong-password")));
        let reply = app.send(login("open sesame")).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        let set_cookie = reply.header("set-cookie");
        assert!(set_cookie.starts_with("immich_shared_link_token=") && set_cookie.contains("HttpOnly"), "{set_cookie}");
        let cookie = set_cookie.split(';').next().unwrap_or_default().to_string();
        let reply = app.send(visit(&format!("/api/shared-links/me?key={key}"), Some(&cookie))).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(ids(&reply.json()["assets"]), sorted(vec![a.clone(), b.clone()]));
        assert_eq!(reply.json()["password"], Value::Null);

        // Exactly those assets, read only.
        for (asset, expected) in [(&a, 200), (&b, 200), (&hidden, 404), (&others, 404)] {
            let reply = app.send(visit(&format!("/api/assets/{asset}?key={key}"), Some(&cookie))).await;
            assert_eq!(reply.status.as_u16(), expected, "asset {asset}");
            let reply = app.send(visit(&format!("/api/assets/{asset}/original?key={key}"), Some(&cookie))).await;
            assert_eq!(reply.status.as_u16(), expected, "original of {asset}");
        }
        let reply = app.send(visit(&format!("/api/timeline/buckets?key={key}"), Some(&cookie))).await;
        assert_eq!(
            reply.json(),
            json!([{"timeBucket": "2024-02-01", "count": 1}, {"timeBucket": "2024-01-01", "count": 1}])
        );
        let reply =
            app.send(visit(&format!("/api/timeline/bucket?key={key}&timeBucket=2024-02-01"), Some(&cookie))).await;
        assert_eq!(reply.json()["id"], json!([b]), "not the hidden photo of the same month");
        let reply = app.send(visit(&format!("/api/timeline/buckets?key={key}&isTrashed=true"), Some(&cookie))).await;
        assert_eq!(reply.json().as_array().map(Vec::len), Some(2), "a link never shows the trash");
        let change = Request::builder()
            .method(Method::PUT)
            .uri(format!("/api/assets/{a}?key={key}"))
            .header("cookie", cookie.clone())
            .header("content-type", "application/json")
            .body(Body::from(json!({"isFavorite": true}).to_string()))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(app.send(change).await.status, StatusCode::UNAUTHORIZED, "a link changes nothing");
        let header_visit = Request::builder()
            .uri(format!("/api/assets/{a}"))
            .header("x-immich-share-key", key.clone())
            .header("cookie", cookie.clone())
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(app.send(header_visit).await.status, StatusCode::OK, "the key in Immich's header");

        // The owner edits: no downloads, no metadata, a new password (old logins end).
        let edit = json!({"allowDownload": false, "showMetadata": false, "password": "********"});
        let (status, edited) = send(&app, &owner, Method::PATCH, &format!("/api/shared-links/{link_id}"), edit).await;
        assert_eq!(
            (status, edited["allowDownload"].clone(), edited["password"].clone()),
            (StatusCode::OK, json!(false), json!("********"))
        );
        let reply = app.send(visit(&format!("/api/assets/{a}/original?key={key}"), Some(&cookie))).await;
        assert_eq!((reply.status, reply.json()["code"].clone()), (StatusCode::FORBIDDEN, json!("forbidden")));
        let reply = app.send(visit(&format!("/api/assets/{a}?key={key}"), Some(&cookie))).await;
        assert_eq!(reply.json()["exifInfo"], Value::Null, "metadata hidden");
        let (status, _) =
            send(&app, &owner, Method::PATCH, &format!("/api/shared-links/{link_id}"), json!({"password": "new one"}))
                .await;
        assert_eq!(status, StatusCode::OK);
        let reply = app.send(visit(&format!("/api/shared-links/me?key={key}"), Some(&cookie))).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "a new password signs visitors out");

        // Assets in and out of an individual link.
        let (status, results) = send(
            &app,
            &owner,
            Method::PUT,
            &format!("/api/shared-links/{link_id}/assets"),
            json!({"assetIds": [a, hidden, others]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            results,
            json!([
                {"assetId": a, "success": false, "error": "duplicate"},
                {"assetId": hidden, "success": true},
                {"assetId": others, "success": false, "error": "no_permission"},
            ])
        );
        let (_, results) = send(
            &app,
            &owner,
            Method::DELETE,
            &format!("/api/shared-links/{link_id}/assets"),
            json!({"assetIds": [b, others]}),
        )
        .await;
        assert_eq!(
            results,
            json!([{"assetId": b, "success": true}, {"assetId": others, "success": false, "error": "not_found"}])
        );
        let (_, now) = get(&app, &owner, &format!("/api/shared-links/{link_id}")).await;
        assert_eq!(ids(&now["assets"]), sorted(vec![a.clone(), hidden.clone()]));

        // Others never see or change the owner's links.
        let (status, error) = get(&app, &other, &format!("/api/shared-links/{link_id}")).await;
        assert_eq!((status, error["code"].clone()), (StatusCode::NOT_FOUND, json!("shared-link-not-found")));
        let (_, list) = get(&app, &other, "/api/shared-links").await;
        assert_eq!(list, json!([]));
        let (_, list) = get(&app, &owner, "/api/shared-links").await;
        assert_eq!(ids(&list), vec![link_id.clone()]);

        // Expiry, slugs and revocation.
        let past =
            json!({"type": "INDIVIDUAL", "assetIds": [a], "expiresAt": "2020-01-01T00:00:00.000Z", "slug": "old-trip"});
        let (status, expired) = send(&app, &owner, Method::POST, "/api/shared-links", past).await;
        assert_eq!(status, StatusCode::CREATED, "{expired}");
        let reply = app.send(visit("/api/shared-links/me?slug=old-trip", None)).await;
        assert_eq!(
            (reply.status, reply.json()["code"].clone()),
            (StatusCode::UNAUTHORIZED, json!("shared-link-expired"))
        );
        let (status, error) = send(
            &app,
            &owner,
            Method::POST,
            "/api/shared-links",
            json!({"type": "INDIVIDUAL", "assetIds": [a], "slug": "old-trip"}),
        )
        .await;
        assert_eq!((status, error["code"].clone()), (StatusCode::CONFLICT, json!("slug-in-use")));
        let expired_id = expired["id"].as_str().unwrap_or_default().to_string();
        let (status, _) =
            send(&app, &owner, Method::PATCH, &format!("/api/shared-links/{expired_id}"), json!({"expiresAt": null}))
                .await;
        assert_eq!(status, StatusCode::OK);
        let reply = app.send(visit("/api/shared-links/me?slug=old-trip", None)).await;
        assert_eq!(reply.status, StatusCode::OK, "no expiry any more");
        let (status, _) =
            send(&app, &owner, Method::DELETE, &format!("/api/shared-links/{expired_id}"), json!({})).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let reply = app.send(visit("/api/shared-links/me?slug=old-trip", None)).await;
        assert_eq!(
            (reply.status, reply.json()["code"].clone()),
            (StatusCode::UNAUTHORIZED, json!("invalid-share-key"))
        );
        let reply = app.send(visit("/api/shared-links/me?key=not-a-key", None)).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        app
    })
    .await;
}

#[tokio::test]
async fn downloads_split_into_archives_and_stream_zips_of_what_may_be_read() {
    on_both(|app| async move {
        let owner = app.admin_token().await;
        let (_, other) = app.user_token(&owner, "other@example.com").await;
        let a = upload_at(&app, &owner, "same.jpg", "2024-01-01T10:00:00Z").await;
        let b = upload_at(&app, &owner, "same.jpg", "2024-01-02T10:00:00Z").await;
        let c = upload_at(&app, &owner, "c.jpg", "2024-01-03T10:00:00Z").await;
        let others = upload_at(&app, &other, "others.jpg", "2024-01-04T10:00:00Z").await;
        let size_of = |id: &str| {
            let app = &app;
            let owner = owner.clone();
            let id = id.to_string();
            async move { get(app, &owner, &format!("/api/assets/{id}")).await.1["exifInfo"]["fileSizeInByte"].as_u64() }
        };
        let sizes = [size_of(&a).await, size_of(&b).await, size_of(&c).await];

        let (status, info) =
            send(&app, &owner, Method::POST, "/api/download/info", json!({"assetIds": [a, b, c], "archiveSize": 90}))
                .await;
        assert_eq!(status, StatusCode::CREATED, "{info}");
        let total: u64 =
            info["archives"].as_array().map(|l| l.iter().map(|x| x["size"].as_u64().unwrap_or(0)).sum()).unwrap_or(0);
        assert_eq!(info["totalSize"].as_u64(), Some(total));
        if let [Some(x), Some(y), Some(z)] = sizes {
            assert_eq!(total, x + y + z);
        }
        let per_archive: Vec<usize> = info["archives"]
            .as_array()
            .map(|l| l.iter().map(|x| x["assetIds"].as_array().map(Vec::len).unwrap_or(0)).collect())
            .unwrap_or_default();
        assert!(per_archive.len() > 1 && per_archive.iter().sum::<usize>() == 3, "split by archiveSize: {info}");
        let (status, _) =
            send(&app, &owner, Method::POST, "/api/download/info", json!({"assetIds": [a, others]})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "someone else's photo is not downloadable");

        // The archive: every file, names made unique, contents intact.
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/download/archive")
            .header("authorization", bearer(&owner))
            .header("content-type", "application/json")
            .body(Body::from(json!({"assetIds": [a, b, c]}).to_string()))
            .unwrap_or_else(|e| panic!("{e}"));
        let response = tower::ServiceExt::oneshot(app.router.clone(), request).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "application/zip");
        assert!(response.headers()["content-disposition"]
            .to_str()
            .unwrap_or_default()
            .starts_with("attachment; filename=\"shoebox-"));
        let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024).await.unwrap_or_default();
        let mut zip =
            zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap_or_else(|e| panic!("not a zip: {e}"));
        let mut names = Vec::new();
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap_or_else(|e| panic!("{e}"));
            let mut content = String::new();
            file.read_to_string(&mut content).unwrap_or_else(|e| panic!("{e}"));
            names.push((file.name().to_string(), content));
        }
        assert_eq!(
            names,
            vec![
                ("same.jpg".to_string(), "not really a photo: same.jpg 2024-01-01T10:00:00Z".to_string()),
                ("same+1.jpg".to_string(), "not really a photo: same.jpg 2024-01-02T10:00:00Z".to_string()),
                ("c.jpg".to_string(), "not really a photo: c.jpg 2024-01-03T10:00:00Z".to_string()),
            ]
        );

        // The web app's form post.
        let form = Request::builder()
            .method(Method::POST)
            .uri("/api/download/archive")
            .header("authorization", bearer(&owner))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!("assetIds={a}%2C{c}")))
            .unwrap_or_else(|e| panic!("{e}"));
        let response = tower::ServiceExt::oneshot(app.router.clone(), form).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(response.status(), StatusCode::OK);
        let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024).await.unwrap_or_default();
        assert_eq!(zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).map(|z| z.len()).ok(), Some(2));
        let bad = Request::builder()
            .method(Method::POST)
            .uri("/api/download/archive")
            .header("authorization", bearer(&owner))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from("assetIds=nope"))
            .unwrap_or_else(|e| panic!("{e}"));
        let reply = app.send(bad).await;
        assert_eq!((reply.status, reply.json()["code"].clone()), (StatusCode::BAD_REQUEST, json!("invalid-input")));
        let (status, error) = send(&app, &owner, Method::POST, "/api/download/archive", json!({"assetIds": []})).await;
        assert_eq!((status, error["code"].clone()), (StatusCode::BAD_REQUEST, json!("invalid-input")));

        // A link that forbids downloads refuses archives too.
        let (_, link) = send(
            &app,
            &owner,
            Method::POST,
            "/api/shared-links",
            json!({"type": "INDIVIDUAL", "assetIds": [a], "allowDownload": false}),
        )
        .await;
        let key = link["key"].as_str().unwrap_or_default();
        let request = Request::builder()
            .method(Method::POST)
            .uri(format!("/api/download/archive?key={key}"))
            .header("content-type", "application/json")
            .body(Body::from(json!({"assetIds": [a]}).to_string()))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(app.send(request).await.status, StatusCode::FORBIDDEN);
        app
    })
    .await;
}

#[tokio::test]
async fn a_link_that_allows_uploads_files_them_into_its_album_as_the_owner_s() {
    on_both(|app| async move {
        let owner = app.admin_token().await;
        let owner_id = get(&app, &owner, "/api/users/me").await.1["id"].as_str().unwrap_or_default().to_string();
        let (_, album) = send(&app, &owner, Method::POST, "/api/albums", json!({"albumName": "Party"})).await;
        let album_id = album["id"].as_str().unwrap_or_default().to_string();
        let link = |body: Value| {
            let app = &app;
            let owner = owner.clone();
            async move {
                let (status, link) = send(app, &owner, Method::POST, "/api/shared-links", body).await;
                assert_eq!(status, StatusCode::CREATED, "{link}");
                link["key"].as_str().unwrap_or_default().to_string()
            }
        };
        let open = link(json!({"type": "ALBUM", "albumId": album_id, "allowUpload": true})).await;
        let closed = link(json!({"type": "ALBUM", "albumId": album_id})).await;
        let mine = upload_at(&app, &owner, "mine.jpg", "2024-01-01T10:00:00Z").await;
        let individual = link(json!({"type": "INDIVIDUAL", "assetIds": [mine], "allowUpload": true})).await;

        let upload = |key: Option<&str>, name: &str| {
            let content = format!("a guest's photo {name}");
            let body = crate::support::multipart(
                &[
                    ("fileCreatedAt", "2024-06-01T12:00:00Z"),
                    ("fileModifiedAt", "2024-06-01T12:00:00Z"),
                    ("deviceAssetId", name),
                    ("deviceId", "guest"),
                ],
                &[("assetData", name, content.as_bytes())],
            );
            let uri = match key {
                Some(key) => format!("/api/assets?key={key}"),
                None => "/api/assets".to_string(),
            };
            Request::builder()
                .method(Method::POST)
                .uri(uri)
                .header("content-type", format!("multipart/form-data; boundary={}", crate::support::BOUNDARY))
                .body(Body::from(body))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let reply = app.send(upload(Some(&open), "guest.jpg")).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        let guest = reply.json()["id"].as_str().unwrap_or_default().to_string();
        let (_, asset) = get(&app, &owner, &format!("/api/assets/{guest}")).await;
        assert_eq!(asset["ownerId"], owner_id.as_str(), "the owner's library holds it");
        let (_, album) = get(&app, &owner, &format!("/api/albums/{album_id}")).await;
        assert_eq!(album["assetCount"], 1);
        let reply = app.send(upload(Some(&open), "guest.jpg")).await;
        assert_eq!((reply.status, reply.json()["status"].clone()), (StatusCode::OK, json!("duplicate")));

        for (key, expected) in
            [(Some(closed.as_str()), 403), (Some(individual.as_str()), 403), (Some("nope"), 401), (None, 401)]
        {
            let reply = app.send(upload(key, "other.jpg")).await;
            assert_eq!(reply.status.as_u16(), expected, "{key:?}: {}", reply.text);
        }
        let (_, album) = get(&app, &owner, &format!("/api/albums/{album_id}")).await;
        assert_eq!(album["assetCount"], 1, "refused uploads left nothing behind");
        app
    })
    .await;
}
