//! The ingest pipeline end to end, through the real server and its workers: uploads are read
//! (metadata), made visible (thumbnails) or fail with a reason, on SQLite with the SQLite queue
//! and on PostgreSQL with the Redis queue; jobs survive restarts and crashes.

use crate::support::{bearer, corpus, files_under, multipart, settings_in, start_server, Backend, BOUNDARY};
use domain::config::Settings;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn geodata() -> Option<PathBuf> {
    let path = std::env::var("SHOEBOX_GEODATA_CSV")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("../.tools/geodata/rg_cities1000.csv"));
    path.exists().then_some(path)
}

/// Settings for a pipeline test: its own data directory, and on PostgreSQL its own database and
/// its own queue names in the shared Redis.
pub(crate) async fn pipeline_settings(dir: &std::path::Path, backend: Backend) -> (Settings, Option<String>) {
    let mut settings = settings_in(dir);
    settings.reverse_geocoding.cities_file = geodata();
    settings.jobs.queue_namespace = format!("test-{}", uuid::Uuid::new_v4().simple());
    let mut pg = None;
    if let Backend::PostgresRedis = backend {
        let (name, url) = domain::testing::create_database().await;
        settings.database_url = Some(url);
        settings.redis_url = Some(domain::testing::redis_url());
        pg = Some(name);
    }
    (settings, pg)
}

pub(crate) struct Client {
    pub(crate) http: reqwest::Client,
    pub(crate) base: String,
    pub(crate) token: String,
}

impl Client {
    pub(crate) async fn sign_up(base: &str) -> Client {
        let http = reqwest::Client::new();
        let signup = json!({"email": "admin@example.com", "password": "admin-password", "name": "Admin"});
        let reply = http.post(format!("{base}/api/auth/admin-sign-up")).json(&signup).send().await;
        assert_eq!(reply.map(|r| r.status().as_u16()).ok(), Some(201));
        Client::login(base).await
    }

    pub(crate) async fn login(base: &str) -> Client {
        let http = reqwest::Client::new();
        let login = json!({"email": "admin@example.com", "password": "admin-password"});
        let reply: Value = http
            .post(format!("{base}/api/auth/login"))
            .json(&login)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .json()
            .await
            .unwrap_or_default();
        let token = reply["accessToken"].as_str().unwrap_or_default().to_string();
        Client { http, base: base.to_string(), token }
    }

    pub(crate) async fn upload(&self, name: &str, bytes: &[u8]) -> (u16, Value) {
        let fields = [("fileCreatedAt", "2020-01-02T03:04:05Z"), ("fileModifiedAt", "2020-01-02T03:04:05Z")];
        let body = multipart(&fields, &[("assetData", name, bytes)]);
        let reply = self
            .http
            .post(format!("{}/api/assets", self.base))
            .header("authorization", bearer(&self.token))
            .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let status = reply.status().as_u16();
        (status, reply.json().await.unwrap_or_default())
    }

