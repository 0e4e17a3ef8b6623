//! What the metadata job learns about a file, independent of where it came from (EXIF, XMP,
//! a sidecar, a video container) and of how it is stored. The extractor in `jobs` fills it in;
//! the asset service persists it.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// Where the date taken came from, most trusted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TakenAtSource {
    /// EXIF DateTimeOriginal (with OffsetTimeOriginal when present).
    DateTimeOriginal,
    /// EXIF CreateDate / DateTimeDigitized.
    CreateDate,
    /// XMP (photoshop:DateCreated, xmp:CreateDate, exif:DateTimeOriginal in XMP).
    Xmp,
    /// EXIF DateTime (ModifyDate).
    ModifyDate,
    /// GPS date and time stamp (always UTC).
    GpsTime,
    /// The container's creation time (videos).
    Container,
    /// The file's own times, as the client sent them.
    FileTime,
}

/// The moment a photo was taken, as the camera's clock showed it and, when known, its offset
/// from UTC. Both are kept: the timeline groups by the local date, sorting uses UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TakenAt {
    pub local: NaiveDateTime,
    /// Seconds east of UTC, when the file says it.
    pub offset: Option<FixedOffset>,
    pub source: TakenAtSource,
}

impl TakenAt {
    /// The instant in UTC. Without an offset the local time is taken as UTC, as Immich does.
    pub fn utc(&self) -> DateTime<Utc> {
        match self.offset {
            Some(offset) => match offset.from_local_datetime(&self.local).single() {
                Some(at) => at.with_timezone(&Utc),
                None => Utc.from_utc_datetime(&self.local),
            },
            None => Utc.from_utc_datetime(&self.local),
        }
    }

    /// Immich's `timeZone` value, e.g. `UTC+2` or `UTC-5:30`.
    pub fn time_zone(&self) -> Option<String> {
        self.offset.map(time_zone_label)
    }
}

/// An offset as Immich labels it: `UTC`, `UTC+2`, `UTC-9:30`.
pub fn time_zone_label(offset: chrono::FixedOffset) -> String {
    let seconds = offset.local_minus_utc();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    match (minutes / 60, minutes % 60) {
        (0, 0) => "UTC".to_owned(),
        (h, 0) => format!("UTC{sign}{h}"),
        (h, m) => format!("UTC{sign}{h}:{m:02}"),
    }
}

/// Everything the metadata job extracts. `None`/empty means "not in the file".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MediaMetadata {
    pub taken_at: Option<TakenAt>,
    /// When the file was last modified according to its metadata (EXIF DateTime / XMP ModifyDate).
    pub modified_at: Option<DateTime<Utc>>,
    /// Pixel size as displayed, i.e. after EXIF orientation or video rotation.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// EXIF orientation 1–8.
    pub orientation: Option<u16>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub lens_model: Option<String>,
    pub f_number: Option<f64>,
    /// As photographers write it: `1/125`, `0.5`, `30`.
    pub exposure_time: Option<String>,
    pub iso: Option<u32>,
    /// Millimetres.
    pub focal_length: Option<f64>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Metres above sea level (negative below).
    pub altitude: Option<f64>,
    /// 0–5, or -1 for rejected, as XMP and Immich use it.
    pub rating: Option<i32>,
    pub description: Option<String>,
    pub keywords: Vec<String>,
    /// e.g. `EQUIRECTANGULAR` for panoramas.
    pub projection_type: Option<String>,
    /// ICC profile description, when the file embeds one.
    pub color_profile: Option<String>,
    /// Videos: milliseconds.
    pub duration_ms: Option<i64>,
    pub video_codec: Option<String>,
    pub audio_codec: Option<String>,
    pub frame_rate: Option<f64>,
    /// Videos: degrees clockwise the player must rotate (0, 90, 180, 270).
    pub rotation: Option<i32>,
}
