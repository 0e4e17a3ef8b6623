//! Turns pixels upright according to the EXIF orientation (1–8). Applied to the reduced
//! preview, not the full decode, because rotating 2 MP is cheaper than rotating 12 MP.

use super::pixels::Pixels;

/// EXIF orientation; values outside 1–8 mean "as stored".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Orientation(u16);

impl Orientation {
    pub(crate) const UPRIGHT: Orientation = Orientation(1);

    pub(crate) fn from_exif(value: u16) -> Self {
        if (1..=8).contains(&value) {
            Orientation(value)
        } else {
            Orientation::UPRIGHT
        }
    }

    /// Clockwise rotation in degrees, after an optional horizontal mirror (video display matrices).
    pub(crate) fn from_rotation(clockwise_degrees: i64, mirrored: bool) -> Self {
        let quarter = (clockwise_degrees.rem_euclid(360) + 45) / 90 % 4;
        Orientation(match (quarter, mirrored) {
            (0, false) => 1,
            (1, false) => 6,
            (2, false) => 3,
            (3, false) => 8,
            (0, true) => 2,
            (1, true) => 7,
            (2, true) => 4,
            _ => 5,
        })
    }

    #[cfg(test)]
    pub(crate) fn value(self) -> u16 {
        self.0
    }

    /// Whether width and height trade places.
    pub(crate) fn swaps_dimensions(self) -> bool {
        self.0 >= 5
    }

    pub(crate) fn displayed_size(self, width: u32, height: u32) -> (u32, u32) {
        if self.swaps_dimensions() {
            (height, width)
        } else {
            (width, height)
        }
    }
}

pub(crate) fn apply(pixels: Pixels, orientation: Orientation) -> Pixels {
    if orientation == Orientation::UPRIGHT {
        return pixels;
    }
    let (w, h) = (pixels.width as usize, pixels.height as usize);
    let channels = pixels.layout.channels();
    let (out_w, out_h) = orientation.displayed_size(pixels.width, pixels.height);
    let mut out = vec![0u8; pixels.data.len()];
    // For each output pixel (x, y), where it comes from in the stored image.
    let source = |x: usize, y: usize| -> (usize, usize) {
        match orientation.0 {
            2 => (w - 1 - x, y),
            3 => (w - 1 - x, h - 1 - y),
            4 => (x, h - 1 - y),
            5 => (y, x),
            6 => (y, h - 1 - x),
            7 => (w - 1 - y, h - 1 - x),
            8 => (w - 1 - y, x),
            _ => (x, y),
        }
    };
    let out_w_usize = out_w as usize;
    for (y, row) in out.chunks_exact_mut(out_w_usize * channels).enumerate() {
        for (x, px) in row.chunks_exact_mut(channels).enumerate() {
            let (sx, sy) = source(x, y);
            let at = (sy * w + sx) * channels;
            px.copy_from_slice(&pixels.data[at..at + channels]);
        }
    }
    Pixels { width: out_w, height: out_h, data: out, ..pixels }
}

#[cfg(test)]
mod tests {
    use super::super::pixels::Layout;
    use super::*;

    /// A 3×2 image whose pixels are numbered 0..6 row by row, in the red channel.
    fn numbered() -> Pixels {
        Pixels::new(3, 2, Layout::Rgb8, (0..6u8).flat_map(|i| [i, 0, 0]).collect())
    }

    fn reds(pixels: &Pixels) -> Vec<u8> {
        pixels.data.chunks_exact(3).map(|px| px[0]).collect()
    }

    #[test]
    fn each_orientation_moves_pixels_where_exif_says() {
        // Stored:  0 1 2 / 3 4 5
        let cases: [(u16, (u32, u32), [u8; 6]); 8] = [
            (1, (3, 2), [0, 1, 2, 3, 4, 5]),
            (2, (3, 2), [2, 1, 0, 5, 4, 3]),
            (3, (3, 2), [5, 4, 3, 2, 1, 0]),
            (4, (3, 2), [3, 4, 5, 0, 1, 2]),
            (5, (2, 3), [0, 3, 1, 4, 2, 5]),
            (6, (2, 3), [3, 0, 4, 1, 5, 2]),
            (7, (2, 3), [5, 2, 4, 1, 3, 0]),
            (8, (2, 3), [2, 5, 1, 4, 0, 3]),
        ];
        for (value, size, expected) in cases {
            let out = apply(numbered(), Orientation::from_exif(value));
            assert_eq!((out.width, out.height), size, "orientation {value}");
            assert_eq!(reds(&out), expected, "orientation {value}");
        }
    }

    #[test]
    fn rotation_degrees_map_to_exif() {
        assert_eq!(Orientation::from_rotation(90, false).value(), 6);
        assert_eq!(Orientation::from_rotation(-90, false).value(), 8);
        assert_eq!(Orientation::from_rotation(180, false).value(), 3);
        assert_eq!(Orientation::from_rotation(0, false).value(), 1);
    }
}
