//! Videos through FFmpeg's demuxers (what ffprobe reports, without a process per file): duration,
//! codecs, size after rotation, frame rate, and the container tags phones write for the date
//! taken, the place and the camera.

use std::path::Path;
use std::sync::OnceLock;

use domain::media_metadata::{MediaMetadata, TakenAt, TakenAtSource};
use ffmpeg::codec::packet::side_data::Type as SideDataType;
use ffmpeg::media::Type as MediaType;
use ffmpeg_next as ffmpeg;

use super::gps;
use super::taken_at::parse_xmp_date;
use super::MetadataError;

/// `AV_TIME_BASE`: container durations are in microseconds.
const TIME_BASE: f64 = 1_000_000.0;

fn init() -> Result<(), MetadataError> {
    static INIT: OnceLock<Result<(), String>> = OnceLock::new();
    INIT.get_or_init(|| {
        ffmpeg::init().map_err(|e| e.to_string())?;
        // Problems come back as errors and `problems`; FFmpeg's own log would only be noise.
        ffmpeg::util::log::set_level(ffmpeg::util::log::Level::Quiet);
        Ok(())
    })
    .clone()
    .map_err(|e| MetadataError::Unreadable(format!("FFmpeg could not be initialised: {e}")))
}

pub(crate) fn extract(path: &Path, problems: &mut Vec<String>) -> Result<MediaMetadata, MetadataError> {
    // Let the standard library report missing files and permissions as I/O errors.
    let length = std::fs::File::open(path).and_then(|f| f.metadata()).map_err(MetadataError::Io)?.len();
    if length == 0 {
        return Err(MetadataError::Unreadable(format!("{} is empty", path.display())));
    }
    init()?;
    let input = ffmpeg::format::input(path).map_err(|error| match error {
        ffmpeg::Error::Other { errno } if errno == ffmpeg::util::error::EIO => {
            MetadataError::Io(std::io::Error::from_raw_os_error(errno))
        }
        error => MetadataError::Unreadable(format!("{} is not a readable video: {error}", path.display())),
    })?;

    let video = input.streams().best(MediaType::Video);
    let audio = input.streams().best(MediaType::Audio);
    if video.is_none() && audio.is_none() {
        return Err(MetadataError::Unreadable(format!("{} has no video or audio stream", path.display())));
    }

    let mut metadata = MediaMetadata::default();
    let tags: Vec<(String, String)> =
        input.metadata().iter().map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned())).collect();
    let tag = |key: &str| tags.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim()).filter(|v| !v.is_empty());

    metadata.duration_ms = duration_ms(&input);

    if let Some(stream) = &video {
        let parameters = stream.parameters();
        metadata.video_codec = Some(parameters.id().name().to_owned());
        // SAFETY: `parameters` points at the stream's live AVCodecParameters (the input context
        // outlives this block); width and height are plain ints.
        let (width, height) = unsafe {
            let raw = parameters.as_ptr();
            ((*raw).width, (*raw).height)
        };
        let rotation = rotation(stream);
        metadata.rotation = Some(rotation);
        if let (Ok(width), Ok(height)) = (u32::try_from(width), u32::try_from(height)) {
            if width > 0 && height > 0 {
                let (width, height) = if rotation % 180 == 90 { (height, width) } else { (width, height) };
                metadata.width = Some(width);
                metadata.height = Some(height);
            }
        }
        metadata.frame_rate = rate(stream.avg_frame_rate()).or_else(|| rate(stream.rate()));
    }
    if let Some(stream) = &audio {
        metadata.audio_codec = Some(stream.parameters().id().name().to_owned());
    }

    let stream_creation = video
        .as_ref()
        .and_then(|s| s.metadata().get("creation_time").map(str::to_owned))
        .filter(|v| !v.trim().is_empty());
    metadata.taken_at =
        taken_at(tag("com.apple.quicktime.creationdate"), tag("creation_time").or(stream_creation.as_deref()));

    let location = tag("com.apple.quicktime.location.iso6709").or(tag("location")).or(tag("location-eng"));
    if let Some(location) = location {
        match gps::parse_iso6709(location) {
            Some(position) => {
                metadata.latitude = Some(position.latitude);
                metadata.longitude = Some(position.longitude);
                metadata.altitude = position.altitude;
            }
            None if !location.starts_with("+00.0000+000.0000") => {
                problems.push(format!("The video's location tag {location:?} is not an ISO 6709 position."))
            }
            None => {}
        }
    }
    metadata.make =
        tag("com.apple.quicktime.make").or(tag("com.android.manufacturer")).or(tag("make")).map(str::to_owned);
    metadata.model = tag("com.apple.quicktime.model").or(tag("com.android.model")).or(tag("model")).map(str::to_owned);
    Ok(metadata)
}

