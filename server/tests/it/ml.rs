//! Machine learning end to end through the real server and its workers, with the real models
//! of `../shared/models` (and a random-weight CLIP of the real shape, made by
//! `scripts/make-test-clip.py`): faces become the right people, text in photos and object tags
//! are found and searchable, smart search ranks exactly as a brute-force scan, near-duplicates
//! group and resolve, and a missing or corrupt model fails only its own jobs, with a reason.

use crate::pipeline::{id_of, pipeline_settings, Client};
use crate::support::{corpus, start_server, Backend};
use domain::config::Settings;
use domain::repositories::search::{self as search_repo, AssetSearch};
use domain::repositories::vectors::{self, VectorTable};
use domain::services::Services;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use uuid::Uuid;

fn shared(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared").join(relative)
}

fn models() -> PathBuf {
    std::env::var("SHOEBOX_TEST_MODELS").map(PathBuf::from).unwrap_or_else(|_| shared("models"))
}

/// Settings with machine learning on and every feature off: each test turns on what it checks.
async fn ml_settings(dir: &Path, backend: Backend, cache: &Path) -> (Settings, Option<String>) {
    let (mut settings, pg) = pipeline_settings(dir, backend).await;
    let ml = &mut settings.machine_learning;
    ml.enabled = true;
    ml.cache_dir = Some(cache.to_path_buf());
    ml.threads = 2;
    ml.clip.enabled = false;
    ml.facial_recognition.enabled = false;
    ml.facial_recognition.model_name = "buffalo_s".into();
    ml.tagging.enabled = false;
    ml.ocr.enabled = false;
    ml.duplicate_detection.enabled = false;
    (settings, pg)
}

/// A second handle on the server's database, for reading what the jobs stored.
async fn storage(settings: &Settings) -> Services {
    Services::connect_shared(settings.clone()).await.unwrap_or_else(|e| panic!("{e}"))
}

async fn finish(
    stop: tokio::sync::oneshot::Sender<()>,
    handle: tokio::task::JoinHandle<anyhow::Result<()>>,
    pg: Option<String>,
) {
    let _ = stop.send(());
    let _ = handle.await;
    if let Some(name) = pg {
        domain::testing::drop_database(&name).await;
    }
}

