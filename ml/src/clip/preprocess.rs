//! CLIP's image preprocessing as Immich does it with PIL: the short side resized to the model's
//! size (bicubic), the centre square cut out, then `(pixel / 255 − mean) / std` per channel into
//! `[N,3,size,size]`. Each model says its size and statistics in `visual/preprocess_cfg.json`.

use crate::error::MlError;
use crate::image_ops::{resize, to_nchw, Channels, Filter};
use image::RgbImage;
use ndarray::Array4;
use std::path::Path;

/// How far the long side may exceed the short one before the image is first cut to its centre
/// part. Past this, resizing the whole strip would cost memory for pixels the crop throws away
/// (a 100000×10 strip would need 1.5 GB); the cut changes nothing visible but the reference's
/// resampling grid, by less than a pixel.
const MAX_ASPECT: u32 = 16;

/// How the image is brought to the model's size (open_clip's `resize_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResizeMode {
    /// Short side to the size, then the centre square (CLIP's training preprocessing).
    Shortest,
    /// Both sides to the size, ignoring the aspect ratio.
    Squash,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PreprocessConfig {
    /// The square side the model takes.
    pub size: u32,
    pub mean: [f32; 3],
    pub std: [f32; 3],
    pub filter: Filter,
    pub resize_mode: ResizeMode,
}

impl Default for PreprocessConfig {
    /// OpenAI's CLIP models at 224 px.
    // The statistics as open_clip publishes them, though f32 keeps fewer digits.
    #[allow(clippy::excessive_precision)]
    fn default() -> Self {
        PreprocessConfig {
            size: 224,
            mean: [0.481_454_66, 0.457_827_5, 0.408_210_73],
            std: [0.268_629_54, 0.261_302_58, 0.275_777_11],
            filter: Filter::Bicubic,
            resize_mode: ResizeMode::Shortest,
        }
    }
}

#[derive(serde::Deserialize)]
struct ConfigJson {
    size: SizeJson,
    #[serde(default)]
    mode: Option<String>,
    mean: [f32; 3],
    std: [f32; 3],
    #[serde(default)]
    interpolation: Option<String>,
    #[serde(default)]
    resize_mode: Option<String>,
}

/// open_clip writes the size as one number or as `[height, width]`.
#[derive(serde::Deserialize, Clone, Copy)]
#[serde(untagged)]
enum SizeJson {
    Square(u32),
    Pair([u32; 2]),
}

impl PreprocessConfig {
    /// Reads a model's `preprocess_cfg.json`; `model` names the model in errors.
    pub fn load(path: &Path, model: &str) -> Result<PreprocessConfig, MlError> {
        let invalid = |reason: String| MlError::ModelFile {
            model: model.to_string(),
            reason: format!("preprocessing file {}: {reason}", path.display()),
        };
        let text = std::fs::read_to_string(path).map_err(|e| invalid(e.to_string()))?;
        PreprocessConfig::from_json(&text).map_err(invalid)
    }

    pub fn from_json(text: &str) -> Result<PreprocessConfig, String> {
        let json: ConfigJson = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let size = match json.size {
            SizeJson::Square(size) | SizeJson::Pair([size, _]) if size > 0 => size,
            _ => return Err("the size must be positive".into()),
        };
        if let SizeJson::Pair([height, width]) = json.size {
            if height != width {
                return Err(format!("only square inputs are supported, not {height}×{width}"));
            }
        }
        if let Some(mode) = json.mode.as_deref().filter(|m| *m != "RGB") {
            return Err(format!("colour mode {mode:?} is not supported (only RGB)"));
        }
        if json.std.iter().any(|s| !s.is_finite() || *s <= 0.0) || json.mean.iter().any(|m| !m.is_finite()) {
            return Err("mean and std must be finite, std positive".into());
        }
        let filter = match json.interpolation.as_deref().unwrap_or("bicubic") {
            "bicubic" => Filter::Bicubic,
            "bilinear" => Filter::Bilinear,
            other => return Err(format!("interpolation {other:?} is not supported (bicubic or bilinear)")),
        };
        let resize_mode = match json.resize_mode.as_deref().unwrap_or("shortest") {
            "shortest" => ResizeMode::Shortest,
            "squash" => ResizeMode::Squash,
            other => return Err(format!("resize mode {other:?} is not supported (shortest or squash)")),
        };
        Ok(PreprocessConfig { size, mean: json.mean, std: json.std, filter, resize_mode })
    }

    /// The `size`×`size` image the model sees.
    pub fn resize_and_crop(&self, image: &RgbImage) -> Result<RgbImage, MlError> {
        let (width, height) = image.dimensions();
        if width == 0 || height == 0 {
            return Err(MlError::Image("the image is empty".into()));
        }
        if self.resize_mode == ResizeMode::Squash {
            return self.resize(image, self.size, self.size);
        }
        let (short, long) = (width.min(height), width.max(height));
        if long / short > MAX_ASPECT {
            let keep = short * MAX_ASPECT;
            let (x, y) = if width > height { ((width - keep) / 2, 0) } else { (0, (height - keep) / 2) };
            let (w, h) = if width > height { (keep, height) } else { (width, keep) };
            let centre = image::imageops::crop_imm(image, x, y, w, h).to_image();
            return self.resize_and_crop(&centre);
        }
        // Immich's resize_pil: the long side is the exact ratio times the size, truncated, in
        // the same float arithmetic, so that both produce the same pixel grid.
        let size = f64::from(self.size);
        let (new_width, new_height) = if width < height {
            (self.size, (f64::from(height) / f64::from(width) * size) as u32)
        } else {
            ((f64::from(width) / f64::from(height) * size) as u32, self.size)
        };
        let resized = self.resize(image, new_width, new_height)?;
        // Immich's crop_pil: int(side / 2 − size / 2), truncated.
        let left = (f64::from(new_width) / 2.0 - size / 2.0) as u32;
        let top = (f64::from(new_height) / 2.0 - size / 2.0) as u32;
        Ok(image::imageops::crop_imm(&resized, left, top, self.size, self.size).to_image())
    }

