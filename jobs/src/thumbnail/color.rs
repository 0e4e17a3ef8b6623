//! Brings pixels to sRGB, which is what browsers assume for untagged thumbnails: embedded ICC
//! profiles (Display P3, Adobe RGB, CMYK press profiles) go through LittleCMS, and CMYK without
//! a profile gets the naive ink formula. A profile LittleCMS rejects leaves the colours as they
//! are rather than failing the thumbnail.

use lcms2::{
    CIExyY, CIExyYTRIPLE, ColorSpaceSignature, InfoType, Intent, Locale, PixelFormat, Profile, ToneCurve, Transform,
};

use super::pixels::{Layout, Pixels};

pub(crate) fn to_srgb(pixels: Pixels) -> Pixels {
    match pixels.layout {
        Layout::Cmyk8 { inverted } => cmyk_to_srgb(pixels, inverted),
        Layout::Rgb8 | Layout::Rgba8 => rgb_to_srgb(pixels),
    }
}

fn rgb_to_srgb(mut pixels: Pixels) -> Pixels {
    let Some(icc) = pixels.icc.take() else {
        return pixels;
    };
    let profile = match Profile::new_icc(&icc) {
        Ok(profile) => profile,
        Err(error) => {
            tracing::debug!("ignoring an unreadable ICC profile: {error}");
            return pixels;
        }
    };
    if profile.color_space() != ColorSpaceSignature::RgbData || is_srgb(&profile) {
        return pixels;
    }
    let format = if pixels.layout == Layout::Rgba8 { PixelFormat::RGBA_8 } else { PixelFormat::RGB_8 };
    match Transform::<u8, u8>::new(&profile, format, &Profile::new_srgb(), format, Intent::RelativeColorimetric) {
        // In place: with RGBA the alpha channel is an extra channel LittleCMS leaves untouched.
        Ok(transform) => transform.transform_in_place(&mut pixels.data),
        Err(error) => tracing::debug!("ignoring an ICC profile LittleCMS cannot use: {error}"),
    }
    pixels
}

fn is_srgb(profile: &Profile) -> bool {
    profile.info(InfoType::Description, Locale::none()).is_some_and(|description| description.contains("sRGB"))
}

fn cmyk_to_srgb(pixels: Pixels, inverted: bool) -> Pixels {
    let mut rgb = vec![0u8; pixels.width as usize * pixels.height as usize * 3];
    let profile = pixels
        .icc
        .as_deref()
        .and_then(|icc| Profile::new_icc(icc).ok())
        .filter(|profile| profile.color_space() == ColorSpaceSignature::CmykData);
    let transform = profile.and_then(|profile| {
        let format = if inverted { PixelFormat::CMYK_8_REV } else { PixelFormat::CMYK_8 };
        Transform::<u8, u8>::new(
            &profile,
            format,
            &Profile::new_srgb(),
            PixelFormat::RGB_8,
            Intent::RelativeColorimetric,
        )
        .ok()
    });
    match transform {
        Some(transform) => transform.transform_pixels(&pixels.data, &mut rgb),
        None => {
            for (cmyk, out) in pixels.data.chunks_exact(4).zip(rgb.chunks_exact_mut(3)) {
                // Amount of ink, 0..=255, whichever way the file stores it.
                let ink = |v: u8| u32::from(if inverted { 255 - v } else { v });
                let k = ink(cmyk[3]);
                for (channel, &v) in out.iter_mut().zip(&cmyk[..3]) {
                    *channel = ((255 - ink(v)) * (255 - k) / 255) as u8;
                }
            }
        }
    }
    Pixels::new(pixels.width, pixels.height, Layout::Rgb8, rgb)
}

/// Primaries of the colour spaces HEIF/AVIF files declare with CICP ("nclx") instead of ICC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Primaries {
    DisplayP3,
    Bt2020,
}

/// An ICC profile for CICP-tagged images whose primaries are not sRGB's, so the usual ICC path
/// can convert them. The transfer curve is taken as sRGB's: that is what Display P3 uses, and
/// the closest 8-bit SDR reading of the others.
pub(crate) fn cicp_profile(primaries: Primaries) -> Option<Vec<u8>> {
    let xy = |x: f64, y: f64| CIExyY { x, y, Y: 1.0 };
    let (red, green, blue) = match primaries {
        Primaries::DisplayP3 => (xy(0.680, 0.320), xy(0.265, 0.690), xy(0.150, 0.060)),
        Primaries::Bt2020 => (xy(0.708, 0.292), xy(0.170, 0.797), xy(0.131, 0.046)),
    };
    let white = xy(0.3127, 0.3290);
    let srgb_curve = ToneCurve::new_parametric(4, &[2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045]).ok()?;
    let triple = CIExyYTRIPLE { Red: red, Green: green, Blue: blue };
    Profile::new_rgb(&white, &triple, &[&srgb_curve, &srgb_curve, &srgb_curve]).ok()?.icc().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn display_p3_red_becomes_a_stronger_srgb_red() {
        let icc = cicp_profile(Primaries::DisplayP3).unwrap();
        let pixels = Pixels::new(1, 1, Layout::Rgb8, vec![200, 100, 50]).with_icc(Some(icc));
        let srgb = to_srgb(pixels);
        assert!(srgb.data[0] > 205, "{:?}", srgb.data);
        assert!(srgb.data[1] < 100, "{:?}", srgb.data);
        assert!(srgb.icc.is_none());
    }

    #[test]
    fn cmyk_without_profile_uses_ink_formula() {
        let plain = to_srgb(Pixels::new(1, 1, Layout::Cmyk8 { inverted: false }, vec![0, 255, 255, 0]));
        assert_eq!(plain.data, vec![255, 0, 0]);
        let adobe = to_srgb(Pixels::new(1, 1, Layout::Cmyk8 { inverted: true }, vec![255, 0, 0, 255]));
        assert_eq!(adobe.data, vec![255, 0, 0]);
    }
}
