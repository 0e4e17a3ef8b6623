//! Output encoders: lossy WebP for the thumbnail (libwebp) and JPEG for the preview
//! (libjpeg-turbo, in `jpeg.rs`).

use super::error::ThumbnailError;
use super::pixels::{Layout, Pixels};

/// WebP's own limit on either side.
pub(crate) const WEBP_MAX_SIDE: u32 = 16_383;
/// JPEG's limit on either side.
pub(crate) const JPEG_MAX_SIDE: u32 = 65_500;

pub(crate) fn webp(pixels: &Pixels, quality: u8) -> Result<Vec<u8>, ThumbnailError> {
    let encoder = match pixels.layout {
        Layout::Rgb8 => webp::Encoder::from_rgb(&pixels.data, pixels.width, pixels.height),
        Layout::Rgba8 => webp::Encoder::from_rgba(&pixels.data, pixels.width, pixels.height),
        Layout::Cmyk8 { .. } => return Err(ThumbnailError::corrupt("CMYK pixels reached the WebP encoder")),
    };
    encoder
        .encode_simple(false, f32::from(quality.min(100)))
        .map(|memory| memory.to_vec())
        .map_err(|error| ThumbnailError::corrupt(format!("WebP encoding failed: {error:?}")))
}

pub(crate) fn jpeg(pixels: &Pixels, quality: u8) -> Result<Vec<u8>, ThumbnailError> {
    match pixels.layout {
        Layout::Rgb8 => super::jpeg::encode(&pixels.data, pixels.width, pixels.height, quality),
        Layout::Rgba8 => super::jpeg::encode(&pixels.to_rgb_over_white(), pixels.width, pixels.height, quality),
        Layout::Cmyk8 { .. } => Err(ThumbnailError::corrupt("CMYK pixels reached the JPEG encoder")),
    }
}
