//! ArcFace recognition: aligned face crops in, one L2-normalised embedding per face out. All faces
//! of a photo go through the model in one batch, which costs far less than one run per face.

use crate::error::MlError;
use crate::image_ops::{self, Channels};
use crate::model::Model;
use image::RgbImage;
use ort::value::Tensor;
use std::sync::{Arc, OnceLock};

/// The crop insightface's ArcFace models take when the model does not say.
const DEFAULT_SIZE: u32 = 112;
/// Faces per run. A crowd photo could hold hundreds, and a batch's activations grow with it
/// (buffalo_l's ResNet-50 most of all); batches this large are already as fast per face.
const MAX_BATCH: usize = 64;

pub(crate) struct Recognizer {
    model: Arc<Model>,
    /// Read from the first session, so later calls warp without holding a session.
    input: OnceLock<Input>,
}

#[derive(Debug, Clone)]
struct Input {
    name: String,
    size: u32,
}

impl Recognizer {
    pub fn new(model: Arc<Model>) -> Recognizer {
        Recognizer { model, input: OnceLock::new() }
    }

    /// The side of the square crops `embed` takes.
    pub fn crop_size(&self) -> Result<u32, MlError> {
        Ok(self.input()?.size)
    }

    /// One unit-length embedding per crop, in order. Crops must be `crop_size()` square.
    pub fn embed(&self, crops: &[RgbImage]) -> Result<Vec<Vec<f32>>, MlError> {
        let input = self.input()?;
        let model = self.model.name();
        let mut embeddings = Vec::with_capacity(crops.len());
        for batch in crops.chunks(MAX_BATCH) {
            let images: Vec<&RgbImage> = batch.iter().collect();
            if images.iter().any(|i| i.dimensions() != (input.size, input.size)) {
                return Err(MlError::Image(format!("face crops must be {0}×{0}", input.size)));
            }
            let tensor = image_ops::to_nchw(&images, Channels::Rgb, 1.0, [127.5; 3], [127.5; 3]);
            self.model.run(|session| {
                let tensor = Tensor::from_array(tensor).map_err(|e| MlError::inference(model, e))?;
                let outputs = session
                    .run(ort::inputs![input.name.as_str() => tensor])
                    .map_err(|e| MlError::inference(model, e))?;
                let (_, data) = outputs[0].try_extract_tensor::<f32>().map_err(|e| MlError::inference(model, e))?;
                let dims = data.len() / batch.len();
                if dims == 0 || data.len() != dims * batch.len() {
                    return Err(MlError::inference(
                        model,
                        format!("{} values for {} faces is not one embedding per face", data.len(), batch.len()),
                    ));
                }
                embeddings.extend(data.chunks_exact(dims).map(normalised));
                Ok(())
            })?;
        }
        Ok(embeddings)
    }

    fn input(&self) -> Result<Input, MlError> {
        if let Some(input) = self.input.get() {
            return Ok(input.clone());
        }
        let input = self.model.run(|session| {
            let outlet = session.inputs().first().ok_or_else(|| MlError::ModelInvalid {
                model: self.model.name().to_string(),
                path: self.model.path().to_path_buf(),
                reason: "not an ArcFace model: it has no input".into(),
            })?;
            let dims = outlet.dtype().tensor_shape().map(|s| s.to_vec()).unwrap_or_default();
            let size = dims.get(2).copied().filter(|&d| d > 0).map_or(DEFAULT_SIZE, |d| d as u32);
            Ok(Input { name: outlet.name().to_string(), size })
        })?;
        Ok(self.input.get_or_init(|| input).clone())
    }
}

fn normalised(embedding: &[f32]) -> Vec<f32> {
    let norm = embedding.iter().map(|v| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        embedding.iter().map(|v| v / norm).collect()
    } else {
        embedding.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeddings_are_scaled_to_unit_length() {
        assert_eq!(normalised(&[3.0, 0.0, -4.0]), [0.6, 0.0, -0.8]);
        assert_eq!(normalised(&[0.0, 0.0]), [0.0, 0.0]);
    }
}
