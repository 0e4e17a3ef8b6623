//! A poster frame for videos through FFmpeg: seek to 10 % of the duration or 1 s, whichever
//! is earlier, decode one frame, convert it to RGB at preview size with swscale (honouring the
//! stream's YUV matrix, range and pixel aspect ratio), and report the display rotation so the
//! shared path turns it upright.

use std::path::Path;

use std::sync::Once;

use ffmpeg::codec::packet::side_data::Type as SideDataType;
use ffmpeg::format::Pixel;
use ffmpeg::media::Type as MediaType;
use ffmpeg::software::scaling::{Context as Scaler, Flags};
use ffmpeg::util::color::{Range, Space};
use ffmpeg::Error as FfmpegError;
use ffmpeg_next as ffmpeg;

use super::error::ThumbnailError;
use super::limits;
use super::orientation::Orientation;
use super::pixels::{fit_short_side, Layout, Pixels};

/// Packets read before giving up on getting a frame out of the decoder.
const MAX_PACKETS: usize = 5_000;
/// Consecutive read errors tolerated before the file counts as unreadable.
const MAX_READ_ERRORS: usize = 32;

pub(crate) struct DecodedFrame {
    /// Already at preview size (short side at most the preview size), as stored (not rotated).
    pub pixels: Pixels,
    /// Display size before rotation (pixel aspect ratio applied).
    pub display_width: u32,
    pub display_height: u32,
    pub orientation: Orientation,
}

fn init_ffmpeg() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        if ffmpeg::init().is_ok() {
            ffmpeg::util::log::set_level(ffmpeg::util::log::Level::Quiet);
        }
    });
}

pub(crate) fn decode(
    path: &Path,
    looks_like_video: bool,
    preview_size: u32,
    max_pixels: u64,
) -> Result<DecodedFrame, ThumbnailError> {
    init_ffmpeg();
    // A missing or unreadable file is an I/O problem (transient), not a bad video.
    std::fs::File::open(path)?;
    // "file:" keeps FFmpeg from reading a colon in the name as a protocol (http:, concat:…);
    // ffmpeg-next would panic on a path that is not UTF-8.
    let url = path
        .to_str()
        .map(|path| format!("file:{path}"))
        .ok_or_else(|| ThumbnailError::unsupported("FFmpeg cannot open a path that is not UTF-8"))?;
    let mut input = ffmpeg::format::input(&url).map_err(|error| open_error(looks_like_video, error))?;
    let stream = input
        .streams()
        .best(MediaType::Video)
        .ok_or_else(|| ThumbnailError::unsupported("the file has no video stream"))?;
    let stream_index = stream.index();
    let orientation = stream_orientation(&stream);
    let context = ffmpeg::codec::context::Context::from_parameters(stream.parameters())
        .map_err(|error| ThumbnailError::corrupt(format!("video stream parameters are unusable: {error}")))?;
    let mut decoder = context.decoder().video().map_err(|error| match error {
        FfmpegError::DecoderNotFound => ThumbnailError::unsupported("no decoder for this video codec"),
        other => ThumbnailError::corrupt(format!("video decoder could not be opened: {other}")),
    })?;
    limits::check(decoder.width(), decoder.height(), max_pixels)?;

    let duration = input.duration();
    let target = if duration > 0 { (duration / 10).min(i64::from(ffmpeg::ffi::AV_TIME_BASE)) } else { 0 };
    let mut frame = None;
    if target > 0 && input.seek(target, ..target).is_ok() {
        decoder.flush();
        frame = first_frame(&mut input, &mut decoder, stream_index);
    }
    if frame.is_none() {
        // Seeking is not possible everywhere (streams, some AVIs): start from the beginning.
        let _ = input.seek(0, ..0);
        decoder.flush();
        frame = first_frame(&mut input, &mut decoder, stream_index);
    }
    let frame = frame.ok_or_else(|| ThumbnailError::corrupt("no video frame could be decoded"))?;
    to_pixels(&frame, preview_size, orientation)
}

