//! One decode per asset, then a WebP thumbnail, a JPEG preview and a thumbhash.
//!
//! Every format's decoder (JPEG with DCT scaling, `image` for PNG/GIF/WebP/BMP/TIFF, libheif,
//! jxl-oxide, embedded RAW previews, an FFmpeg poster frame) yields pixels no smaller than the
//! preview; from there one shared path resizes to the preview, converts to sRGB, turns the
//! pixels upright, and derives the thumbnail and the thumbhash from the preview pixels.

mod atomic_write;
mod color;
mod decode;
mod encode;
mod error;
mod heif;
mod jpeg;
mod jpeg_markers;
mod jxl;
mod limits;
mod orientation;
mod pixels;
mod placeholder;
mod raw_preview;
mod resize;
mod sniff;
mod still;
mod tiff_ifd;
mod video_frame;

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

pub use error::ThumbnailError;

use pixels::{fit_long_side, fit_short_side};

/// What the source file holds; videos get a poster frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Image,
    Video,
}

#[derive(Debug, Clone, Copy)]
pub struct ThumbnailRequest<'a> {
    pub source: &'a Path,
    pub kind: SourceKind,
    /// EXIF orientation when the metadata job knew it; None = read it from the file yourself.
    /// Ignored for HEIF, JPEG XL and videos, whose decoders apply the file's own rotation.
    pub orientation: Option<u16>,
    /// WebP, `thumbnail_size` px on the short side.
    pub thumbnail_path: &'a Path,
    /// JPEG, `preview_size` px on the short side, never upscaled.
    pub preview_path: &'a Path,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub thumbnail_size: u32,
    pub preview_size: u32,
    pub thumbnail_quality: u8,
    pub preview_quality: u8,
    /// Largest width × height accepted; bigger images fail with `TooLarge` before decoding.
    pub max_pixels: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            thumbnail_size: 250,
            preview_size: 1440,
            thumbnail_quality: 80,
            preview_quality: 80,
            // libvips' and sharp's default `limitInputPixels` (0x3FFF × 0x3FFF).
            max_pixels: 268_402_689,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThumbnailOutput {
    pub thumbhash: Vec<u8>,
    pub preview_width: u32,
    pub preview_height: u32,
    pub thumbnail_width: u32,
    pub thumbnail_height: u32,
    /// Displayed size of the full image (after orientation), when learned while decoding. For
    /// RAW files this is the embedded preview's size; for videos the display size of a frame.
    pub source_width: u32,
    pub source_height: u32,
}

/// Decodes `request.source` once and writes the preview and the thumbnail atomically.
pub fn generate(request: &ThumbnailRequest, settings: &Settings) -> Result<ThumbnailOutput, ThumbnailError> {
    // The decoders are native libraries and third-party parsers fed untrusted files; a panic in
    // one of them must fail this file, not the worker.
    panic::catch_unwind(AssertUnwindSafe(|| generate_inner(request, settings)))
        .unwrap_or_else(|_| Err(ThumbnailError::corrupt(format!("a decoder crashed on {}", request.source.display()))))
}

fn generate_inner(request: &ThumbnailRequest, settings: &Settings) -> Result<ThumbnailOutput, ThumbnailError> {
    let decoded = decode::decode(request, settings)?;
    if !decoded.pixels.is_consistent() {
        return Err(ThumbnailError::corrupt("the decoder returned pixels that do not match their size"));
    }
    let (source_width, source_height) = decoded.orientation.displayed_size(decoded.full_width, decoded.full_height);

    // Preview size from the full image's size, so DCT-scaled decodes give the same result.
    let (mut preview_w, mut preview_h) =
        fit_short_side(decoded.full_width, decoded.full_height, settings.preview_size.max(1));
    (preview_w, preview_h) = fit_long_side(preview_w, preview_h, encode::JPEG_MAX_SIDE);
    if preview_w > decoded.pixels.width || preview_h > decoded.pixels.height {
        // Never enlarge what the decoder gave us.
        (preview_w, preview_h) = (decoded.pixels.width, decoded.pixels.height);
    }
    let preview = resize::resize(decoded.pixels, preview_w, preview_h)?;
    let preview = color::to_srgb(preview);
    let preview = pixels::drop_opaque_alpha(preview);
    let preview = orientation::apply(preview, decoded.orientation);

    let (thumb_w, thumb_h) = fit_short_side(preview.width, preview.height, settings.thumbnail_size.max(1));
    let (thumb_w, thumb_h) = fit_long_side(thumb_w, thumb_h, encode::WEBP_MAX_SIDE);

    // The JPEG encode and the thumbnail branch only read the preview: run them side by side.
    let (preview_written, thumbnail) = std::thread::scope(|scope| {
        let preview_job = scope.spawn(|| -> Result<(), ThumbnailError> {
            let jpeg = encode::jpeg(&preview, settings.preview_quality)?;
            atomic_write::write_atomically(request.preview_path, &jpeg)?;
            Ok(())
        });
        let thumbnail = (|| -> Result<(u32, u32, Vec<u8>), ThumbnailError> {
            let thumbnail = resize::resized(&preview, thumb_w, thumb_h)?;
            let webp = encode::webp(&thumbnail, settings.thumbnail_quality)?;
            atomic_write::write_atomically(request.thumbnail_path, &webp)?;
            let hash = placeholder::thumbhash(&thumbnail)?;
            Ok((thumb_w, thumb_h, hash))
        })();
        let preview_written =
            preview_job.join().unwrap_or_else(|_| Err(ThumbnailError::corrupt("the JPEG encoder crashed")));
        (preview_written, thumbnail)
    });
    preview_written?;
    let (thumbnail_width, thumbnail_height, thumbhash) = thumbnail?;

    Ok(ThumbnailOutput {
        thumbhash,
        preview_width: preview.width,
        preview_height: preview.height,
        thumbnail_width,
        thumbnail_height,
        source_width,
        source_height,
    })
}
