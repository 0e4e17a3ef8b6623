//! The timeline API (month buckets, a month's columns) and the asset changes that move assets
//! in and out of it: favorite, archive, trash, restore, empty, date, description, rating.

use crate::support::{get, on_both, send, upload_at};
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

fn buckets(json: &Value) -> Vec<(String, u64)> {
    json.as_array()
        .map(|list| {
            list.iter()
                .map(|b| (b["timeBucket"].as_str().unwrap_or_default().to_string(), b["count"].as_u64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default()
}

fn ids(json: &Value) -> Vec<String> {
    json["id"]
        .as_array()
        .map(|list| list.iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect())
        .unwrap_or_default()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(b, c)| (b.to_string(), *c)).collect()
}

#[tokio::test]
async fn months_and_their_assets_in_immich_shapes() {
    on_both(|app| async move {
        let token = app.admin_token().await;
        let a = upload_at(&app, &token, "a.jpg", "2024-03-15T10:00:00Z").await;
        let b = upload_at(&app, &token, "b.jpg", "2024-03-01T00:30:00Z").await;
        let c = upload_at(&app, &token, "c.jpg", "2024-02-29T23:30:00Z").await;
        let d = upload_at(&app, &token, "d.mp4", "2023-11-24T08:00:00Z").await;

        let (status, json) = get(&app, &token, "/api/timeline/buckets").await;
        assert_eq!(status, StatusCode::OK, "{json}");
        assert_eq!(buckets(&json), pairs(&[("2024-03-01", 2), ("2024-02-01", 1), ("2023-11-01", 1)]));
        let (_, json) = get(&app, &token, "/api/timeline/buckets?order=asc").await;
        assert_eq!(buckets(&json)[0], ("2023-11-01".to_string(), 1));

        let (status, month) = get(&app, &token, "/api/timeline/bucket?timeBucket=2024-03-01").await;
        assert_eq!(status, StatusCode::OK, "{month}");
        assert_eq!(ids(&month), [a.clone(), b.clone()], "newest first");
        assert_eq!(month["isImage"], json!([true, true]));
        assert_eq!(month["ratio"], json!([1.0, 1.0]));
        assert_eq!(month["localOffsetHours"], json!([0.0, 0.0]));
        assert_eq!(month["isFavorite"], json!([false, false]));
        assert_eq!(month["isTrashed"], json!([false, false]));
        assert_eq!(month["visibility"], json!(["timeline", "timeline"]));
        assert_eq!(month["thumbhash"], json!([null, null]));
        for column in ["ownerId", "fileCreatedAt", "createdAt", "duration", "livePhotoVideoId", "projectionType"] {
            assert_eq!(month[column].as_array().map(Vec::len), Some(2), "{column}");
        }
        let (_, asc) = get(&app, &token, "/api/timeline/bucket?timeBucket=2024-03-01T00:00:00.000Z&order=asc").await;
        assert_eq!(ids(&asc), [b.clone(), a.clone()]);
        let (_, video) = get(&app, &token, "/api/timeline/bucket?timeBucket=2023-11-01").await;
        assert_eq!((ids(&video), video["isImage"].clone()), (vec![d.clone()], json!([false])));
        let (_, empty) = get(&app, &token, "/api/timeline/bucket?timeBucket=2020-01-01").await;
        assert!(ids(&empty).is_empty());

        // Bad parameters are coded errors.
        let (status, err) = get(&app, &token, "/api/timeline/bucket?timeBucket=2024-03-15").await;
        assert_eq!((status, err["code"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid-input")), "{err}");
        let (status, err) = get(&app, &token, "/api/timeline/bucket").await;
        assert_eq!((status, err["code"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid-input")), "{err}");
        let (status, _) = get(&app, &token, "/api/timeline/buckets?isFavorite=maybe").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _) = get(&app, &token, "/api/timeline/buckets?visibility=everything").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let reply = app.call(Method::GET, "/api/timeline/buckets", &[], None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);

        // Another user sees none of it and cannot ask for it.
        let (other_id, other) = app.user_token(&token, "other@example.com").await;
        let (_, json) = get(&app, &other, "/api/timeline/buckets").await;
        assert_eq!(buckets(&json), vec![]);
        let admin_id = get(&app, &token, "/api/users/me").await.1["id"].as_str().unwrap_or_default().to_string();
        let (status, _) = get(&app, &other, &format!("/api/timeline/buckets?userId={admin_id}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) =
            get(&app, &other, &format!("/api/timeline/bucket?timeBucket=2024-03-01&userId={admin_id}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, json) = get(&app, &other, &format!("/api/timeline/buckets?userId={other_id}")).await;
        assert_eq!((status, buckets(&json)), (StatusCode::OK, vec![]));
        let _ = c;
        app
    })
    .await;
}

#[tokio::test]
async fn favorite_archive_trash_and_restore_move_assets_between_views() {
    on_both(|app| async move {
        let token = app.admin_token().await;
        let a = upload_at(&app, &token, "a.jpg", "2024-03-15T10:00:00Z").await;
        let b = upload_at(&app, &token, "b.jpg", "2024-03-14T10:00:00Z").await;
        let c = upload_at(&app, &token, "c.jpg", "2024-02-10T10:00:00Z").await;

        let (status, asset) =
            send(&app, &token, Method::PUT, &format!("/api/assets/{a}"), json!({"isFavorite": true})).await;
        assert_eq!((status, asset["isFavorite"].as_bool()), (StatusCode::OK, Some(true)), "{asset}");
        let (_, favorites) = get(&app, &token, "/api/timeline/buckets?isFavorite=true").await;
        assert_eq!(buckets(&favorites), pairs(&[("2024-03-01", 1)]));
        let (_, month) = get(&app, &token, "/api/timeline/bucket?timeBucket=2024-03-01").await;
        assert_eq!(month["isFavorite"], json!([true, false]));

        // Archive two in one call: out of the timeline, in the archive, still in "all".
        let (status, _) =
            send(&app, &token, Method::PUT, "/api/assets", json!({"ids": [b, c], "visibility": "archive"})).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, timeline) = get(&app, &token, "/api/timeline/buckets?visibility=timeline").await;
        assert_eq!(buckets(&timeline), pairs(&[("2024-03-01", 1)]));
        let (_, archive) = get(&app, &token, "/api/timeline/buckets?visibility=archive").await;
        assert_eq!(buckets(&archive), pairs(&[("2024-03-01", 1), ("2024-02-01", 1)]));
        let (_, all) = get(&app, &token, "/api/timeline/buckets").await;
        assert_eq!(buckets(&all), pairs(&[("2024-03-01", 2), ("2024-02-01", 1)]));
        let (_, asset) = get(&app, &token, &format!("/api/assets/{b}")).await;
        assert_eq!((asset["isArchived"].as_bool(), asset["visibility"].as_str()), (Some(true), Some("archive")));
        let (status, _) =
            send(&app, &token, Method::PUT, "/api/assets", json!({"ids": [b, c], "visibility": "timeline"})).await;
        assert_eq!(status, StatusCode::NO_CONTENT);

        // Trash: gone from the timeline, in the trash view; restore brings it back.
        let (status, _) = send(&app, &token, Method::DELETE, "/api/assets", json!({"ids": [a]})).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, all) = get(&app, &token, "/api/timeline/buckets").await;
        assert_eq!(buckets(&all), pairs(&[("2024-03-01", 1), ("2024-02-01", 1)]));
        let (_, trash) = get(&app, &token, "/api/timeline/buckets?isTrashed=true").await;
        assert_eq!(buckets(&trash), pairs(&[("2024-03-01", 1)]));
        let (_, month) = get(&app, &token, "/api/timeline/bucket?timeBucket=2024-03-01&isTrashed=true").await;
        assert_eq!((ids(&month), month["isTrashed"].clone()), (vec![a.clone()], json!([true])));
        let (status, restored) =
            send(&app, &token, Method::POST, "/api/trash/restore/assets", json!({"ids": [a]})).await;
        assert_eq!((status, restored), (StatusCode::OK, json!({"count": 1})));
        let (_, all) = get(&app, &token, "/api/timeline/buckets").await;
        assert_eq!(buckets(&all), pairs(&[("2024-03-01", 2), ("2024-02-01", 1)]));

        // Restore everything, then empty: gone for good.
        send(&app, &token, Method::DELETE, "/api/assets", json!({"ids": [a, b]})).await;
        let (_, restored) = send(&app, &token, Method::POST, "/api/trash/restore", json!({})).await;
        assert_eq!(restored, json!({"count": 2}));
        send(&app, &token, Method::DELETE, "/api/assets", json!({"ids": [c]})).await;
        let (status, emptied) = send(&app, &token, Method::POST, "/api/trash/empty", json!({})).await;
        assert_eq!((status, emptied), (StatusCode::OK, json!({"count": 1})));
        let (status, _) = get(&app, &token, &format!("/api/assets/{c}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, all) = get(&app, &token, "/api/timeline/buckets").await;
        assert_eq!(buckets(&all), pairs(&[("2024-03-01", 2)]));

        // Nobody else changes or restores these.
        let (_, other) = app.user_token(&token, "other@example.com").await;
        let (status, err) =
            send(&app, &other, Method::PUT, &format!("/api/assets/{a}"), json!({"isFavorite": false})).await;
        assert_eq!((status, err["code"].as_str()), (StatusCode::NOT_FOUND, Some("asset-not-found")));
        let (status, _) =
            send(&app, &other, Method::PUT, "/api/assets", json!({"ids": [a], "isFavorite": false})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        send(&app, &token, Method::DELETE, "/api/assets", json!({"ids": [b]})).await;
        let (status, _) = send(&app, &other, Method::POST, "/api/trash/restore/assets", json!({"ids": [b]})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, emptied) = send(&app, &other, Method::POST, "/api/trash/empty", json!({})).await;
        assert_eq!(emptied, json!({"count": 0}), "another user's empty trash touches nothing of ours");
        let (_, trash) = get(&app, &token, "/api/timeline/buckets?isTrashed=true").await;
        assert_eq!(buckets(&trash), pairs(&[("2024-03-01", 1)]));

        // The scheduled purge: nothing before the configured days, everything after.
        let now = chrono::Utc::now();
        assert_eq!(app.services.assets().purge_trash(now).await.ok(), Some(0));
        assert_eq!(app.services.assets().purge_trash(now + chrono::Duration::days(31)).await.ok(), Some(1));
        let (status, _) = get(&app, &token, &format!("/api/assets/{b}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        app
    })
    .await;
}

#[tokio::test]
async fn description_rating_and_date_edits_stick() {
    on_both(|app| async move {
        let token = app.admin_token().await;
        let a = upload_at(&app, &token, "a.jpg", "2024-03-15T10:00:00Z").await;
        let path = format!("/api/assets/{a}");

        let change =
            json!({"description": "Lunch in Siena", "rating": 4, "dateTimeOriginal": "2021-06-01T12:00:00+02:00"});
        let (status, asset) = send(&app, &token, Method::PUT, &path, change).await;
        assert_eq!(status, StatusCode::OK, "{asset}");
        assert_eq!(asset["exifInfo"]["description"], "Lunch in Siena");
        assert_eq!(asset["exifInfo"]["rating"], 4);
        assert_eq!(asset["exifInfo"]["timeZone"], "UTC+2");
        assert_eq!(asset["localDateTime"], "2021-06-01T12:00:00Z");
        assert_eq!(asset["fileCreatedAt"], "2021-06-01T10:00:00Z");
        let (_, all) = get(&app, &token, "/api/timeline/buckets").await;
        assert_eq!(buckets(&all), pairs(&[("2021-06-01", 1)]), "the asset moved to its new month");
        let (_, month) = get(&app, &token, "/api/timeline/bucket?timeBucket=2021-06-01").await;
        assert_eq!(month["localOffsetHours"], json!([2.0]));

        // A shift by minutes, as the bulk "change date" does.
        let (status, _) =
            send(&app, &token, Method::PUT, "/api/assets", json!({"ids": [a], "dateTimeRelative": -720})).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, asset) = get(&app, &token, &path).await;
        assert_eq!(asset["localDateTime"], "2021-06-01T00:00:00Z");

        // `null` clears the rating; the description stays.
        let (_, asset) = send(&app, &token, Method::PUT, &path, json!({"rating": null})).await;
        assert_eq!(
            (asset["exifInfo"]["rating"].clone(), asset["exifInfo"]["description"].clone()),
            (Value::Null, json!("Lunch in Siena"))
        );

        for bad in [
            json!({"rating": 7}),
            json!({"dateTimeOriginal": "yesterday"}),
            json!({"latitude": 95.0, "longitude": 10.0}),
            json!({"latitude": 45.0}),
        ] {
            let (status, err) = send(&app, &token, Method::PUT, &path, bad.clone()).await;
            assert_eq!(
                (status, err["code"].as_str()),
                (StatusCode::BAD_REQUEST, Some("invalid-input")),
                "{bad}: {err}"
            );
        }
        let (status, err) = send(&app, &token, Method::PUT, &path, json!({"isFavorite": "yes"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
        let (status, _) = send(&app, &token, Method::PUT, "/api/assets/not-a-uuid", json!({})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (_, asset) = get(&app, &token, &path).await;
        assert_eq!(asset["exifInfo"]["description"], "Lunch in Siena", "a refused change changes nothing");

        // Placing it by hand: coordinates kept and locked.
        let (status, asset) =
            send(&app, &token, Method::PUT, &path, json!({"latitude": 43.3188, "longitude": 11.3308})).await;
        assert_eq!(status, StatusCode::OK, "{asset}");
        assert_eq!(asset["exifInfo"]["latitude"], 43.3188);

        // The metadata job reading the file again keeps every edit, and takes the rest.
        let id = uuid::Uuid::parse_str(&a).unwrap_or_default();
        let job = app.services.processing().load(id).await.ok().flatten().unwrap_or_else(|| panic!("no job asset"));
        let from_file = domain::media_metadata::MediaMetadata {
            description: Some("IMG_0001".into()),
            rating: Some(1),
            make: Some("Canon".into()),
            latitude: Some(40.0),
            longitude: Some(-3.7),
            taken_at: Some(domain::media_metadata::TakenAt {
                local: "2019-01-01T08:00:00".parse().unwrap_or_default(),
                offset: None,
                source: domain::media_metadata::TakenAtSource::DateTimeOriginal,
            }),
            ..Default::default()
        };
        app.services.processing().save_metadata(&job, from_file, &[]).await.unwrap_or_else(|e| panic!("{e}"));
        let (_, asset) = get(&app, &token, &path).await;
        assert_eq!(asset["exifInfo"]["description"], "Lunch in Siena");
        assert_eq!(asset["exifInfo"]["rating"], Value::Null, "cleared by hand, stays cleared");
        assert_eq!(asset["exifInfo"]["latitude"], 43.3188);
        assert_eq!(asset["localDateTime"], "2021-06-01T00:00:00Z");
        assert_eq!(asset["exifInfo"]["make"], "Canon", "what was not edited comes from the file");
        app
    })
    .await;
}
