//! Fetches a missing model into the cache from a Hugging Face endpoint holding Immich's published
//! repositories (`<owner>/<model>`). The repository's file list gives each file's size and hash
//! (SHA-256 for large files, the git blob SHA-1 for small ones); every file is streamed to a
//! `.part` file, checked, then renamed into place, so the cache never holds a half-written or
//! altered model. Progress is kept for the admin to see.

use crate::cache::{is_valid_name, ModelCache, Task};
use crate::error::MlError;
use sha1::Digest as _;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::io::AsyncWriteExt;

#[derive(Debug, Clone)]
pub struct DownloadOptions {
    /// The hub's base URL (`https://huggingface.co` or a mirror).
    pub base_url: String,
    /// The account whose repositories hold the models (`immich-app`).
    pub owner: String,
    /// Never download: a missing model is an error naming what to put where.
    pub offline: bool,
}

/// How far a model's download has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Progress {
    pub done_bytes: u64,
    pub total_bytes: u64,
}

pub struct Downloader {
    options: DownloadOptions,
    client: reqwest::Client,
    progress: Mutex<HashMap<String, Progress>>,
    /// One download per model at a time; others wait and then find it in the cache.
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// The last failed attempt per model: jobs queued behind it fail at once with its reason
    /// for a while, instead of each trying the hub again.
    failures: Mutex<HashMap<String, (std::time::Instant, String)>>,
}

/// How long a failed download is not tried again.
const RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(120);

#[derive(Debug, serde::Deserialize)]
struct TreeEntry {
    #[serde(rename = "type")]
    kind: String,
    path: String,
    #[serde(default)]
    size: u64,
    #[serde(default)]
    oid: String,
    lfs: Option<LfsInfo>,
}

#[derive(Debug, serde::Deserialize)]
struct LfsInfo {
    oid: String,
    size: u64,
}

impl Downloader {
    pub fn new(options: DownloadOptions) -> Downloader {
        let client = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(20))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Downloader {
            options,
            client,
            progress: Mutex::new(HashMap::new()),
            locks: Mutex::new(HashMap::new()),
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Downloads in progress, by `<task>/<model>`.
    pub fn progress(&self) -> HashMap<String, Progress> {
        self.progress.lock().map(|p| p.clone()).unwrap_or_default()
    }

    /// Makes sure the model is complete in the cache, downloading what is missing.
    pub async fn ensure(&self, cache: &ModelCache, task: Task, name: &str) -> Result<PathBuf, MlError> {
        if !is_valid_name(name) {
            return Err(MlError::ModelFile { model: name.to_string(), reason: "not a valid model name".into() });
        }
        let folder = cache.folder(task, name);
        if cache.missing(task, name).is_empty() {
            return Ok(folder);
        }
        let key = format!("{}/{name}", task.folder());
        let lock = {
            let mut locks = self.locks.lock().map_err(|_| MlError::Runtime("download lock poisoned".into()))?;
            locks.entry(key.clone()).or_default().clone()
        };
        let _guard = lock.lock().await;
        let missing = cache.missing(task, name);
        if missing.is_empty() {
            return Ok(folder);
        }
        if self.options.offline {
            return Err(MlError::Download {
                model: name.to_string(),
                reason: format!(
                    "downloads are off (offline) and {} is missing; put the model's files in {}",
                    missing[0],
                    folder.display()
                ),
            });
        }
        if let Some(reason) = self.recent_failure(&key) {
            return Err(MlError::Download { model: name.to_string(), reason });
        }
        let result = self.fetch(task, name, &folder, &key).await;
        if let Ok(mut progress) = self.progress.lock() {
            progress.remove(&key);
        }
        if let Err(MlError::Download { reason, .. }) = &result {
            if let Ok(mut failures) = self.failures.lock() {
                failures.insert(key.clone(), (std::time::Instant::now(), reason.clone()));
            }
        }
        result?;
        let still_missing = cache.missing(task, name);
        if let Some(first) = still_missing.first() {
            return Err(MlError::Download {
                model: name.to_string(),
                reason: format!("the repository has no {first}"),
            });
        }
        Ok(folder)
    }

    fn recent_failure(&self, key: &str) -> Option<String> {
        let failures = self.failures.lock().ok()?;
        let (at, reason) = failures.get(key)?;
        (at.elapsed() < RETRY_AFTER)
            .then(|| format!("{reason} (tried {} s ago; trying again later)", at.elapsed().as_secs()))
    }

    fn repository(&self, name: &str) -> String {
        format!("{}/{name}", self.options.owner)
    }

    async fn fetch(&self, task: Task, name: &str, folder: &Path, key: &str) -> Result<(), MlError> {
        let repository = self.repository(name);
        let base = self.options.base_url.trim_end_matches('/');
        let list_url = format!("{base}/api/models/{repository}/tree/main?recursive=true");
        let failure = |reason: String| MlError::Download { model: name.to_string(), reason };
        let entries: Vec<TreeEntry> = self
            .client
            .get(&list_url)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| failure(format!("cannot list {repository}: {e}")))?
            .json()
            .await
            .map_err(|e| failure(format!("the file list of {repository} is not what a model hub sends: {e}")))?;
        let wanted: Vec<&TreeEntry> = entries.iter().filter(|e| e.kind == "file" && wanted_file(&e.path)).collect();
        let total: u64 = wanted.iter().map(|e| e.lfs.as_ref().map_or(e.size, |l| l.size)).sum();
        tracing::info!(
            model = name,
            task = task.folder(),
            files = wanted.len(),
            total_bytes = total,
            "downloading model"
        );
        self.set_progress(key, 0, total);
        let mut done = 0u64;
        for entry in wanted {
            let target = folder.join(&entry.path);
            if target.is_file() {
                done += entry.lfs.as_ref().map_or(entry.size, |l| l.size);
                continue;
            }
            let url = format!("{base}/{repository}/resolve/main/{}", entry.path);
            done = self.fetch_file(&url, entry, &target, key, done, total).await.map_err(failure)?;
        }
        tracing::info!(model = name, task = task.folder(), "model downloaded");
        Ok(())
    }

