//! The ImageNet classifier (EfficientNet-Lite0): the photo's short side resized to 256, the
//! centre 224×224 classified, and the softmax's most likely classes returned as labels.

use super::{class_name, read_lines};
use crate::error::MlError;
use crate::image_ops::{self, Channels};
use crate::model::Model;
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;
use ort::value::Tensor;
use std::path::Path;
use std::sync::Arc;

const CLASSES: usize = 1000;
const SIDE: u32 = 224;
/// The short side before the centre crop: ImageNet's usual 224/256 (0.875) crop.
const RESIZED_SHORT_SIDE: u32 = 256;

/// One classifier label: an ImageNet class name and its probability.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Label {
    pub name: String,
    pub score: f32,
}

pub struct Classifier {
    model: Arc<Model>,
    /// Distinct tag names; several classes may share one ("sunglass" and "sunglasses").
    names: Vec<String>,
    /// Class index → index into `names`.
    class_name: Vec<usize>,
}

impl Classifier {
    /// `labels_file` has one ImageNet class per line, in the model's output order (labels.txt
    /// beside the model).
    pub fn new(model: Arc<Model>, labels_file: &Path) -> Result<Self, MlError> {
        let lines = read_lines(model.name(), labels_file, CLASSES, "labels")?;
        let mut names: Vec<String> = Vec::new();
        let mut class_names = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            let name = class_name(model.name(), labels_file, "labels", i, line)?;
            let index = match names.iter().position(|n| *n == name) {
                Some(index) => index,
                None => {
                    names.push(name);
                    names.len() - 1
                }
            };
            class_names.push(index);
        }
        Ok(Classifier { model, names, class_name: class_names })
    }

    /// The `top_k` most likely names with a probability of at least `min_score`, best first.
    /// Classes that share a name add up, as they are one answer to the person searching.
    pub fn classify(&self, image: &RgbImage, top_k: usize, min_score: f32) -> Result<Vec<Label>, MlError> {
        let crop = preprocess(image)?;
        let input = image_ops::to_nchw(&[&crop], Channels::Rgb, 1.0, [127.0; 3], [128.0; 3]);
        let logits = self.model.run(|session| {
            let tensor = Tensor::from_array(input).map_err(|e| MlError::inference(self.model.name(), e))?;
            let outputs =
                session.run(ort::inputs!["input" => tensor]).map_err(|e| MlError::inference(self.model.name(), e))?;
            let logits =
                outputs["logits"].try_extract_array::<f32>().map_err(|e| MlError::inference(self.model.name(), e))?;
            Ok(logits.iter().copied().collect::<Vec<f32>>())
        })?;
        if logits.len() != self.class_name.len() {
            return Err(MlError::inference(
                self.model.name(),
                format!(
                    "the model gave {} scores, the labels file names {} classes",
                    logits.len(),
                    self.class_name.len()
                ),
            ));
        }
        let mut by_name = vec![0.0f32; self.names.len()];
        for (probability, &name) in softmax(&logits).iter().zip(&self.class_name) {
            by_name[name] += probability;
        }
        let mut order: Vec<usize> = (0..by_name.len()).filter(|&i| by_name[i] >= min_score).collect();
        order.sort_by(|&a, &b| by_name[b].total_cmp(&by_name[a]));
        order.truncate(top_k);
        Ok(order.into_iter().map(|i| Label { name: self.names[i].clone(), score: by_name[i] }).collect())
    }
}

/// The centre 224×224 of the image scaled so that its short side is 256 (bilinear, as the
/// model was trained). Only the source box that lands in the crop is resized, straight to
/// 224×224: the same pixels as resizing the whole image and cropping (the filter still reads the
/// pixels around the box), at a fraction of the cost on large photos, and a panorama never
/// becomes a huge intermediate image.
fn preprocess(image: &RgbImage) -> Result<RgbImage, MlError> {
    let (width, height) = image.dimensions();
    if width == 0 || height == 0 {
        return Err(MlError::Image("the image is empty".into()));
    }
    let (resized_width, resized_height) = short_side_size(width, height, RESIZED_SHORT_SIDE);
    let scale_x = f64::from(width) / f64::from(resized_width);
    let scale_y = f64::from(height) / f64::from(resized_height);
    let left = f64::from((resized_width - SIDE) / 2) * scale_x;
    let top = f64::from((resized_height - SIDE) / 2) * scale_y;
    let source = ImageRef::new(width, height, image.as_raw(), PixelType::U8x3)
        .map_err(|e| MlError::Image(format!("bad pixel buffer: {e}")))?;
    let mut target = Image::new(SIDE, SIDE, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Bilinear)).crop(
        left,
        top,
        f64::from(SIDE) * scale_x,
        f64::from(SIDE) * scale_y,
    );
    Resizer::new().resize(&source, &mut target, &options).map_err(|e| MlError::Image(format!("resize failed: {e}")))?;
    RgbImage::from_raw(SIDE, SIDE, target.into_vec())
        .ok_or_else(|| MlError::Image("resize produced a buffer of the wrong size".into()))
}

