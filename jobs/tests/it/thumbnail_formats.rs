//! Every supported format gets a decodable WebP thumbnail (short side 250, or the source's if
//! smaller), a JPEG preview (short side min(1440, source)) and a thumbhash: corpus files, plus
//! files made here (animated GIF, BMP, 16-bit PNG, CMYK JPEG, Display P3, synthetic RAWs,
//! re-muxed videos, a rotated video).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::corpus;
use std::path::Path;
use std::process::Command;

use image::{ImageEncoder, ImageFormat, RgbImage, RgbaImage};
use jobs::thumbnail::{generate, Settings, SourceKind, ThumbnailError, ThumbnailOutput, ThumbnailRequest};

fn has_tool(name: &str) -> bool {
    let found = Command::new(name).arg("-version").output().is_ok_and(|out| out.status.success())
        || Command::new(name).arg("--version").output().is_ok_and(|out| out.status.success());
    if !found {
        println!("skipping part: `{name}` is not installed");
    }
    found
}

struct Made {
    output: ThumbnailOutput,
    preview: RgbImage,
    thumbnail: RgbaImage,
}

fn make_with(source: &Path, kind: SourceKind, orientation: Option<u16>, out: &Path) -> Result<Made, ThumbnailError> {
    let thumbnail_path = out.join("thumbs/thumbnail.webp");
    let preview_path = out.join("previews/preview.jpeg");
    let request =
        ThumbnailRequest { source, kind, orientation, thumbnail_path: &thumbnail_path, preview_path: &preview_path };
    let output = generate(&request, &Settings::default())?;
    let preview_bytes = std::fs::read(&preview_path).unwrap();
    let thumbnail_bytes = std::fs::read(&thumbnail_path).unwrap();
    assert!(preview_bytes.starts_with(&[0xFF, 0xD8, 0xFF]), "{}: preview is not a JPEG", source.display());
    assert!(
        thumbnail_bytes.starts_with(b"RIFF") && &thumbnail_bytes[8..12] == b"WEBP",
        "{}: thumbnail is not a WebP",
        source.display()
    );
    assert!(!preview_path.with_extension("jpeg.tmp").exists(), "temporary preview left behind");
    let preview = image::load_from_memory_with_format(&preview_bytes, ImageFormat::Jpeg).unwrap().to_rgb8();
    let thumbnail = image::load_from_memory_with_format(&thumbnail_bytes, ImageFormat::WebP).unwrap().to_rgba8();
    Ok(Made { output, preview, thumbnail })
}

fn make(source: &Path, kind: SourceKind) -> Made {
    let out = tempfile::tempdir().unwrap();
    make_with(source, kind, None, out.path()).unwrap_or_else(|error| panic!("{}: {error}", source.display()))
}

/// The size rules every output must follow, checked against what the files really contain.
fn assert_sizes(name: &str, made: &Made) {
    let o = &made.output;
    let source_short = o.source_width.min(o.source_height);
    let preview_short = o.preview_width.min(o.preview_height);
    let thumbnail_short = o.thumbnail_width.min(o.thumbnail_height);
    assert_eq!(made.preview.dimensions(), (o.preview_width, o.preview_height), "{name}: preview file size");
    assert_eq!(made.thumbnail.dimensions(), (o.thumbnail_width, o.thumbnail_height), "{name}: thumbnail file size");
    assert_eq!(preview_short, source_short.min(1440), "{name}: preview short side");
    assert_eq!(thumbnail_short, preview_short.min(250), "{name}: thumbnail short side");
    let aspect = |w: u32, h: u32| f64::from(w) / f64::from(h);
    let source_aspect = aspect(o.source_width, o.source_height);
    assert!((aspect(o.preview_width, o.preview_height) - source_aspect).abs() / source_aspect < 0.01, "{name}: aspect");
    assert!((aspect(o.thumbnail_width, o.thumbnail_height) - source_aspect).abs() / source_aspect < 0.02, "{name}");
    assert!(!o.thumbhash.is_empty(), "{name}: thumbhash");
    let (w, h, _) = thumbhash::thumb_hash_to_rgba(&o.thumbhash).unwrap();
    assert!(w > 0 && h > 0, "{name}: thumbhash decodes");
}

