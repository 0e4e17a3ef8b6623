//! The one in-memory picture every decoder hands to the shared resize/colour/orient/encode path:
//! 8-bit interleaved samples plus the colour profile they are in.

/// How the samples of one pixel are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    Rgb8,
    Rgba8,
    /// Four ink channels. `inverted` marks Adobe-style files (APP14) where 255 means no ink.
    Cmyk8 {
        inverted: bool,
    },
}

impl Layout {
    pub(crate) fn channels(self) -> usize {
        match self {
            Layout::Rgb8 => 3,
            Layout::Rgba8 | Layout::Cmyk8 { .. } => 4,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Pixels {
    pub width: u32,
    pub height: u32,
    pub layout: Layout,
    /// `width * height * layout.channels()` bytes, rows top to bottom, no padding.
    pub data: Vec<u8>,
    /// The embedded ICC profile the samples are in; `None` means sRGB.
    pub icc: Option<Vec<u8>>,
}

impl Pixels {
    pub(crate) fn new(width: u32, height: u32, layout: Layout, data: Vec<u8>) -> Self {
        Pixels { width, height, layout, data, icc: None }
    }

    pub(crate) fn with_icc(mut self, icc: Option<Vec<u8>>) -> Self {
        self.icc = icc.filter(|profile| !profile.is_empty());
        self
    }

    pub(crate) fn expected_len(width: u32, height: u32, layout: Layout) -> usize {
        width as usize * height as usize * layout.channels()
    }

    pub(crate) fn is_consistent(&self) -> bool {
        self.width > 0 && self.height > 0 && self.data.len() == Self::expected_len(self.width, self.height, self.layout)
    }

    /// RGB samples with any alpha laid over white (JPEG has no alpha).
    pub(crate) fn to_rgb_over_white(&self) -> Vec<u8> {
        match self.layout {
            Layout::Rgba8 => {
                let mut rgb = Vec::with_capacity(self.data.len() / 4 * 3);
                for px in self.data.chunks_exact(4) {
                    let alpha = u32::from(px[3]);
                    for &c in &px[..3] {
                        let over = (u32::from(c) * alpha + 255 * (255 - alpha) + 127) / 255;
                        rgb.push(over as u8);
                    }
                }
                rgb
            }
            _ => self.data.clone(),
        }
    }

    /// RGBA samples (opaque when there is no alpha), as thumbhash wants them.
    pub(crate) fn to_rgba(&self) -> Vec<u8> {
        match self.layout {
            Layout::Rgb8 => {
                let mut rgba = Vec::with_capacity(self.data.len() / 3 * 4);
                for px in self.data.chunks_exact(3) {
                    rgba.extend_from_slice(px);
                    rgba.push(255);
                }
                rgba
            }
            _ => self.data.clone(),
        }
    }
}

/// Size with the short side brought down to `short_side`; never enlarges.
pub(crate) fn fit_short_side(width: u32, height: u32, short_side: u32) -> (u32, u32) {
    let short = width.min(height);
    if short <= short_side || short == 0 {
        return (width, height);
    }
    let scale = f64::from(short_side) / f64::from(short);
    let w = if width == short { short_side } else { ((f64::from(width) * scale).round() as u32).max(1) };
    let h = if height == short { short_side } else { ((f64::from(height) * scale).round() as u32).max(1) };
    (w, h)
}

/// Size with the long side at most `long_side`, keeping the aspect ratio; never enlarges.
pub(crate) fn fit_long_side(width: u32, height: u32, long_side: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= long_side || long == 0 {
        return (width, height);
    }
    let scale = f64::from(long_side) / f64::from(long);
    (
        ((f64::from(width) * scale).round() as u32).clamp(1, long_side),
        ((f64::from(height) * scale).round() as u32).clamp(1, long_side),
    )
}

/// RGBA whose alpha is 255 everywhere becomes RGB: smaller WebP, no flattening for JPEG.
pub(crate) fn drop_opaque_alpha(pixels: Pixels) -> Pixels {
    if pixels.layout != Layout::Rgba8 || pixels.data.chunks_exact(4).any(|px| px[3] != 255) {
        return pixels;
    }
    let rgb = pixels.data.chunks_exact(4).flat_map(|px| [px[0], px[1], px[2]]).collect();
    Pixels { layout: Layout::Rgb8, data: rgb, ..pixels }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_side_fits_without_enlarging() {
        assert_eq!(fit_short_side(4000, 3000, 1440), (1920, 1440));
        assert_eq!(fit_short_side(3000, 4000, 250), (250, 333));
        assert_eq!(fit_short_side(600, 450, 1440), (600, 450));
        assert_eq!(fit_short_side(100_000, 300, 250), (83_333, 250));
    }

    #[test]
    fn long_side_caps() {
        assert_eq!(fit_long_side(333, 250, 100), (100, 75));
        assert_eq!(fit_long_side(50, 40, 100), (50, 40));
    }

    #[test]
    fn alpha_is_laid_over_white() {
        let px = Pixels::new(2, 1, Layout::Rgba8, vec![0, 0, 0, 0, 10, 20, 30, 255]);
        assert_eq!(px.to_rgb_over_white(), vec![255, 255, 255, 10, 20, 30]);
    }
}
