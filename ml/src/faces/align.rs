//! Face alignment for ArcFace, as insightface's `norm_crop`: the similarity transform (rotation,
//! uniform scale, translation) that best maps the five detected landmarks onto ArcFace's template
//! in the least-squares sense, then a bilinear warp into the square crop the recognizer takes.

use image::RgbImage;

/// Where ArcFace was trained to see the eyes, nose tip and mouth corners in a 112×112 crop.
const ARCFACE_112: [[f32; 2]; 5] =
    [[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [41.5493, 92.3655], [70.7299, 92.2041]];

/// The template for a `size`×`size` crop, scaled as insightface's `estimate_norm` does (sizes
/// that are not multiples of 112 use the 128 layout, shifted by 8).
pub(crate) fn template(size: u32) -> [[f32; 2]; 5] {
    let size = size as f32;
    let (ratio, shift) = if size % 112.0 == 0.0 { (size / 112.0, 0.0) } else { (size / 128.0, 8.0 * size / 128.0) };
    ARCFACE_112.map(|[x, y]| [x * ratio + shift, y * ratio])
}

/// `[[a, −b, tx], [b, a, ty]]`: rotation and uniform scale by (a, b), then translation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Similarity {
    pub a: f64,
    pub b: f64,
    pub tx: f64,
    pub ty: f64,
}

impl Similarity {
    /// The least-squares similarity taking `from` onto `to` (Umeyama 1991, as skimage's
    /// `SimilarityTransform.estimate`). In 2-D Umeyama's SVD reduces to a closed form: the best
    /// scaled rotation of the centred points is (Σ s·d, Σ s×d) / Σ|s|², which also never
    /// reflects, as Umeyama's sign correction ensures. `None` when the points of `from`
    /// coincide.
    pub fn estimate(from: &[[f32; 2]], to: &[[f32; 2]]) -> Option<Similarity> {
        let n = from.len().min(to.len());
        if n < 2 {
            return None;
        }
        let mean = |points: &[[f32; 2]]| {
            let (x, y) = points[..n].iter().fold((0.0, 0.0), |(x, y), p| (x + f64::from(p[0]), y + f64::from(p[1])));
            (x / n as f64, y / n as f64)
        };
        let (fx, fy) = mean(from);
        let (tx, ty) = mean(to);
        let (mut dot, mut cross, mut norm) = (0.0, 0.0, 0.0);
        for (f, t) in from[..n].iter().zip(&to[..n]) {
            let (sx, sy) = (f64::from(f[0]) - fx, f64::from(f[1]) - fy);
            let (dx, dy) = (f64::from(t[0]) - tx, f64::from(t[1]) - ty);
            dot += sx * dx + sy * dy;
            cross += sx * dy - sy * dx;
            norm += sx * sx + sy * sy;
        }
        if !norm.is_finite() || norm <= f64::EPSILON || !dot.is_finite() || !cross.is_finite() {
            return None;
        }
        let (a, b) = (dot / norm, cross / norm);
        Some(Similarity { a, b, tx: tx - (a * fx - b * fy), ty: ty - (b * fx + a * fy) })
    }

    pub fn apply(&self, [x, y]: [f64; 2]) -> [f64; 2] {
        [self.a * x - self.b * y + self.tx, self.b * x + self.a * y + self.ty]
    }

    pub fn inverse(&self) -> Option<Similarity> {
        let det = self.a * self.a + self.b * self.b;
        if !det.is_finite() || det <= 0.0 {
            return None;
        }
        let (a, b) = (self.a / det, -self.b / det);
        Some(Similarity { a, b, tx: -(a * self.tx - b * self.ty), ty: -(b * self.tx + a * self.ty) })
    }
}