fn mean_rgb(pixels: impl Iterator<Item = [u8; 3]>) -> [f64; 3] {
    let mut sum = [0f64; 3];
    let mut n = 0f64;
    for px in pixels {
        for c in 0..3 {
            sum[c] += f64::from(px[c]);
        }
        n += 1.0;
    }
    sum.map(|s| s / n)
}

fn mean_abs_diff(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let total: u64 = a.as_raw().iter().zip(b.as_raw()).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
    total as f64 / a.as_raw().len() as f64
}

#[test]
fn corpus_formats() {
    let Some(corpus) = corpus() else { return };
    let cases: &[(&str, Option<(u32, u32)>)] = &[
        ("immich-test-assets/formats/jpg/el_torcal_rocks.jpg", Some((512, 341))),
        ("immich-test-assets/albums/text/craft-beer.jpg", Some((6000, 4000))),
        ("immich-test-assets/formats/png/density_plot.png", Some((800, 800))),
        ("immich-test-assets/formats/webp/denali.webp", Some((600, 315))),
        ("exif-samples/tiff/BSG1.tiff", Some((635, 348))),
        ("immich-test-assets/formats/heic/IMG_2682.heic", Some((4032, 3024))),
        ("exif-samples/heic/samplefilehub.heif", Some((640, 426))),
        ("exif-samples/heic/mobile/iphone_13_pro_max.HEIC", Some((3024, 4032))),
        ("immich-test-assets/formats/motionphoto/samsung-one-ui-6.heic", Some((3000, 4000))),
        ("immich-test-assets/formats/avif/8bit-sRGB.avif", Some((1617, 1080))),
        ("immich-test-assets/formats/avif/10bit-HDR-P3-nclx.avif", None),
        ("immich-test-assets/formats/jxl/8bit-sRGB.jxl", Some((1440, 1080))),
        ("immich-test-assets/formats/jxl/16bit-HDR-P3-nclx.jxl", Some((5667, 3685))),
    ];
    for (relative, expected_source) in cases {
        let made = make(&corpus.join(relative), SourceKind::Image);
        assert_sizes(relative, &made);
        if let Some(expected) = expected_source {
            assert_eq!((made.output.source_width, made.output.source_height), *expected, "{relative}: source size");
        }
        // A real photo is not one flat colour: catches all-black or all-grey decodes.
        let lumas: Vec<u8> = made.thumbnail.pixels().map(|px| px[1]).collect();
        let (min, max) = (lumas.iter().min().unwrap(), lumas.iter().max().unwrap());
        assert!(max - min > 60, "{relative}: thumbnail looks flat ({min}..{max})");
    }
}

#[test]
fn corpus_video_poster_frame() {
    let Some(corpus) = corpus() else { return };
    let made = make(&corpus.join("video/short_hamilton_clip.mp4"), SourceKind::Video);
    assert_sizes("mp4", &made);
    assert_eq!((made.output.source_width, made.output.source_height), (640, 360));
    assert_eq!((made.output.thumbnail_width, made.output.thumbnail_height), (444, 250));
    let [r, g, b] = mean_rgb(made.preview.pixels().map(|p| p.0));
    assert!(r + g + b > 30.0, "poster frame is black");
}

