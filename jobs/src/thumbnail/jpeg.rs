//! JPEG through libjpeg-turbo: decoding with DCT scaling (1/2, 1/4, 1/8) so a 12 MP photo is
//! never expanded to full size just to be shrunk again (libvips' "shrink-on-load"), and fast
//! encoding of the preview.

use std::ffi::CStr;
use std::os::raw::{c_int, c_ulong};

use turbojpeg::raw;

use super::error::ThumbnailError;
use super::jpeg_markers;
use super::limits;
use super::pixels::{Layout, Pixels};

pub(crate) struct DecodedJpeg {
    pub pixels: Pixels,
    /// Size of the whole image at scale 1 (the decoded pixels may be smaller).
    pub full_width: u32,
    pub full_height: u32,
    pub exif_orientation: Option<u16>,
}

/// A TurboJPEG instance, destroyed on drop.
struct Handle(raw::tjhandle);

impl Handle {
    fn decompressor() -> Result<Self, ThumbnailError> {
        // SAFETY: plain constructor; a null result is checked below.
        let handle = unsafe { raw::tjInitDecompress() };
        if handle.is_null() {
            return Err(ThumbnailError::Io(std::io::Error::other("could not start the JPEG decoder (out of memory?)")));
        }
        Ok(Handle(handle))
    }

    fn error_message(&self) -> String {
        // SAFETY: the handle is live; TurboJPEG returns a NUL-terminated static or per-handle string.
        let message = unsafe { raw::tjGetErrorStr2(self.0) };
        if message.is_null() {
            return "unknown JPEG error".to_owned();
        }
        // SAFETY: checked non-null above; the string lives as long as the handle.
        unsafe { CStr::from_ptr(message) }.to_string_lossy().into_owned()
    }

    fn last_error_is_warning(&self) -> bool {
        // SAFETY: the handle is live.
        unsafe { raw::tjGetErrorCode(self.0) == raw::TJERR_TJERR_WARNING as c_int }
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: created by tjInit*, destroyed exactly once.
        unsafe {
            raw::tjDestroy(self.0);
        }
    }
}

struct Header {
    width: u32,
    height: u32,
    colorspace: c_int,
}

fn read_header(handle: &Handle, data: &[u8]) -> Result<Header, ThumbnailError> {
    let (mut width, mut height, mut subsamp, mut colorspace) = (0, 0, 0, 0);
    // SAFETY: the pointer/length pair describes `data`; outputs are plain integers.
    let result = unsafe {
        raw::tjDecompressHeader3(
            handle.0,
            data.as_ptr(),
            data.len() as c_ulong,
            &mut width,
            &mut height,
            &mut subsamp,
            &mut colorspace,
        )
    };
    if result != 0 {
        return Err(ThumbnailError::corrupt(format!("JPEG header could not be read: {}", handle.error_message())));
    }
    match (u32::try_from(width), u32::try_from(height)) {
        (Ok(width), Ok(height)) if width > 0 && height > 0 => Ok(Header { width, height, colorspace }),
        _ => Err(ThumbnailError::corrupt(format!("JPEG header gives an impossible size {width}×{height}"))),
    }
}

/// Reads JPEG headers only; one instance serves many candidates (RAW preview search).
pub(crate) struct HeaderReader(Handle);

impl HeaderReader {
    pub(crate) fn new() -> Result<Self, ThumbnailError> {
        Handle::decompressor().map(HeaderReader)
    }

    /// Width and height from the JPEG header alone, if it parses.
    pub(crate) fn dimensions(&self, data: &[u8]) -> Option<(u32, u32)> {
        read_header(&self.0, data).ok().map(|header| (header.width, header.height))
    }
}

/// The largest of 1, 1/2, 1/4, 1/8 whose short side still reaches `min_short_side`.
fn scale_denominator(width: u32, height: u32, min_short_side: u32) -> u32 {
    let short = width.min(height);
    [8, 4, 2].into_iter().find(|&d| short.div_ceil(d) >= min_short_side).unwrap_or(1)
}

