//! Machine learning on the server, as pure inference: ONNX Runtime sessions (loaded on first
//! use, unloaded when idle) and the pipelines that turn an image into CLIP embeddings, faces,
//! labels and text. No database here: the jobs store what these return.

pub mod cache;
pub mod clip;
pub mod download;
pub mod error;
pub mod faces;
pub mod image_ops;
pub mod model;
pub mod ocr;
pub mod runtime;
pub mod tags;

pub use error::MlError;
pub use model::Model;
pub use runtime::{Provider, Runtime, RuntimeOptions};