#[test]
fn videos_in_other_containers_and_rotated() {
    let Some(corpus) = corpus() else { return };
    if !has_tool("ffmpeg") {
        return;
    }
    let source = corpus.join("video/short_hamilton_clip.mp4");
    let dir = tempfile::tempdir().unwrap();
    let variants: &[(&str, &[&str])] = &[
        ("clip.mov", &["-c", "copy"]),
        ("clip.mkv", &["-c", "copy"]),
        ("clip.webm", &["-c:v", "libvpx", "-b:v", "500k", "-an"]),
        ("clip.avi", &["-c:v", "mpeg4", "-an"]),
        ("clip.3gp", &["-c", "copy"]),
        ("clip.m2ts", &["-c", "copy"]),
        ("rotated.mp4", &["-c", "copy", "-metadata:s:v", "rotate=90"]),
        ("rotated.mov", &["-c", "copy", "-metadata:s:v", "rotate=270"]),
    ];
    for (name, codec_args) in variants {
        let target = dir.path().join(name);
        let status = Command::new("ffmpeg")
            .args(["-v", "error", "-y", "-i"])
            .arg(&source)
            .args(["-t", "1"])
            .args(*codec_args)
            .arg(&target)
            .status()
            .unwrap();
        assert!(status.success(), "ffmpeg could not make {name}");
        let made = make(&target, SourceKind::Video);
        assert_sizes(name, &made);
        let expected = if name.starts_with("rotated") { (360, 640) } else { (640, 360) };
        assert_eq!((made.output.source_width, made.output.source_height), expected, "{name}: displayed size");
        assert_eq!((made.output.preview_width, made.output.preview_height), expected, "{name}: preview size");
    }
    // The rotated poster must be turned the way FFmpeg's own autorotation turns it.
    for name in ["rotated.mp4", "rotated.mov"] {
        let video = dir.path().join(name);
        let oracle_path = dir.path().join(format!("{name}.png"));
        let status = Command::new("ffmpeg")
            .args(["-v", "error", "-y", "-i"])
            .arg(&video)
            .args(["-frames:v", "1"])
            .arg(&oracle_path)
            .status()
            .unwrap();
        assert!(status.success());
        let oracle = image::open(&oracle_path).unwrap().to_rgb8();
        let ours = make(&video, SourceKind::Video).preview;
        let right = mean_abs_diff(&ours, &oracle);
        let wrong = mean_abs_diff(&ours, &image::imageops::rotate180(&oracle));
        assert!(
            right < 8.0 && wrong > right * 2.0,
            "{name}: differs from FFmpeg by {right}, from the opposite turn by {wrong}"
        );
    }
}

#[test]
fn animated_gif_uses_the_first_frame() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("animated.gif");
    {
        let file = std::fs::File::create(&path).unwrap();
        let mut encoder = image::codecs::gif::GifEncoder::new(file);
        let frame = |rgba: [u8; 4]| image::Frame::new(RgbaImage::from_pixel(320, 240, image::Rgba(rgba)));
        encoder.encode_frames(vec![frame([220, 20, 20, 255]), frame([20, 20, 220, 255])]).unwrap();
    }
    let made = make(&path, SourceKind::Image);
    assert_sizes("gif", &made);
    assert_eq!((made.output.thumbnail_width, made.output.thumbnail_height), (320, 240), "never upscaled");
    let [r, _, b] = mean_rgb(made.thumbnail.pixels().map(|p| [p[0], p[1], p[2]]));
    assert!(r > 180.0 && b < 60.0, "thumbnail should be the first (red) frame, got r={r} b={b}");
}

#[test]
fn bmp_keeps_its_layout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("image.bmp");
    let image =
        RgbImage::from_fn(600, 400, |x, _| if x < 300 { image::Rgb([0, 200, 0]) } else { image::Rgb([0, 0, 200]) });
    image.save_with_format(&path, ImageFormat::Bmp).unwrap();
    let made = make(&path, SourceKind::Image);
    assert_sizes("bmp", &made);
    assert_eq!((made.output.thumbnail_width, made.output.thumbnail_height), (375, 250));
    let left = made.thumbnail.get_pixel(20, 125);
    let right = made.thumbnail.get_pixel(355, 125);
    assert!(left[1] > 170 && left[2] < 40, "left half green: {left:?}");
    assert!(right[2] > 170 && right[1] < 40, "right half blue: {right:?}");
}