/// The size with the short side `short` and the aspect ratio kept (rounded, as PIL does).
fn short_side_size(width: u32, height: u32, short: u32) -> (u32, u32) {
    let scale = f64::from(short) / f64::from(width.min(height));
    let scaled = |side: u32| ((f64::from(side) * scale).round() as u32).max(short);
    if width <= height {
        (short, scaled(height))
    } else {
        (scaled(width), short)
    }
}

/// Probabilities from logits, shifted by the largest logit so that `exp` cannot overflow.
fn softmax(logits: &[f32]) -> Vec<f32> {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut exp: Vec<f32> = logits.iter().map(|&x| (x - max).exp()).collect();
    let sum: f32 = exp.iter().sum();
    if sum > 0.0 && sum.is_finite() {
        exp.iter_mut().for_each(|p| *p /= sum);
    }
    exp
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn softmax_gives_probabilities_in_the_logits_order() {
        let p = softmax(&[1.0, 2.0, 3.0]);
        let expected = [0.090_030_57, 0.244_728_48, 0.665_240_94];
        for (got, want) in p.iter().zip(expected) {
            assert!((got - want).abs() < 1e-6, "{p:?}");
        }
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn softmax_does_not_overflow_on_large_logits() {
        let p = softmax(&[1000.0, 1000.0, -1000.0]);
        assert_eq!(p, vec![0.5, 0.5, 0.0]);
        assert!(softmax(&[]).is_empty());
    }

    #[test]
    fn the_short_side_becomes_256_and_the_aspect_ratio_is_kept() {
        assert_eq!(short_side_size(4640, 3472, 256), (342, 256));
        assert_eq!(short_side_size(599, 1200, 256), (256, 513));
        assert_eq!(short_side_size(100, 75, 256), (341, 256));
        assert_eq!(short_side_size(300, 300, 256), (256, 256));
        // A panorama far wider than tall: only its centre is ever resized.
        assert_eq!(short_side_size(10_000, 1, 256), (2_560_000, 256));
    }

    #[test]
    fn the_crop_is_the_centre_of_the_resized_image() {
        // Left third red, middle third green, right third blue: only green survives the crop.
        let image = RgbImage::from_fn(900, 300, |x, _| match x / 300 {
            0 => image::Rgb([255, 0, 0]),
            1 => image::Rgb([0, 255, 0]),
            _ => image::Rgb([0, 0, 255]),
        });
        let crop = preprocess(&image).unwrap();
        assert_eq!(crop.dimensions(), (224, 224));
        assert!(crop.pixels().all(|p| p.0 == [0, 255, 0]));
    }

    #[test]
    fn resizing_only_the_crop_gives_the_pixels_of_a_full_resize_then_crop() {
        // A busy pattern, so that any shift or filter difference shows.
        let image = RgbImage::from_fn(640, 427, |x, y| {
            let v = (x * 7 + y * 13) ^ (x * y);
            image::Rgb([v as u8, (v >> 3) as u8, (x + y) as u8])
        });
        let (w, h) = short_side_size(640, 427, 256);
        let full = image_ops::resize(&image, w, h, crate::image_ops::Filter::Bilinear).unwrap();
        let expected = image::imageops::crop_imm(&full, (w - 224) / 2, (h - 224) / 2, 224, 224).to_image();
        let crop = preprocess(&image).unwrap();
        let worst = crop.as_raw().iter().zip(expected.as_raw()).map(|(a, b)| a.abs_diff(*b)).max().unwrap();
        assert!(worst <= 1, "pixels differ by up to {worst}");
    }

    #[test]
    fn a_panorama_is_classified_from_its_centre_without_a_huge_resize() {
        let panorama = RgbImage::from_pixel(20_000, 2, image::Rgb([9, 8, 7]));
        let crop = preprocess(&panorama).unwrap();
        assert_eq!(crop.dimensions(), (224, 224));
        assert!(crop.pixels().all(|p| p.0 == [9, 8, 7]));
    }
}
