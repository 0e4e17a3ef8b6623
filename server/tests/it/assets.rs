use crate::support::{bearer, corpus, files_under, multipart, on_both, OneshotRaw, TestApp, BOUNDARY};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::json;
use std::path::PathBuf;

const DATES: &[(&str, &str)] = &[
    ("fileCreatedAt", "2008-05-30T15:56:01Z"),
    ("fileModifiedAt", "2008-05-30T15:56:01Z"),
    ("deviceAssetId", "x"),
    ("deviceId", "cli"),
];

async fn upload(app: &TestApp, token: &str, body: Vec<u8>, extra: &[(&str, &str)]) -> crate::support::Reply {
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri("/api/assets")
        .header("authorization", bearer(token))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"));
    for (k, v) in extra {
        builder = builder.header(*k, *v);
    }
    app.send(builder.body(Body::from(body)).unwrap_or_else(|e| panic!("{e}"))).await
}

fn sha1_hex(bytes: &[u8]) -> String {
    use sha1::{Digest, Sha1};
    Sha1::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn media_types_list_what_is_accepted() {
    on_both(|app| async move {
        let types = app.call(Method::GET, "/api/server/media-types", &[], None).await.json();
        for (kind, ext) in [("image", ".jpg"), ("image", ".heic"), ("video", ".mp4"), ("sidecar", ".xmp")] {
            assert!(types[kind].as_array().is_some_and(|l| l.contains(&json!(ext))), "{kind} lacks {ext}: {types}");
        }
        app
    })
    .await;
}

#[tokio::test]
async fn upload_stores_once_and_answers_duplicates() {
    let Some(photo) = corpus("exif-samples/jpg/Canon_40D.jpg") else { return };
    on_both(|app| {
        let photo = photo.clone();
        async move {
            let token = app.admin_token().await;
            let data_dir = app.services.settings().data_dir.clone();
            let body = multipart(
                DATES,
                &[("assetData", "Canon_40D.jpg", &photo), ("sidecarData", "Canon_40D.jpg.xmp", b"<x:xmpmeta/>")],
            );
            let created = upload(&app, &token, body.clone(), &[]).await;
            assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
            assert_eq!(created.json()["status"], "created");
            let id = created.json()["id"].as_str().unwrap_or_default().to_string();

            let stored: Vec<PathBuf> = files_under(&data_dir.join("upload"));
            let original =
                stored.iter().find(|p| p.extension().is_some_and(|e| e == "jpg")).cloned().unwrap_or_default();
            assert!(original.to_string_lossy().contains(&id), "{stored:?}");
            assert_eq!(std::fs::read(&original).ok(), Some(photo.clone()), "the original is stored untouched");
            assert!(stored.iter().any(|p| p.to_string_lossy().ends_with(".jpg.xmp")), "sidecar stored beside it");
            assert!(files_under(&app.services.storage().temp_dir()).is_empty(), "no temporary file left");

            let again = upload(&app, &token, body, &[]).await;
            assert_eq!((again.status, again.json()), (StatusCode::OK, json!({"id": id, "status": "duplicate"})));
            assert_eq!(files_under(&data_dir.join("upload")).len(), 2, "nothing stored twice");

            // With the checksum header the answer comes before the body is read: this body is
            // not even a valid form.
            let checksum = sha1_hex(&photo);
            let early =
                upload(&app, &token, b"not multipart at all".to_vec(), &[("x-immich-checksum", &checksum)]).await;
            assert_eq!((early.status, early.json()["id"].clone()), (StatusCode::OK, json!(id)));

            let base64 = {
                use base64::Engine;
                let raw: Vec<u8> =
                    (0..20).map(|i| u8::from_str_radix(&checksum[2 * i..2 * i + 2], 16).unwrap_or(0)).collect();
                base64::engine::general_purpose::STANDARD.encode(raw)
            };
            let check = json!({"assets": [
                {"id": "a", "checksum": checksum},
                {"id": "b", "checksum": base64},
                {"id": "c", "checksum": sha1_hex(b"something new")},
            ]});
            let results = app
                .call(Method::POST, "/api/assets/bulk-upload-check", &[("authorization", &bearer(&token))], Some(check))
                .await
                .json();
            assert_eq!(
                results,
                json!({"results": [
                    {"id": "a", "action": "reject", "reason": "duplicate", "assetId": id, "isTrashed": false},
                    {"id": "b", "action": "reject", "reason": "duplicate", "assetId": id, "isTrashed": false},
                    {"id": "c", "action": "accept"},
                ]})
            );

            // Another user has their own library: the same file is new to them.
            let (_, other) = app.user_token(&token, "other@example.com").await;
            let theirs = upload(&app, &other, multipart(DATES, &[("assetData", "Canon_40D.jpg", &photo)]), &[]).await;
            assert_eq!(theirs.status, StatusCode::CREATED);
            app
        }
    })
    .await;
}

#[tokio::test]
async fn bad_uploads_are_refused_and_leave_nothing() {
    let Some(photo) = corpus("exif-samples/jpg/Canon_40D.jpg") else { return };
    on_both(|app| {
        let photo = photo.clone();
        async move {
            let token = app.admin_token().await;
            let data_dir = app.services.settings().data_dir.clone();
            let code = |reply: &crate::support::Reply| reply.json()["code"].as_str().unwrap_or_default().to_string();

            let text = upload(&app, &token, multipart(DATES, &[("assetData", "notes.txt", b"hello")]), &[]).await;
            assert_eq!((text.status, code(&text)), (StatusCode::BAD_REQUEST, "unsupported-file-type".into()));

            let undated = upload(&app, &token, multipart(&[], &[("assetData", "a.jpg", &photo)]), &[]).await;
            assert_eq!((undated.status, code(&undated)), (StatusCode::BAD_REQUEST, "invalid-input".into()));

            // The connection drops halfway through the file.
            let mut truncated = multipart(DATES, &[("assetData", "a.jpg", &photo)]);
            truncated.truncate(truncated.len() - photo.len() / 2);
            let cut = upload(&app, &token, truncated, &[]).await;
            assert_eq!((cut.status, code(&cut)), (StatusCode::BAD_REQUEST, "upload-interrupted".into()), "{}", cut.text);

            // A quota smaller than the photo.
            let create = json!({"email": "small@example.com", "password": "user-password", "name": "Small", "quotaSizeInBytes": 1000});
            app.call(Method::POST, "/api/admin/users", &[("authorization", &bearer(&token))], Some(create)).await;
            let small = app.login("small@example.com", "user-password").await;
            let over = upload(&app, &small, multipart(DATES, &[("assetData", "a.jpg", &photo)]), &[]).await;
            assert_eq!((over.status, code(&over)), (StatusCode::PAYLOAD_TOO_LARGE, "quota-exceeded".into()));
            let me = app.call(Method::GET, "/api/users/me", &[("authorization", &bearer(&small))], None).await.json();
            assert_eq!(me["quotaUsageInBytes"], 0);

            assert!(files_under(&data_dir.join("upload")).is_empty(), "nothing stored: {:?}", files_under(&data_dir.join("upload")));
            let check = json!({"assets": [{"id": "a", "checksum": sha1_hex(&photo)}]});
            let results = app.call(Method::POST, "/api/assets/bulk-upload-check", &[("authorization", &bearer(&token))], Some(check)).await.json();
            assert_eq!(results["results"][0]["action"], "accept", "no row either");

            // And a good upload still works afterwards, counting towards the usage.
            let ok = upload(&app, &token, multipart(DATES, &[("assetData", "a.jpg", &photo)]), &[]).await;
            assert_eq!(ok.status, StatusCode::CREATED);
            let me = app.call(Method::GET, "/api/users/me", &[("authorization", &bearer(&token))], None).await.json();
            assert_eq!(me["quotaUsageInBytes"], json!(photo.len()));
            app
        }
    })
    .await;
}

#[tokio::test]
async fn originals_download_with_ranges_and_validators_to_their_owner_only() {
    let Some(photo) = corpus("exif-samples/jpg/Canon_40D.jpg") else { return };
    on_both(|app| {
        let photo = photo.clone();
        async move {
            let token = app.admin_token().await;
            let auth = bearer(&token);
            let created = upload(&app, &token, multipart(DATES, &[("assetData", "Été Canon.JPG", &photo)]), &[]).await;
            let id = created.json()["id"].as_str().unwrap_or_default().to_string();

            let asset =
                app.call(Method::GET, &format!("/api/assets/{id}"), &[("authorization", &auth)], None).await.json();
            assert_eq!(asset["originalFileName"], "Été Canon.JPG");
            assert_eq!(asset["originalMimeType"], "image/jpeg");
            assert_eq!(asset["type"], "IMAGE");
            assert_eq!((asset["isTrashed"].clone(), asset["isFavorite"].clone()), (json!(false), json!(false)));
            assert_eq!(asset["fileCreatedAt"].as_str().map(|d| d.starts_with("2008-05-30T15:56:01")), Some(true));

            let path = format!("/api/assets/{id}/original");
            let full = app.call(Method::GET, &path, &[("authorization", &auth)], None).await;
            assert_eq!(full.status, StatusCode::OK);
            assert_eq!(full.header("content-type"), "image/jpeg");
            assert_eq!(full.header("content-length"), photo.len().to_string());
            assert_eq!(full.header("accept-ranges"), "bytes");
            assert!(full.header("cache-control").contains("private"));
            let etag = full.header("etag");
            assert_eq!(etag, format!("\"{}\"", sha1_hex(&photo)));

            let not_modified =
                app.call(Method::GET, &path, &[("authorization", &auth), ("if-none-match", &etag)], None).await;
            assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED);

            let request = |range: &'static str| {
                Request::builder()
                    .uri(path.clone())
                    .header("authorization", auth.clone())
                    .header("range", range)
                    .body(Body::empty())
            };
            let response = app.router.clone().oneshot_raw(request("bytes=100-199")).await;
            assert_eq!(response.0, StatusCode::PARTIAL_CONTENT);
            assert_eq!(
                response.1.get("content-range").and_then(|v| v.to_str().ok()),
                Some(format!("bytes 100-199/{}", photo.len()).as_str())
            );
            assert_eq!(response.2, photo[100..200].to_vec());
            let tail = app.router.clone().oneshot_raw(request("bytes=-10")).await;
            assert_eq!((tail.0, tail.2), (StatusCode::PARTIAL_CONTENT, photo[photo.len() - 10..].to_vec()));
            let beyond = app.router.clone().oneshot_raw(request("bytes=999999-")).await;
            assert_eq!(beyond.0, StatusCode::RANGE_NOT_SATISFIABLE);
            assert_eq!(
                beyond.1.get("content-range").and_then(|v| v.to_str().ok()),
                Some(format!("bytes */{}", photo.len()).as_str())
            );

            // Another user cannot tell the asset exists.
            let (_, other) = app.user_token(&token, "other@example.com").await;
            for p in [format!("/api/assets/{id}"), path.clone()] {
                let refused = app.call(Method::GET, &p, &[("authorization", &bearer(&other))], None).await;
                assert_eq!(
                    (refused.status, refused.json()["code"].clone()),
                    (StatusCode::NOT_FOUND, json!("asset-not-found")),
                    "{p}"
                );
            }
            let theirs = app
                .call(Method::DELETE, "/api/assets", &[("authorization", &bearer(&other))], Some(json!({"ids": [id]})))
                .await;
            assert_eq!(theirs.status, StatusCode::NOT_FOUND);
            let anonymous = app.call(Method::GET, &path, &[], None).await;
            assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
            app
        }
    })
    .await;
}

