//! EXIF (a TIFF structure, whatever container it came in) read with kamadak-exif into the fields
//! Shoebox keeps. A damaged block keeps what could be read; what went wrong becomes a problem.

use ::exif::{Context, Exif, Field, In, Reader, Tag, Value};

use super::gps::{self, Position};
use super::taken_at::{gps_stamp, parse_date_time, parse_offset, ExifDates, Stamp};

/// IFD0 tags kamadak-exif has no name for.
const RATING: Tag = Tag(Context::Tiff, 0x4746);
const XML_PACKET: Tag = Tag(Context::Tiff, 700);
const IPTC_NAA: Tag = Tag(Context::Tiff, 33723);
const ICC_PROFILE: Tag = Tag(Context::Tiff, 34675);

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ExifTags {
    pub dates: ExifDates,
    pub orientation: Option<u16>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub lens_model: Option<String>,
    pub f_number: Option<f64>,
    /// Seconds.
    pub exposure_time: Option<f64>,
    pub iso: Option<u32>,
    pub focal_length: Option<f64>,
    pub position: Option<Position>,
    pub rating: Option<i32>,
    pub description: Option<String>,
    /// IFD0 ImageWidth × ImageLength: the image itself in a TIFF, often a preview in a RAW.
    pub ifd0_size: Option<(u32, u32)>,
    /// PixelXDimension × PixelYDimension from the Exif IFD.
    pub pixel_size: Option<(u32, u32)>,
    /// Blocks TIFF-based files keep in IFD0.
    pub xmp: Option<Vec<u8>>,
    pub iptc: Option<Vec<u8>>,
    pub icc: Option<Vec<u8>>,
}

/// Where fields are looked up. Most files have one EXIF structure; Canon CR3 splits it into one
/// TIFF structure per IFD (CMT1 IFD0, CMT2 Exif, CMT4 GPS), each parsed as its own IFD0.
pub(crate) enum Source {
    Single(Exif),
    Split(Box<SplitExif>),
}

pub(crate) struct SplitExif {
    pub ifd0: Option<Exif>,
    pub exif: Option<Exif>,
    pub gps: Option<Exif>,
}

impl Source {
    fn get(&self, tag: Tag) -> Option<&Field> {
        match self {
            Source::Single(exif) => exif.get_field(tag, In::PRIMARY),
            Source::Split(split) => {
                let (part, tag) = match tag.context() {
                    Context::Tiff => (&split.ifd0, tag),
                    Context::Exif => (&split.exif, Tag(Context::Tiff, tag.number())),
                    Context::Gps => (&split.gps, Tag(Context::Tiff, tag.number())),
                    _ => return None,
                };
                part.as_ref()?.get_field(tag, In::PRIMARY)
            }
        }
    }

    fn little_endian(&self) -> bool {
        match self {
            Source::Single(exif) => exif.little_endian(),
            Source::Split(split) => split.ifd0.as_ref().is_none_or(Exif::little_endian),
        }
    }
}

/// Parses a TIFF-structured EXIF block, keeping what a damaged one still gives. Problems are
/// returned as sentences; `None` when nothing at all could be read.
pub(crate) fn parse_block(tiff: Vec<u8>, what: &str) -> (Option<Exif>, Vec<String>) {
    match Reader::new().continue_on_error(true).read_raw(tiff) {
        Ok(exif) => (Some(exif), Vec::new()),
        Err(error) => {
            let mut problems = Vec::new();
            match error.distill_partial_result(|errors| {
                let first = errors.first().map(ToString::to_string).unwrap_or_default();
                problems.push(format!(
                    "The {what} is damaged ({} error{}, first: {first}); the fields that could be read were kept.",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" }
                ));
            }) {
                Ok(exif) => (Some(exif), problems),
                Err(error) => (None, vec![format!("The {what} cannot be read: {error}.")]),
            }
        }
    }
}

