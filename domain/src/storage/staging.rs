//! Receiving a file: the body is written to a temporary file while its SHA-1 is computed, so
//! memory stays flat whatever the size. The temporary file is removed if the staged file is
//! dropped without being put in place (a failed or abandoned upload).

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use sha1::{Digest, Sha1};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

#[derive(Debug, thiserror::Error)]
pub enum StageError {
    #[error("the upload is larger than the {limit} bytes allowed")]
    TooLarge { limit: u64 },
    #[error("the upload was interrupted: {0}")]
    Body(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

#[derive(Debug)]
pub struct StagedFile {
    path: PathBuf,
    pub size: u64,
    /// Lower-case hex.
    pub sha1: String,
    placed: bool,
}

impl StagedFile {
    /// Moves the file to `destination` (same file system: an atomic rename).
    pub async fn place(mut self, destination: &Path) -> std::io::Result<()> {
        if let Some(parent) = destination.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        tokio::fs::rename(&self.path, destination).await?;
        self.placed = true;
        Ok(())
    }
}

impl Drop for StagedFile {
    fn drop(&mut self) {
        if !self.placed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Streams `body` into a new file in `temp_dir`, refusing more than `limit` bytes.
pub async fn stage<S, E>(temp_dir: &Path, mut body: S, limit: Option<u64>) -> Result<StagedFile, StageError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    tokio::fs::create_dir_all(temp_dir).await?;
    let path = temp_dir.join(format!("upload-{}", uuid::Uuid::new_v4().simple()));
    let file = tokio::fs::File::create(&path).await?;
    // From here on the guard removes the file on every early return.
    let mut staged = StagedFile { path, size: 0, sha1: String::new(), placed: false };
    let mut writer = tokio::io::BufWriter::with_capacity(256 * 1024, file);
    let mut hasher = Sha1::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| StageError::Body(e.to_string()))?;
        staged.size += chunk.len() as u64;
        if let Some(limit) = limit.filter(|limit| staged.size > *limit) {
            return Err(StageError::TooLarge { limit });
        }
        hasher.update(&chunk);
        writer.write_all(&chunk).await?;
    }
    writer.flush().await?;
    // On disk before the database says it exists.
    writer.into_inner().sync_all().await?;
    staged.sha1 = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(staged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::stream;

    fn chunks(
        parts: Vec<Result<&'static [u8], &'static str>>,
    ) -> impl Stream<Item = Result<Bytes, &'static str>> + Unpin {
        stream::iter(parts.into_iter().map(|p| p.map(Bytes::from_static)))
    }

    fn temp_files(dir: &Path) -> usize {
        std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
    }

    #[tokio::test]
    async fn hashes_while_writing_and_places_atomically() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let tmp = dir.path().join("tmp");
        let staged = stage(&tmp, chunks(vec![Ok(b"ab"), Ok(b"c")]), None).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((staged.size, staged.sha1.as_str()), (3, "a9993e364706816aba3e25717850c26c9cd0d89d"));
        let dest = dir.path().join("final/abc.jpg");
        staged.place(&dest).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read(&dest).ok(), Some(b"abc".to_vec()));
        assert_eq!(temp_files(&tmp), 0);
    }

    #[tokio::test]
    async fn interrupted_or_oversized_uploads_leave_nothing() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let tmp = dir.path().join("tmp");
        let broken = stage(&tmp, chunks(vec![Ok(b"abc"), Err("connection reset")]), None).await;
        assert!(matches!(broken, Err(StageError::Body(ref m)) if m == "connection reset"), "{broken:?}");
        let big = stage(&tmp, chunks(vec![Ok(b"abc"), Ok(b"def")]), Some(4)).await;
        assert!(matches!(big, Err(StageError::TooLarge { limit: 4 })), "{big:?}");
        let dropped = stage(&tmp, chunks(vec![Ok(b"abc")]), None).await;
        drop(dropped);
        assert_eq!(temp_files(&tmp), 0);
    }
}
