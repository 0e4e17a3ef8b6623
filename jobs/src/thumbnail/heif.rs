//! HEIC and AVIF through libheif. libheif applies the container's rotation and mirroring
//! (irot/imir) itself, so the pixels come out upright and EXIF orientation must not be applied
//! again. 10/12-bit images are reduced to 8 bits by libheif.

use std::sync::Once;

use libheif_rs::{
    ColorPrimaries, ColorSpace, HeifContext, HeifError, HeifErrorCode, HeifErrorSubCode, ImageHandle, RgbChroma,
};

use super::color::{self, Primaries};
use super::error::ThumbnailError;
use super::limits;
use super::pixels::{Layout, Pixels};

pub(crate) struct DecodedHeif {
    pub pixels: Pixels,
}

fn init_libheif() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        // SAFETY: called once, with no parameters; loads libheif's codec plugins if it has any.
        let _ = unsafe { libheif_sys::heif_init(std::ptr::null_mut()) };
    });
}

pub(crate) fn decode(data: &[u8], max_pixels: u64) -> Result<DecodedHeif, ThumbnailError> {
    init_libheif();
    // `data` outlives the context: libheif reads from it without copying.
    let context =
        HeifContext::read_from_bytes(data).map_err(|error| map_error("HEIF container could not be read", error))?;
    let handle =
        context.primary_image_handle().map_err(|error| map_error("HEIF file has no usable primary image", error))?;
    let (width, height) = (handle.width(), handle.height());
    limits::check(width, height, max_pixels)?;
    if let (Ok(w), Ok(h)) = (u32::try_from(handle.ispe_width()), u32::try_from(handle.ispe_height())) {
        limits::check(w, h, max_pixels)?;
    }
    let has_alpha = handle.has_alpha_channel();
    let (chroma, layout) = if has_alpha { (RgbChroma::Rgba, Layout::Rgba8) } else { (RgbChroma::Rgb, Layout::Rgb8) };
    // Asking for 8-bit interleaved RGB makes libheif reduce 10/12-bit images itself.
    let image = handle
        .decode(ColorSpace::Rgb(chroma), None)
        .map_err(|error| map_error("HEIF image could not be decoded", error))?;
    let planes = image.planes();
    let plane =
        planes.interleaved.ok_or_else(|| ThumbnailError::corrupt("libheif returned no interleaved RGB plane"))?;
    let (out_w, out_h) = (plane.width, plane.height);
    let row_len = out_w as usize * layout.channels();
    if out_w == 0 || out_h == 0 || plane.stride < row_len {
        return Err(ThumbnailError::corrupt(format!("libheif returned an unusable {out_w}×{out_h} plane")));
    }
    let mut pixels = Vec::with_capacity(row_len * out_h as usize);
    for row in plane.data.chunks(plane.stride).take(out_h as usize) {
        let row = row
            .get(..row_len)
            .ok_or_else(|| ThumbnailError::corrupt("libheif returned a plane shorter than its size"))?;
        pixels.extend_from_slice(row);
    }
    Ok(DecodedHeif { pixels: Pixels::new(out_w, out_h, layout, pixels).with_icc(profile(&handle)) })
}

/// Unsupported codecs and features are permanent "unsupported"; the rest is damage.
fn map_error(what: &str, error: HeifError) -> ThumbnailError {
    let unsupported = matches!(error.code, HeifErrorCode::UnsupportedFileType | HeifErrorCode::UnsupportedFeature)
        || matches!(
            error.sub_code,
            HeifErrorSubCode::UnsupportedCodec
                | HeifErrorSubCode::UnsupportedImageType
                | HeifErrorSubCode::UnsupportedDataVersion
        );
    let message = format!("{what}: {:?}/{:?} {}", error.code, error.sub_code, error.message);
    if unsupported {
        ThumbnailError::unsupported(message)
    } else {
        ThumbnailError::corrupt(message)
    }
}

/// The ICC profile, or one made from CICP primaries when those are wider than sRGB's.
fn profile(handle: &ImageHandle) -> Option<Vec<u8>> {
    if let Some(raw) = handle.color_profile_raw() {
        return Some(raw.data);
    }
    let nclx = handle.color_profile_nclx()?;
    match nclx.color_primaries() {
        ColorPrimaries::SMPTE_EG_432_1 | ColorPrimaries::SMPTE_RP_431_2 => color::cicp_profile(Primaries::DisplayP3),
        ColorPrimaries::ITU_R_BT_2020_2_and_2100_0 => color::cicp_profile(Primaries::Bt2020),
        _ => None,
    }
}
