//! Dates as files write them (EXIF `2023:04:05 10:11:12`, XMP `2023-04-05T10:11:12+02:00`,
//! EXIF offsets `+02:00`) and the rule that picks the date taken among them. Parsing is lenient
//! about separators and trailing junk, strict about the numbers: a date that is not a real
//! calendar date (`0000:00:00`, blanks) is no date.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use domain::media_metadata::{TakenAt, TakenAtSource};

/// A local date-time and, when the file says it, its offset from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub local: NaiveDateTime,
    pub offset: Option<FixedOffset>,
}

impl Stamp {
    pub fn with_offset_if_missing(self, offset: Option<FixedOffset>) -> Stamp {
        Stamp { local: self.local, offset: self.offset.or(offset) }
    }

    fn taken(self, source: TakenAtSource) -> TakenAt {
        TakenAt { local: self.local, offset: self.offset, source }
    }

    pub fn utc(self) -> chrono::DateTime<chrono::Utc> {
        self.taken(TakenAtSource::FileTime).utc()
    }
}

/// The dates EXIF holds, offsets already applied.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ExifDates {
    /// DateTimeOriginal + OffsetTimeOriginal.
    pub original: Option<Stamp>,
    /// DateTimeDigitized (exiftool's CreateDate) + OffsetTimeDigitized.
    pub digitized: Option<Stamp>,
    /// DateTime (exiftool's ModifyDate) + OffsetTime.
    pub modified: Option<Stamp>,
    /// GPSDateStamp + GPSTimeStamp, UTC.
    pub gps: Option<Stamp>,
}

/// The dates XMP holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct XmpDates {
    /// exif:DateTimeOriginal.
    pub original: Option<Stamp>,
    /// photoshop:DateCreated.
    pub created: Option<Stamp>,
    /// xmp:CreateDate.
    pub create_date: Option<Stamp>,
    /// xmp:ModifyDate.
    pub modified: Option<Stamp>,
    /// exif:GPSTimeStamp (a full date-time in XMP), UTC.
    pub gps: Option<Stamp>,
    /// The first of the three taken dates above that had no time of day (`2003-08-31`): less
    /// precise than any with one, so it comes last.
    pub date_only: Option<Stamp>,
}

impl XmpDates {
    pub fn taken(&self) -> Option<Stamp> {
        self.original.or(self.created).or(self.create_date).or(self.date_only)
    }
}

/// The date taken, most trusted first: a date in the sidecar (the user's own correction), EXIF
/// DateTimeOriginal, EXIF CreateDate, the embedded XMP dates, EXIF ModifyDate, then the GPS clock.
pub(crate) fn choose(exif: &ExifDates, embedded: &XmpDates, sidecar: &XmpDates) -> Option<TakenAt> {
    if let Some(stamp) = sidecar.taken() {
        return Some(stamp.taken(TakenAtSource::Xmp));
    }
    let candidates = [
        (exif.original, TakenAtSource::DateTimeOriginal),
        (exif.digitized, TakenAtSource::CreateDate),
        (embedded.taken(), TakenAtSource::Xmp),
        (exif.modified, TakenAtSource::ModifyDate),
        (sidecar.gps.or(exif.gps).or(embedded.gps), TakenAtSource::GpsTime),
    ];
    candidates.into_iter().find_map(|(stamp, source)| stamp.map(|stamp| stamp.taken(source)))
}

/// When the file was last changed according to its metadata.
pub(crate) fn modified(exif: &ExifDates, embedded: &XmpDates, sidecar: &XmpDates) -> Option<Stamp> {
    sidecar.modified.or(exif.modified).or(embedded.modified)
}

/// An EXIF-style date-time: `YYYY:MM:DD HH:MM:SS`, also with `-` or `/` in the date, a `T`, a
/// fraction of a second or an offset after it. Anything after what it understands is ignored.
pub(crate) fn parse_date_time(text: &str) -> Option<Stamp> {
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    let bytes = text.as_bytes();
    let date = parse_date(bytes)?;
    let rest = bytes.get(10..).unwrap_or_default();
    let (time, rest) = match rest.first() {
        Some(b' ' | b'T' | b't') => parse_time(rest.get(1..).unwrap_or_default())?,
        None => (NaiveTime::MIN, &[][..]),
        Some(_) => return None,
    };
    let offset = std::str::from_utf8(rest).ok().and_then(parse_offset);
    Some(Stamp { local: date.and_time(time), offset })
}

/// An XMP date (ISO 8601 as XMP allows it): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a date-time with
/// minutes, seconds, a fraction and an offset. A missing month or day is the first one.
pub(crate) fn parse_xmp_date(text: &str) -> Option<Stamp> {
    let text = text.trim();
    let bytes = text.as_bytes();
    match bytes.len() {
        4 => Some(Stamp {
            local: NaiveDate::from_ymd_opt(number(bytes)? as i32, 1, 1)?.and_time(NaiveTime::MIN),
            offset: None,
        }),
        7 if matches!(bytes[4], b'-' | b':') => {
            let date = NaiveDate::from_ymd_opt(number(&bytes[..4])? as i32, number(&bytes[5..7])?, 1)?;
            Some(Stamp { local: date.and_time(NaiveTime::MIN), offset: None })
        }
        _ => parse_date_time(text),
    }
}

