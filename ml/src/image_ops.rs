//! Image helpers every pipeline shares: decoding, SIMD resizing, and packing pixels into the
//! planar float tensors the models take. Model-specific geometry (letterboxing, crops, warps)
//! lives with each model.

use crate::error::MlError;
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;
use ndarray::Array4;
use std::path::Path;

/// How a resize computes its pixels. `Bicubic` is PIL's bicubic (Catmull-Rom, a = −0.5, with
/// the kernel widened by the scale when shrinking, as PIL does); `Bilinear` likewise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    Bilinear,
    Bicubic,
}

/// Decodes an image file as 8-bit RGB (the preview JPEGs the thumbnail job writes, or a test's
/// photo). EXIF orientation is not applied here: previews are already upright.
pub fn load_rgb(path: &Path) -> Result<RgbImage, MlError> {
    let image = image::ImageReader::open(path)
        .and_then(|r| r.with_guessed_format())
        .map_err(|e| MlError::Image(format!("cannot read {}: {e}", path.display())))?
        .decode()
        .map_err(|e| MlError::Image(format!("cannot decode {}: {e}", path.display())))?;
    let rgb = image.into_rgb8();
    if rgb.width() == 0 || rgb.height() == 0 {
        return Err(MlError::Image(format!("{} is empty", path.display())));
    }
    Ok(rgb)
}

/// Resizes to exactly `width` × `height`.
pub fn resize(image: &RgbImage, width: u32, height: u32, filter: Filter) -> Result<RgbImage, MlError> {
    if image.width() == width && image.height() == height {
        return Ok(image.clone());
    }
    let source = ImageRef::new(image.width(), image.height(), image.as_raw(), PixelType::U8x3)
        .map_err(|e| MlError::Image(format!("bad pixel buffer: {e}")))?;
    let mut target = Image::new(width.max(1), height.max(1), PixelType::U8x3);
    let filter = match filter {
        Filter::Bilinear => FilterType::Bilinear,
        Filter::Bicubic => FilterType::CatmullRom,
    };
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(filter));
    Resizer::new().resize(&source, &mut target, &options).map_err(|e| MlError::Image(format!("resize failed: {e}")))?;
    RgbImage::from_raw(target.width(), target.height(), target.into_vec())
        .ok_or_else(|| MlError::Image("resize produced a buffer of the wrong size".into()))
}

/// Channel order of the tensor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channels {
    Rgb,
    Bgr,
}

/// Packs images of one size into `[N,3,H,W]` floats, each value `(pixel / scale − mean[c]) /
/// std[c]` with the channel order asked for (`mean` and `std` are in that order too). CLIP uses
/// scale 255; models trained on raw pixels use scale 1 with means like 127.5.
pub fn to_nchw(images: &[&RgbImage], channels: Channels, scale: f32, mean: [f32; 3], std: [f32; 3]) -> Array4<f32> {
    let (width, height) = images.first().map(|i| (i.width() as usize, i.height() as usize)).unwrap_or((0, 0));
    let mut tensor = Array4::<f32>::zeros((images.len(), 3, height, width));
    let order = match channels {
        Channels::Rgb => [0usize, 1, 2],
        Channels::Bgr => [2usize, 1, 0],
    };
    let factor: [f32; 3] = std::array::from_fn(|c| 1.0 / (scale * std[c]));
    let offset: [f32; 3] = std::array::from_fn(|c| mean[c] / std[c]);
    for (n, image) in images.iter().enumerate() {
        let raw = image.as_raw();
        for (c, &source_channel) in order.iter().enumerate() {
            let mut plane = tensor.slice_mut(ndarray::s![n, c, .., ..]);
            let Some(plane) = plane.as_slice_mut() else { continue };
            for (value, pixel) in plane.iter_mut().zip(raw.chunks_exact(3)) {
                *value = f32::from(pixel[source_channel]) * factor[c] - offset[c];
            }
        }
    }
    tensor
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn packs_channels_in_the_order_asked_and_normalises() {
        let image =
            RgbImage::from_fn(2, 1, |x, _| if x == 0 { image::Rgb([255, 0, 128]) } else { image::Rgb([0, 255, 0]) });
        let rgb = to_nchw(&[&image], Channels::Rgb, 1.0, [127.5; 3], [127.5; 3]);
        assert_eq!(rgb.shape(), &[1, 3, 1, 2]);
        assert_eq!(rgb[[0, 0, 0, 0]], 1.0);
        assert_eq!(rgb[[0, 1, 0, 0]], -1.0);
        assert!((rgb[[0, 2, 0, 0]] - 0.003_921_6).abs() < 1e-5);
        let bgr = to_nchw(&[&image], Channels::Bgr, 255.0, [0.5; 3], [0.5; 3]);
        assert_eq!(bgr[[0, 0, 0, 0]], (128.0 / 255.0 - 0.5) / 0.5);
        assert_eq!(bgr[[0, 2, 0, 0]], 1.0);
        assert_eq!(bgr[[0, 1, 0, 1]], 1.0);
    }

    #[test]
    fn resizes_a_flat_image_to_the_size_asked() {
        let flat = RgbImage::from_pixel(40, 30, image::Rgb([10, 200, 90]));
        let small = resize(&flat, 7, 5, Filter::Bicubic).unwrap();
        assert_eq!(small.dimensions(), (7, 5));
        assert!(small.pixels().all(|p| p.0 == [10, 200, 90]));
    }
}