#[tokio::test]
async fn delete_moves_to_trash_and_force_removes_for_good() {
    let Some(photo) = corpus("exif-samples/jpg/Canon_40D.jpg") else { return };
    on_both(|app| {
        let photo = photo.clone();
        async move {
            let token = app.admin_token().await;
            let auth = bearer(&token);
            let data_dir = app.services.settings().data_dir.clone();
            let created = upload(&app, &token, multipart(DATES, &[("assetData", "a.jpg", &photo)]), &[]).await;
            let id = created.json()["id"].as_str().unwrap_or_default().to_string();

            let trashed =
                app.call(Method::DELETE, "/api/assets", &[("authorization", &auth)], Some(json!({"ids": [id]}))).await;
            assert_eq!(trashed.status, StatusCode::NO_CONTENT);
            let asset =
                app.call(Method::GET, &format!("/api/assets/{id}"), &[("authorization", &auth)], None).await.json();
            assert_eq!(asset["isTrashed"], true);
            assert_eq!(files_under(&data_dir.join("upload")).len(), 1, "the trash keeps the file");
            // A trashed file is still known: uploading it again is a duplicate, flagged as trashed.
            let check = json!({"assets": [{"id": "a", "checksum": sha1_hex(&photo)}]});
            let results = app
                .call(Method::POST, "/api/assets/bulk-upload-check", &[("authorization", &auth)], Some(check))
                .await
                .json();
            assert_eq!(results["results"][0]["isTrashed"], true);

            let gone = app
                .call(
                    Method::DELETE,
                    "/api/assets",
                    &[("authorization", &auth)],
                    Some(json!({"ids": [id], "force": true})),
                )
                .await;
            assert_eq!(gone.status, StatusCode::NO_CONTENT);
            assert!(files_under(&data_dir.join("upload")).is_empty(), "the original is removed");
            let missing = app.call(Method::GET, &format!("/api/assets/{id}"), &[("authorization", &auth)], None).await;
            assert_eq!(missing.status, StatusCode::NOT_FOUND);
            let me = app.call(Method::GET, "/api/users/me", &[("authorization", &auth)], None).await.json();
            assert_eq!(me["quotaUsageInBytes"], 0, "the quota is given back");
            app
        }
    })
    .await;
}
