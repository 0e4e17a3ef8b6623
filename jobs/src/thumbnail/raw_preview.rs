//! Camera RAW files through the JPEG preview every camera embeds (usually full size): the
//! TIFF-based ones (DNG, CR2, NEF, ARW, PEF, ORF, RW2) are walked IFD by IFD, SubIFDs included;
//! RAF's header points at its JPEG; anything else (CR3, MRW, X3F, unknown layouts) falls back
//! to scanning for JPEG start markers. The largest candidate that decodes wins. The sensor data
//! itself is never demosaiced.

use std::collections::HashSet;

use super::error::ThumbnailError;
use super::jpeg::{self, DecodedJpeg, HeaderReader};
use super::sniff::RawKind;
use super::tiff_ifd::{self, TiffReader};

/// How many candidates that look decodable we try before giving up.
const MAX_DECODE_ATTEMPTS: usize = 6;
/// How many JPEG start markers the byte scan looks at.
const MAX_SCANNED_MARKERS: usize = 20_000;
const MAX_IFDS: usize = 64;

pub(crate) struct DecodedRaw {
    pub jpeg: DecodedJpeg,
    /// Orientation from the RAW container's IFD0 (the embedded JPEG usually has none).
    pub container_orientation: Option<u16>,
}

/// What walking a TIFF structure found.
#[derive(Debug, Default)]
pub(crate) struct TiffSurvey {
    /// Byte ranges of embedded JPEGs.
    pub previews: Vec<(usize, usize)>,
    pub orientation: Option<u16>,
    /// Signs of camera sensor data (DNG version, CFA photometric, vendor compression).
    pub sensor_data: bool,
}

pub(crate) fn survey_tiff(data: &[u8]) -> TiffSurvey {
    let mut survey = TiffSurvey::default();
    let Some(reader) = TiffReader::new(data) else {
        return survey;
    };
    let Some(first) = reader.first_ifd() else {
        return survey;
    };
    let mut queue = vec![first];
    let mut visited = HashSet::new();
    while let Some(offset) = queue.pop() {
        if visited.len() >= MAX_IFDS || !visited.insert(offset) {
            continue;
        }
        let Some(ifd) = reader.ifd(offset) else {
            continue;
        };
        if offset == first {
            survey.orientation = reader
                .uint(&ifd, tiff_ifd::TAG_ORIENTATION)
                .and_then(|v| u16::try_from(v).ok())
                .filter(|v| (1..=8).contains(v));
            survey.sensor_data |= ifd.get(tiff_ifd::TAG_DNG_VERSION).is_some();
        }
        let mut push = |start: u32, len: u32| {
            let (start, len) = (start as usize, len as usize);
            if len > 0 && start < data.len() {
                survey.previews.push((start, start.saturating_add(len).min(data.len())));
            }
        };
        if let (Some(start), Some(len)) =
            (reader.uint(&ifd, tiff_ifd::TAG_JPEG_OFFSET), reader.uint(&ifd, tiff_ifd::TAG_JPEG_LENGTH))
        {
            push(start, len);
        }
        let compression = reader.uint(&ifd, tiff_ifd::TAG_COMPRESSION);
        if matches!(compression, Some(6 | 7 | 99)) {
            let offsets = ifd.get(tiff_ifd::TAG_STRIP_OFFSETS).map(|e| reader.uints(e)).unwrap_or_default();
            let counts = ifd.get(tiff_ifd::TAG_STRIP_BYTE_COUNTS).map(|e| reader.uints(e)).unwrap_or_default();
            if let ([start], [len]) = (offsets.as_slice(), counts.as_slice()) {
                push(*start, *len);
            }
        }
        if let Some((start, len)) = ifd.get(tiff_ifd::TAG_RW2_JPEG_FROM_RAW).and_then(|entry| reader.value_bytes(entry))
        {
            survey.previews.push((start, start + len));
        }
        let photometric = reader.uint(&ifd, tiff_ifd::TAG_PHOTOMETRIC);
        survey.sensor_data |= matches!(photometric, Some(32803 | 34892))
            || matches!(compression, Some(32767 | 32769 | 32770 | 34316 | 34713 | 65000 | 65535));
        if let Some(entry) = ifd.get(tiff_ifd::TAG_SUB_IFDS) {
            queue.extend(reader.uints(entry).into_iter().map(|v| v as usize));
        }
        if let Some(next) = ifd.next {
            queue.push(next);
        }
    }
    survey
}

pub(crate) fn decode(
    data: &[u8],
    kind: Option<RawKind>,
    min_short_side: u32,
    max_pixels: u64,
) -> Result<DecodedRaw, ThumbnailError> {
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    let mut container_orientation = None;
    if TiffReader::new(data).is_some() {
        let survey = survey_tiff(data);
        candidates.extend(survey.previews);
        container_orientation = survey.orientation;
    }
    if kind == Some(RawKind::Raf) {
        candidates.extend(raf_preview(data));
    }
    candidates.extend(scan_for_jpegs(data));

    let headers = HeaderReader::new()?;
    let mut seen = HashSet::new();
    let mut sized: Vec<(u64, u32, u32, usize, usize)> = candidates
        .into_iter()
        .filter(|&(start, _)| seen.insert(start))
        .filter_map(|(start, end)| {
            let (w, h) = headers.dimensions(data.get(start..end)?)?;
            Some((u64::from(w) * u64::from(h), w, h, start, end))
        })
        .collect();
    sized.sort_by_key(|candidate| std::cmp::Reverse(candidate.0));

    let mut too_large = None;
    let mut last_error = None;
    let mut attempts = 0;
    for &(area, w, h, start, end) in &sized {
        if area > max_pixels {
            too_large.get_or_insert(ThumbnailError::TooLarge {
                width: u64::from(w),
                height: u64::from(h),
                limit: max_pixels,
            });
            continue;
        }
        if attempts >= MAX_DECODE_ATTEMPTS {
            break;
        }
        attempts += 1;
        match jpeg::decode(&data[start..end], min_short_side, max_pixels) {
            Ok(jpeg) => return Ok(DecodedRaw { jpeg, container_orientation }),
            Err(error) => last_error = Some(error),
        }
    }
    Err(too_large.or(last_error).unwrap_or_else(|| {
        ThumbnailError::unsupported(
            "no embedded JPEG preview found in this RAW file (decoding sensor data is not supported)",
        )
    }))
}

/// RAF: big-endian offset and length of the JPEG at bytes 84 and 88 of the header.
fn raf_preview(data: &[u8]) -> Option<(usize, usize)> {
    let word = |at: usize| -> Option<usize> {
        let bytes: [u8; 4] = data.get(at..at + 4)?.try_into().ok()?;
        Some(u32::from_be_bytes(bytes) as usize)
    };
    let (start, len) = (word(84)?, word(88)?);
    (len > 0 && start < data.len()).then(|| (start, start.saturating_add(len).min(data.len())))
}

/// Every `FF D8 FF` in the file, running to the end (the decoder stops at its EOI).
fn scan_for_jpegs(data: &[u8]) -> Vec<(usize, usize)> {
    data.windows(3)
        .enumerate()
        .filter(|(_, w)| *w == [0xFF, 0xD8, 0xFF])
        .map(|(start, _)| (start, data.len()))
        .take(MAX_SCANNED_MARKERS)
        .collect()
}
