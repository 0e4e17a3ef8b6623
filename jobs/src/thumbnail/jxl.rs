//! JPEG XL through jxl-oxide. It renders straight to sRGB (tone-mapping HDR and converting
//! embedded ICC profiles through LittleCMS) and applies the codestream's orientation itself,
//! so the pixels come out upright.

use std::io::Cursor;

use jxl_oxide::{EnumColourEncoding, JxlImage, PixelFormat, RenderingIntent};

use super::error::ThumbnailError;
use super::limits;
use super::pixels::{Layout, Pixels};

pub(crate) struct DecodedJxl {
    pub pixels: Pixels,
}

pub(crate) fn decode(data: &[u8], max_pixels: u64) -> Result<DecodedJxl, ThumbnailError> {
    let mut image = JxlImage::builder()
        .read(Cursor::new(data))
        .map_err(|error| ThumbnailError::corrupt(format!("JPEG XL data could not be read: {error}")))?;
    let (width, height) = (image.width(), image.height());
    limits::check(width, height, max_pixels)?;
    if width == 0 || height == 0 {
        return Err(ThumbnailError::corrupt("JPEG XL header gives an empty size"));
    }
    image.set_cms(jxl_oxide::Lcms2);
    let intent = RenderingIntent::Relative;
    if image.image_header().metadata.grayscale() {
        image.request_color_encoding(EnumColourEncoding::gray_srgb(intent));
    } else {
        image.request_color_encoding(EnumColourEncoding::srgb(intent));
    }
    let format = image.pixel_format();
    if image.num_loaded_keyframes() == 0 {
        return Err(ThumbnailError::corrupt("JPEG XL file ends before its first frame"));
    }
    let render = image
        .render_frame(0)
        .map_err(|error| ThumbnailError::corrupt(format!("JPEG XL frame could not be decoded: {error}")))?;
    let mut stream = render.stream();
    let (out_w, out_h, channels) = (stream.width(), stream.height(), stream.channels() as usize);
    let mut samples = vec![0u8; out_w as usize * out_h as usize * channels];
    let written = stream.write_to_buffer(&mut samples);
    if written != samples.len() {
        return Err(ThumbnailError::corrupt("JPEG XL frame has fewer samples than its size"));
    }
    let (layout, data) = match (format, channels) {
        (PixelFormat::Rgb, 3) => (Layout::Rgb8, samples),
        (PixelFormat::Rgba, 4) => (Layout::Rgba8, samples),
        (PixelFormat::Gray, 1) => (Layout::Rgb8, samples.iter().flat_map(|&v| [v, v, v]).collect()),
        (PixelFormat::Graya, 2) => {
            (Layout::Rgba8, samples.chunks_exact(2).flat_map(|ga| [ga[0], ga[0], ga[0], ga[1]]).collect())
        }
        (other, n) => {
            return Err(ThumbnailError::unsupported(format!("JPEG XL with {other:?} pixels ({n} channels)")));
        }
    };
    Ok(DecodedJxl { pixels: Pixels::new(out_w, out_h, layout, data) })
}
