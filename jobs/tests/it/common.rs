//! What the media test suites share: where the corpus is.

use std::path::{Path, PathBuf};

/// The shared test corpus (`SHOEBOX_CORPUS`, default `../shared/corpus` beside the workspace);
/// `None` with a message when it is absent, so a clone elsewhere still passes.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("SHOEBOX_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipping: corpus absent at {}", dir.display());
        None
    }
}