    async fn fetch_file(
        &self,
        url: &str,
        entry: &TreeEntry,
        target: &Path,
        key: &str,
        mut done: u64,
        total: u64,
    ) -> Result<u64, String> {
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent).await.map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let part =
            target.with_extension(format!("{}.part", target.extension().and_then(|e| e.to_str()).unwrap_or_default()));
        let mut response = self
            .client
            .get(url)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| format!("cannot fetch {}: {e}", entry.path))?;
        let mut file =
            tokio::fs::File::create(&part).await.map_err(|e| format!("cannot write {}: {e}", part.display()))?;
        let expected_size = entry.lfs.as_ref().map_or(entry.size, |l| l.size);
        let mut check = Check::for_entry(entry);
        let mut size = 0u64;
        let mut last_logged = 0u64;
        let outcome: Result<(), String> = async {
            while let Some(chunk) = response.chunk().await.map_err(|e| format!("{} broke off: {e}", entry.path))? {
                size += chunk.len() as u64;
                if size > expected_size {
                    return Err(format!("{} is larger than the {expected_size} bytes announced", entry.path));
                }
                check.update(&chunk);
                file.write_all(&chunk).await.map_err(|e| format!("cannot write {}: {e}", part.display()))?;
                done += chunk.len() as u64;
                self.set_progress(key, done, total);
                if done - last_logged >= 16 * 1024 * 1024 {
                    last_logged = done;
                    tracing::info!(model = key, done_bytes = done, total_bytes = total, "downloading model");
                }
            }
            file.flush().await.map_err(|e| format!("cannot write {}: {e}", part.display()))?;
            file.sync_all().await.map_err(|e| format!("cannot write {}: {e}", part.display()))?;
            if size != expected_size {
                return Err(format!("{} has {size} bytes, {expected_size} were announced", entry.path));
            }
            check.verify(entry, size)
        }
        .await;
        if let Err(reason) = outcome {
            let _ = tokio::fs::remove_file(&part).await;
            return Err(reason);
        }
        tokio::fs::rename(&part, target).await.map_err(|e| format!("cannot put {} in place: {e}", target.display()))?;
        Ok(done)
    }

    fn set_progress(&self, key: &str, done_bytes: u64, total_bytes: u64) {
        if let Ok(mut progress) = self.progress.lock() {
            progress.insert(key.to_string(), Progress { done_bytes, total_bytes });
        }
    }
}

/// Files a model needs: ONNX graphs (and their external data), JSON configs, text tables; at
/// most one folder deep, which leaves out the other runtimes' builds Immich publishes beside
/// them (`visual/fp16/model.armnn`, `…/rknpu/…`).
fn wanted_file(path: &str) -> bool {
    let depth = path.matches('/').count();
    let file = path.rsplit('/').next().unwrap_or(path);
    depth <= 1
        && (file.starts_with("model.onnx") || file.ends_with(".json") || file.ends_with(".txt"))
        && !file.starts_with('.')
}

/// The integrity check of a file: SHA-256 for large (LFS) files, the git blob SHA-1 otherwise.
enum Check {
    Sha256(sha2::Sha256),
    GitBlob(sha1::Sha1),
}

impl Check {
    fn for_entry(entry: &TreeEntry) -> Check {
        match &entry.lfs {
            Some(_) => Check::Sha256(sha2::Sha256::new()),
            None => {
                let mut hasher = sha1::Sha1::new();
                hasher.update(format!("blob {}\0", entry.size).as_bytes());
                Check::GitBlob(hasher)
            }
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            Check::Sha256(h) => sha2::Digest::update(h, bytes),
            Check::GitBlob(h) => h.update(bytes),
        }
    }

    fn verify(self, entry: &TreeEntry, _size: u64) -> Result<(), String> {
        let (got, expected) = match (self, &entry.lfs) {
            (Check::Sha256(h), Some(lfs)) => (hex(&sha2::Digest::finalize(h)), lfs.oid.to_ascii_lowercase()),
            (Check::GitBlob(h), _) => (hex(&h.finalize()), entry.oid.to_ascii_lowercase()),
            (Check::Sha256(_), None) => return Ok(()),
        };
        if got == expected {
            Ok(())
        } else {
            Err(format!("{} is damaged: its hash is {got}, the repository says {expected}", entry.path))
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_model_files_and_leaves_other_runtimes_builds() {
        for path in
            ["config.json", "visual/model.onnx", "textual/vocab.json", "recognition/keys.txt", "visual/model.onnx_data"]
        {
            assert!(wanted_file(path), "{path}");
        }
        for path in
            ["visual/fp16/model.armnn", "visual/rknpu/rk3588/model.rknn", "README.md", ".gitattributes", "a/b/c.json"]
        {
            assert!(!wanted_file(path), "{path}");
        }
    }

    #[test]
    fn git_blob_hash_of_known_content() {
        // `printf 'hello\n' | git hash-object --stdin`
        let entry = TreeEntry {
            kind: "file".into(),
            path: "x.txt".into(),
            size: 6,
            oid: "ce013625030ba8dba906f756967f9e9ca394464a".into(),
            lfs: None,
        };
        let mut check = Check::for_entry(&entry);
        check.update(b"hello\n");
        assert_eq!(check.verify(&entry, 6), Ok(()));
        let mut bad = Check::for_entry(&entry);
        bad.update(b"hellO\n");
        assert!(bad.verify(&entry, 6).is_err());
    }
}