/// Decodes at the smallest DCT scale whose short side is still at least `min_short_side`.
pub(crate) fn decode(data: &[u8], min_short_side: u32, max_pixels: u64) -> Result<DecodedJpeg, ThumbnailError> {
    let handle = Handle::decompressor()?;
    let header = read_header(&handle, data)?;
    limits::check(header.width, header.height, max_pixels)?;
    let markers = jpeg_markers::read(data);

    let cmyk = header.colorspace == raw::TJCS_TJCS_CMYK as c_int || header.colorspace == raw::TJCS_TJCS_YCCK as c_int;
    let (layout, pixel_format) = if cmyk {
        (Layout::Cmyk8 { inverted: markers.adobe }, raw::TJPF_TJPF_CMYK)
    } else {
        (Layout::Rgb8, raw::TJPF_TJPF_RGB)
    };

    let denominator = scale_denominator(header.width, header.height, min_short_side);
    let width = header.width.div_ceil(denominator);
    let height = header.height.div_ceil(denominator);
    let pitch = width as usize * layout.channels();
    let (Ok(c_width), Ok(c_height), Ok(c_pitch)) =
        (c_int::try_from(width), c_int::try_from(height), c_int::try_from(pitch))
    else {
        return Err(ThumbnailError::corrupt("JPEG dimensions overflow"));
    };
    let mut buffer = vec![0u8; pitch * height as usize];
    // SAFETY: `buffer` holds pitch × height bytes, exactly what TurboJPEG writes for the
    // requested scaled size (it picks the scaling factor that yields these dimensions).
    let result = unsafe {
        raw::tjDecompress2(
            handle.0,
            data.as_ptr(),
            data.len() as c_ulong,
            buffer.as_mut_ptr(),
            c_width,
            c_pitch,
            c_height,
            pixel_format,
            0,
        )
    };
    if result != 0 {
        if handle.last_error_is_warning() {
            // Truncated or slightly damaged data: libjpeg fills what is missing with grey.
            tracing::debug!("JPEG decoded with a warning: {}", handle.error_message());
        } else {
            return Err(ThumbnailError::corrupt(format!("JPEG data could not be decoded: {}", handle.error_message())));
        }
    }
    Ok(DecodedJpeg {
        pixels: Pixels::new(width, height, layout, buffer).with_icc(markers.icc),
        full_width: header.width,
        full_height: header.height,
        exif_orientation: markers.exif_orientation,
    })
}

/// Baseline JPEG, 4:2:0, from tightly packed RGB.
pub(crate) fn encode(rgb: &[u8], width: u32, height: u32, quality: u8) -> Result<Vec<u8>, ThumbnailError> {
    let image = turbojpeg::Image {
        pixels: rgb,
        width: width as usize,
        pitch: width as usize * 3,
        height: height as usize,
        format: turbojpeg::PixelFormat::RGB,
    };
    if rgb.len() < image.pitch * image.height {
        return Err(ThumbnailError::corrupt("preview buffer is smaller than its size"));
    }
    let mut compressor =
        turbojpeg::Compressor::new().map_err(|error| ThumbnailError::Io(std::io::Error::other(error.to_string())))?;
    compressor.set_quality(i32::from(quality.clamp(1, 100)));
    compressor.set_subsamp(turbojpeg::Subsamp::Sub2x2);
    compressor.compress_to_vec(image).map_err(|error| ThumbnailError::corrupt(format!("JPEG encoding failed: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_smallest_scale_that_still_covers_the_preview() {
        assert_eq!(scale_denominator(4000, 3000, 1440), 2);
        assert_eq!(scale_denominator(6000, 4000, 1440), 2);
        assert_eq!(scale_denominator(12000, 9000, 1440), 4);
        assert_eq!(scale_denominator(2000, 1500, 1440), 1);
        assert_eq!(scale_denominator(4000, 3000, 250), 8);
    }

    #[test]
    fn round_trips_a_small_image() {
        let rgb: Vec<u8> = (0..64 * 48).flat_map(|i| [(i % 256) as u8, 128, 30]).collect();
        let jpeg = encode(&rgb, 64, 48, 90).unwrap_or_default();
        assert_eq!(HeaderReader::new().ok().and_then(|r| r.dimensions(&jpeg)), Some((64, 48)));
        let decoded = decode(&jpeg, 20, 1 << 20).map(|d| (d.pixels.width, d.pixels.height));
        assert_eq!(decoded.ok(), Some((32, 24)));
    }
}