/// The `size`×`size` crop that `to_crop` maps the image onto, sampled bilinearly with black
/// outside the image, as OpenCV's `warpAffine` (integer pixel coordinates, no half-pixel shift,
/// 8-bit result) so that the recognizer sees what it sees under insightface.
pub(crate) fn warp(image: &RgbImage, to_crop: &Similarity, size: u32) -> RgbImage {
    let mut crop = RgbImage::new(size, size);
    let Some(back) = to_crop.inverse() else { return crop };
    let (width, height) = (image.width() as i64, image.height() as i64);
    let raw = image.as_raw();
    let stride = width as usize * 3;
    let pixel = |x: i64, y: i64| -> [f32; 3] {
        if x < 0 || y < 0 || x >= width || y >= height {
            return [0.0; 3];
        }
        let i = y as usize * stride + x as usize * 3;
        [f32::from(raw[i]), f32::from(raw[i + 1]), f32::from(raw[i + 2])]
    };
    for (row, out) in crop.as_mut().chunks_exact_mut(size as usize * 3).enumerate() {
        for (col, out) in out.chunks_exact_mut(3).enumerate() {
            let [sx, sy] = back.apply([col as f64, row as f64]);
            let (x0, y0) = (sx.floor(), sy.floor());
            let (fx, fy) = ((sx - x0) as f32, (sy - y0) as f32);
            let (x0, y0) = (x0 as i64, y0 as i64);
            let (p00, p10, p01, p11) = (pixel(x0, y0), pixel(x0 + 1, y0), pixel(x0, y0 + 1), pixel(x0 + 1, y0 + 1));
            for c in 0..3 {
                let top = p00[c] + (p10[c] - p00[c]) * fx;
                let bottom = p01[c] + (p11[c] - p01[c]) * fx;
                out[c] = (top + (bottom - top) * fy).round().clamp(0.0, 255.0) as u8;
            }
        }
    }
    crop
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn recovers_a_known_similarity() {
        let angle = 0.4_f64;
        let known = Similarity { a: 1.7 * angle.cos(), b: 1.7 * angle.sin(), tx: -31.0, ty: 12.5 };
        let from: Vec<[f32; 2]> = ARCFACE_112.to_vec();
        let to: Vec<[f32; 2]> = from
            .iter()
            .map(|p| {
                let [x, y] = known.apply([f64::from(p[0]), f64::from(p[1])]);
                [x as f32, y as f32]
            })
            .collect();
        let found = Similarity::estimate(&from, &to).unwrap();
        assert!(close(found.a, known.a, 1e-5), "{found:?}");
        assert!(close(found.b, known.b, 1e-5), "{found:?}");
        assert!(close(found.tx, known.tx, 1e-3), "{found:?}");
        assert!(close(found.ty, known.ty, 1e-3), "{found:?}");
    }

    /// Real landmarks (obama.jpg) against the transform skimage's Umeyama estimate gives.
    #[test]
    fn matches_umeyama_on_real_landmarks() {
        let landmarks = [[440.8, 215.5], [548.2, 212.8], [496.3, 277.4], [439.5, 320.0], [549.9, 317.4]];
        let found = Similarity::estimate(&landmarks, &template(112)).unwrap();
        assert!(close(found.a, 0.338_696_444_57, 1e-6), "{found:?}");
        assert!(close(found.b, 0.002_197_940_55, 1e-6), "{found:?}");
        assert!(close(found.tx, -111.017_847_82, 1e-3), "{found:?}");
        assert!(close(found.ty, -20.167_706_39, 1e-3), "{found:?}");
    }

    /// Mirrored landmarks are the case where Umeyama's SVD needs its sign correction; the
    /// expected values are skimage-style Umeyama's.
    #[test]
    fn a_mirrored_face_is_rotated_not_reflected() {
        let mirrored = ARCFACE_112.map(|[x, y]| [112.0 - x, y]);
        let found = Similarity::estimate(&mirrored, &ARCFACE_112).unwrap();
        assert!(close(found.a, 0.225_302_174_6, 1e-6), "{found:?}");
        assert!(close(found.b, -0.002_533_454_2, 1e-6), "{found:?}");
        assert!(close(found.tx, 43.232_974_8, 1e-4), "{found:?}");
        assert!(close(found.ty, 55.843_185_1, 1e-4), "{found:?}");
    }

    #[test]
    fn coincident_landmarks_cannot_be_aligned() {
        assert_eq!(Similarity::estimate(&[[5.0, 5.0]; 5], &ARCFACE_112), None);
    }

    #[test]
    fn inverse_undoes_the_transform() {
        let t = Similarity { a: 0.3, b: -0.2, tx: 7.0, ty: -4.0 };
        let [x, y] = t.inverse().unwrap().apply(t.apply([13.0, 29.0]));
        assert!(close(x, 13.0, 1e-9) && close(y, 29.0, 1e-9));
    }

    #[test]
    fn templates_follow_insightface() {
        assert_eq!(template(112), ARCFACE_112);
        let t = template(224);
        assert!((t[0][0] - 2.0 * 38.2946).abs() < 1e-4 && (t[4][1] - 2.0 * 92.2041).abs() < 1e-4);
        let t = template(128);
        assert!((t[0][0] - (38.2946 + 8.0)).abs() < 1e-4 && (t[0][1] - 51.6963).abs() < 1e-4);
    }

    #[test]
    fn warp_samples_bilinearly_with_black_outside() {
        let image = RgbImage::from_fn(4, 4, |x, y| image::Rgb([(x * 60) as u8, (y * 60) as u8, 200]));
        // Half a pixel right and down of the image's origin, at scale 1.
        let shift = Similarity { a: 1.0, b: 0.0, tx: -0.5, ty: -0.5 };
        let crop = warp(&image, &shift, 5);
        assert_eq!(crop.get_pixel(0, 0).0, [30, 30, 200]);
        assert_eq!(crop.get_pixel(1, 2).0, [90, 150, 200]);
        // The last column blends the image's last column with black.
        assert_eq!(crop.get_pixel(3, 0).0, [90, 15, 100]);
        assert_eq!(crop.get_pixel(4, 4).0, [0, 0, 0]);
    }
}
