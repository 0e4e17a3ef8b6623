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
    load_rgb_shrunk(path, u32::MAX)
}

/// Like [`load_rgb`], but a JPEG is decoded at the smallest DCT scale (1/8, 1/4, 1/2 or 1)
/// whose short side still reaches `min_short_side` ("shrink-on-load"): a model that looks at
/// 300×300 pixels never pays for expanding a 1440-pixel preview in full, which takes longer
/// than some models' inference. Other formats, and JPEGs libjpeg-turbo cannot decode to RGB
/// (CMYK), are decoded whole.
pub fn load_rgb_shrunk(path: &Path, min_short_side: u32) -> Result<RgbImage, MlError> {
    let data = std::fs::read(path).map_err(|e| MlError::Image(format!("cannot read {}: {e}", path.display())))?;
    let rgb = match jpeg::decode(&data, min_short_side) {
        Some(rgb) => rgb,
        None => image::ImageReader::new(std::io::Cursor::new(&data))
            .with_guessed_format()
            .map_err(|e| MlError::Image(format!("cannot read {}: {e}", path.display())))?
            .decode()
            .map_err(|e| MlError::Image(format!("cannot decode {}: {e}", path.display())))?
            .into_rgb8(),
    };
    if rgb.width() == 0 || rgb.height() == 0 {
        return Err(MlError::Image(format!("{} is empty", path.display())));
    }
    Ok(rgb)
}

/// JPEG through libjpeg-turbo, with its DCT scaling.
mod jpeg {
    use image::RgbImage;
    use turbojpeg::{Decompressor, Image, PixelFormat};

    /// Decodes above this many pixels are left to the `image` crate, whose allocation limit
    /// refuses them with a clear error, rather than allocated here.
    const MAX_PIXELS: u64 = 100_000_000;

    /// The image at the chosen scale, or `None` when this is not a JPEG libjpeg-turbo can turn
    /// into RGB (the caller then decodes it another way, and reports that way's error).
    pub(super) fn decode(data: &[u8], min_short_side: u32) -> Option<RgbImage> {
        if !data.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return None;
        }
        let mut decompressor = Decompressor::new().ok()?;
        let header = decompressor.read_header(data).ok()?;
        let (width, height) = (u32::try_from(header.width).ok()?, u32::try_from(header.height).ok()?);
        let denominator = scale_denominator(width, height, min_short_side);
        let (width, height) = (width.div_ceil(denominator), height.div_ceil(denominator));
        if u64::from(width) * u64::from(height) > MAX_PIXELS {
            return None;
        }
        let (w, h) = (width as usize, height as usize);
        let mut image =
            Image { pixels: vec![0u8; 3 * w * h], width: w, pitch: 3 * w, height: h, format: PixelFormat::RGB };
        // Asked for a smaller size than the JPEG's, libjpeg-turbo picks the DCT scale that
        // gives exactly it (the size was computed from one of its scales).
        decompressor.decompress(data, image.as_deref_mut()).ok()?;
        RgbImage::from_raw(width, height, image.pixels)
    }

    /// The largest of 1/8, 1/4, 1/2 (as its denominator) whose short side still reaches
    /// `min_short_side`; 1 when none does.
    pub(super) fn scale_denominator(width: u32, height: u32, min_short_side: u32) -> u32 {
        let short = width.min(height);
        [8, 4, 2].into_iter().find(|&d| short.div_ceil(d) >= min_short_side).unwrap_or(1)
    }
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

    /// A 640×480 JPEG, left half red and right half blue, written to a temporary file.
    fn two_colour_jpeg(dir: &Path) -> std::path::PathBuf {
        let image =
            RgbImage::from_fn(
                640,
                480,
                |x, _| if x < 320 { image::Rgb([220, 20, 20]) } else { image::Rgb([20, 20, 220]) },
            );
        let path = dir.join("two.jpg");
        image.save(&path).unwrap();
        path
    }

    #[test]
    fn a_jpeg_is_decoded_at_the_smallest_scale_that_keeps_the_short_side_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = two_colour_jpeg(dir.path());
        assert_eq!(load_rgb(&path).unwrap().dimensions(), (640, 480));
        // Half size would leave a short side of 240, short of 300: decoded whole.
        assert_eq!(load_rgb_shrunk(&path, 300).unwrap().dimensions(), (640, 480));
        assert_eq!(load_rgb_shrunk(&path, 240).unwrap().dimensions(), (320, 240));
        assert_eq!(load_rgb_shrunk(&path, 120).unwrap().dimensions(), (160, 120));
        assert_eq!(load_rgb_shrunk(&path, 1).unwrap().dimensions(), (80, 60));
        assert_eq!(load_rgb_shrunk(&path, 481).unwrap().dimensions(), (640, 480));
        // The colours survive the scaling: red on the left, blue on the right.
        let small = load_rgb_shrunk(&path, 60).unwrap();
        let [r, _, b] = small.get_pixel(10, 30).0;
        assert!(r > 180 && b < 60, "left {:?}", small.get_pixel(10, 30));
        let [r, _, b] = small.get_pixel(70, 30).0;
        assert!(r < 60 && b > 180, "right {:?}", small.get_pixel(70, 30));
    }

    #[test]
    fn other_formats_decode_whole_and_bad_files_give_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("flat.png");
        RgbImage::from_pixel(64, 48, image::Rgb([1, 2, 3])).save(&png).unwrap();
        let decoded = load_rgb_shrunk(&png, 8).unwrap();
        assert_eq!(decoded.dimensions(), (64, 48));
        assert_eq!(decoded.get_pixel(5, 5).0, [1, 2, 3]);

        let jpeg = std::fs::read(two_colour_jpeg(dir.path())).unwrap();
        let truncated = dir.path().join("truncated.jpg");
        std::fs::write(&truncated, &jpeg[..200]).unwrap();
        let error = load_rgb_shrunk(&truncated, 100).unwrap_err().to_string();
        assert!(error.contains("truncated.jpg"), "{error}");
        let missing = load_rgb(&dir.path().join("nothing.jpg")).unwrap_err().to_string();
        assert!(missing.contains("cannot read") && missing.contains("nothing.jpg"), "{missing}");
    }

    #[test]
    fn resizes_a_flat_image_to_the_size_asked() {
        let flat = RgbImage::from_pixel(40, 30, image::Rgb([10, 200, 90]));
        let small = resize(&flat, 7, 5, Filter::Bicubic).unwrap();
        assert_eq!(small.dimensions(), (7, 5));
        assert!(small.pixels().all(|p| p.0 == [10, 200, 90]));
    }
}