/// Polls `GET /api/jobs` until the named queues have nothing left to do.
async fn wait_queues(client: &Client, queues: &[&str], within: Duration) {
    let started = Instant::now();
    loop {
        let jobs: Value = client.get("/api/jobs").await.json().await.unwrap_or_default();
        let left: Vec<(String, u64)> = queues
            .iter()
            .map(|q| (q.to_string(), jobs[*q]["jobCounts"]["waiting"].as_u64().unwrap_or(u64::MAX)))
            .filter(|(_, n)| *n > 0)
            .collect();
        if left.is_empty() {
            return;
        }
        assert!(started.elapsed() < within, "queues not done within {within:?}: {left:?}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// The 12 corpus portraits, uploaded as `<folder>__<file>` so a name tells its person.
async fn upload_faces(client: &Client) -> Option<Vec<String>> {
    let root = shared("corpus/faces");
    let mut ids = Vec::new();
    let mut folders: Vec<_> = std::fs::read_dir(&root).ok()?.flatten().filter(|e| e.path().is_dir()).collect();
    folders.sort_by_key(|e| e.file_name());
    for folder in folders {
        let mut files: Vec<_> = std::fs::read_dir(folder.path()).ok()?.flatten().collect();
        files.sort_by_key(|e| e.file_name());
        for file in files {
            let name = format!("{}__{}", folder.file_name().to_string_lossy(), file.file_name().to_string_lossy());
            let bytes = std::fs::read(file.path()).ok()?;
            ids.push(id_of(&client.upload(&name, &bytes).await));
        }
    }
    Some(ids)
}

/// Person → the folders of the photos showing them, read through the API.
async fn people_by_folder(client: &Client) -> BTreeMap<String, BTreeSet<String>> {
    let people: Value = client.get("/api/people?withHidden=true").await.json().await.unwrap_or_default();
    let mut out = BTreeMap::new();
    for person in people["people"].as_array().into_iter().flatten() {
        let id = person["id"].as_str().unwrap_or_default().to_string();
        let names: BTreeSet<String> =
            search_metadata(client, json!({"personIds": [id], "size": 100})).await.into_iter().collect();
        out.insert(id, names);
    }
    out
}

fn folder_of(name: &str) -> &str {
    name.split("__").next().unwrap_or_default()
}

/// Pairwise clustering quality against the folders: of the photo pairs put together, how many
/// are one person (precision); of the pairs that are one person, how many were put together
/// (recall).
fn pair_scores(people: &BTreeMap<String, BTreeSet<String>>, all: &[String]) -> (f64, f64) {
    let person_of: HashMap<&str, &str> =
        people.iter().flat_map(|(p, names)| names.iter().map(move |n| (n.as_str(), p.as_str()))).collect();
    let (mut together, mut correct, mut same) = (0, 0, 0);
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            let truly = folder_of(a) == folder_of(b);
            let grouped =
                matches!((person_of.get(a.as_str()), person_of.get(b.as_str())), (Some(x), Some(y)) if x == y);
            same += usize::from(truly);
            together += usize::from(grouped);
            correct += usize::from(truly && grouped);
        }
    }
    let precision = if together == 0 { 1.0 } else { correct as f64 / together as f64 };
    let recall = if same == 0 { 1.0 } else { correct as f64 / same as f64 };
    (precision, recall)
}

async fn faces_become_people(backend: Backend, min_faces: u32) {
    if !shared("corpus/faces").is_dir() {
        eprintln!("skipping: the faces corpus is absent");
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut settings, pg) = ml_settings(dir.path(), backend, &models()).await;
    settings.machine_learning.facial_recognition.enabled = true;
    settings.machine_learning.facial_recognition.min_faces = min_faces;
    let (base, stop, handle) = start_server(settings.clone()).await;
    let client = Client::sign_up(&base).await;
    let ids = upload_faces(&client).await.unwrap_or_default();
    assert_eq!(ids.len(), 12, "the faces corpus has 12 photos");
    let assets = client.wait_processed(&ids, Duration::from_secs(180)).await;
    let names: Vec<String> =
        assets.iter().map(|a| a["originalFileName"].as_str().unwrap_or_default().to_string()).collect();
    wait_queues(&client, &["faceDetection"], Duration::from_secs(180)).await;

    // Every portrait's face is found.
    let db = storage(&settings).await;
    for (id, name) in ids.iter().zip(&names) {
        let faces =
            domain::repositories::faces::of_asset(db.db(), id.parse().unwrap_or_default()).await.unwrap_or_default();
        assert!(!faces.is_empty(), "no face found in {name}");
        assert!(faces.iter().all(|f| f.score >= 0.7), "{name}: a face below the minimum score");
    }

    let mut folders: BTreeMap<&str, usize> = BTreeMap::new();
    for name in &names {
        *folders.entry(folder_of(name)).or_default() += 1;
    }
    let expected: BTreeSet<&str> =
        folders.iter().filter(|(_, n)| **n >= min_faces as usize).map(|(folder, _)| *folder).collect();
    // Recognition runs one face at a time after detection: wait for the people to settle.
    let started = Instant::now();
    let people = loop {
        let people = people_by_folder(&client).await;
        let found: BTreeSet<&str> =
            people.values().filter_map(|names| names.iter().next()).map(|n| folder_of(n)).collect();
        let complete =
            people.values().map(|n| n.len()).sum::<usize>() == expected.iter().map(|f| folders[f]).sum::<usize>();
        if (found == expected && complete) || started.elapsed() > Duration::from_secs(60) {
            break people;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    for (person, shown_in) in &people {
        let in_folders: BTreeSet<&str> = shown_in.iter().map(|n| folder_of(n)).collect();
        assert_eq!(in_folders.len(), 1, "person {person} mixes folders: {shown_in:?}");
    }
    let by_folder: BTreeMap<&str, &BTreeSet<String>> = people
        .values()
        .map(|names| (folder_of(names.iter().next().map(String::as_str).unwrap_or_default()), names))
        .collect();
    assert_eq!(by_folder.keys().copied().collect::<BTreeSet<_>>(), expected, "people: {people:?}");
    for folder in &expected {
        assert_eq!(by_folder[folder].len(), folders[folder], "{folder}: not every photo is on its person");
    }
    let (precision, recall) = pair_scores(&people, &names);
    eprintln!("face clustering ({backend:?}, minFaces {min_faces}): {} people, pairwise precision {precision:.2}, recall {recall:.2}", people.len());
    assert_eq!(precision, 1.0);

    // A person's picture is a JPEG crop; naming them shows in the list.
    if let Some(person) = people.keys().next() {
        let picture = client.get(&format!("/api/people/{person}/thumbnail")).await;
        assert_eq!(picture.status().as_u16(), 200);
        let bytes = picture.bytes().await.unwrap_or_default();
        assert!(bytes.starts_with(&[0xFF, 0xD8]), "not a JPEG");
        let renamed =
            client.send_json(reqwest::Method::PUT, &format!("/api/people/{person}"), &json!({"name": "Someone"})).await;
        assert_eq!(renamed.status().as_u16(), 200);
        let got: Value = client.get(&format!("/api/people/{person}")).await.json().await.unwrap_or_default();
        assert_eq!(got["name"], "Someone");
    }
    finish(stop, handle, pg).await;
}

#[tokio::test]
async fn faces_become_one_person_per_folder_with_two_or_more_photos() {
    faces_become_people(Backend::Sqlite, 2).await;
    faces_become_people(Backend::PostgresRedis, 2).await;
}

#[tokio::test]
async fn with_the_default_three_faces_only_the_folder_with_three_photos_is_a_person() {
    faces_become_people(Backend::Sqlite, 3).await;
    faces_become_people(Backend::PostgresRedis, 3).await;
}

async fn search_metadata(client: &Client, body: Value) -> Vec<String> {
    let found: Value = client.post_json("/api/search/metadata", &body).await;
    found["assets"]["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["originalFileName"].as_str())
        .map(String::from)
        .collect()
}

#[tokio::test]
async fn text_in_photos_and_object_tags_are_found_and_searchable() {
    for backend in [Backend::Sqlite, Backend::PostgresRedis] {
        let (Some(shop), Some(beer), Some(portrait)) = (
            corpus("immich-test-assets/albums/text/japanese-shop.jpg"),
            corpus("immich-test-assets/albums/text/craft-beer.jpg"),
            corpus("faces/obama/obama.jpg"),
        ) else {
            return;
        };
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut settings, pg) = ml_settings(dir.path(), backend, &models()).await;
        settings.machine_learning.ocr.enabled = true;
        settings.machine_learning.tagging.enabled = true;
        let (base, stop, handle) = start_server(settings.clone()).await;
        let client = Client::sign_up(&base).await;
        let ids = vec![
            id_of(&client.upload("japanese-shop.jpg", &shop).await),
            id_of(&client.upload("craft-beer.jpg", &beer).await),
            id_of(&client.upload("obama.jpg", &portrait).await),
        ];
        client.wait_processed(&ids, Duration::from_secs(120)).await;
        wait_queues(&client, &["ocr"], Duration::from_secs(300)).await;

        assert_eq!(search_metadata(&client, json!({"ocr": "KIRIN"})).await, vec!["japanese-shop.jpg"]);
        assert_eq!(search_metadata(&client, json!({"ocr": "hop"})).await, vec!["craft-beer.jpg"]);
        assert!(search_metadata(&client, json!({"ocr": "no such words here"})).await.is_empty());

        // Tags: the portrait shows a person (a detection with its box); words find tags and text.
        let db = storage(&settings).await;
        let started = Instant::now();
        let portrait_id: Uuid = ids[2].parse().unwrap_or_default();
        let labels = loop {
            let labels = domain::repositories::labels::of_asset(db.db(), portrait_id).await.unwrap_or_default();
            if !labels.is_empty() || started.elapsed() > Duration::from_secs(120) {
                break labels;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        };
        let person = labels.iter().find(|l| l.name == "person" && l.source == "detector");
        assert!(person.is_some_and(|p| p.score >= 0.5 && p.box_x1.is_some()), "labels: {labels:?}");
        let owner: Uuid =
            client.asset(&ids[2]).await["ownerId"].as_str().unwrap_or_default().parse().unwrap_or_default();
        let words = |text: &str| AssetSearch {
            owners: vec![owner],
            text: Some(text.to_string()),
            visibilities: vec!["timeline", "archive"],
            newest_first: true,
            ..AssetSearch::default()
        };
        let names = |rows: Vec<domain::entities::asset::Model>| {
            rows.into_iter().map(|a| a.original_file_name).collect::<Vec<_>>()
        };
        let by_tag = search_repo::search_assets(db.db(), &words("Person"), 0, 10).await.unwrap_or_default();
        assert!(names(by_tag).contains(&"obama.jpg".to_string()));
        let by_text = search_repo::search_assets(db.db(), &words("kirin"), 0, 10).await.unwrap_or_default();
        assert_eq!(names(by_text), vec!["japanese-shop.jpg"]);

        // Explore's tags: each tag once per photo (the portrait's person is a whole-image tag and
        // a box, and counts once), on the most photos first; a tag search finds exactly its photos.
        let mut holders: std::collections::BTreeMap<String, Vec<Uuid>> = Default::default();
        for id in &ids {
            let id: Uuid = id.parse().unwrap_or_default();
            let labels = domain::repositories::labels::of_asset(db.db(), id).await.unwrap_or_default();
            for name in labels.into_iter().map(|l| l.name).collect::<std::collections::BTreeSet<_>>() {
                holders.entry(name).or_default().push(id);
            }
        }
        let scope = AssetSearch { owners: vec![owner], visibilities: vec!["timeline"], ..AssetSearch::default() };
        let tags = domain::repositories::explore_tags::explore_tags(db.db(), &scope, 100)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut expected: Vec<(String, i64)> = holders.iter().map(|(n, h)| (n.clone(), h.len() as i64)).collect();
        expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        assert_eq!(tags.iter().map(|t| (t.name.clone(), t.count)).collect::<Vec<_>>(), expected);
        for tag in &tags {
            assert!(holders[&tag.name].contains(&tag.sample), "{tag:?} shows a photo without the tag");
        }
        let only_people = AssetSearch { tag: Some("person".into()), newest_first: true, ..scope.clone() };
        let mut tagged = names(search_repo::search_assets(db.db(), &only_people, 0, 10).await.unwrap_or_default());
        tagged.sort();
        let mut with_person: Vec<String> = Vec::new();
        for id in &holders["person"] {
            with_person
                .push(client.asset(&id.to_string()).await["originalFileName"].as_str().unwrap_or_default().into());
        }
        with_person.sort();
        assert_eq!(tagged, with_person);
        assert!(tagged.contains(&"obama.jpg".to_string()));
        finish(stop, handle, pg).await;
    }
}

/// A CLIP model of the real shape with random weights, in a model cache of its own.
fn test_clip(cache: &Path) -> bool {
    let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.tools/ml/bin/python");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/make-test-clip.py");
    let status = std::process::Command::new(&python).arg(&script).arg(cache).status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "cannot make the test CLIP model with {} (run scripts/install-deps.sh test)",
        python.display()
    );
    true
}

#[tokio::test]
async fn smart_search_ranks_as_an_exact_scan_and_finds_near_duplicates() {
    for backend in [Backend::Sqlite, Backend::PostgresRedis] {
        let files = [
            "faces/obama/obama.jpg",
            "faces/biden/biden.jpg",
            "immich-test-assets/albums/text/craft-beer.jpg",
            "immich-test-assets/albums/text/japanese-shop.jpg",
            "faces/rose_leslie/img1.jpg",
            "faces/kit_harington/john1.jpeg",
        ];
        let mut photos = Vec::new();
        for f in files {
            match corpus(f) {
                Some(bytes) => photos.push((f.rsplit('/').next().unwrap_or(f).to_string(), bytes)),
                None => return,
            }
        }
        let cache = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        test_clip(cache.path());
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut settings, pg) = ml_settings(dir.path(), backend, cache.path()).await;
        settings.machine_learning.clip.enabled = true;
        settings.machine_learning.duplicate_detection.enabled = true;
        let (base, stop, handle) = start_server(settings.clone()).await;
        let client = Client::sign_up(&base).await;
        let mut ids = Vec::new();
        for (name, bytes) in &photos {
            ids.push(id_of(&client.upload(name, bytes).await));
        }
        // The same picture again with other bytes (a trailing comment after the image): a new
        // checksum, the same pixels.
        let mut copy = photos[0].1.clone();
        copy.extend_from_slice(b"shoebox test copy");
        ids.push(id_of(&client.upload("obama-copy.jpg", &copy).await));
        client.wait_processed(&ids, Duration::from_secs(120)).await;
        wait_queues(&client, &["smartSearch", "duplicateDetection"], Duration::from_secs(120)).await;

        // The server's ranking equals an exact scan of the stored embeddings.
        let db = storage(&settings).await;
        let textual = ml::clip::ClipModelFiles::in_cache(cache.path(), "ViT-B-32__openai")
            .textual(&ml::Runtime::get_or_init(&ml::RuntimeOptions::default()).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
        let query = textual.embed("a photo of a man in a suit").unwrap_or_else(|e| panic!("{e}"));
        let mut exact = Vec::new();
        for id in &ids {
            let id: Uuid = id.parse().unwrap_or_default();
            let v = vectors::get(db.db(), VectorTable::SmartSearch, id).await.unwrap_or_default().unwrap_or_default();
            assert_eq!(v.len(), 512);
            let distance = 1.0 - v.iter().zip(&query).map(|(a, b)| a * b).sum::<f32>();
            exact.push((id.to_string(), distance));
        }
        exact.sort_by(|a, b| a.1.total_cmp(&b.1));
        let found: Value =
            client.post_json("/api/search/smart", &json!({"query": "a photo of a man in a suit", "size": 100})).await;
        let ranked: Vec<String> = found["assets"]["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["id"].as_str())
            .map(String::from)
            .collect();
        // Equal distances (the copy and its original) may come in either order.
        let distance_of: HashMap<&str, f32> = exact.iter().map(|(id, d)| (id.as_str(), *d)).collect();
        let ranked_distances: Vec<f32> = ranked.iter().map(|id| distance_of[id.as_str()]).collect();
        let exact_distances: Vec<f32> = exact.iter().map(|e| e.1).collect();
        assert_eq!(ranked.len(), exact.len(), "{found}");
        for (got, want) in ranked_distances.iter().zip(&exact_distances) {
            assert!((got - want).abs() < 1e-5, "ranking differs: {ranked_distances:?} vs {exact_distances:?}");
        }

        // "More like this" puts the asset itself (and its copy) first.
        let like: Value = client.post_json("/api/search/smart", &json!({"queryAssetId": ids[0], "size": 2})).await;
        let top: BTreeSet<&str> =
            like["assets"]["items"].as_array().into_iter().flatten().filter_map(|a| a["id"].as_str()).collect();
        assert_eq!(top, BTreeSet::from([ids[0].as_str(), ids[6].as_str()]));
        // A page far past the end is empty, not an overflow; one past what a database can skip
        // is a clear refusal.
        let last_page = (i64::MAX as u64 - 1001) / 1000;
        let far = json!({"query": "a photo", "page": last_page, "size": 1000});
        let reply = client.send_json(reqwest::Method::POST, "/api/search/smart", &far).await;
        assert_eq!(reply.status().as_u16(), 200);
        let reply: Value = reply.json().await.unwrap_or_default();
        assert_eq!(reply["assets"]["count"], 0, "{reply}");
        let beyond = json!({"query": "a photo", "page": u64::MAX / 1000, "size": 1000});
        let reply = client.send_json(reqwest::Method::POST, "/api/search/smart", &beyond).await;
        assert_eq!(reply.status().as_u16(), 400);
        let reply: Value = reply.json().await.unwrap_or_default();
        assert_eq!(reply["message"], "`page` is too large", "{reply}");

        // The copy and its original are one duplicate group; keeping one trashes the other.
        let groups: Value = client.get("/api/duplicates").await.json().await.unwrap_or_default();
        let groups = groups.as_array().cloned().unwrap_or_default();
        assert_eq!(groups.len(), 1, "{groups:?}");
        let members: BTreeSet<&str> =
            groups[0]["assets"].as_array().into_iter().flatten().filter_map(|a| a["id"].as_str()).collect();
        assert_eq!(members, BTreeSet::from([ids[0].as_str(), ids[6].as_str()]));
        let resolve = json!({"groups": [{"duplicateId": groups[0]["duplicateId"], "keepAssetIds": [ids[0]], "trashAssetIds": [ids[6]]}]});
        let resolved: Value = client.post_json("/api/duplicates/resolve", &resolve).await;
        assert_eq!(resolved[0]["success"], true, "{resolved}");
        assert_eq!(client.asset(&ids[6]).await["isTrashed"], true);
        assert_eq!(client.asset(&ids[0]).await["isTrashed"], false);
        let after: Value = client.get("/api/duplicates").await.json().await.unwrap_or_default();
        assert_eq!(after.as_array().map(Vec::len), Some(0));
        finish(stop, handle, pg).await;
    }
}

#[tokio::test]
async fn a_missing_or_corrupt_model_fails_only_its_jobs_with_a_reason() {
    for backend in [Backend::Sqlite, Backend::PostgresRedis] {
        let Some(photo) = corpus("faces/biden/biden.jpg") else { return };
        // A cache with a corrupt face detector and working tagging models; no CLIP at all.
        let cache = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let faces = cache.path().join("facial-recognition/buffalo_s");
        std::fs::create_dir_all(faces.join("detection")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(faces.join("recognition")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(faces.join("detection/model.onnx"), b"not a model").unwrap_or_else(|e| panic!("{e}"));
        std::fs::copy(
            models().join("facial-recognition/buffalo_s/recognition/model.onnx"),
            faces.join("recognition/model.onnx"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        for (task, name) in [("tagging", "efficientnet_lite0"), ("detection", "ssd_mobilenet_v2_coco")] {
            let to = cache.path().join(task).join(name);
            std::fs::create_dir_all(&to).unwrap_or_else(|e| panic!("{e}"));
            for entry in std::fs::read_dir(models().join(task).join(name)).into_iter().flatten().flatten() {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut settings, pg) = ml_settings(dir.path(), backend, cache.path()).await;
        settings.machine_learning.clip.enabled = true;
        settings.machine_learning.facial_recognition.enabled = true;
        settings.machine_learning.tagging.enabled = true;
        let (base, stop, handle) = start_server(settings.clone()).await;
        let client = Client::sign_up(&base).await;
        let id = id_of(&client.upload("biden.jpg", &photo).await);
        let processed = client.wait_processed(std::slice::from_ref(&id), Duration::from_secs(60)).await;
        assert!(processed[0]["thumbhash"].is_string(), "thumbnails still come: {:?}", processed[0]);
        let db = storage(&settings).await;
        let started = Instant::now();
        let asset_id: Uuid = id.parse().unwrap_or_default();
        let (overview, labels) = loop {
            let overview = db.ml_jobs().overview().await.unwrap_or_default();
            let labels = domain::repositories::labels::of_asset(db.db(), asset_id).await.unwrap_or_default();
            let reported = |name: &str| overview.iter().any(|q| q.name.as_str() == name && q.last_error.is_some());
            let done = reported("smartSearch") && reported("faceDetection") && !labels.is_empty();
            if done || started.elapsed() > Duration::from_secs(90) {
                break (overview, labels);
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        };
        let error_of = |name: &str| {
            overview.iter().find(|q| q.name.as_str() == name).and_then(|q| q.last_error.clone()).unwrap_or_default()
        };
        assert!(error_of("smartSearch").contains("downloads are off"), "{}", error_of("smartSearch"));
        assert!(error_of("smartSearch").contains("clip/ViT-B-32__openai"), "{}", error_of("smartSearch"));
        assert!(error_of("faceDetection").contains("cannot be loaded"), "{}", error_of("faceDetection"));
        assert_eq!(error_of("tagging"), "");
        // The asset itself carries no machine-learning failure: the set-up is the admin's to fix.
        assert!(client.asset(&id).await["processingError"].is_null());
        assert!(labels.iter().any(|l| l.name == "person"), "tagging still works: {labels:?}");
        finish(stop, handle, pg).await;
    }
}
