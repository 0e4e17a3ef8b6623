//! The two halves of a CLIP model: images and texts in, unit-length embeddings out, so that a
//! dot product between them is their cosine similarity. The ONNX files are Immich's exports;
//! input and output names and the token id type are read from each session, not assumed.

use super::preprocess::PreprocessConfig;
use super::tokenizer::{ClipTokenizer, DEFAULT_CONTEXT_LENGTH};
use crate::error::MlError;
use crate::model::Model;
use image::RgbImage;
use ort::session::{Session, SessionOutputs};
use ort::value::{Tensor, TensorElementType};
use std::path::Path;
use std::sync::Arc;

/// The image encoder: `[N,3,S,S]` float pixels → `[N,D]`.
pub struct ClipVisual {
    model: Arc<Model>,
    preprocess: PreprocessConfig,
}

impl ClipVisual {
    /// `preprocess_cfg` is the model's `visual/preprocess_cfg.json`.
    pub fn new(model: Arc<Model>, preprocess_cfg: &Path) -> Result<ClipVisual, MlError> {
        let preprocess = PreprocessConfig::load(preprocess_cfg, model.name())?;
        Ok(ClipVisual { model, preprocess })
    }

    pub fn with_config(model: Arc<Model>, preprocess: PreprocessConfig) -> ClipVisual {
        ClipVisual { model, preprocess }
    }

    pub fn preprocess_config(&self) -> &PreprocessConfig {
        &self.preprocess
    }

    pub fn model(&self) -> &Arc<Model> {
        &self.model
    }

    /// One unit-length embedding per image, in order, from one inference over the whole batch
    /// (the caller sizes batches: each image costs 600 KB of tensor).
    pub fn embed(&self, images: &[&RgbImage]) -> Result<Vec<Vec<f32>>, MlError> {
        if images.is_empty() {
            return Ok(Vec::new());
        }
        let batch = self.preprocess.tensor(images)?;
        let name = self.model.name();
        let size = i64::from(self.preprocess.size);
        self.model.run(|session| {
            let input = first_input(session, name)?;
            if let Some(shape) = session.inputs()[0].dtype().tensor_shape() {
                let sides = shape.get(2..4).unwrap_or(&[]);
                if sides.iter().any(|&side| side > 0 && side != size) {
                    return Err(MlError::inference(
                        name,
                        format!("the model takes {sides:?} images but preprocess_cfg.json says {size}"),
                    ));
                }
            }
            let tensor = Tensor::from_array(batch).map_err(|e| MlError::inference(name, e))?;
            let outputs = session.run(ort::inputs![input => tensor]).map_err(|e| MlError::inference(name, e))?;
            unit_rows(&outputs, images.len(), name)
        })
    }
}

/// The text encoder: `[N,77]` token ids (int32 or int64, as the export chose) → `[N,D]`.
pub struct ClipTextual {
    model: Arc<Model>,
    tokenizer: ClipTokenizer,
}

impl ClipTextual {
    /// `textual_dir` is the model's `textual/` folder, holding the tokenizer files; the context
    /// length comes from `config.json` beside it (77 when that file is absent).
    pub fn new(model: Arc<Model>, textual_dir: &Path) -> Result<ClipTextual, MlError> {
        let tokenizer = ClipTokenizer::load(textual_dir, model.name())?;
        let config = textual_dir.parent().map(|dir| dir.join("config.json"));
        let context_length = match config {
            Some(path) if path.is_file() => context_length(&path, model.name())?,
            _ => DEFAULT_CONTEXT_LENGTH,
        };
        Ok(ClipTextual { model, tokenizer: tokenizer.with_context_length(context_length) })
    }

    pub fn with_tokenizer(model: Arc<Model>, tokenizer: ClipTokenizer) -> ClipTextual {
        ClipTextual { model, tokenizer }
    }

    pub fn tokenizer(&self) -> &ClipTokenizer {
        &self.tokenizer
    }

    pub fn model(&self) -> &Arc<Model> {
        &self.model
    }