/// Apple's creation date keeps the local time and its offset, so it wins over `creation_time`,
/// which is UTC.
fn taken_at(apple: Option<&str>, creation_time: Option<&str>) -> Option<TakenAt> {
    let real = |text: &str| parse_xmp_date(text).filter(|s| s.local.and_utc().timestamp() > 0);
    if let Some(stamp) = apple.and_then(real) {
        return Some(TakenAt { local: stamp.local, offset: stamp.offset, source: TakenAtSource::Container });
    }
    let stamp = creation_time.and_then(real)?;
    // creation_time is UTC; shown as UTC local time with offset 0.
    let utc = stamp.utc();
    Some(TakenAt { local: utc.naive_utc(), offset: chrono::FixedOffset::east_opt(0), source: TakenAtSource::Container })
}

fn duration_ms(input: &ffmpeg::format::context::Input) -> Option<i64> {
    let container = input.duration();
    if container > 0 {
        return Some((container as f64 / TIME_BASE * 1000.0).round() as i64);
    }
    input
        .streams()
        .filter(|s| s.duration() > 0)
        .map(|s| {
            let base = s.time_base();
            let seconds = s.duration() as f64 * f64::from(base.numerator()) / f64::from(base.denominator().max(1));
            (seconds * 1000.0).round() as i64
        })
        .max()
}

fn rate(rational: ffmpeg::Rational) -> Option<f64> {
    let (num, den) = (rational.numerator(), rational.denominator());
    (num > 0 && den > 0).then(|| f64::from(num) / f64::from(den))
}

/// Degrees clockwise the player turns the picture: from the display matrix, else the old
/// `rotate` tag; normalised to 0, 90, 180 or 270.
fn rotation(stream: &ffmpeg::format::stream::Stream) -> i32 {
    let from_matrix = stream.side_data().find(|sd| sd.kind() == SideDataType::DisplayMatrix).and_then(|sd| {
        let data = sd.data();
        let m = |i: usize| -> Option<f64> {
            let bytes = data.get(i * 4..i * 4 + 4)?;
            Some(f64::from(i32::from_ne_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])) / 65536.0)
        };
        // av_display_rotation_get returns the negation of this angle, and ffmpeg's own
        // autorotation turns the picture clockwise by minus that: by this angle.
        let (a, b, c, d) = (m(0)?, m(1)?, m(3)?, m(4)?);
        let scale_0 = a.hypot(c);
        let scale_1 = b.hypot(d);
        if scale_0 == 0.0 || scale_1 == 0.0 {
            return None;
        }
        Some((b / scale_1).atan2(a / scale_0).to_degrees())
    });
    let degrees = from_matrix.or_else(|| stream.metadata().get("rotate").and_then(|r| r.trim().parse::<f64>().ok()));
    match degrees {
        Some(degrees) if degrees.is_finite() => (((degrees / 90.0).round() as i64 * 90).rem_euclid(360)) as i32,
        _ => 0,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn creation_times() {
        let apple = taken_at(Some("2021-04-11T15:47:53-0500"), Some("2021-04-11T20:47:53.000000Z")).unwrap();
        assert_eq!(apple.local.to_string(), "2021-04-11 15:47:53");
        assert_eq!(apple.offset.unwrap().local_minus_utc(), -5 * 3600);
        let utc = taken_at(None, Some("2023-01-02T03:04:05.000000Z")).unwrap();
        assert_eq!(utc.local.to_string(), "2023-01-02 03:04:05");
        assert_eq!(utc.offset.unwrap().local_minus_utc(), 0);
        assert_eq!(utc.source, TakenAtSource::Container);
        assert!(taken_at(None, Some("1970-01-01T00:00:00.000000Z")).is_none());
        assert!(taken_at(None, Some("junk")).is_none());
    }
}