fn open_error(looks_like_video: bool, error: FfmpegError) -> ThumbnailError {
    if looks_like_video {
        ThumbnailError::corrupt(format!("video container could not be read: {error}"))
    } else {
        ThumbnailError::unsupported(format!("not a video format FFmpeg recognises: {error}"))
    }
}

fn first_frame(
    input: &mut ffmpeg::format::context::Input,
    decoder: &mut ffmpeg::decoder::Video,
    stream_index: usize,
) -> Option<ffmpeg::frame::Video> {
    let mut frame = ffmpeg::frame::Video::empty();
    let mut errors = 0;
    for _ in 0..MAX_PACKETS {
        let mut packet = ffmpeg::Packet::empty();
        match packet.read(input) {
            Ok(()) => errors = 0,
            Err(FfmpegError::Eof) => break,
            Err(_) => {
                errors += 1;
                if errors > MAX_READ_ERRORS {
                    break;
                }
                continue;
            }
        }
        if packet.stream() != stream_index {
            continue;
        }
        if decoder.send_packet(&packet).is_err() {
            continue;
        }
        if decoder.receive_frame(&mut frame).is_ok() {
            return Some(frame);
        }
    }
    // Decoders with delay (B-frames, frame threads) hold frames until told the input ended.
    let _ = decoder.send_eof();
    decoder.receive_frame(&mut frame).ok().map(|()| frame)
}

fn to_pixels(
    frame: &ffmpeg::frame::Video,
    preview_size: u32,
    orientation: Orientation,
) -> Result<DecodedFrame, ThumbnailError> {
    let (width, height) = (frame.width(), frame.height());
    if width == 0 || height == 0 || frame.format() == Pixel::None {
        return Err(ThumbnailError::corrupt("the decoded video frame is empty"));
    }
    let (display_width, display_height) = display_size(width, height, frame.aspect_ratio());
    let (out_w, out_h) = fit_short_side(display_width, display_height, preview_size);
    let mut scaler = Scaler::get(frame.format(), width, height, Pixel::RGB24, out_w, out_h, Flags::LANCZOS)
        .map_err(|error| ThumbnailError::unsupported(format!("cannot convert this video's pixel format: {error}")))?;
    set_yuv_matrix(&mut scaler, frame, width, height);
    let mut rgb = ffmpeg::frame::Video::empty();
    scaler
        .run(frame, &mut rgb)
        .map_err(|error| ThumbnailError::corrupt(format!("video frame conversion failed: {error}")))?;
    let row_len = out_w as usize * 3;
    let stride = rgb.stride(0);
    let mut data = Vec::with_capacity(row_len * out_h as usize);
    for row in rgb.data(0).chunks(stride.max(1)).take(out_h as usize) {
        data.extend_from_slice(
            row.get(..row_len).ok_or_else(|| ThumbnailError::corrupt("converted video frame is too small"))?,
        );
    }
    if data.len() != row_len * out_h as usize {
        return Err(ThumbnailError::corrupt("converted video frame is too small"));
    }
    Ok(DecodedFrame {
        pixels: Pixels::new(out_w, out_h, Layout::Rgb8, data),
        display_width,
        display_height,
        orientation,
    })
}

/// Stretches the stored size by the pixel aspect ratio (anamorphic DV, HDV, some phones).
fn display_size(width: u32, height: u32, sar: ffmpeg::Rational) -> (u32, u32) {
    let (num, den) = (sar.numerator(), sar.denominator());
    if num <= 0 || den <= 0 || num == den {
        return (width, height);
    }
    let stretched = (f64::from(width) * f64::from(num) / f64::from(den)).round();
    if stretched >= 1.0 && stretched <= f64::from(u16::MAX) {
        (stretched as u32, height)
    } else {
        (width, height)
    }
}

