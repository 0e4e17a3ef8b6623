//! `POST /api/search/metadata`: filters that combine freely, paging, order and who sees what, on
//! both databases.

use crate::support::{get, on_both, send, upload_at, TestApp};
use axum::http::{Method, StatusCode};
use domain::entities::asset_exif;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{json, Value};

async fn search(app: &TestApp, token: &str, body: Value) -> (StatusCode, Vec<String>, Value) {
    let (status, reply) = send(app, token, Method::POST, "/api/search/metadata", body).await;
    let names = reply["assets"]["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["originalFileName"].as_str().map(String::from))
        .collect();
    (status, names, reply)
}

/// The asset's EXIF row, made empty if the metadata job has not made it (the test files are not
/// real photos).
async fn ensure_exif(app: &TestApp, asset_id: uuid::Uuid) {
    let db = app.services.db();
    if domain::repositories::asset_exif::find(db, asset_id).await.unwrap_or_else(|e| panic!("{e}")).is_none() {
        asset_exif::ActiveModel { asset_id: Set(asset_id), ..Default::default() }
            .insert(db)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// The EXIF values the metadata job would have read.
async fn set_exif(app: &TestApp, id: &str, make: &str, model: &str, city: &str) {
    let asset_id = uuid::Uuid::parse_str(id).unwrap_or_else(|e| panic!("{e}"));
    ensure_exif(app, asset_id).await;
    asset_exif::ActiveModel {
        asset_id: Set(asset_id),
        make: Set(Some(make.into())),
        model: Set(Some(model.into())),
        city: Set(Some(city.into())),
        ..Default::default()
    }
    .update(app.services.db())
    .await
    .unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn metadata_filters_combine_page_and_stay_private() {
    on_both(|app| async move {
        let admin = app.admin_token().await;
        let (friend_id, friend) = app.user_token(&admin, "friend@example.com").await;
        let a = upload_at(&app, &admin, "IMG_0001.jpg", "2024-01-10T10:00:00.000Z").await;
        let b = upload_at(&app, &admin, "img_0002.jpg", "2024-02-10T10:00:00.000Z").await;
        let c = upload_at(&app, &admin, "DSC_0003.jpg", "2024-03-10T10:00:00.000Z").await;
        let d = upload_at(&app, &admin, "clip.mp4", "2024-04-10T10:00:00.000Z").await;
        let e = upload_at(&app, &admin, "gone.jpg", "2024-05-10T10:00:00.000Z").await;
        upload_at(&app, &friend, "IMG_9999.jpg", "2024-01-11T10:00:00.000Z").await;
        for (id, text) in [(&a, "Sunny BEACH day"), (&b, "mountains"), (&c, "beach at night")] {
            let (status, _) =
                send(&app, &admin, Method::PUT, &format!("/api/assets/{id}"), json!({"description": text})).await;
            assert_eq!(status, StatusCode::OK);
        }
        set_exif(&app, &a, "Canon", "Canon EOS 40D", "Firenze").await;
        set_exif(&app, &b, "Canon", "Canon EOS 40D", "Pisa").await;
        set_exif(&app, &c, "NIKON", "COOLPIX P6000", "Firenze").await;
        send(
            &app,
            &admin,
            Method::PUT,
            &format!("/api/assets/{b}"),
            json!({"visibility": "archive", "isFavorite": true}),
        )
        .await;
        send(&app, &admin, Method::DELETE, "/api/assets", json!({"ids": [e]})).await;
        let (_, album) =
            send(&app, &admin, Method::POST, "/api/albums", json!({"albumName": "Trip", "assetIds": [a, d]})).await;
        let album = album["id"].as_str().unwrap_or_default().to_string();

        let cases: Vec<(Value, Vec<&str>)> = vec![
            (json!({}), vec!["clip.mp4", "DSC_0003.jpg", "img_0002.jpg", "IMG_0001.jpg"]),
            (json!({"originalFileName": "img_000"}), vec!["img_0002.jpg", "IMG_0001.jpg"]),
            (json!({"description": "beach"}), vec!["DSC_0003.jpg", "IMG_0001.jpg"]),
            (json!({"make": "Canon", "model": "Canon EOS 40D"}), vec!["img_0002.jpg", "IMG_0001.jpg"]),
            (json!({"city": "Firenze"}), vec!["DSC_0003.jpg", "IMG_0001.jpg"]),
            (json!({"city": null}), vec!["clip.mp4"]),
            (
                json!({"takenAfter": "2024-02-01T00:00:00Z", "takenBefore": "2024-03-31T00:00:00Z"}),
                vec!["DSC_0003.jpg", "img_0002.jpg"],
            ),
            (json!({"make": "Canon", "takenAfter": "2024-02-01T00:00:00Z"}), vec!["img_0002.jpg"]),
            (json!({"type": "VIDEO"}), vec!["clip.mp4"]),
            (json!({"isFavorite": true}), vec!["img_0002.jpg"]),
            (json!({"visibility": "timeline"}), vec!["clip.mp4", "DSC_0003.jpg", "IMG_0001.jpg"]),
            (
                json!({"withDeleted": true, "type": "IMAGE"}),
                vec!["gone.jpg", "DSC_0003.jpg", "img_0002.jpg", "IMG_0001.jpg"],
            ),
            (json!({"trashedAfter": "2000-01-01T00:00:00Z"}), vec!["gone.jpg"]),
            (json!({"albumIds": [album]}), vec!["clip.mp4", "IMG_0001.jpg"]),
            (json!({"isNotInAlbum": true}), vec!["DSC_0003.jpg", "img_0002.jpg"]),
            (json!({"isNotInAlbum": true, "city": "Firenze", "description": "night"}), vec!["DSC_0003.jpg"]),
            (json!({"order": "asc", "make": "Canon"}), vec!["IMG_0001.jpg", "img_0002.jpg"]),
            (json!({"personIds": ["00000000-0000-4000-8000-000000000000"]}), vec![]),
            (json!({"originalFileName": "100%_"}), vec![]),
        ];
        for (body, expected) in cases {
            let (status, names, _) = search(&app, &admin, body.clone()).await;
            assert_eq!((status, names), (StatusCode::OK, expected.iter().map(|s| s.to_string()).collect()), "{body}");
        }

        // Pages: `nextPage` until the last; `count` and `total` are the page's, as in Immich.
        let (_, first, reply) = search(&app, &admin, json!({"size": 3})).await;
        assert_eq!(first.len(), 3);
        assert_eq!((reply["assets"]["nextPage"].clone(), reply["assets"]["count"].clone()), (json!("2"), json!(3)));
        let (_, second, reply) = search(&app, &admin, json!({"size": 3, "page": 2})).await;
        assert_eq!((second, reply["assets"]["nextPage"].clone()), (vec!["IMG_0001.jpg".to_string()], Value::Null));
        assert_eq!(reply["albums"], json!({"count": 0, "facets": [], "items": [], "total": 0}));
        let (_, _, with_exif) = search(&app, &admin, json!({"withExif": true, "city": "Pisa"})).await;
        assert_eq!(with_exif["assets"]["items"][0]["exifInfo"]["make"], "Canon");

        for bad in [
            json!({"size": 0}),
            json!({"size": 1001}),
            json!({"page": 0}),
            // Past what a database can skip (PostgreSQL's offsets are signed 64-bit).
            json!({"page": u64::MAX, "size": 1}),
            json!({"page": i64::MAX as u64 / 2 + 1, "size": 2}),
            json!({"checksum": "nope"}),
            json!({"takenAfter": "2024-03-01T00:00:00Z", "takenBefore": "2024-01-01T00:00:00Z"}),
        ] {
            assert_eq!(search(&app, &admin, bad.clone()).await.0, StatusCode::BAD_REQUEST, "{bad}");
        }
        assert_eq!(search(&app, &admin, json!({"takenAfter": "yesterday"})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        // The last page a database can reach answers, empty.
        let (status, far, _) =
            search(&app, &admin, json!({"page": (i64::MAX as u64 - 1001) / 1000, "size": 1000})).await;
        assert_eq!((status, far), (StatusCode::OK, Vec::<String>::new()));

        // Another user finds only their own; a partner who shows the library finds it too.
        let (_, theirs, _) = search(&app, &friend, json!({"originalFileName": "IMG"})).await;
        assert_eq!(theirs, vec!["IMG_9999.jpg".to_string()]);
        send(&app, &admin, Method::POST, "/api/partners", json!({"sharedWithId": friend_id})).await;
        let admin_id = get(&app, &admin, "/api/users/me").await.1["id"].as_str().unwrap_or_default().to_string();
        send(&app, &friend, Method::PUT, &format!("/api/partners/{admin_id}"), json!({"inTimeline": true})).await;
        let (_, shared, _) = search(&app, &friend, json!({"originalFileName": "IMG", "order": "asc"})).await;
        assert_eq!(shared, vec!["IMG_0001.jpg".to_string(), "IMG_9999.jpg".to_string(), "img_0002.jpg".to_string()]);
        app
    })
    .await;
}

/// Where an asset was taken, as reverse geocoding would have filled it in.
async fn set_place(app: &TestApp, id: &str, city: &str, state: &str, country: &str) {
    let asset_id = uuid::Uuid::parse_str(id).unwrap_or_else(|e| panic!("{e}"));
    ensure_exif(app, asset_id).await;
    asset_exif::ActiveModel {
        asset_id: Set(asset_id),
        city: Set(Some(city.into())),
        state: Set(Some(state.into())),
        country: Set(Some(country.into())),
        latitude: Set(Some(43.3)),
        longitude: Set(Some(11.3)),
        ..Default::default()
    }
    .update(app.services.db())
    .await
    .unwrap_or_else(|e| panic!("{e}"));
}

/// Uploads test files taken at these times, in order; their ids.
async fn upload_all(app: &TestApp, token: &str, files: &[(&str, &str)]) -> Vec<String> {
    let mut ids = Vec::new();
    for (name, taken) in files {
        ids.push(upload_at(app, token, name, taken).await);
    }
    ids
}

fn strings(value: &Value) -> Vec<Value> {
    value.as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn suggestions_list_places_and_cameras_narrowed_by_what_is_above_them() {
    on_both(|app| async move {
        let admin = app.admin_token().await;
        let (_, friend) = app.user_token(&admin, "friend@example.com").await;
        let a = upload_at(&app, &admin, "a.jpg", "2024-01-10T10:00:00.000Z").await;
        let b = upload_at(&app, &admin, "b.jpg", "2024-02-10T10:00:00.000Z").await;
        let c = upload_at(&app, &admin, "c.jpg", "2024-03-10T10:00:00.000Z").await;
        let gone = upload_at(&app, &admin, "gone.jpg", "2024-03-11T10:00:00.000Z").await;
        upload_at(&app, &admin, "clip.mp4", "2024-04-10T10:00:00.000Z").await;
        set_exif(&app, &a, "Canon", "Canon EOS 40D", "Siena").await;
        set_exif(&app, &b, "NIKON", "COOLPIX P6000", "Siena").await;
        set_exif(&app, &c, "Canon", "Canon PowerShot", "Nice").await;
        set_exif(&app, &gone, "Leica", "M6", "Paris").await;
        set_place(&app, &a, "Siena", "Tuscany", "Italy").await;
        set_place(&app, &b, "Siena", "Tuscany", "Italy").await;
        set_place(&app, &c, "Nice", "Provence", "France").await;
        send(&app, &admin, Method::DELETE, "/api/assets", json!({"ids": [gone]})).await;

        let cases = [
            ("type=country", json!(["France", "Italy"])),
            ("type=state&country=Italy", json!(["Tuscany"])),
            ("type=city", json!(["Nice", "Siena"])),
            ("type=city&country=France", json!(["Nice"])),
            ("type=camera-make", json!(["Canon", "NIKON"])),
            ("type=camera-model&make=Canon", json!(["Canon EOS 40D", "Canon PowerShot"])),
            ("type=camera-lens-model", json!([])),
            // The video has no camera: `null` stands for it when asked.
            ("type=camera-make&includeNull=true", json!([null, "Canon", "NIKON"])),
        ];
        for (query, expected) in cases {
            let (status, body) = get(&app, &admin, &format!("/api/search/suggestions?{query}")).await;
            assert_eq!((status, body), (StatusCode::OK, expected), "{query}");
        }
        assert_eq!(get(&app, &friend, "/api/search/suggestions?type=city").await, (StatusCode::OK, json!([])));
        assert_eq!(get(&app, &admin, "/api/search/suggestions?type=planet").await.0, StatusCode::BAD_REQUEST);
        assert_eq!(get(&app, &admin, "/api/search/suggestions").await.0, StatusCode::BAD_REQUEST);
        app
    })
    .await;
}

#[tokio::test]
async fn places_are_cities_with_their_newest_photo_most_photographed_first() {
    on_both(|app| async move {
        let admin = app.admin_token().await;
        let (_, friend) = app.user_token(&admin, "friend@example.com").await;
        let ids = upload_all(
            &app,
            &admin,
            &[
                ("a.jpg", "2024-01-10T10:00:00.000Z"),
                ("b.jpg", "2024-02-10T10:00:00.000Z"),
                ("c.jpg", "2024-03-10T10:00:00.000Z"),
                ("hidden.jpg", "2024-04-10T10:00:00.000Z"),
            ],
        )
        .await;
        let places = [
            ("Siena", "Tuscany", "Italy"),
            ("Siena", "Tuscany", "Italy"),
            ("Nice", "Provence", "France"),
            ("Oslo", "Oslo", "Norway"),
        ];
        for (id, (city, state, country)) in ids.iter().zip(places) {
            set_place(&app, id, city, state, country).await;
        }
        let [_, b, c, hidden] = [&ids[0], &ids[1], &ids[2], &ids[3]];
        // The archive stays out of explore, as it stays out of Photos.
        send(&app, &admin, Method::PUT, &format!("/api/assets/{hidden}"), json!({"visibility": "archive"})).await;

        let (status, cities) = get(&app, &admin, "/api/search/cities").await;
        assert_eq!(status, StatusCode::OK);
        let ids: Vec<_> = strings(&cities).iter().map(|a| a["id"].clone()).collect();
        assert_eq!(ids, vec![json!(b), json!(c)]);
        assert_eq!(cities[0]["exifInfo"]["city"], "Siena");

        let (status, explore) = get(&app, &admin, "/api/search/explore").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(explore[0]["fieldName"], "exifInfo.city");
        let items: Vec<_> =
            strings(&explore[0]["items"]).iter().map(|i| (i["value"].clone(), i["data"]["id"].clone())).collect();
        assert_eq!(items, vec![(json!("Siena"), json!(b)), (json!("Nice"), json!(c))]);

        assert_eq!(get(&app, &friend, "/api/search/cities").await, (StatusCode::OK, json!([])));
        app
    })
    .await;
}

/// The web app's search shown as a timeline: months and each month's assets hold exactly what
/// the filters find.
#[tokio::test]
async fn a_search_reads_as_a_timeline() {
    on_both(|app| async move {
        let admin = app.admin_token().await;
        let ids = upload_all(
            &app,
            &admin,
            &[
                ("siena-1.jpg", "2008-10-22T10:00:00.000Z"),
                ("siena-2.jpg", "2008-11-02T10:00:00.000Z"),
                ("nice.jpg", "2008-10-23T10:00:00.000Z"),
                ("siena-3.jpg", "2009-05-01T10:00:00.000Z"),
            ],
        )
        .await;
        let cameras = [
            ("PENTAX", "PENTAX K10D", "Siena"),
            ("PENTAX", "PENTAX K10D", "Siena"),
            ("PENTAX", "PENTAX K10D", "Nice"),
            ("Canon", "Canon EOS 40D", "Siena"),
        ];
        for (id, (make, model, city)) in ids.iter().zip(cameras) {
            set_exif(&app, id, make, model, city).await;
        }
        let [a, b] = [&ids[0], &ids[1]];
        send(&app, &admin, Method::PUT, &format!("/api/assets/{b}"), json!({"visibility": "archive"})).await;

        let buckets = |search: Value| {
            let app = &app;
            let admin = &admin;
            async move {
                let (status, body) =
                    send(app, admin, Method::POST, "/_server/timeline/buckets", json!({"query": {}, "search": search}))
                        .await;
                assert_eq!(status, StatusCode::OK, "{body}");
                strings(&body).iter().map(|b| (b["timeBucket"].clone(), b["count"].clone())).collect::<Vec<_>>()
            }
        };
        let siena_pentax = json!({"city": "Siena", "model": "PENTAX K10D"});
        assert_eq!(
            buckets(siena_pentax.clone()).await,
            vec![(json!("2008-11-01"), json!(1)), (json!("2008-10-01"), json!(1))]
        );
        assert_eq!(
            buckets(json!({"city": "Siena", "from": "2008-10-01", "to": "2008-10-31"})).await,
            vec![(json!("2008-10-01"), json!(1))]
        );
        assert_eq!(buckets(json!({"city": "Siena", "archived": true})).await, vec![(json!("2008-11-01"), json!(1))]);
        assert_eq!(buckets(json!({"words": "SIENA-3"})).await, vec![(json!("2009-05-01"), json!(1))]);
        assert_eq!(buckets(json!({"city": "Oslo"})).await, vec![]);

        let (status, month) = send(
            &app,
            &admin,
            Method::POST,
            "/_server/timeline/bucket",
            json!({"time_bucket": "2008-10-01", "query": {}, "search": siena_pentax}),
        )
        .await;
        assert_eq!((status, month["id"].clone()), (StatusCode::OK, json!([a])));

        // Bad input is refused clearly: a range that ends before it starts, an album not theirs.
        let (status, body) = send(
            &app,
            &admin,
            Method::POST,
            "/_server/timeline/buckets",
            json!({"query": {}, "search": {"from": "2009-01-01", "to": "2008-01-01"}}),
        )
        .await;
        // Server functions answer failures with 500 and the error's code, which the UI shows.
        assert_eq!((status, body["code"].clone()), (StatusCode::INTERNAL_SERVER_ERROR, json!("InvalidInput")));
        app
    })
    .await;
}

/// PostgreSQL plans each prepared search for the values asked, never a generic plan that sorts
/// every match of a common city (see `domain::db`).
#[tokio::test]
async fn postgres_plans_searches_for_their_values() {
    on_both(|app| async move {
        use sea_orm::{ConnectionTrait, DbBackend, Statement};
        let db = app.services.db();
        if db.get_database_backend() == DbBackend::Postgres {
            let row = db
                .query_one_raw(Statement::from_string(DbBackend::Postgres, "SHOW plan_cache_mode"))
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .unwrap_or_else(|| panic!("no answer"));
            let mode: String = row.try_get("", "plan_cache_mode").unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(mode, "force_custom_plan");
        }
        app
    })
    .await;
}
