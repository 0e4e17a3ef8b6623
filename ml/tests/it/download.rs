//! Model downloads against a real HTTP server on loopback that answers as a model hub does
//! (file list with sizes and hashes, then each file), serving the test models.

use crate::support::models_dir;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use ml::cache::{ModelCache, Task};
use ml::download::{DownloadOptions, Downloader};
use ml::MlError;
use sha2::Digest;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Clone)]
struct Hub {
    /// Folder holding `<task>/<model>` as the repositories' contents.
    source: PathBuf,
    task: &'static str,
    /// A file served with its last byte changed (its listed hash is the true one).
    tamper: Option<&'static str>,
}

fn git_blob_sha1(bytes: &[u8]) -> String {
    let mut h = sha1::Sha1::new();
    h.update(format!("blob {}\0", bytes.len()).as_bytes());
    h.update(bytes);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn files_under(root: &std::path::Path, prefix: &str, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(root.join(prefix)).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        if entry.file_type().unwrap().is_dir() {
            files_under(root, &relative, out);
        } else {
            out.push(relative);
        }
    }
}

async fn tree(
    State(hub): State<Arc<Hub>>,
    UrlPath((_owner, name)): UrlPath<(String, String)>,
) -> Result<Json<serde_json::Value>, StatusCode> {
    let root = hub.source.join(hub.task).join(&name);
    if !root.is_dir() {
        return Err(StatusCode::NOT_FOUND);
    }
    let mut files = Vec::new();
    files_under(&root, "", &mut files);
    // A build for another runtime, as Immich's repositories have: must not be fetched.
    let mut entries = vec![serde_json::json!({"type": "directory", "path": "detection", "oid": "0", "size": 0})];
    for path in files {
        let bytes = std::fs::read(root.join(&path)).unwrap();
        let mut entry =
            serde_json::json!({"type": "file", "path": path, "size": bytes.len(), "oid": git_blob_sha1(&bytes)});
        if path.ends_with(".onnx") {
            let sha256: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            entry["lfs"] = serde_json::json!({"oid": sha256, "size": bytes.len(), "pointerSize": 134});
            entry["size"] = serde_json::json!(134);
        }
        entries.push(entry);
    }
    entries.push(serde_json::json!({"type": "file", "path": "detection/armnn/model.armnn", "size": 3, "oid": "x"}));
    Ok(Json(serde_json::Value::Array(entries)))
}

async fn resolve(
    State(hub): State<Arc<Hub>>,
    UrlPath((_owner, name, path)): UrlPath<(String, String, String)>,
) -> Result<Vec<u8>, StatusCode> {
    let mut bytes =
        std::fs::read(hub.source.join(hub.task).join(name).join(&path)).map_err(|_| StatusCode::NOT_FOUND)?;
    if hub.tamper == Some(path.as_str()) {
        if let Some(last) = bytes.last_mut() {
            *last ^= 0xff;
        }
    }
    Ok(bytes)
}

async fn serve(hub: Hub) -> String {
    let app = Router::new()
        .route("/api/models/{owner}/{name}/tree/main", get(tree))
        .route("/{owner}/{name}/resolve/main/{*path}", get(resolve))
        .with_state(Arc::new(hub));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}

fn downloader(base_url: String, offline: bool) -> Downloader {
    Downloader::new(DownloadOptions { base_url, owner: "immich-app".into(), offline })
}

#[tokio::test]
async fn a_missing_model_is_downloaded_checked_and_complete() {
    let base = serve(Hub { source: models_dir(), task: "facial-recognition", tamper: None }).await;
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = ModelCache::new(cache_dir.path());
    let folder = downloader(base, false).ensure(&cache, Task::FacialRecognition, "buffalo_s").await.unwrap();
    assert_eq!(folder, cache_dir.path().join("facial-recognition/buffalo_s"));
    for part in ["detection/model.onnx", "recognition/model.onnx"] {
        let got = std::fs::read(folder.join(part)).unwrap();
        let want = std::fs::read(models_dir().join("facial-recognition/buffalo_s").join(part)).unwrap();
        assert!(got == want, "{part} differs from the source");
    }
    assert!(!folder.join("detection/armnn").exists(), "another runtime's build was fetched");
    assert!(cache.missing(Task::FacialRecognition, "buffalo_s").is_empty());
}

#[tokio::test]
async fn a_file_damaged_on_the_way_is_refused_and_not_kept() {
    let base = serve(Hub { source: models_dir(), task: "tagging", tamper: Some("labels.txt") }).await;
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = ModelCache::new(cache_dir.path());
    let err = downloader(base, false).ensure(&cache, Task::Tagging, "efficientnet_lite0").await.unwrap_err();
    match &err {
        MlError::Download { model, reason } => {
            assert_eq!(model, "efficientnet_lite0");
            assert!(reason.contains("labels.txt is damaged"), "{reason}");
        }
        other => panic!("expected a download error, got {other:?}"),
    }
    let folder = cache.folder(Task::Tagging, "efficientnet_lite0");
    assert!(!folder.join("labels.txt").exists());
    assert!(!folder.join("labels.txt.part").exists());
}

#[tokio::test]
async fn offline_or_unreachable_hubs_give_a_reason() {
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = ModelCache::new(cache_dir.path());
    let offline = downloader("http://127.0.0.1:9".into(), true).ensure(&cache, Task::Clip, "ViT-B-32__openai").await;
    match offline {
        Err(MlError::Download { reason, .. }) => assert!(reason.contains("downloads are off"), "{reason}"),
        other => panic!("{other:?}"),
    }
    let unreachable =
        downloader("http://127.0.0.1:9".into(), false).ensure(&cache, Task::Clip, "ViT-B-32__openai").await;
    match unreachable {
        Err(MlError::Download { reason, .. }) => {
            assert!(reason.contains("cannot list immich-app/ViT-B-32__openai"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    let bad_name = downloader("http://127.0.0.1:9".into(), false).ensure(&cache, Task::Clip, "../x").await;
    assert!(matches!(bad_name, Err(MlError::ModelFile { .. })));
}

#[tokio::test]
async fn a_model_already_in_the_cache_needs_no_hub() {
    let cache = ModelCache::new(models_dir());
    let folder = downloader("http://127.0.0.1:9".into(), true)
        .ensure(&cache, Task::Detection, "ssd_mobilenet_v2_coco")
        .await
        .unwrap();
    assert_eq!(folder, models_dir().join("detection/ssd_mobilenet_v2_coco"));
}
