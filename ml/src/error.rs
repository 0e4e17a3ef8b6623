//! What can go wrong in inference, in words an admin can act on.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum MlError {
    /// ONNX Runtime itself cannot be loaded or started: every ML job waits for the admin.
    #[error("{0}")]
    Runtime(String),
    #[error("model {model} is not in the model cache (expected {path})")]
    ModelMissing { model: String, path: PathBuf },
    #[error("model {model} at {path} cannot be loaded: {reason}")]
    ModelInvalid { model: String, path: PathBuf, reason: String },
    /// The model could not be fetched (the hub unreachable, a file damaged on the way).
    #[error("model {model} could not be downloaded: {reason}")]
    Download { model: String, reason: String },
    /// A file the model needs beside it (tokenizer, labels, dictionary) is missing or unreadable.
    #[error("model {model}: {reason}")]
    ModelFile { model: String, reason: String },
    #[error("inference failed in {model}: {reason}")]
    Inference { model: String, reason: String },
    /// The image given cannot be used (empty, or not decodable).
    #[error("{0}")]
    Image(String),
}

impl MlError {
    pub fn inference(model: &str, err: impl std::fmt::Display) -> MlError {
        MlError::Inference { model: model.to_string(), reason: err.to_string() }
    }

    /// Whether the model cache or runtime is at fault (the admin must act, every asset would
    /// fail the same way) rather than this one image.
    pub fn is_setup_problem(&self) -> bool {
        matches!(
            self,
            MlError::Runtime(_)
                | MlError::ModelMissing { .. }
                | MlError::ModelInvalid { .. }
                | MlError::ModelFile { .. }
                | MlError::Download { .. }
        )
    }
}
