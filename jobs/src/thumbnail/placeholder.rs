//! The thumbhash: a ~25-byte blurred placeholder computed from an RGBA downscale that fits
//! in 100×100 (the algorithm's limit), made from the thumbnail's pixels.

use super::error::ThumbnailError;
use super::pixels::{fit_long_side, Pixels};
use super::resize;

const MAX_SIDE: u32 = 100;

pub(crate) fn thumbhash(pixels: &Pixels) -> Result<Vec<u8>, ThumbnailError> {
    let (w, h) = fit_long_side(pixels.width, pixels.height, MAX_SIDE);
    let small = resize::resized(pixels, w, h)?;
    let rgba = small.to_rgba();
    Ok(thumbhash::rgba_to_thumb_hash(w as usize, h as usize, &rgba))
}
