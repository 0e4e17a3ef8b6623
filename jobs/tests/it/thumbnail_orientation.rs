//! The 16 EXIF orientation samples (landscape_1..8, portrait_1..8 store the same picture in
//! all eight ways): every preview must come out upright, i.e. match its orientation-1 sibling.
//! The same comparison on the pixels as stored shows the threshold does catch a wrong turn.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::corpus;
use std::path::Path;

use image::RgbImage;
use jobs::thumbnail::{generate, Settings, SourceKind, ThumbnailRequest};

const THRESHOLD: f64 = 8.0;

/// The preview, decoded; `orientation` overrides what the file says.
fn preview(source: &Path, orientation: Option<u16>) -> (RgbImage, (u32, u32)) {
    let out = tempfile::tempdir().unwrap();
    let thumbnail_path = out.path().join("t.webp");
    let preview_path = out.path().join("p.jpeg");
    let request = ThumbnailRequest {
        source,
        kind: SourceKind::Image,
        orientation,
        thumbnail_path: &thumbnail_path,
        preview_path: &preview_path,
    };
    let output = generate(&request, &Settings::default()).unwrap();
    let image = image::open(&preview_path).unwrap().to_rgb8();
    assert_eq!(image.dimensions(), (output.preview_width, output.preview_height));
    let thumbnail = image::open(&thumbnail_path).unwrap();
    assert_eq!(
        (thumbnail.width() > thumbnail.height()),
        (image.width() > image.height()),
        "{}: thumbnail and preview disagree on orientation",
        source.display()
    );
    (image, (output.source_width, output.source_height))
}

/// Mean absolute difference per sample after shrinking both to 1/4 (JPEG noise averages out);
/// images of different shapes are as different as can be.
fn difference(a: &RgbImage, b: &RgbImage) -> f64 {
    if a.dimensions() != b.dimensions() {
        return 255.0;
    }
    let small = |img: &RgbImage| {
        image::imageops::resize(img, img.width() / 4, img.height() / 4, image::imageops::FilterType::Triangle)
    };
    let (a, b) = (small(a), small(b));
    let total: u64 = a.as_raw().iter().zip(b.as_raw()).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
    total as f64 / a.as_raw().len() as f64
}

#[test]
fn every_orientation_comes_out_upright() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("exif-samples/jpg/orientation");
    for shape in ["landscape", "portrait"] {
        let (reference, reference_size) = preview(&dir.join(format!("{shape}_1.jpg")), None);
        assert_eq!(reference_size.0 > reference_size.1, shape == "landscape", "{shape}_1 displayed shape");
        for n in 2..=8 {
            let file = dir.join(format!("{shape}_{n}.jpg"));
            let (upright, size) = preview(&file, None);
            let diff = difference(&upright, &reference);
            assert_eq!(size, reference_size, "{shape}_{n}: displayed source size");
            assert!(diff < THRESHOLD, "{shape}_{n}: differs from {shape}_1 by {diff:.1}");

            // Ignoring the EXIF orientation (pretending 1) leaves the picture turned or
            // mirrored, and the comparison must see that.
            let (as_stored, _) = preview(&file, Some(1));
            let wrong = difference(&as_stored, &reference);
            assert!(wrong > THRESHOLD * 2.0, "{shape}_{n}: unrotated copy only differs by {wrong:.1}");
        }
    }
}

#[test]
fn orientation_from_the_request_wins_over_the_file() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("exif-samples/jpg/orientation");
    // landscape_1 is stored upright; told it is orientation 6, it must come out portrait.
    let (turned, size) = preview(&dir.join("landscape_1.jpg"), Some(6));
    assert_eq!(size, (450, 600));
    assert_eq!(turned.dimensions(), (450, 600));
    let (upright, _) = preview(&dir.join("landscape_6.jpg"), None);
    assert!(difference(&upright, &image::imageops::rotate270(&turned)) < THRESHOLD);
}

#[test]
fn orientation_six_in_a_real_photo() {
    let Some(corpus) = corpus() else { return };
    let faces = corpus.join("immich-test-assets/metadata/faces");
    let (rotated, size) = preview(&faces.join("portrait-orientation-6.jpg"), None);
    let (plain, plain_size) = preview(&faces.join("portrait.jpg"), None);
    assert_eq!(size, plain_size, "displayed size");
    assert_eq!(rotated.dimensions(), plain.dimensions());
    let diff = difference(&rotated, &plain);
    assert!(diff < THRESHOLD, "orientation-6 copy differs from the upright photo by {diff:.1}");
}