/// swscale assumes BT.601 limited range unless told; HD video is BT.709.
fn set_yuv_matrix(scaler: &mut Scaler, frame: &ffmpeg::frame::Video, width: u32, height: u32) {
    let space = match frame.color_space() {
        Space::Unspecified | Space::Reserved if width >= 1280 || height >= 720 => Space::BT709,
        Space::Unspecified | Space::Reserved => Space::SMPTE170M,
        other => other,
    };
    let full_range = frame.color_range() == Range::JPEG
        || matches!(frame.format(), Pixel::YUVJ420P | Pixel::YUVJ422P | Pixel::YUVJ444P | Pixel::YUVJ440P);
    let space: ffmpeg::ffi::AVColorSpace = space.into();
    // SAFETY: the scaler context is live; the coefficient tables are static arrays owned by
    // swscale; the remaining arguments are plain integers (brightness 0, contrast and
    // saturation 1.0 in 16.16 fixed point).
    unsafe {
        let coefficients = ffmpeg::ffi::sws_getCoefficients(space as i32);
        let rgb_coefficients = ffmpeg::ffi::sws_getCoefficients(ffmpeg::ffi::SWS_CS_DEFAULT);
        ffmpeg::ffi::sws_setColorspaceDetails(
            scaler.as_mut_ptr(),
            coefficients,
            i32::from(full_range),
            rgb_coefficients,
            1,
            0,
            1 << 16,
            1 << 16,
        );
    }
}

/// Rotation from the display matrix side data, or from the older `rotate` tag.
fn stream_orientation(stream: &ffmpeg::format::stream::Stream) -> Orientation {
    for side_data in stream.side_data() {
        if side_data.kind() == SideDataType::DisplayMatrix {
            if let Some(orientation) = display_matrix_orientation(side_data.data()) {
                return orientation;
            }
        }
    }
    stream
        .metadata()
        .get("rotate")
        .and_then(|value| value.trim().parse::<f64>().ok())
        .map(|degrees| Orientation::from_rotation(degrees.round() as i64, false))
        .unwrap_or(Orientation::UPRIGHT)
}

/// FFmpeg's 3×3 display matrix (16.16 fixed point, row-vector convention), as the clockwise
/// rotation, after an optional horizontal mirror, that shows the frame upright.
pub(crate) fn display_matrix_orientation(bytes: &[u8]) -> Option<Orientation> {
    if bytes.len() < 36 {
        return None;
    }
    let m: Vec<f64> =
        bytes.chunks_exact(4).take(9).map(|b| f64::from(i32::from_ne_bytes([b[0], b[1], b[2], b[3]]))).collect();
    let mirrored = m[0] * m[4] - m[1] * m[3] < 0.0;
    // Undo the mirror (negate the first row) to read the pure rotation.
    let (a, b) = if mirrored { (-m[0], -m[1]) } else { (m[0], m[1]) };
    if a == 0.0 && b == 0.0 {
        return None;
    }
    // av_display_rotation_get() returns -atan2(b, a), counter-clockwise; FFmpeg's autorotate
    // turns the picture by its negation, clockwise.
    let clockwise = b.atan2(a).to_degrees().round() as i64;
    Some(Orientation::from_rotation(clockwise, mirrored))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(a: i32, b: i32, c: i32, d: i32) -> Vec<u8> {
        [a, b, 0, c, d, 0, 0, 0, 1 << 30].iter().flat_map(|v| v.to_ne_bytes()).collect()
    }

    #[test]
    fn display_matrices_map_to_orientations() {
        let one = 1 << 16;
        // What `ffmpeg -display_rotation 90` (counter-clockwise) writes: shown turned 90° left.
        assert_eq!(display_matrix_orientation(&matrix(0, -one, one, 0)).map(|o| o.value()), Some(8));
        assert_eq!(display_matrix_orientation(&matrix(0, one, -one, 0)).map(|o| o.value()), Some(6));
        assert_eq!(display_matrix_orientation(&matrix(-one, 0, 0, -one)).map(|o| o.value()), Some(3));
        assert_eq!(display_matrix_orientation(&matrix(one, 0, 0, one)).map(|o| o.value()), Some(1));
        assert_eq!(display_matrix_orientation(&matrix(-one, 0, 0, one)).map(|o| o.value()), Some(2));
        assert_eq!(display_matrix_orientation(&[0; 8]), None);
    }
}
