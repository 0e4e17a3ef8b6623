//! Damaged, lying and oversized files: each gives the right `ThumbnailError` (or, where the
//! image data is still usable, a thumbnail), never a panic, and oversized ones are refused
//! from their header before any decoding.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::corpus;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jobs::thumbnail::{generate, Settings, SourceKind, ThumbnailError, ThumbnailOutput, ThumbnailRequest};

struct Attempt {
    result: Result<ThumbnailOutput, ThumbnailError>,
    outputs_written: bool,
    took: Duration,
}

fn attempt(source: &Path, kind: SourceKind, settings: &Settings) -> Attempt {
    let out = tempfile::tempdir().unwrap();
    let thumbnail_path = out.path().join("t.webp");
    let preview_path = out.path().join("p.jpeg");
    let request = ThumbnailRequest {
        source,
        kind,
        orientation: None,
        thumbnail_path: &thumbnail_path,
        preview_path: &preview_path,
    };
    let start = Instant::now();
    let result = generate(&request, settings);
    let took = start.elapsed();
    if let Err(error) = &result {
        assert!(!error.to_string().is_empty());
    }
    Attempt { result, outputs_written: thumbnail_path.exists() || preview_path.exists(), took }
}

fn image(source: &Path) -> Attempt {
    attempt(source, SourceKind::Image, &Settings::default())
}

fn truncated_copy(source: &Path, dir: &Path, fraction: f64) -> PathBuf {
    let bytes = std::fs::read(source).unwrap();
    let keep = (bytes.len() as f64 * fraction) as usize;
    let target = dir.join(format!("truncated-{}", source.file_name().unwrap().to_string_lossy()));
    std::fs::write(&target, &bytes[..keep]).unwrap();
    target
}

/// A PNG whose header claims `width` × `height`, followed by a few bytes of (not even valid)
/// image data: what a decompression bomb looks like before it is inflated.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    let idat = b"IDAT\x78\x9c\x03\x00\x00\x00\x00\x01";
    png.extend_from_slice(&((idat.len() - 4) as u32).to_be_bytes());
    png.extend_from_slice(idat);
    png.extend_from_slice(&crc32(idat).to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[test]
fn files_with_broken_metadata_but_good_pixels_still_work() {
    let Some(corpus) = corpus() else { return };
    // exif-py's "invalid" samples: valid JPEG image data with damaged EXIF/XMP blocks. The
    // pixels are fine, so the right answer is a thumbnail of the header's size.
    let dir = corpus.join("exif-samples/jpg/invalid");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("jpg") {
            continue;
        }
        seen += 1;
        let attempt = image(&path);
        let output = attempt.result.unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let (w, h) = image::image_dimensions(&path).unwrap();
        assert_eq!((output.source_width, output.source_height), (w, h), "{}", path.display());
        assert!(attempt.outputs_written);
    }
    assert_eq!(seen, 7, "all invalid samples were tried");
}

#[test]
fn corrupted_jpeg_decodes_what_it_can() {
    let Some(corpus) = corpus() else { return };
    // corrupted.jpg has damaged entropy-coded data part-way: libjpeg warns ("premature end of
    // data segment") and fills the rest, as libvips does; that is a usable, partial thumbnail.
    let attempt = image(&corpus.join("exif-samples/jpg/corrupted.jpg"));
    let output = attempt.result.unwrap();
    assert_eq!((output.preview_width, output.preview_height), (1920, 1440));
}

#[test]
fn truncated_files() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();

    // JPEG cut at 30 %: the first rows decode, the rest is grey. Ok, partial.
    let jpeg = truncated_copy(&corpus.join("immich-test-assets/albums/nature/prairie_falcon.jpg"), dir.path(), 0.3);
    let attempt = image(&jpeg);
    assert!(attempt.result.is_ok(), "truncated JPEG should decode partially: {:?}", attempt.result.err());

    // HEIC cut at 30 %: the HEVC data of most tiles is missing. Corrupt.
    let heic = truncated_copy(&corpus.join("immich-test-assets/formats/heic/IMG_2682.heic"), dir.path(), 0.3);
    let attempt = image(&heic);
    assert!(matches!(attempt.result, Err(ThumbnailError::Corrupt(_))), "truncated HEIC: {:?}", attempt.result);
    assert!(!attempt.outputs_written);

    // MP4 cut at 30 %: this clip keeps its index (moov) at the end, so nothing is playable.
    let mp4 = truncated_copy(&corpus.join("video/short_hamilton_clip.mp4"), dir.path(), 0.3);
    let attempt = attempt_video(&mp4);
    assert!(matches!(attempt.result, Err(ThumbnailError::Corrupt(_))), "truncated MP4: {:?}", attempt.result);
}