#[test]
fn sixteen_bit_png() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.png");
    let image = image::ImageBuffer::<image::Rgb<u16>, Vec<u16>>::from_pixel(400, 300, image::Rgb([65535, 32896, 0]));
    image::DynamicImage::ImageRgb16(image).save_with_format(&path, ImageFormat::Png).unwrap();
    let made = make(&path, SourceKind::Image);
    assert_sizes("16-bit png", &made);
    let [r, g, b] = mean_rgb(made.preview.pixels().map(|p| p.0));
    assert!((r - 255.0).abs() < 3.0 && (g - 128.0).abs() < 3.0 && b < 3.0, "16-bit colour became {r} {g} {b}");
}

#[test]
fn cmyk_jpeg_matches_libvips_conversion() {
    let Some(corpus) = corpus() else { return };
    if !has_tool("vips") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cmyk = dir.path().join("cmyk.jpg");
    let oracle = dir.path().join("oracle.png");
    let source = corpus.join("immich-test-assets/formats/jpg/el_torcal_rocks.jpg");
    // libvips writes Adobe-style (inverted) CMYK with its CMYK ICC profile embedded.
    assert!(Command::new("vips").arg("colourspace").arg(&source).arg(&cmyk).arg("cmyk").status().unwrap().success());
    assert!(Command::new("vips").arg("icc_transform").arg(&cmyk).arg(&oracle).arg("srgb").status().unwrap().success());
    let made = make(&cmyk, SourceKind::Image);
    assert_sizes("cmyk", &made);
    let expected = image::open(&oracle).unwrap().to_rgb8();
    let diff = mean_abs_diff(&made.preview, &expected);
    assert!(diff < 6.0, "CMYK conversion differs from libvips by {diff}");
    // Reading the inks the wrong way round gives a negative: far off.
    let mut negative = expected.clone();
    negative.pixels_mut().for_each(|p| p.0 = p.0.map(|v| 255 - v));
    assert!(mean_abs_diff(&made.preview, &negative) > 40.0);
}

fn display_p3_icc() -> Vec<u8> {
    let xy = |x: f64, y: f64| lcms2::CIExyY { x, y, Y: 1.0 };
    let curve = lcms2::ToneCurve::new_parametric(4, &[2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045]).unwrap();
    let primaries = lcms2::CIExyYTRIPLE { Red: xy(0.680, 0.320), Green: xy(0.265, 0.690), Blue: xy(0.150, 0.060) };
    lcms2::Profile::new_rgb(&xy(0.3127, 0.3290), &primaries, &[&curve, &curve, &curve]).unwrap().icc().unwrap()
}

#[test]
fn display_p3_is_converted_to_srgb() {
    let icc = display_p3_icc();
    let p3_colour = [200u8, 100, 50];
    let expected: [u8; 3] = {
        let profile = lcms2::Profile::new_icc(&icc).unwrap();
        let transform = lcms2::Transform::new(
            &profile,
            lcms2::PixelFormat::RGB_8,
            &lcms2::Profile::new_srgb(),
            lcms2::PixelFormat::RGB_8,
            lcms2::Intent::RelativeColorimetric,
        )
        .unwrap();
        let mut out = [[0u8; 3]];
        transform.transform_pixels(&[p3_colour], &mut out);
        out[0]
    };
    // The same numbers mean a more saturated colour in P3: sRGB red goes up, green and blue down.
    assert!(expected[0] > p3_colour[0] + 8 && expected[1] + 4 < p3_colour[1], "{expected:?}");

    let dir = tempfile::tempdir().unwrap();
    let image = RgbImage::from_pixel(300, 300, image::Rgb(p3_colour));
    let png = dir.path().join("p3.png");
    let mut encoder = image::codecs::png::PngEncoder::new(std::fs::File::create(&png).unwrap());
    encoder.set_icc_profile(icc.clone()).unwrap();
    encoder.write_image(image.as_raw(), 300, 300, image::ExtendedColorType::Rgb8).unwrap();
    let jpeg = dir.path().join("p3.jpg");
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(std::fs::File::create(&jpeg).unwrap(), 95);
    encoder.set_icc_profile(icc).unwrap();
    encoder.write_image(image.as_raw(), 300, 300, image::ExtendedColorType::Rgb8).unwrap();

    for path in [png, jpeg] {
        let made = make(&path, SourceKind::Image);
        assert_sizes("p3", &made);
        let got = mean_rgb(made.preview.pixels().map(|p| p.0));
        for c in 0..3 {
            assert!((got[c] - f64::from(expected[c])).abs() < 3.0, "{}: {got:?} vs {expected:?}", path.display());
        }
    }
}

