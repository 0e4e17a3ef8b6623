//! The 0°/180° direction classifier: strips it is sure are upside down are turned before they
//! are read (PaddleOCR's `TextClassifier`, labels '0' and '180').

use super::pack;
use crate::error::MlError;
use crate::model::Model;
use image::RgbImage;

const HEIGHT: u32 = 48;
const WIDTH: u32 = 192;
const BATCH: usize = 6;
/// Turn only when the classifier is this sure: a wrong turn garbles a line that read fine.
const MIN_SCORE: f32 = 0.9;

/// Turns the strips classified as upside down; returns how many were turned.
pub(crate) fn orient(model: &Model, strips: &mut [RgbImage]) -> Result<usize, MlError> {
    let mut turned = 0;
    for batch in strips.chunks_mut(BATCH) {
        let refs: Vec<&RgbImage> = batch.iter().collect();
        let input = pack::pack(&refs, HEIGHT, WIDTH)?;
        let upside_down = super::infer(model, input, |output| {
            let &[count, 2] = output.shape() else {
                return Err(MlError::inference(model.name(), format!("unexpected output shape {:?}", output.shape())));
            };
            Ok((0..count).map(|n| output[[n, 1]] > output[[n, 0]] && output[[n, 1]] > MIN_SCORE).collect::<Vec<_>>())
        })?;
        for (strip, flip) in batch.iter_mut().zip(upside_down) {
            if flip {
                image::imageops::rotate180_in_place(strip);
                turned += 1;
            }
        }
    }
    Ok(turned)
}
