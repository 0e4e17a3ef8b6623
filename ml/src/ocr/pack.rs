//! Batches of text strips as the classifier and recogniser take them: each strip resized to the
//! model's height keeping its aspect (no wider than the batch), left-aligned, BGR planes scaled to
//! [−1, 1], the rest zero (mid-grey), as PaddleOCR's `resize_norm_img` pads.

use crate::error::MlError;
use crate::image_ops::{self, Filter};
use image::RgbImage;
use ndarray::{s, Array4};

/// The width a strip takes at `height`: its aspect kept, rounded up, at most `max_width`.
pub(crate) fn scaled_width(strip: &RgbImage, height: u32, max_width: u32) -> u32 {
    let width = (f64::from(height) * f64::from(strip.width()) / f64::from(strip.height().max(1))).ceil();
    (width as u32).clamp(1, max_width.max(1))
}

pub(crate) fn pack(strips: &[&RgbImage], height: u32, width: u32) -> Result<Array4<f32>, MlError> {
    let (h, w) = (height as usize, width as usize);
    let mut tensor = Array4::<f32>::zeros((strips.len(), 3, h, w));
    for (n, strip) in strips.iter().enumerate() {
        let strip_width = scaled_width(strip, height, width);
        let resized = image_ops::resize(strip, strip_width, height, Filter::Bilinear)?;
        let mut item = tensor.slice_mut(s![n, .., .., ..]);
        let planes = item.as_slice_mut().ok_or_else(|| MlError::Image("tensor is not contiguous".into()))?;
        let (blue_green, red) = planes.split_at_mut(2 * h * w);
        let (blue, green) = blue_green.split_at_mut(h * w);
        let sw = strip_width as usize;
        for (y, row) in resized.as_raw().chunks_exact(sw * 3).enumerate() {
            let line = y * w..y * w + sw;
            for (((pixel, b), g), r) in
                row.chunks_exact(3).zip(&mut blue[line.clone()]).zip(&mut green[line.clone()]).zip(&mut red[line])
            {
                *r = f32::from(pixel[0]) * (2.0 / 255.0) - 1.0;
                *g = f32::from(pixel[1]) * (2.0 / 255.0) - 1.0;
                *b = f32::from(pixel[2]) * (2.0 / 255.0) - 1.0;
            }
        }
    }
    Ok(tensor)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn strips_are_scaled_to_the_height_and_padded_with_zero() {
        let wide = RgbImage::from_pixel(40, 10, image::Rgb([255, 0, 51]));
        let narrow = RgbImage::from_pixel(5, 10, image::Rgb([0, 255, 0]));
        let batch = pack(&[&wide, &narrow], 20, 60).unwrap();
        assert_eq!(batch.shape(), &[2, 3, 20, 60]);
        // BGR planes: blue first.
        assert!((batch[[0, 0, 5, 0]] - (51.0 * 2.0 / 255.0 - 1.0)).abs() < 1e-6);
        assert_eq!(batch[[0, 2, 19, 59]], 1.0);
        assert_eq!(batch[[1, 1, 0, 9]], 1.0);
        assert_eq!(batch[[1, 1, 0, 10]], 0.0);
        assert_eq!(scaled_width(&wide, 48, 192), 192);
        assert_eq!(scaled_width(&narrow, 48, 192), 24);
    }
}
