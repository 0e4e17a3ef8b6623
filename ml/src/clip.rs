//! CLIP: images and search texts embedded in one space, for smart search. A model lives in the
//! model cache as Immich lays it out (`clip/<name>/{config.json, visual/, textual/}`); this
//! module finds its parts, preprocesses images, tokenises text and runs the two encoders.

mod clean;
pub mod encoder;
mod ftfy_tables;
mod html_entities;
mod mojibake;
pub mod preprocess;
pub mod tokenizer;

pub use encoder::{ClipTextual, ClipVisual};
pub use preprocess::{PreprocessConfig, ResizeMode};
pub use tokenizer::ClipTokenizer;

use crate::error::MlError;
use crate::runtime::Runtime;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the parts of one CLIP model are in the model cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClipModelFiles {
    /// The model's name in the cache, e.g. `ViT-B-32__openai`.
    pub name: String,
    /// `clip/<name>`.
    pub dir: PathBuf,
    /// open_clip's `config.json` (embedding size, image size, context length).
    pub config: PathBuf,
    pub visual_model: PathBuf,
    pub preprocess_cfg: PathBuf,
    /// The folder with the text model and its tokenizer files.
    pub textual_dir: PathBuf,
    pub textual_model: PathBuf,
}

impl ClipModelFiles {
    pub fn in_cache(cache_root: &Path, name: &str) -> ClipModelFiles {
        let dir = cache_root.join("clip").join(name);
        let textual_dir = dir.join("textual");
        ClipModelFiles {
            name: name.to_string(),
            config: dir.join("config.json"),
            visual_model: dir.join("visual").join("model.onnx"),
            preprocess_cfg: dir.join("visual").join("preprocess_cfg.json"),
            textual_model: textual_dir.join("model.onnx"),
            textual_dir,
            dir,
        }
    }

    /// The image encoder, its model registered with `runtime` (loaded on first use).
    pub fn visual(&self, runtime: &Arc<Runtime>) -> Result<ClipVisual, MlError> {
        let model = runtime.model(format!("clip/{}/visual", self.name), &self.visual_model);
        ClipVisual::new(model, &self.preprocess_cfg)
    }

    /// The text encoder, its model registered with `runtime` (loaded on first use).
    pub fn textual(&self, runtime: &Arc<Runtime>) -> Result<ClipTextual, MlError> {
        let model = runtime.model(format!("clip/{}/textual", self.name), &self.textual_model);
        ClipTextual::new(model, &self.textual_dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lays_out_the_parts_as_immichs_cache_does() {
        let files = ClipModelFiles::in_cache(Path::new("/cache"), "ViT-B-32__openai");
        assert_eq!(files.dir, Path::new("/cache/clip/ViT-B-32__openai"));
        assert_eq!(files.config, Path::new("/cache/clip/ViT-B-32__openai/config.json"));
        assert_eq!(files.visual_model, Path::new("/cache/clip/ViT-B-32__openai/visual/model.onnx"));
        assert_eq!(files.preprocess_cfg, Path::new("/cache/clip/ViT-B-32__openai/visual/preprocess_cfg.json"));
        assert_eq!(files.textual_dir, Path::new("/cache/clip/ViT-B-32__openai/textual"));
        assert_eq!(files.textual_model, Path::new("/cache/clip/ViT-B-32__openai/textual/model.onnx"));
    }
}