/// A UTC offset: `+02:00`, `-0530`, `+02`, `Z`. Blank and malformed values are `None`.
pub(crate) fn parse_offset(text: &str) -> Option<FixedOffset> {
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if text.eq_ignore_ascii_case("z") {
        return FixedOffset::east_opt(0);
    }
    let bytes = text.as_bytes();
    let sign = match bytes.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = &bytes[1..];
    let (hours, minutes) = match digits.len() {
        2 => (number(digits)?, 0),
        4 => (number(&digits[..2])?, number(&digits[2..])?),
        5 if digits[2] == b':' => (number(&digits[..2])?, number(&digits[3..])?),
        _ => return None,
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60) as i32)
}

/// EXIF GPSDateStamp (`2022:02:03`) and GPSTimeStamp (hours, minutes, seconds) as a UTC stamp.
pub(crate) fn gps_stamp(date: &str, hms: [f64; 3]) -> Option<Stamp> {
    let date = parse_date(date.trim().as_bytes())?;
    let [h, m, s] = hms;
    if !(0.0..24.0).contains(&h) || !(0.0..60.0).contains(&m) || !(0.0..61.0).contains(&s) {
        return None;
    }
    let whole = s.trunc();
    let nanos = ((s - whole) * 1e9).round().min(999_999_999.0) as u32;
    let time = NaiveTime::from_hms_nano_opt(h as u32, m as u32, (whole as u32).min(59), nanos)?;
    Some(Stamp { local: date.and_time(time), offset: FixedOffset::east_opt(0) })
}

fn parse_date(bytes: &[u8]) -> Option<NaiveDate> {
    if bytes.len() < 10 || !is_date_separator(bytes[4]) || bytes[7] != bytes[4] {
        return None;
    }
    let year = number(&bytes[..4])? as i32;
    NaiveDate::from_ymd_opt(year, number(&bytes[5..7])?, number(&bytes[8..10])?).filter(|_| year > 0)
}

fn is_date_separator(byte: u8) -> bool {
    matches!(byte, b':' | b'-' | b'/' | b'.')
}

/// `HH:MM`, `HH:MM:SS`, `HH:MM:SS.fff`, returning what follows.
fn parse_time(bytes: &[u8]) -> Option<(NaiveTime, &[u8])> {
    if bytes.len() < 5 || bytes[2] != b':' {
        return None;
    }
    let hour = number(&bytes[..2])?;
    let minute = number(&bytes[3..5])?;
    let (second, mut rest) = match bytes.get(5) {
        Some(b':') if bytes.len() >= 8 => (number(&bytes[6..8])?, &bytes[8..]),
        _ => (0, &bytes[5..]),
    };
    let mut nanos = 0u32;
    if rest.first() == Some(&b'.') {
        let digits = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits > 0 {
            let fraction = &rest[1..1 + digits.min(9)];
            nanos = number(fraction)? * 10u32.pow(9 - fraction.len() as u32);
        }
        rest = &rest[1 + digits..];
    }
    // Some cameras write 24:00:00 for midnight; it is no valid time, so no date.
    Some((NaiveTime::from_hms_nano_opt(hour, minute, second.min(59), nanos)?, rest))
}

fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn stamp(text: &str, offset: Option<i32>) -> Stamp {
        Stamp {
            local: NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").unwrap(),
            offset: offset.map(|s| FixedOffset::east_opt(s).unwrap()),
        }
    }

    #[test]
    fn exif_dates() {
        assert_eq!(parse_date_time("2008:05:30 15:56:01"), Some(stamp("2008-05-30 15:56:01", None)));
        assert_eq!(parse_date_time("2008:05:30 15:56:01\0"), Some(stamp("2008-05-30 15:56:01", None)));
        // A real file (faces/obama2.jpg) has junk after the seconds.
        assert_eq!(parse_date_time("2009:09:09 20:27:09.60:04:00"), Some(stamp("2009-09-09 20:27:09.6", None)));
        assert_eq!(parse_date_time("2022:01:10 15:15:44.31"), Some(stamp("2022-01-10 15:15:44.31", None)));
        assert_eq!(parse_date_time("0000:00:00 00:00:00"), None);
        assert_eq!(parse_date_time("    :  :     :  :  "), None);
        assert_eq!(parse_date_time(""), None);
        assert_eq!(parse_date_time("2008:13:30 15:56:01"), None);
        assert_eq!(parse_date_time("2008:05:30 24:00:00"), None);
        assert_eq!(parse_date_time("garbage here"), None);
    }

    #[test]
    fn xmp_dates() {
        assert_eq!(parse_xmp_date("2023-04-05T10:11:12+02:00"), Some(stamp("2023-04-05 10:11:12", Some(7200))));
        assert_eq!(parse_xmp_date("2023-04-05T10:11:12Z"), Some(stamp("2023-04-05 10:11:12", Some(0))));
        assert_eq!(parse_xmp_date("2023-04-05T10:11:12"), Some(stamp("2023-04-05 10:11:12", None)));
        assert_eq!(parse_xmp_date("2023-04-05T10:11-05:30"), Some(stamp("2023-04-05 10:11:00", Some(-19800))));
        assert_eq!(parse_xmp_date("2022-01-10T15:15:44.31"), Some(stamp("2022-01-10 15:15:44.31", None)));
        assert_eq!(parse_xmp_date("2023-04-05"), Some(stamp("2023-04-05 00:00:00", None)));
        assert_eq!(parse_xmp_date("2023-04"), Some(stamp("2023-04-01 00:00:00", None)));
        assert_eq!(parse_xmp_date("2023"), Some(stamp("2023-01-01 00:00:00", None)));
        assert_eq!(parse_xmp_date("yesterday"), None);
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+02:00"), FixedOffset::east_opt(7200));
        assert_eq!(parse_offset("-05:30"), FixedOffset::east_opt(-19800));
        assert_eq!(parse_offset("+0100"), FixedOffset::east_opt(3600));
        assert_eq!(parse_offset("Z"), FixedOffset::east_opt(0));
        assert_eq!(parse_offset("   :  "), None);
        assert_eq!(parse_offset("+25:00"), None);
    }

    #[test]
    fn gps() {
        assert_eq!(gps_stamp("2022:02:03", [14.0, 44.0, 9.0]), Some(stamp("2022-02-03 14:44:09", Some(0))));
        assert_eq!(gps_stamp("2022:02:03", [21.0, 15.0, 33.519]), Some(stamp("2022-02-03 21:15:33.519", Some(0))));
        assert_eq!(gps_stamp("2022:02:03", [f64::NAN, 0.0, 0.0]), None);
        assert_eq!(gps_stamp("", [1.0, 0.0, 0.0]), None);
    }

    #[test]
    fn priority() {
        let at = |s: &str| Some(stamp(s, None));
        let exif = ExifDates {
            original: at("2023-02-02 02:00:00"),
            digitized: at("2023-04-04 04:00:00"),
            modified: at("2023-05-05 05:00:00"),
            gps: Some(stamp("2023-10-10 07:00:00", Some(0))),
        };
        let embedded = XmpDates { create_date: at("2023-06-06 06:00:00"), ..XmpDates::default() };
        let none = XmpDates::default();
        let pick = |exif: &ExifDates, embedded: &XmpDates, sidecar: &XmpDates| {
            choose(exif, embedded, sidecar).map(|t| (t.local.to_string(), t.source))
        };
        use TakenAtSource::*;
        assert_eq!(pick(&exif, &embedded, &none), Some(("2023-02-02 02:00:00".into(), DateTimeOriginal)));
        let exif = ExifDates { original: None, ..exif };
        assert_eq!(pick(&exif, &embedded, &none), Some(("2023-04-04 04:00:00".into(), CreateDate)));
        let exif = ExifDates { digitized: None, ..exif };
        assert_eq!(pick(&exif, &embedded, &none), Some(("2023-06-06 06:00:00".into(), Xmp)));
        assert_eq!(pick(&exif, &none, &none), Some(("2023-05-05 05:00:00".into(), ModifyDate)));
        let exif = ExifDates { modified: None, ..exif };
        assert_eq!(pick(&exif, &none, &none), Some(("2023-10-10 07:00:00".into(), GpsTime)));
        assert_eq!(pick(&ExifDates::default(), &none, &none), None);
        // The sidecar overrides even DateTimeOriginal.
        let full = ExifDates { original: at("2023-02-02 02:00:00"), ..ExifDates::default() };
        let sidecar = XmpDates { created: at("2001-01-01 01:00:00"), ..XmpDates::default() };
        assert_eq!(pick(&full, &none, &sidecar), Some(("2001-01-01 01:00:00".into(), Xmp)));
        // Within XMP: exif:DateTimeOriginal, then photoshop:DateCreated, then xmp:CreateDate.
        let xmp = XmpDates {
            created: at("2002-02-02 00:00:00"),
            create_date: at("2003-03-03 00:00:00"),
            ..XmpDates::default()
        };
        assert_eq!(pick(&ExifDates::default(), &xmp, &none), Some(("2002-02-02 00:00:00".into(), Xmp)));
        // A sidecar GPS time alone does not beat an embedded EXIF date.
        let sidecar = XmpDates { gps: Some(stamp("2020-01-01 00:00:00", Some(0))), ..XmpDates::default() };
        assert_eq!(pick(&full, &none, &sidecar), Some(("2023-02-02 02:00:00".into(), DateTimeOriginal)));
    }
}
