//! Where files live under the data directory (the shape of an Immich `UPLOAD_LOCATION`):
//! `upload/<user>/<aa>/<bb>/<asset><ext>` for originals, `upload/.tmp/` for uploads in flight.
//! The temporary folder sits on the same file system as the originals so that putting a file in
//! place is an atomic rename.

pub mod journal;
pub mod staging;
pub mod zip_stream;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Storage {
    root: PathBuf,
}

impl Storage {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Storage { root: data_dir.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn temp_dir(&self) -> PathBuf {
        self.root.join("upload").join(".tmp")
    }

    /// The original's path relative to the data directory; stored in the database so the data
    /// directory can move.
    pub fn original_relative(owner: Uuid, asset: Uuid, extension: &str) -> PathBuf {
        let id = asset.simple().to_string();
        PathBuf::from("upload")
            .join(owner.to_string())
            .join(&id[0..2])
            .join(&id[2..4])
            .join(format!("{asset}{extension}"))
    }

    /// A generated file's path relative to the data directory, as Immich lays them out:
    /// `thumbs/<user>/<aa>/<bb>/<asset>-<suffix>` (suffix `thumbnail.webp`, `preview.jpeg`).
    pub fn generated_relative(owner: Uuid, asset: Uuid, suffix: &str) -> PathBuf {
        let id = asset.simple().to_string();
        PathBuf::from("thumbs")
            .join(owner.to_string())
            .join(&id[0..2])
            .join(&id[2..4])
            .join(format!("{asset}-{suffix}"))
    }

    pub fn absolute(&self, relative: &Path) -> PathBuf {
        self.root.join(relative)
    }

    /// Removes temporary files older than `min_age` (all of them with `Duration::ZERO`): what
    /// interrupted uploads left behind. Files younger than that may belong to another process
    /// sharing this storage, so they stay.
    pub fn sweep_temp(&self, min_age: Duration) -> std::io::Result<usize> {
        let dir = self.temp_dir();
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(err) => return Err(err),
        };
        let now = SystemTime::now();
        let mut removed = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            if journal::is_journal(&path) {
                continue; // settled by the journal replay, which needs the database
            }
            let old_enough = entry
                .metadata()
                .and_then(|m| m.modified())
                .map(|modified| now.duration_since(modified).unwrap_or_default() >= min_age)
                .unwrap_or(true);
            if old_enough && std::fs::remove_file(&path).is_ok() {
                removed += 1;
            }
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn originals_are_spread_over_two_levels() {
        let owner = Uuid::nil();
        let asset = Uuid::parse_str("abcdef01-2345-6789-abcd-ef0123456789").unwrap_or_default();
        let path = Storage::original_relative(owner, asset, ".jpg");
        assert_eq!(
            path,
            PathBuf::from("upload/00000000-0000-0000-0000-000000000000/ab/cd/abcdef01-2345-6789-abcd-ef0123456789.jpg")
        );
    }

    #[test]
    fn sweep_removes_only_old_temporaries() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let storage = Storage::new(dir.path());
        std::fs::create_dir_all(storage.temp_dir()).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(storage.temp_dir().join("upload-1"), b"partial").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(storage.sweep_temp(Duration::from_secs(3600)).ok(), Some(0), "too young");
        assert_eq!(storage.sweep_temp(Duration::ZERO).ok(), Some(1));
        assert!(!storage.temp_dir().join("upload-1").exists());
    }
}