impl ExifTags {
    pub(crate) fn from_source(source: &Source) -> ExifTags {
        let text = |tag: Tag| source.get(tag).and_then(|f| ascii(&f.value));
        let uint = |tag: Tag| source.get(tag).and_then(|f| f.value.get_uint(0));
        let real = |tag: Tag, index: usize| source.get(tag).and_then(|f| number(&f.value, index));
        let positive = |tag: Tag| real(tag, 0).filter(|v| *v > 0.0);
        let date = |date: Tag, offset: Tag| {
            let offset = text(offset).and_then(|o| parse_offset(&o));
            text(date).and_then(|d| parse_date_time(&d)).map(|s: Stamp| s.with_offset_if_missing(offset))
        };
        let triple = |tag: Tag| -> Option<[f64; 3]> { Some([real(tag, 0)?, real(tag, 1)?, real(tag, 2)?]) };
        let size = |w: Tag, h: Tag| Some((uint(w)?, uint(h)?)).filter(|(w, h)| *w > 0 && *h > 0);
        let bytes = |tag: Tag| source.get(tag).and_then(|f| raw_bytes(&f.value, source.little_endian()));

        let gps_date = text(Tag::GPSDateStamp).zip(triple(Tag::GPSTimeStamp)).and_then(|(d, t)| gps_stamp(&d, t));
        let dates = ExifDates {
            original: date(Tag::DateTimeOriginal, Tag::OffsetTimeOriginal),
            digitized: date(Tag::DateTimeDigitized, Tag::OffsetTimeDigitized),
            modified: date(Tag::DateTime, Tag::OffsetTime),
            gps: gps_date,
        };

        let coordinate = |value: Tag, reference: Tag, negative: &str| {
            let dms = triple(value).or_else(|| Some([real(value, 0)?, 0.0, 0.0]))?;
            let is_negative = text(reference).is_some_and(|r| r.eq_ignore_ascii_case(negative));
            Some(gps::from_dms(dms, is_negative))
        };
        let altitude =
            real(Tag::GPSAltitude, 0).map(|a| if uint(Tag::GPSAltitudeRef) == Some(1) { -a.abs() } else { a });
        let position = match (
            coordinate(Tag::GPSLatitude, Tag::GPSLatitudeRef, "S"),
            coordinate(Tag::GPSLongitude, Tag::GPSLongitudeRef, "W"),
        ) {
            (Some(lat), Some(lon)) => gps::position(lat, lon, altitude),
            _ => None,
        };

        // 65535 means "too high for this field"; ISOSpeed then holds the real value.
        let iso = match uint(Tag::PhotographicSensitivity) {
            Some(65535) | None => uint(Tag::ISOSpeed).or(uint(Tag::PhotographicSensitivity)),
            other => other,
        }
        .filter(|iso| *iso > 0);

        ExifTags {
            dates,
            orientation: uint(Tag::Orientation).and_then(|o| u16::try_from(o).ok()).filter(|o| (1..=8).contains(o)),
            make: text(Tag::Make),
            model: text(Tag::Model),
            lens_model: text(Tag::LensModel),
            f_number: positive(Tag::FNumber),
            exposure_time: positive(Tag::ExposureTime),
            iso,
            focal_length: positive(Tag::FocalLength),
            position,
            rating: uint(RATING).filter(|r| *r <= 5).map(|r| r as i32),
            description: text(Tag::ImageDescription),
            ifd0_size: size(Tag::ImageWidth, Tag::ImageLength),
            pixel_size: size(Tag::PixelXDimension, Tag::PixelYDimension),
            xmp: bytes(XML_PACKET),
            iptc: bytes(IPTC_NAA),
            icc: bytes(ICC_PROFILE),
        }
    }
}

/// ASCII (or, from sloppy writers, BYTE/UNDEFINED) text, trimmed of NULs and spaces; blank is
/// `None`.
fn ascii(value: &Value) -> Option<String> {
    let bytes: &[u8] = match value {
        Value::Ascii(strings) => strings.iter().find(|s| !s.is_empty())?,
        Value::Byte(bytes) | Value::Undefined(bytes, _) => bytes,
        _ => return None,
    };
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    (!text.is_empty()).then(|| text.to_owned())
}

fn number(value: &Value, index: usize) -> Option<f64> {
    let n = match value {
        Value::Rational(v) => v.get(index).filter(|r| r.denom != 0)?.to_f64(),
        Value::SRational(v) => v.get(index).filter(|r| r.denom != 0)?.to_f64(),
        Value::Float(v) => f64::from(*v.get(index)?),
        Value::Double(v) => *v.get(index)?,
        other => f64::from(other.get_uint(index)?),
    };
    n.is_finite().then_some(n)
}

/// A field's payload as bytes. IPTC-NAA is often typed LONG, so numbers are written back in the
/// block's byte order.
fn raw_bytes(value: &Value, little_endian: bool) -> Option<Vec<u8>> {
    let bytes = match value {
        Value::Byte(bytes) | Value::Undefined(bytes, _) => bytes.clone(),
        Value::Ascii(strings) => strings.concat(),
        Value::Long(longs) => {
            longs.iter().flat_map(|l| if little_endian { l.to_le_bytes() } else { l.to_be_bytes() }).collect()
        }
        _ => return None,
    };
    (!bytes.is_empty()).then_some(bytes)
}
