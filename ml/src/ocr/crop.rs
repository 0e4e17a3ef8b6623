//! Cuts each detected box out of the photo as an upright strip: a perspective warp of the
//! quadrilateral onto a rectangle (OpenCV's `getPerspectiveTransform` + `warpPerspective`,
//! bicubic, replicated border), turned a quarter when the box stands taller than wide.

use super::Quad;
use image::RgbImage;

/// Strips are cut at most this many pixels across their text: twice the 48 px the classifier and
/// recogniser take, so their (antialiased) resize still has detail to average, while a sign
/// photographed at 24 MP does not cost a full-resolution warp.
const MAX_ACROSS: f64 = 96.0;

/// The strip under `quad` (corners clockwise from top-left, in `image` pixels), text running
/// left to right as far as the box tells.
pub(crate) fn crop(image: &RgbImage, quad: &Quad) -> RgbImage {
    let q = quad.map(|[x, y]| [f64::from(x), f64::from(y)]);
    let dist = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).hypot(a[1] - b[1]);
    // Whole pixels, as PaddleOCR sizes the crop.
    let width = dist(q[0], q[1]).max(dist(q[2], q[3])).floor().max(1.0);
    let height = dist(q[0], q[3]).max(dist(q[1], q[2])).floor().max(1.0);
    let scale = (MAX_ACROSS / width.min(height)).min(1.0);
    let (out_width, out_height) =
        (((width * scale).floor().max(1.0)) as u32, ((height * scale).floor().max(1.0)) as u32);
    if height / width >= 1.5 {
        // Vertical text: PaddleOCR turns the strip a quarter anticlockwise (`np.rot90`), which is
        // the same warp started from the top-right corner.
        warp(image, [q[1], q[2], q[3], q[0]], out_height, out_width)
    } else {
        warp(image, q, out_width, out_height)
    }
}

