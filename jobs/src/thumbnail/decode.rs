//! The one decode per asset: sniff the format, check the pixel budget from the header, then
//! run the format's decoder, asking it for no more pixels than the preview needs.

use std::fs::File;
use std::io::Read;

use super::error::ThumbnailError;
use super::orientation::Orientation;
use super::pixels::Pixels;
use super::sniff::{self, Format};
use super::{heif, jpeg, jxl, limits, raw_preview, still, video_frame, Settings, SourceKind, ThumbnailRequest};

/// Bytes read first to sniff the format and read the header size.
const HEAD_LEN: u64 = 64 * 1024;

pub(crate) struct Decoded {
    /// Possibly reduced (JPEG DCT scaling, video scaling), never below the preview size.
    pub pixels: Pixels,
    /// The full image's size as stored, before orientation.
    pub full_width: u32,
    pub full_height: u32,
    /// What still has to be done to show the pixels upright.
    pub orientation: Orientation,
}

pub(crate) fn decode(request: &ThumbnailRequest, settings: &Settings) -> Result<Decoded, ThumbnailError> {
    let max_pixels = settings.max_pixels;
    let preview_size = settings.preview_size.max(1);
    let orientation_hint = request.orientation.filter(|value| (1..=8).contains(value));

    let mut file = File::open(request.source)?;
    let mut head = Vec::new();
    file.by_ref().take(HEAD_LEN).read_to_end(&mut head)?;
    let format = sniff::sniff(&head);

    if request.kind == SourceKind::Video || format == Format::Video {
        if head.is_empty() {
            return Err(ThumbnailError::corrupt("the file is empty"));
        }
        let frame = video_frame::decode(request.source, format == Format::Video, preview_size, max_pixels)?;
        return Ok(Decoded {
            pixels: frame.pixels,
            full_width: frame.display_width,
            full_height: frame.display_height,
            orientation: frame.orientation,
        });
    }
    if head.is_empty() {
        return Err(ThumbnailError::corrupt("the file is empty"));
    }
    if format == Format::Unknown {
        return Err(ThumbnailError::unsupported(format!(
            "not a recognised image format (file starts with {})",
            hex_prefix(&head)
        )));
    }
    if !matches!(format, Format::Tiff | Format::Raw(_)) {
        // RAW files are exempt: their header describes the sensor, not the preview we decode.
        limits::check_header(&head, format, max_pixels)?;
    }
    let mut data = head;
    file.read_to_end(&mut data)?;
    drop(file);

    let oriented = |exif: Option<u16>| Orientation::from_exif(orientation_hint.or(exif).unwrap_or(1));
    match format {
        Format::Jpeg => {
            let jpeg = jpeg::decode(&data, preview_size, max_pixels)?;
            let orientation = oriented(jpeg.exif_orientation);
            Ok(Decoded { full_width: jpeg.full_width, full_height: jpeg.full_height, pixels: jpeg.pixels, orientation })
        }
        Format::Png | Format::Gif | Format::WebP | Format::Bmp => {
            let still = still::decode(&data, format, max_pixels)?;
            Ok(whole(still.pixels, oriented(still.exif_orientation)))
        }
        Format::Tiff => decode_tiff(&data, preview_size, max_pixels, orientation_hint),
        // libheif and jxl-oxide apply the file's own rotation; applying EXIF again would double it.
        Format::Heif => Ok(whole(heif::decode(&data, max_pixels)?.pixels, Orientation::UPRIGHT)),
        Format::Jxl => Ok(whole(jxl::decode(&data, max_pixels)?.pixels, Orientation::UPRIGHT)),
        Format::Raw(kind) => decode_raw(&data, Some(kind), preview_size, max_pixels, orientation_hint),
        Format::Video | Format::Unknown => Err(ThumbnailError::unsupported("not a recognised image format")),
    }
}

/// A plain TIFF through the `image` crate, a TIFF-based RAW through its embedded JPEG.
fn decode_tiff(
    data: &[u8],
    preview_size: u32,
    max_pixels: u64,
    orientation_hint: Option<u16>,
) -> Result<Decoded, ThumbnailError> {
    let survey = raw_preview::survey_tiff(data);
    if survey.sensor_data {
        return decode_raw(data, None, preview_size, max_pixels, orientation_hint);
    }
    match still::decode(data, Format::Tiff, max_pixels) {
        Ok(still) => {
            let orientation = orientation_hint.or(still.exif_orientation).or(survey.orientation);
            Ok(whole(still.pixels, Orientation::from_exif(orientation.unwrap_or(1))))
        }
        // JPEG-compressed or exotic TIFFs the image crate refuses may still carry a JPEG.
        Err(still_error) if !survey.previews.is_empty() => {
            decode_raw(data, None, preview_size, max_pixels, orientation_hint).map_err(|_| still_error)
        }
        Err(still_error) => Err(still_error),
    }
}

fn decode_raw(
    data: &[u8],
    kind: Option<sniff::RawKind>,
    preview_size: u32,
    max_pixels: u64,
    orientation_hint: Option<u16>,
) -> Result<Decoded, ThumbnailError> {
    let raw = raw_preview::decode(data, kind, preview_size, max_pixels)?;
    let orientation = orientation_hint.or(raw.container_orientation).or(raw.jpeg.exif_orientation);
    Ok(Decoded {
        full_width: raw.jpeg.full_width,
        full_height: raw.jpeg.full_height,
        pixels: raw.jpeg.pixels,
        orientation: Orientation::from_exif(orientation.unwrap_or(1)),
    })
}

fn whole(pixels: Pixels, orientation: Orientation) -> Decoded {
    Decoded { full_width: pixels.width, full_height: pixels.height, pixels, orientation }
}

fn hex_prefix(head: &[u8]) -> String {
    head.iter().take(8).map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
}