/// Little-endian TIFF entries: (tag, type, count, value) where value is inline or placed after
/// the directory. `JPEG_AT` in a value stands for the embedded JPEG's offset.
const JPEG_AT: u32 = u32::MAX;

struct TiffEntry(u16, u16, u32, Vec<u8>);

fn short(tag: u16, v: u16) -> TiffEntry {
    TiffEntry(tag, 3, 1, v.to_le_bytes().to_vec())
}

fn long(tag: u16, v: u32) -> TiffEntry {
    TiffEntry(tag, 4, 1, v.to_le_bytes().to_vec())
}

/// A TIFF-layout file: `magic` (8 bytes incl. IFD offset placeholder), optional bytes until
/// offset 16, IFD0 at 16, an optional IFD1 (offset patched into `sub_ifd_tag`), then the JPEG.
fn tiff_like(magic: &[u8], ifd0: Vec<TiffEntry>, ifd1: Vec<TiffEntry>, jpeg: &[u8]) -> Vec<u8> {
    let mut out = magic.to_vec();
    out.resize(16, 0);
    out[4..8].copy_from_slice(&16u32.to_le_bytes());
    let ifd_len = |n: usize| 2 + 12 * n + 4;
    let ifd1_at = 16 + ifd_len(ifd0.len());
    let data_at = ifd1_at + if ifd1.is_empty() { 0 } else { ifd_len(ifd1.len()) };
    let extra: usize = ifd0.iter().chain(&ifd1).map(|e| if e.3.len() > 4 { e.3.len() } else { 0 }).sum();
    let jpeg_at = (data_at + extra) as u32;
    let mut data = Vec::new();
    let mut write_ifd = |out: &mut Vec<u8>, entries: &[TiffEntry]| {
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        for TiffEntry(tag, kind, count, value) in entries {
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&kind.to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
            let mut value = value.clone();
            if value == JPEG_AT.to_le_bytes() {
                value = jpeg_at.to_le_bytes().to_vec();
            }
            if *tag == 0x014A {
                value = (ifd1_at as u32).to_le_bytes().to_vec();
            }
            if *kind == 7 && *count as usize == jpeg.len() {
                value = jpeg_at.to_le_bytes().to_vec(); // RW2's JpgFromRaw: the blob is the JPEG
            } else if value.len() > 4 {
                let at = (data_at + data.len()) as u32;
                data.extend_from_slice(&value);
                value = at.to_le_bytes().to_vec();
            }
            value.resize(4, 0);
            out.extend_from_slice(&value);
        }
        out.extend_from_slice(&0u32.to_le_bytes());
    };
    write_ifd(&mut out, &ifd0);
    if !ifd1.is_empty() {
        write_ifd(&mut out, &ifd1);
    }
    out.extend_from_slice(&data);
    assert_eq!(out.len() as u32, jpeg_at);
    out.extend_from_slice(jpeg);
    out
}