/// The projective map from the unit square onto a quadrilateral (Heckbert's closed form):
/// `(u, v) ↦ ((a·u + b·v + c) / (g·u + h·v + 1), (d·u + e·v + f) / (g·u + h·v + 1))` with
/// (0,0), (1,0), (1,1), (0,1) going to the corners in order.
fn square_to_quad(q: [[f64; 2]; 4]) -> [f64; 8] {
    let [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q;
    let (sx, sy) = (x0 - x1 + x2 - x3, y0 - y1 + y2 - y3);
    let (dx1, dx2, dy1, dy2) = (x1 - x2, x3 - x2, y1 - y2, y3 - y2);
    let det = dx1 * dy2 - dx2 * dy1;
    if (sx.abs() < 1e-9 && sy.abs() < 1e-9) || det.abs() < 1e-12 {
        // A parallelogram (or a degenerate box): affine.
        return [x1 - x0, x3 - x0, x0, y1 - y0, y3 - y0, y0, 0.0, 0.0];
    }
    let g = (sx * dy2 - dx2 * sy) / det;
    let h = (dx1 * sy - sx * dy1) / det;
    [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h]
}

/// OpenCV's bicubic weights (a = −0.75) for the four taps around a sample `t` past the second.
fn cubic_weights(t: f32) -> [f32; 4] {
    const A: f32 = -0.75;
    let w0 = ((A * (t + 1.0) - 5.0 * A) * (t + 1.0) + 8.0 * A) * (t + 1.0) - 4.0 * A;
    let w1 = ((A + 2.0) * t - (A + 3.0)) * t * t + 1.0;
    let w2 = ((A + 2.0) * (1.0 - t) - (A + 3.0)) * (1.0 - t) * (1.0 - t) + 1.0;
    [w0, w1, w2, 1.0 - w0 - w1 - w2]
}

/// Samples `image` so that output pixel (x, y) shows the point at (x / width, y / height) of the
/// unit square mapped onto `quad`; pixels beyond the photo repeat its edge.
fn warp(image: &RgbImage, quad: [[f64; 2]; 4], width: u32, height: u32) -> RgbImage {
    let [a, b, c, d, e, f, g, h] = square_to_quad(quad);
    let (source_width, source_height) = (image.width() as i64, image.height() as i64);
    let source = image.as_raw();
    let stride = source_width as usize * 3;
    let mut out = vec![0u8; width as usize * height as usize * 3];
    for (y, row) in out.chunks_exact_mut(width as usize * 3).enumerate() {
        let v = y as f64 / f64::from(height);
        for (x, pixel) in row.chunks_exact_mut(3).enumerate() {
            let u = x as f64 / f64::from(width);
            let w = g * u + h * v + 1.0;
            let (sx, sy) = ((a * u + b * v + c) / w, (d * u + e * v + f) / w);
            let (fx, fy) = (sx.floor(), sy.floor());
            let wx = cubic_weights((sx - fx) as f32);
            let wy = cubic_weights((sy - fy) as f32);
            let (ix, iy) = (fx as i64, fy as i64);
            let xs: [usize; 4] = std::array::from_fn(|k| (ix - 1 + k as i64).clamp(0, source_width - 1) as usize * 3);
            let ys: [usize; 4] =
                std::array::from_fn(|k| (iy - 1 + k as i64).clamp(0, source_height - 1) as usize * stride);
            let mut sum = [0f32; 3];
            for (row_offset, weight_y) in ys.iter().zip(wy) {
                let mut across = [0f32; 3];
                for (column, weight_x) in xs.iter().zip(wx) {
                    let p = &source[row_offset + column..row_offset + column + 3];
                    across[0] += weight_x * f32::from(p[0]);
                    across[1] += weight_x * f32::from(p[1]);
                    across[2] += weight_x * f32::from(p[2]);
                }
                sum[0] += weight_y * across[0];
                sum[1] += weight_y * across[1];
                sum[2] += weight_y * across[2];
            }
            for (channel, value) in pixel.iter_mut().zip(sum) {
                *channel = value.round().clamp(0.0, 255.0) as u8;
            }
        }
    }
    RgbImage::from_raw(width, height, out).unwrap_or_else(|| RgbImage::new(width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| image::Rgb([(x * 2) as u8, (y * 2) as u8, 7]))
    }

    #[test]
    fn an_axis_aligned_box_is_copied_pixel_for_pixel() {
        let image = gradient(100, 60);
        let strip = crop(&image, &[[10.0, 20.0], [50.0, 20.0], [50.0, 30.0], [10.0, 30.0]]);
        assert_eq!(strip.dimensions(), (40, 10));
        for (x, y, pixel) in strip.enumerate_pixels() {
            assert_eq!(pixel, image.get_pixel(x + 10, y + 20), "at {x},{y}");
        }
    }

    #[test]
    fn a_tall_box_is_turned_a_quarter_anticlockwise() {
        let image = gradient(100, 100);
        let strip = crop(&image, &[[10.0, 10.0], [20.0, 10.0], [20.0, 50.0], [10.0, 50.0]]);
        assert_eq!(strip.dimensions(), (40, 10));
        // np.rot90: the strip's top-left is the box's top-right, its bottom-left the top-left.
        assert_eq!(strip.get_pixel(0, 0), image.get_pixel(20, 10));
        assert_eq!(strip.get_pixel(0, 9), image.get_pixel(11, 10));
        assert_eq!(strip.get_pixel(39, 0), image.get_pixel(20, 49));
    }

    #[test]
    fn large_boxes_are_cut_at_reduced_size() {
        let image = gradient(120, 120);
        let strip = crop(&image, &[[0.0, 0.0], [110.0, 0.0], [110.0, 100.0], [0.0, 100.0]]);
        assert_eq!(strip.dimensions(), (105, 96));
    }

    #[test]
    fn the_perspective_map_sends_the_square_onto_the_corners() {
        let quad = [[3.0, 4.0], [40.0, 1.0], [45.0, 30.0], [1.0, 25.0]];
        let [a, b, c, d, e, f, g, h] = square_to_quad(quad);
        for ((u, v), corner) in [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)].into_iter().zip(quad) {
            let w = g * u + h * v + 1.0;
            let (x, y) = ((a * u + b * v + c) / w, (d * u + e * v + f) / w);
            assert!((x - corner[0]).abs() < 1e-9 && (y - corner[1]).abs() < 1e-9, "{x},{y} for {corner:?}");
        }
    }
}