fn attempt_video(source: &Path) -> Attempt {
    attempt(source, SourceKind::Video, &Settings::default())
}

#[test]
fn empty_text_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.jpg");
    std::fs::write(&empty, b"").unwrap();
    let result = image(&empty).result;
    assert!(matches!(result, Err(ThumbnailError::Corrupt(ref m)) if m.contains("empty")), "{result:?}");

    let empty_video = dir.path().join("empty.mp4");
    std::fs::write(&empty_video, b"").unwrap();
    assert!(matches!(attempt_video(&empty_video).result, Err(ThumbnailError::Corrupt(_))));

    let text = dir.path().join("notes.jpg");
    std::fs::write(&text, "These are not pixels, just a shopping list.\n").unwrap();
    let error = image(&text).result.unwrap_err();
    assert!(matches!(error, ThumbnailError::Unsupported(_)), "{error:?}");
    assert!(!error.is_transient());
    let text_as_video = dir.path().join("notes.mp4");
    std::fs::write(&text_as_video, "These are not frames either.\n").unwrap();
    let error = attempt_video(&text_as_video).result.unwrap_err();
    assert!(matches!(error, ThumbnailError::Unsupported(_)), "{error:?}");

    // A PNG signature followed by garbage.
    let fake_png = dir.path().join("fake.png");
    std::fs::write(&fake_png, b"\x89PNG\r\n\x1a\nthis is no chunk, just words after a signature").unwrap();
    let result = image(&fake_png).result;
    assert!(matches!(result, Err(ThumbnailError::Corrupt(_))), "{result:?}");

    // Missing files are I/O errors, the only kind worth retrying.
    let missing = image(&dir.path().join("gone.jpg")).result.unwrap_err();
    assert!(matches!(missing, ThumbnailError::Io(_)) && missing.is_transient(), "{missing:?}");
    assert!(attempt_video(&dir.path().join("gone.mp4")).result.unwrap_err().is_transient());
}

#[test]
fn decompression_bomb_is_refused_from_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("bomb.png");
    std::fs::write(&bomb, png_claiming(30_000, 30_000)).unwrap();
    let attempt = image(&bomb);
    match attempt.result {
        Err(ThumbnailError::TooLarge { width: 30_000, height: 30_000, limit: 268_402_689 }) => {}
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert!(!attempt.outputs_written);
    // 900 MP at 3 bytes each would be 2.7 GB and seconds of work: refusing takes no time.
    assert!(attempt.took < Duration::from_millis(200), "took {:?}", attempt.took);

    // Just under the limit, the same header passes the size check and fails on the bad data.
    let small = dir.path().join("small.png");
    std::fs::write(&small, png_claiming(2_000, 2_000)).unwrap();
    assert!(matches!(image(&small).result, Err(ThumbnailError::Corrupt(_))));
}

#[test]
fn a_lowered_pixel_limit_applies_to_real_files() {
    let Some(corpus) = corpus() else { return };
    let settings = Settings { max_pixels: 100_000, ..Settings::default() };
    let cases = [
        ("immich-test-assets/formats/jpg/el_torcal_rocks.jpg", SourceKind::Image, 512, 341),
        ("immich-test-assets/formats/png/density_plot.png", SourceKind::Image, 800, 800),
        ("immich-test-assets/formats/heic/IMG_2682.heic", SourceKind::Image, 4032, 3024),
        ("immich-test-assets/formats/jxl/8bit-sRGB.jxl", SourceKind::Image, 1440, 1080),
        ("video/short_hamilton_clip.mp4", SourceKind::Video, 640, 360),
    ];
    for (relative, kind, w, h) in cases {
        let attempt = attempt(&corpus.join(relative), kind, &settings);
        match attempt.result {
            Err(ThumbnailError::TooLarge { width, height, limit: 100_000 }) => {
                assert_eq!((width, height), (w, h), "{relative}");
            }
            other => panic!("{relative}: expected TooLarge, got {other:?}"),
        }
        assert!(!attempt.outputs_written, "{relative}");
    }
    // And the message says what happened.
    let message = ThumbnailError::TooLarge { width: 512, height: 341, limit: 100_000 }.to_string();
    assert!(message.contains("512×341") && message.contains("100000"), "{message}");
}
