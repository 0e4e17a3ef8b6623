//! SIMD resizing with fast_image_resize. Lanczos3 keeps previews sharp; when shrinking by
//! a large factor the convolution widens with the ratio, which is the area-averaging that
//! avoids aliasing.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

use super::error::ThumbnailError;
use super::pixels::{Layout, Pixels};

/// Resizes to exactly `width` × `height`; returns the input untouched when it is that size.
pub(crate) fn resize(pixels: Pixels, width: u32, height: u32) -> Result<Pixels, ThumbnailError> {
    if pixels.width == width && pixels.height == height {
        return Ok(pixels);
    }
    resized(&pixels, width, height)
}

/// A resized copy, leaving the source for other uses (the preview feeds the thumbnail).
pub(crate) fn resized(pixels: &Pixels, width: u32, height: u32) -> Result<Pixels, ThumbnailError> {
    let pixel_type = match pixels.layout {
        Layout::Rgb8 => PixelType::U8x3,
        Layout::Rgba8 | Layout::Cmyk8 { .. } => PixelType::U8x4,
    };
    let source = ImageRef::new(pixels.width, pixels.height, &pixels.data, pixel_type)
        .map_err(|error| ThumbnailError::corrupt(format!("decoded pixels do not match their size: {error}")))?;
    let mut target = Image::new(width.max(1), height.max(1), pixel_type);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        // Premultiplying keeps transparent pixels' colour from bleeding; ink channels have no alpha.
        .use_alpha(pixels.layout == Layout::Rgba8);
    Resizer::new()
        .resize(&source, &mut target, &options)
        .map_err(|error| ThumbnailError::corrupt(format!("resizing failed: {error}")))?;
    Ok(Pixels {
        width: target.width(),
        height: target.height(),
        layout: pixels.layout,
        data: target.into_vec(),
        icc: pixels.icc.clone(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn halves_a_flat_image_and_keeps_its_colour() {
        let flat = Pixels::new(40, 20, Layout::Rgb8, [10u8, 200, 90].repeat(800));
        let half = resize(flat, 20, 10).unwrap();
        assert_eq!((half.width, half.height, half.data.len()), (20, 10, 600));
        assert!(half.data.chunks_exact(3).all(|px| px == [10, 200, 90]));
    }
}