    /// PIL's order: the horizontal pass, rounded to 8 bits, then the vertical one.
    /// fast_image_resize may pick the other order, which moves about one value in seven by a
    /// level when both sides change; one axis per call pins the order.
    fn resize(&self, image: &RgbImage, width: u32, height: u32) -> Result<RgbImage, MlError> {
        let wide = resize(image, width, image.height(), self.filter)?;
        resize(&wide, width, height, self.filter)
    }

    /// The batch the visual encoder takes: `[N,3,size,size]`.
    pub fn tensor(&self, images: &[&RgbImage]) -> Result<Array4<f32>, MlError> {
        let squares = images.iter().map(|image| self.resize_and_crop(image)).collect::<Result<Vec<_>, _>>()?;
        let squares: Vec<&RgbImage> = squares.iter().collect();
        Ok(to_nchw(&squares, Channels::Rgb, 255.0, self.mean, self.std))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_immichs_preprocess_cfg() {
        let config = PreprocessConfig::from_json(
            r#"{"size": [224, 224], "mode": "RGB", "mean": [0.48145466, 0.4578275, 0.40821073],
                "std": [0.26862954, 0.26130258, 0.27577711], "interpolation": "bicubic",
                "resize_mode": "shortest", "fill_color": 0}"#,
        )
        .unwrap();
        assert_eq!(config, PreprocessConfig::default());
        let single =
            PreprocessConfig::from_json(r#"{"size": 336, "mean": [0.5,0.5,0.5], "std": [0.5,0.5,0.5]}"#).unwrap();
        assert_eq!(single.size, 336);
        assert_eq!(single.filter, Filter::Bicubic);
        for bad in [
            r#"{"size": [224, 256], "mean": [0,0,0], "std": [1,1,1]}"#,
            r#"{"size": 224, "mean": [0,0,0], "std": [1,0,1]}"#,
            r#"{"size": 224, "mean": [0,0,0], "std": [1,1,1], "interpolation": "lanczos"}"#,
            r#"{"size": 224, "mean": [0,0,0], "std": [1,1,1], "resize_mode": "longest"}"#,
            r#"{"size": 224, "mean": [0,0], "std": [1,1,1]}"#,
        ] {
            assert!(PreprocessConfig::from_json(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn keeps_the_centre_of_the_short_side_resized() {
        let config = PreprocessConfig { size: 4, ..PreprocessConfig::default() };
        // 16×8, left half black, right half white: short side 8 → 4, so 8×4, centre 4 columns.
        let image = RgbImage::from_fn(16, 8, |x, _| if x < 8 { image::Rgb([0, 0, 0]) } else { image::Rgb([255; 3]) });
        let square = config.resize_and_crop(&image).unwrap();
        assert_eq!(square.dimensions(), (4, 4));
        assert!(square.get_pixel(0, 2)[0] < 64, "{:?}", square.get_pixel(0, 2));
        assert!(square.get_pixel(3, 2)[0] > 192, "{:?}", square.get_pixel(3, 2));
        // Portrait: the middle rows are kept.
        let tall =
            RgbImage::from_fn(
                8,
                40,
                |_, y| if (16..24).contains(&y) { image::Rgb([200; 3]) } else { image::Rgb([0; 3]) },
            );
        let square = config.resize_and_crop(&tall).unwrap();
        assert_eq!(square.dimensions(), (4, 4));
        assert!(square.pixels().filter(|p| p[0] > 150).count() >= 8);
    }

    #[test]
    fn extreme_strips_and_tiny_images_still_give_the_size() {
        let config = PreprocessConfig::default();
        let strip = RgbImage::from_pixel(20_000, 3, image::Rgb([10, 20, 30]));
        let square = config.resize_and_crop(&strip).unwrap();
        assert_eq!(square.dimensions(), (224, 224));
        assert!(square.pixels().all(|p| p.0 == [10, 20, 30]));
        let dot = RgbImage::from_pixel(1, 1, image::Rgb([1, 2, 3]));
        assert_eq!(config.resize_and_crop(&dot).unwrap().dimensions(), (224, 224));
        let empty = RgbImage::new(0, 5);
        assert!(config.resize_and_crop(&empty).is_err());
    }

    #[test]
    fn normalises_into_a_batch() {
        let config = PreprocessConfig::default();
        let white = RgbImage::from_pixel(300, 224, image::Rgb([255; 3]));
        let black = RgbImage::from_pixel(224, 500, image::Rgb([0; 3]));
        let batch = config.tensor(&[&white, &black]).unwrap();
        assert_eq!(batch.shape(), &[2, 3, 224, 224]);
        for c in 0..3 {
            let expected_white = (1.0 - config.mean[c]) / config.std[c];
            let expected_black = -config.mean[c] / config.std[c];
            assert!((batch[[0, c, 100, 100]] - expected_white).abs() < 1e-5);
            assert!((batch[[1, c, 7, 200]] - expected_black).abs() < 1e-5);
        }
    }
}
