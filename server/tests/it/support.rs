use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use domain::config::{LoginThrottleSettings, Settings};
use domain::services::Services;
use serde_json::Value;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tower::ServiceExt;

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    PostgresRedis,
}

pub struct TestApp {
    pub router: Router,
    pub services: Services,
    _dir: tempfile::TempDir,
    pg_name: Option<String>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> String {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
    }
}

pub fn settings_in(dir: &std::path::Path) -> Settings {
    Settings {
        data_dir: dir.join("data"),
        web_root: std::env::var("SHOEBOX_WEB_ROOT").map(Into::into).unwrap_or_else(|_| "../target/site".into()),
        login_throttle: LoginThrottleSettings { per_account: 5, per_client: 100, window_seconds: 600 },
        // Tests never reach the internet; the pipeline tests give a local places file.
        offline: true,
        ..Settings::default()
    }
}

impl TestApp {
    pub async fn new(backend: Backend) -> TestApp {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut settings = settings_in(dir.path());
        let mut pg_name = None;
        if let Backend::PostgresRedis = backend {
            let (name, url) = domain::testing::create_database().await;
            settings.database_url = Some(url);
            settings.redis_url = Some(domain::testing::redis_url());
            pg_name = Some(name);
        }
        let services = Services::connect(settings).await.unwrap_or_else(|e| panic!("{e}"));
        TestApp { router: server::router(services.clone()), services, _dir: dir, pg_name }
    }

    pub async fn finish(self) {
        self.services.db().clone().close().await.ok();
        if let Some(name) = &self.pg_name {
            domain::testing::drop_database(name).await;
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap_or_else(|e| panic!("{e}"));
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024).await.unwrap_or_default();
        Reply { status, headers, text: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// A JSON API call; `auth` is sent as given (`("authorization", "Bearer …")`, …).
    pub async fn call(&self, method: Method, path: &str, auth: &[(&str, &str)], body: Option<Value>) -> Reply {
        let mut builder = Request::builder().method(method).uri(path);
        for (name, value) in auth {
            builder = builder.header(*name, *value);
        }
        let body = match body {
            Some(json) => {
                builder = builder.header("content-type", "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        self.send(builder.body(body).unwrap_or_else(|e| panic!("{e}"))).await
    }

    pub async fn get_page(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut builder = Request::builder().uri(path).header("accept", "text/html");
        if let Some(token) = cookie {
            builder = builder.header("cookie", format!("immich_access_token={token}"));
        }
        self.send(builder.body(Body::empty()).unwrap_or_else(|e| panic!("{e}"))).await
    }

    /// Signs up the first admin over REST and returns their access token.
    pub async fn admin_token(&self) -> String {
        let body = serde_json::json!({"email": "admin@example.com", "password": "admin-password", "name": "Admin"});
        let reply = self.call(Method::POST, "/api/auth/admin-sign-up", &[], Some(body)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        self.login("admin@example.com", "admin-password").await
    }

    pub async fn login(&self, email: &str, password: &str) -> String {
        let body = serde_json::json!({"email": email, "password": password});
        let reply = self.call(Method::POST, "/api/auth/login", &[], Some(body)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        reply.json()["accessToken"].as_str().unwrap_or_default().to_string()
    }

    /// Creates a user through the admin API and returns their id and access token.
    pub async fn user_token(&self, admin: &str, email: &str) -> (String, String) {
        let body = serde_json::json!({"email": email, "password": "user-password", "name": "User"});
        let bearer = format!("Bearer {admin}");
        let reply = self.call(Method::POST, "/api/admin/users", &[("authorization", &bearer)], Some(body)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        let id = reply.json()["id"].as_str().unwrap_or_default().to_string();
        (id, self.login(email, "user-password").await)
    }
}

pub async fn on_both<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = TestApp>,
{
    for backend in [Backend::Sqlite, Backend::PostgresRedis] {
        let app = TestApp::new(backend).await;
        test(app).await.finish().await;
    }
}

pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// A request whose body is bytes, not text: (status, headers, body).
pub trait OneshotRaw {
    async fn oneshot_raw(self, request: Result<Request<Body>, axum::http::Error>) -> (StatusCode, HeaderMap, Vec<u8>);
}

impl OneshotRaw for Router {
    async fn oneshot_raw(self, request: Result<Request<Body>, axum::http::Error>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let request = request.unwrap_or_else(|e| panic!("{e}"));
        let response = self.oneshot(request).await.unwrap_or_else(|e| panic!("{e}"));
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024).await.unwrap_or_default();
        (status, headers, bytes.to_vec())
    }
}

/// The shared test corpus (`SHOEBOX_CORPUS`, default `../../shared/corpus`); `None` with a
/// message when the file is absent, so a clone elsewhere still passes.
pub fn corpus(relative: &str) -> Option<Vec<u8>> {
    let root =
        std::env::var("SHOEBOX_CORPUS").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from("../../shared/corpus"));
    let path = root.join(relative);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!("skipping: corpus file {} is absent", path.display());
            None
        }
    }
}

pub const BOUNDARY: &str = "shoebox-test-boundary";

/// A multipart body: text fields, then files `(field, file name, bytes)`.
pub fn multipart(text: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in text {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    for (name, file_name, bytes) in files {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").bytes());
    body
}

/// Every file below `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(files_under(&path));
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// The real server (`server::run`) on port 0: its base URL, a stop switch and its task.
pub async fn start_server(
    settings: domain::config::Settings,
) -> (String, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<anyhow::Result<()>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("{e}"));
    let base = format!("http://{}", listener.local_addr().unwrap_or_else(|e| panic!("{e}")));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(server::run(settings, listener, async move {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client.get(format!("{base}/api/server/ping")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    (base, stop, handle)
}

/// Uploads a small file taken (as far as the server knows yet) at `taken`; returns its id.
pub async fn upload_at(app: &TestApp, token: &str, name: &str, taken: &str) -> String {
    let content = format!("not really a photo: {name} {taken}");
    let body = multipart(
        &[("fileCreatedAt", taken), ("fileModifiedAt", taken), ("deviceAssetId", name), ("deviceId", "test")],
        &[("assetData", name, content.as_bytes())],
    );
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/assets")
        .header("authorization", bearer(token))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .unwrap_or_else(|e| panic!("{e}"));
    let reply = app.send(request).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.json()["id"].as_str().unwrap_or_default().to_string()
}

pub async fn get(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    let reply = app.call(Method::GET, path, &[("authorization", &bearer(token))], None).await;
    let json = serde_json::from_str(&reply.text).unwrap_or(Value::Null);
    (reply.status, json)
}

pub async fn send(app: &TestApp, token: &str, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
    let reply = app.call(method, path, &[("authorization", &bearer(token))], Some(body)).await;
    let json = serde_json::from_str(&reply.text).unwrap_or(Value::Null);
    (reply.status, json)
}