#[test]
fn raw_files_use_their_embedded_jpeg() {
    let Some(corpus) = corpus() else { return };
    let jpeg_path = corpus.join("immich-test-assets/formats/jpg/el_torcal_rocks.jpg");
    let jpeg = std::fs::read(&jpeg_path).unwrap();
    let len = jpeg.len() as u32;
    let dir = tempfile::tempdir().unwrap();
    let reference = |orientation| {
        let out = tempfile::tempdir().unwrap();
        make_with(&jpeg_path, SourceKind::Image, Some(orientation), out.path()).unwrap().preview
    };
    let make_text = |text: &str| TiffEntry(0x010F, 2, text.len() as u32 + 1, format!("{text}\0").into_bytes());

    let dng = tiff_like(
        b"II*\0",
        vec![
            long(0x00FE, 1),
            make_text("Shoebox"),
            short(0x0112, 6),
            long(0x0201, JPEG_AT),
            long(0x0202, len),
            TiffEntry(0xC612, 1, 4, vec![1, 4, 0, 0]),
        ],
        vec![],
        &jpeg,
    );
    let nef_like = tiff_like(
        b"II*\0",
        vec![make_text("NIKON"), short(0x0106, 32803), long(0x014A, 0)],
        vec![long(0x0201, JPEG_AT), long(0x0202, len)],
        &jpeg,
    );
    let cr2_like = tiff_like(
        b"II*\0\0\0\0\0CR\x02\0",
        vec![short(0x0103, 6), long(0x0111, JPEG_AT), long(0x0117, len), short(0x0112, 1)],
        vec![],
        &jpeg,
    );
    let orf_like = tiff_like(b"IIRO", vec![long(0x0201, JPEG_AT), long(0x0202, len)], vec![], &jpeg);
    let rw2_like = tiff_like(b"IIU\0", vec![TiffEntry(0x002E, 7, len, vec![0; 4])], vec![], &jpeg);
    let raf_like = {
        let mut raf = b"FUJIFILMCCD-RAW 0201FF393101".to_vec();
        raf.resize(84, 0);
        raf.extend_from_slice(&100u32.to_be_bytes());
        raf.extend_from_slice(&len.to_be_bytes());
        raf.resize(100, 0);
        raf.extend_from_slice(&jpeg);
        raf
    };
    let cr3_like = {
        let mut cr3 = b"\0\0\0\x18ftypcrx \0\0\0\x01crx isom".to_vec();
        cr3.extend_from_slice(&(8 + len + 64).to_be_bytes());
        cr3.extend_from_slice(b"mdat");
        cr3.extend_from_slice(&[0x11; 32]); // sensor data around the preview
        cr3.extend_from_slice(&jpeg);
        cr3.extend_from_slice(&[0x22; 32]);
        cr3
    };

    let cases = [
        ("photo.dng", dng, 6),
        ("photo.nef", nef_like, 1),
        ("photo.cr2", cr2_like, 1),
        ("photo.orf", orf_like, 1),
        ("photo.rw2", rw2_like, 1),
        ("photo.raf", raf_like, 1),
        // The name lies: the content is what counts.
        ("photo.jpg", cr3_like, 1),
    ];
    for (name, bytes, orientation) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let made = make(&path, SourceKind::Image);
        assert_sizes(name, &made);
        let expected = reference(orientation);
        assert_eq!(made.preview.dimensions(), expected.dimensions(), "{name}: oriented size");
        let diff = mean_abs_diff(&made.preview, &expected);
        assert!(diff < 1.0, "{name}: preview differs from the embedded JPEG's by {diff}");
    }
}

#[test]
fn a_lying_extension_does_not_matter() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let heic_named_jpg = dir.path().join("really-a-heic.jpg");
    std::fs::copy(corpus.join("exif-samples/heic/samplefilehub.heif"), &heic_named_jpg).unwrap();
    let png_named_webp = dir.path().join("really-a-png.webp");
    std::fs::copy(corpus.join("immich-test-assets/formats/png/density_plot.png"), &png_named_webp).unwrap();
    assert_sizes("heic as jpg", &make(&heic_named_jpg, SourceKind::Image));
    assert_sizes("png as webp", &make(&png_named_webp, SourceKind::Image));
}
