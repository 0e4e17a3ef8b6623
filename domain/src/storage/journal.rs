//! A crash between putting an original in place and committing its row would leave a file that
//! no row points to. Before the rename a small journal file names the asset and its path; after
//! the commit it is removed. At start-up each journal left over is settled: if the row exists the
//! upload finished, otherwise the orphaned original is removed.

use std::path::{Path, PathBuf};
use uuid::Uuid;

const SUFFIX: &str = ".commit";

pub fn is_journal(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(SUFFIX))
}

#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
}

impl Journal {
    /// Writes `<temp>/<asset>.commit` holding the original's path relative to the data directory.
    pub async fn begin(temp_dir: &Path, asset: Uuid, original_relative: &Path) -> std::io::Result<Journal> {
        tokio::fs::create_dir_all(temp_dir).await?;
        let path = temp_dir.join(format!("{asset}{SUFFIX}"));
        let mut file = tokio::fs::File::create(&path).await?;
        tokio::io::AsyncWriteExt::write_all(&mut file, original_relative.to_string_lossy().as_bytes()).await?;
        file.sync_all().await?;
        Ok(Journal { path })
    }

    pub async fn finish(self) {
        let _ = tokio::fs::remove_file(&self.path).await;
    }
}

/// The journals left by interrupted commits: (asset id, original path relative to the data
/// directory, the journal's own path).
pub fn pending(temp_dir: &Path) -> Vec<(Uuid, PathBuf, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(temp_dir) else { return Vec::new() };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| is_journal(p))
        .filter_map(|journal| {
            let name = journal.file_name()?.to_str()?.strip_suffix(SUFFIX)?.to_string();
            let id = Uuid::parse_str(&name).ok()?;
            let original = PathBuf::from(std::fs::read_to_string(&journal).ok()?);
            // Only ever a path under `upload/`, whatever the file says.
            let safe = original.starts_with("upload")
                && original.components().all(|c| matches!(c, std::path::Component::Normal(_)));
            safe.then_some((id, original, journal))
        })
        .collect()
}