    pub(crate) async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .header("authorization", bearer(&self.token))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// `method path` with a JSON body, as this user.
    pub(crate) async fn send_json(&self, method: reqwest::Method, path: &str, body: &Value) -> reqwest::Response {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header("authorization", bearer(&self.token))
            .json(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// `POST path` with a JSON body; the JSON answer (null when there is none).
    pub(crate) async fn post_json(&self, path: &str, body: &Value) -> Value {
        self.send_json(reqwest::Method::POST, path, body).await.json().await.unwrap_or_default()
    }

    pub(crate) async fn asset(&self, id: &str) -> Value {
        self.get(&format!("/api/assets/{id}")).await.json().await.unwrap_or_default()
    }

    /// Waits until every asset has thumbnails or a recorded failure.
    pub(crate) async fn wait_processed(&self, ids: &[String], within: Duration) -> Vec<Value> {
        let started = Instant::now();
        loop {
            let mut assets = Vec::new();
            for id in ids {
                assets.push(self.asset(id).await);
            }
            // `<step>: …` is a failed step; other text is a warning and thumbnails still come.
            let failed = |a: &Value| {
                let error = a["processingError"].as_str().unwrap_or_default();
                error.starts_with("metadata:") || error.starts_with("thumbnail:")
            };
            let done = |a: &Value| a["thumbhash"].is_string() || failed(a);
            if assets.iter().all(done) {
                return assets;
            }
            if started.elapsed() > within {
                let pending: Vec<&Value> = assets.iter().filter(|a| !done(a)).collect();
                panic!("not processed within {within:?}: {pending:?}");
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

pub(crate) fn id_of(reply: &(u16, Value)) -> String {
    assert!(reply.0 == 201 || reply.0 == 200, "upload failed: {reply:?}");
    reply.1["id"].as_str().unwrap_or_default().to_string()
}

/// Real files through the whole path: EXIF and place, thumbnails and previews with the right
/// types, a video poster and playback with ranges, and clear per-asset failures for bad files
/// while the good ones finish.
#[tokio::test]
async fn uploads_are_read_and_thumbnailed_on_both_backends() {
    let (Some(gps), Some(heic), Some(png), Some(video), Some(corrupt)) = (
        corpus("exif-samples/jpg/gps/DSCN0010.jpg"),
        corpus("exif-samples/heic/mobile/HMD_Nokia_8.3_5G.heif")
            .or_else(|| corpus("immich-test-assets/formats/heic/IMG_2682.heic")),
        corpus("immich-test-assets/formats/png/density_plot.png"),
        corpus("video/short_hamilton_clip.mp4"),
        corpus("exif-samples/jpg/corrupted.jpg"),
    ) else {
        return;
    };
    for backend in [Backend::Sqlite, Backend::PostgresRedis] {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (settings, pg) = pipeline_settings(dir.path(), backend).await;
        let (base, stop, handle) = start_server(settings.clone()).await;
        let client = Client::sign_up(&base).await;

        let photo = id_of(&client.upload("DSCN0010.jpg", &gps).await);
        let heif = id_of(&client.upload("phone.heif", &heic).await);
        let image = id_of(&client.upload("image.png", &png).await);
        let clip = id_of(&client.upload("clip.mp4", &video).await);
        // A damaged JPEG decodes partially (as libvips does it) and is shown; a truncated HEIC
        // cannot be, and fails with its reason.
        let damaged = id_of(&client.upload("corrupted.jpg", &corrupt).await);
        let broken = id_of(&client.upload("truncated.heif", &heic[..heic.len() * 3 / 10]).await);
        let lying = id_of(&client.upload("notes.jpg", b"these are notes, not a photo").await);
        let ids =
            [photo.clone(), heif.clone(), image.clone(), clip.clone(), damaged.clone(), broken.clone(), lying.clone()];
        let assets = client.wait_processed(&ids, Duration::from_secs(180)).await;

        for (asset, id) in assets.iter().zip(&ids) {
            if [&broken, &lying].contains(&id) {
                let reason = asset["processingError"].as_str().unwrap_or_default();
                assert!(!reason.is_empty(), "{backend:?}: {id} should fail with a reason: {asset}");
                assert!(asset["thumbhash"].is_null(), "{backend:?}: {asset}");
                let thumb = client.get(&format!("/api/assets/{id}/thumbnail")).await;
                assert_eq!(thumb.status().as_u16(), 404, "{backend:?}");
                let body: Value = thumb.json().await.unwrap_or_default();
                assert_eq!(body["code"], "thumbnail-not-ready");
                assert!(body["message"].as_str().unwrap_or_default().contains(reason), "{body}");
            } else {
                assert!(asset["processingError"].is_null(), "{backend:?}: {id} failed: {asset}");
                assert!(asset["hasMetadata"] == json!(true), "{backend:?}: {asset}");
                assert!(asset["width"].as_i64().unwrap_or(0) > 0 && asset["height"].as_i64().unwrap_or(0) > 0);
                let thumb = client.get(&format!("/api/assets/{id}/thumbnail?size=thumbnail")).await;
                assert_eq!(thumb.status().as_u16(), 200, "{backend:?}");
                assert_eq!(thumb.headers()["content-type"], "image/webp");
                let bytes = thumb.bytes().await.unwrap_or_default();
                assert_eq!(&bytes[8..12], b"WEBP", "{backend:?}: a WebP file");
                let preview = client.get(&format!("/api/assets/{id}/thumbnail?size=preview")).await;
                assert_eq!(preview.headers()["content-type"], "image/jpeg");
                let bytes = preview.bytes().await.unwrap_or_default();
                assert_eq!(&bytes[..3], &[0xFF, 0xD8, 0xFF], "{backend:?}: a JPEG file");
            }
        }

        let photo_json = client.asset(&photo).await;
        let exif = &photo_json["exifInfo"];
        assert_eq!(exif["make"], "NIKON", "{backend:?}: {exif}");
        assert_eq!(exif["model"], "COOLPIX P6000");
        assert!((exif["latitude"].as_f64().unwrap_or(0.0) - 43.4674483).abs() < 1e-5, "{exif}");
        assert!((exif["longitude"].as_f64().unwrap_or(0.0) - 11.8851267).abs() < 1e-5, "{exif}");
        if settings.reverse_geocoding.cities_file.is_some() {
            assert_eq!(exif["country"], "Italy", "{backend:?}: {exif}");
            assert_eq!(exif["state"], "Tuscany", "{backend:?}: {exif}");
        }
        // Taken 2008-10-22 16:28:39 local time (no offset in the file): the date taken wins
        // over the upload's file date.
        assert_eq!(photo_json["localDateTime"], "2008-10-22T16:28:39Z", "{backend:?}");
        assert_eq!(photo_json["fileCreatedAt"], "2008-10-22T16:28:39Z", "{backend:?}");

        let clip_json = client.asset(&clip).await;
        assert!(clip_json["duration"].as_i64().unwrap_or(0) > 0, "{backend:?}: {clip_json}");
        let range = client
            .http
            .get(format!("{base}/api/assets/{clip}/video/playback"))
            .header("authorization", bearer(&client.token))
            .header("range", "bytes=100-199")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(range.status().as_u16(), 206, "{backend:?}: videos seek");
        assert_eq!(range.headers()["content-type"], "video/mp4");
        assert_eq!(range.bytes().await.map(|b| b.to_vec()).unwrap_or_default(), video[100..200].to_vec());
        let not_video = client.get(&format!("/api/assets/{photo}/video/playback")).await;
        assert_eq!(not_video.status().as_u16(), 400, "{backend:?}");

        let thumbs = files_under(&settings.data_dir.join("thumbs"));
        assert_eq!(thumbs.len(), 10, "{backend:?}: two files for each of five shown assets: {thumbs:?}");

        let _ = stop.send(());
        let _ = handle.await;
        if let Some(name) = pg {
            domain::testing::drop_database(&name).await;
        }
    }
}

/// Jobs queued while no worker runs are done after a restart with workers.
#[tokio::test]
async fn queued_jobs_survive_a_restart() {
    let (Some(a), Some(b)) = (corpus("exif-samples/jpg/Canon_40D.jpg"), corpus("exif-samples/jpg/gps/DSCN0012.jpg"))
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut settings, _) = pipeline_settings(dir.path(), Backend::Sqlite).await;
    settings.jobs.run_in_server = false;
    let (base, stop, handle) = start_server(settings.clone()).await;
    let client = Client::sign_up(&base).await;
    let ids = [id_of(&client.upload("a.jpg", &a).await), id_of(&client.upload("b.jpg", &b).await)];
    tokio::time::sleep(Duration::from_millis(500)).await;
    for id in &ids {
        assert!(client.asset(id).await["thumbhash"].is_null(), "no worker ran yet");
    }
    let _ = stop.send(());
    let _ = handle.await;

    settings.jobs.run_in_server = true;
    let (base, stop, handle) = start_server(settings).await;
    let client = Client::login(&base).await;
    let assets = client.wait_processed(&ids, Duration::from_secs(60)).await;
    assert!(assets.iter().all(|a| a["thumbhash"].is_string()), "{assets:?}");
    let _ = stop.send(());
    let _ = handle.await;
}

/// Scaled mode: a server that runs no workers and two `shoebox worker`s sharing the Redis
/// queue, the database and the storage; every upload is processed once.
#[tokio::test]
async fn two_workers_share_the_redis_queue() {
    let Some(photo) = corpus("exif-samples/jpg/Canon_40D.jpg") else { return };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut settings, pg) = pipeline_settings(dir.path(), Backend::PostgresRedis).await;
    settings.jobs.run_in_server = false;
    let (base, stop, handle) = start_server(settings.clone()).await;
    let client = Client::sign_up(&base).await;

    let mut workers = Vec::new();
    for _ in 0..2 {
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let worker = tokio::spawn(server::run_worker(settings.clone(), async move {
            let _ = rx.await;
        }));
        workers.push((tx, worker));
    }
    // Eight distinct files: the same photo with a different trailing comment each.
    let mut ids = Vec::new();
    for i in 0..8u8 {
        let mut bytes = photo.clone();
        bytes.extend_from_slice(format!("copy {i}").as_bytes());
        ids.push(id_of(&client.upload(&format!("copy{i}.jpg"), &bytes).await));
    }
    let assets = client.wait_processed(&ids, Duration::from_secs(120)).await;
    assert!(assets.iter().all(|a| a["thumbhash"].is_string() && a["exifInfo"]["make"] == "Canon"), "{assets:?}");
    for (tx, worker) in workers {
        let _ = tx.send(());
        assert!(matches!(worker.await, Ok(Ok(()))), "a worker stops cleanly");
    }
    let _ = stop.send(());
    let _ = handle.await;
    if let Some(name) = pg {
        domain::testing::drop_database(&name).await;
    }
}

/// The binary on a free port, its data in `dir`.
fn spawn_binary(dir: &std::path::Path, port: u16) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_shoebox"))
        .args(["serve", "--host", "127.0.0.1", "--port", &port.to_string(), "--data-dir"])
        .arg(dir)
        .env("SHOEBOX_LOG_LEVEL", "warn")
        .env("SHOEBOX_OFFLINE", "true")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn wait_ping(base: &str) {
    let http = reqwest::Client::new();
    for _ in 0..400 {
        if http.get(format!("{base}/api/server/ping")).send().await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the server did not start");
}

/// After a crash and a restart: no temporary file, no row without its original, no original
/// without its row.
async fn assert_storage_consistent(data_dir: &std::path::Path) {
    use domain::entities::asset;
    use sea_orm::EntityTrait;
    let temp = files_under(&data_dir.join("upload").join(".tmp"));
    assert!(temp.is_empty(), "temporary files left: {temp:?}");
    let mut settings = settings_in(data_dir.parent().unwrap_or(data_dir));
    settings.data_dir = data_dir.to_path_buf();
    let db = domain::db::connect(&settings).await.unwrap_or_else(|e| panic!("{e}"));
    let rows = asset::Entity::find().all(&db).await.unwrap_or_default();
    for row in &rows {
        assert!(data_dir.join(&row.original_path).exists(), "row without file: {}", row.original_path);
    }
    let originals: Vec<PathBuf> = files_under(&data_dir.join("upload"))
        .into_iter()
        .filter(|p| !p.starts_with(data_dir.join("upload").join(".tmp")))
        .collect();
    for file in &originals {
        let relative = file.strip_prefix(data_dir).unwrap_or(file).to_string_lossy().into_owned();
        assert!(rows.iter().any(|r| r.original_path == relative), "file without row: {relative}");
    }
    db.close().await.ok();
}

/// SIGKILL during uploads and during jobs: the restarted server is consistent and finishes the
/// queue.
#[tokio::test]
async fn a_killed_server_restarts_clean_and_finishes_the_queue() {
    let Some(photo) = corpus("exif-samples/jpg/Canon_40D.jpg") else { return };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("data");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"));
    let base = format!("http://127.0.0.1:{port}");

    // 1. Killed while uploads stream in.
    let mut child = spawn_binary(&data, port);
    wait_ping(&base).await;
    let client = Client::sign_up(&base).await;
    let mut uploads = Vec::new();
    for i in 0..6u32 {
        // Big enough to be in flight when the kill lands: the photo padded to 8 MB.
        let mut bytes = photo.clone();
        bytes.resize(8 * 1024 * 1024 + i as usize, b'x');
        let (http, base, token) = (client.http.clone(), client.base.clone(), client.token.clone());
        uploads.push(tokio::spawn(async move {
            let fields = [("fileCreatedAt", "2020-01-02T03:04:05Z"), ("fileModifiedAt", "2020-01-02T03:04:05Z")];
            let body = multipart(&fields, &[("assetData", &format!("big{i}.jpg"), &bytes)]);
            http.post(format!("{base}/api/assets"))
                .header("authorization", bearer(&token))
                .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
                .body(body)
                .send()
                .await
                .map(|r| r.status().as_u16())
        }));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    child.kill().unwrap_or_else(|e| panic!("{e}"));
    let _ = child.wait();
    for upload in uploads {
        let _ = upload.await;
    }

    let mut child = spawn_binary(&data, port);
    wait_ping(&base).await;
    assert_storage_consistent(&data).await;

    // 2. Killed while jobs run.
    let client = Client::login(&base).await;
    let mut ids = Vec::new();
    for i in 0..6u8 {
        let mut bytes = photo.clone();
        bytes.extend_from_slice(format!("job {i}").as_bytes());
        ids.push(id_of(&client.upload(&format!("job{i}.jpg"), &bytes).await));
    }
    child.kill().unwrap_or_else(|e| panic!("{e}"));
    let _ = child.wait();

    let mut child = spawn_binary(&data, port);
    wait_ping(&base).await;
    let client = Client::login(&base).await;
    let assets = client.wait_processed(&ids, Duration::from_secs(120)).await;
    assert!(assets.iter().all(|a| a["thumbhash"].is_string()), "the queue finished: {assets:?}");
    let _ = child.kill();
    let _ = child.wait();
    assert_storage_consistent(&data).await;
}