    /// The unit-length embedding of one text (a search query).
    pub fn embed(&self, text: &str) -> Result<Vec<f32>, MlError> {
        let ids = self.tokenizer.tokenize(text);
        let shape = [1usize, ids.len()];
        let name = self.model.name();
        let mut rows = self.model.run(|session| {
            let input = first_input(session, name)?;
            let dtype = session.inputs()[0].dtype();
            if let Some(&length) = dtype.tensor_shape().and_then(|s| s.get(1)) {
                if length > 0 && length as usize != ids.len() {
                    return Err(MlError::inference(
                        name,
                        format!("the model takes {length} tokens but the tokenizer makes {}", ids.len()),
                    ));
                }
            }
            let outputs = match dtype.tensor_type() {
                Some(TensorElementType::Int32) => {
                    // The tokenizer checked that every id of its vocabulary fits.
                    let ids: Vec<i32> = ids.iter().map(|&id| id as i32).collect();
                    let tensor = Tensor::from_array((shape, ids)).map_err(|e| MlError::inference(name, e))?;
                    session.run(ort::inputs![input => tensor])
                }
                Some(TensorElementType::Int64) => {
                    let ids: Vec<i64> = ids.iter().map(|&id| i64::from(id)).collect();
                    let tensor = Tensor::from_array((shape, ids)).map_err(|e| MlError::inference(name, e))?;
                    session.run(ort::inputs![input => tensor])
                }
                other => {
                    return Err(MlError::inference(name, format!("the model takes {other:?} input, not token ids")));
                }
            }
            .map_err(|e| MlError::inference(name, e))?;
            unit_rows(&outputs, 1, name)
        })?;
        rows.pop().ok_or_else(|| MlError::inference(name, "no embedding came back"))
    }
}

fn first_input(session: &Session, model: &str) -> Result<String, MlError> {
    session
        .inputs()
        .first()
        .map(|input| input.name().to_string())
        .ok_or_else(|| MlError::inference(model, "the model has no input"))
}

/// The first output as `rows` embeddings, each scaled to unit length.
fn unit_rows(outputs: &SessionOutputs<'_>, rows: usize, model: &str) -> Result<Vec<Vec<f32>>, MlError> {
    let output = outputs.values().next().ok_or_else(|| MlError::inference(model, "the model has no output"))?;
    let array = output.try_extract_array::<f32>().map_err(|e| MlError::inference(model, e))?;
    if array.ndim() != 2 || array.shape()[0] != rows {
        return Err(MlError::inference(model, format!("expected {rows} embeddings, got shape {:?}", array.shape())));
    }
    Ok(array.outer_iter().map(|row| unit_length(row.iter().copied().collect())).collect())
}

/// Scales to length 1 so a dot product is a cosine; a zero vector stays zero.
fn unit_length(mut vector: Vec<f32>) -> Vec<f32> {
    let norm = vector.iter().map(|v| f64::from(*v) * f64::from(*v)).sum::<f64>().sqrt();
    if norm > 0.0 {
        vector.iter_mut().for_each(|v| *v = (f64::from(*v) / norm) as f32);
    }
    vector
}

/// `text_cfg.context_length` of open_clip's `config.json`.
fn context_length(path: &Path, model: &str) -> Result<usize, MlError> {
    let invalid = |reason: String| MlError::ModelFile {
        model: model.to_string(),
        reason: format!("{}: {reason}", path.display()),
    };
    let text = std::fs::read_to_string(path).map_err(|e| invalid(e.to_string()))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    match json.pointer("/text_cfg/context_length") {
        None => Ok(DEFAULT_CONTEXT_LENGTH),
        Some(value) => value
            .as_u64()
            .filter(|&n| n >= 2)
            .map(|n| n as usize)
            .ok_or_else(|| invalid(format!("text_cfg.context_length {value} is not a length"))),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn scales_to_unit_length() {
        let unit = unit_length(vec![3.0, 4.0]);
        assert!((unit[0] - 0.6).abs() < 1e-7 && (unit[1] - 0.8).abs() < 1e-7);
        assert_eq!(unit_length(vec![0.0, 0.0]), vec![0.0, 0.0]);
    }

    #[test]
    fn reads_the_context_length_from_config_json() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        std::fs::write(&path, r#"{"embed_dim": 512, "text_cfg": {"context_length": 64}}"#).unwrap();
        assert_eq!(context_length(&path, "m").unwrap(), 64);
        std::fs::write(&path, r#"{"embed_dim": 512}"#).unwrap();
        assert_eq!(context_length(&path, "m").unwrap(), 77);
        std::fs::write(&path, r#"{"text_cfg": {"context_length": "long"}}"#).unwrap();
        assert!(matches!(context_length(&path, "m"), Err(MlError::ModelFile { .. })));
        std::fs::write(&path, "{").unwrap();
        assert!(matches!(context_length(&path, "m"), Err(MlError::ModelFile { .. })));
    }
}
