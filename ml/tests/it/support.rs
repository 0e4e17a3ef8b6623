//! Shared test set-up: the runtime, the model cache and corpus folders.

#![allow(dead_code)]

use ml::{Runtime, RuntimeOptions};
use std::path::PathBuf;
use std::sync::Arc;

/// `../shared/models` unless `SHOEBOX_TEST_MODELS` says otherwise.
pub fn models_dir() -> PathBuf {
    std::env::var_os("SHOEBOX_TEST_MODELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/models"))
}

/// `../shared/corpus` unless `SHOEBOX_TEST_CORPUS` says otherwise.
pub fn corpus_dir() -> PathBuf {
    std::env::var_os("SHOEBOX_TEST_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"))
}

/// The process's runtime on CPU with two threads, as on the CI machine.
pub fn runtime() -> Arc<Runtime> {
    let options = RuntimeOptions { intra_threads: 2, ..RuntimeOptions::default() };
    match Runtime::get_or_init(&options) {
        Ok(runtime) => runtime,
        Err(err) => panic!("ONNX Runtime is needed for these tests (set ORT_DYLIB_PATH): {err}"),
    }
}
