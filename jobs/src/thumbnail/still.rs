//! PNG, GIF (first frame of an animation), WebP, BMP and plain TIFF through the `image` crate,
//! 16-bit and float samples included. The size is checked from the decoder's header before
//! any pixels are read.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use super::error::ThumbnailError;
use super::limits;
use super::pixels::{Layout, Pixels};
use super::sniff::Format;

pub(crate) struct DecodedStill {
    pub pixels: Pixels,
    pub exif_orientation: Option<u16>,
}

pub(crate) fn decode(data: &[u8], format: Format, max_pixels: u64) -> Result<DecodedStill, ThumbnailError> {
    let image_format = match format {
        Format::Png => ImageFormat::Png,
        Format::Gif => ImageFormat::Gif,
        Format::WebP => ImageFormat::WebP,
        Format::Bmp => ImageFormat::Bmp,
        Format::Tiff => ImageFormat::Tiff,
        other => return Err(ThumbnailError::unsupported(format!("{} is not decoded here", other.name()))),
    };
    let name = format.name();
    let mut reader = ImageReader::with_format(Cursor::new(data), image_format);
    let mut limits = Limits::default();
    // Enough for the largest image we accept at 16 bits per channel with alpha.
    limits.max_alloc = Some(max_pixels.saturating_mul(8).max(64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|error| map_error(name, error))?;
    let (width, height) = decoder.dimensions();
    limits::check(width, height, max_pixels)?;
    if width == 0 || height == 0 {
        return Err(ThumbnailError::corrupt(format!("{name} header gives an empty size {width}×{height}")));
    }
    let icc = decoder.icc_profile().ok().flatten();
    let exif_orientation = decoder.orientation().ok().map(|o| u16::from(o.to_exif()));
    let image = DynamicImage::from_decoder(decoder).map_err(|error| map_error(name, error))?;
    let pixels = if image.color().has_alpha() {
        Pixels::new(width, height, Layout::Rgba8, image.into_rgba8().into_raw())
    } else {
        Pixels::new(width, height, Layout::Rgb8, image.into_rgb8().into_raw())
    };
    if !pixels.is_consistent() {
        return Err(ThumbnailError::corrupt(format!("{name} decoder returned a wrong number of pixels")));
    }
    Ok(DecodedStill { pixels: pixels.with_icc(icc), exif_orientation })
}

fn map_error(name: &str, error: ImageError) -> ThumbnailError {
    match error {
        ImageError::Unsupported(why) => ThumbnailError::unsupported(format!("{name} variant not supported: {why}")),
        ImageError::Limits(why) => ThumbnailError::corrupt(format!("{name} needs more memory than allowed: {why}")),
        // Reading from memory never fails for I/O reasons: these are decoder complaints.
        ImageError::IoError(why) => ThumbnailError::corrupt(format!("{name} data could not be read: {why}")),
        other => ThumbnailError::corrupt(format!("{name} data could not be decoded: {other}")),
    }
}
