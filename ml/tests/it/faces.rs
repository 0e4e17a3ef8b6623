//! Face detection and recognition with buffalo_s on the corpus portraits (one person per folder),
//! checked against an independent numpy implementation of insightface's pipeline.

#![allow(clippy::unwrap_used)]

use crate::support::{corpus_dir, models_dir, runtime};
use ml::faces::{cosine_distance, DetectedFace, DetectorCanvas, FaceAnalyzer};
use ml::image_ops::load_rgb;
use ml::{MlError, Model};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// Immich's default minimum detection score.
const MIN_SCORE: f32 = 0.7;

/// The main face's box from insightface's algorithm in numpy (PIL bilinear letterbox, square
/// canvas); ours resizes with another bilinear and trims the canvas: within a pixel or so.
const REFERENCE_BOXES: [(&str, [f32; 4]); 12] = [
    ("alex_lacamoire/alex-lacamoire.png", [173.4, 100.5, 325.7, 324.5]),
    ("alex_lacamoire/img1.jpg", [293.4, 109.4, 587.4, 563.4]),
    ("biden/biden.jpg", [424.1, 158.4, 706.5, 563.8]),
    ("biden/biden2.jpg", [426.8, 128.3, 863.9, 784.0]),
    ("kit_harington/john1.jpeg", [687.3, 76.1, 808.8, 236.7]),
    ("kit_harington/john2.jpeg", [317.7, 62.3, 484.3, 285.0]),
    ("lin_manuel_miranda/lin-manuel-miranda.png", [263.1, 132.7, 528.3, 496.3]),
    ("obama/obama.jpg", [378.1, 82.5, 609.7, 426.5]),
    ("obama/obama2.jpg", [206.5, 227.4, 467.9, 635.7]),
    ("obama/obama3.jpg", [642.5, 255.3, 910.1, 612.9]),
    ("rose_leslie/img1.jpg", [626.3, 60.5, 873.1, 384.8]),
    ("rose_leslie/img2.jpg", [176.7, 114.5, 412.5, 464.2]),
];

fn models(pack: &str) -> (Arc<Model>, Arc<Model>) {
    let runtime = runtime();
    let dir = models_dir().join("facial-recognition").join(pack);
    (
        runtime.model(format!("{pack}/detection"), dir.join("detection/model.onnx")),
        runtime.model(format!("{pack}/recognition"), dir.join("recognition/model.onnx")),
    )
}

fn buffalo_s() -> FaceAnalyzer {
    let (detector, recognizer) = models("buffalo_s");
    FaceAnalyzer::new(detector, recognizer)
}

struct Photo {
    /// `person/file`.
    name: String,
    person: String,
    path: PathBuf,
    width: u32,
    height: u32,
    faces: Vec<DetectedFace>,
}

impl Photo {
    fn main_face(&self) -> &DetectedFace {
        match self.faces.iter().max_by(|a, b| a.bbox.area().total_cmp(&b.bbox.area())) {
            Some(face) => face,
            None => panic!("no face in {}", self.name),
        }
    }
}

fn corpus_photos() -> Vec<(String, String, PathBuf)> {
    let root = corpus_dir().join("faces");
    let mut photos = Vec::new();
    for person in std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()) {
        let person_name = person.file_name().unwrap().to_string_lossy().to_string();
        for file in std::fs::read_dir(&person).unwrap().map(|e| e.unwrap().path()) {
            let name = format!("{person_name}/{}", file.file_name().unwrap().to_string_lossy());
            photos.push((name, person_name.clone(), file));
        }
    }
    photos.sort();
    photos
}

/// Every corpus photo analysed once (tests share the work), with per-photo timings printed.
fn analysed() -> &'static [Photo] {
    static PHOTOS: OnceLock<Vec<Photo>> = OnceLock::new();
    PHOTOS.get_or_init(|| {
        let analyzer = buffalo_s();
        let photos = corpus_photos();
        assert_eq!(photos.len(), 12, "the corpus has 12 portraits");
        // Load both sessions before timing.
        let first = load_rgb(&photos[0].2).unwrap();
        analyzer.analyze(&first, MIN_SCORE).unwrap();

        let ms = |from: Instant, to: Instant| (to - from).as_secs_f64() * 1e3;
        let (mut decode_total, mut detect_total, mut embed_total) = (0.0, 0.0, 0.0);
        let mut analysed = Vec::new();
        for (name, person, path) in photos {
            let started = Instant::now();
            let image = load_rgb(&path).unwrap();
            let decoded = Instant::now();
            let detections = analyzer.detect(&image, MIN_SCORE).unwrap();
            let detected = Instant::now();
            let faces = analyzer.embed(&image, detections).unwrap();
            let embedded = Instant::now();
            let (decode_ms, detect_ms, embed_ms) =
                (ms(started, decoded), ms(decoded, detected), ms(detected, embedded));
            eprintln!(
                "{name:<42} {}×{} faces {} decode {decode_ms:5.1} ms detect {detect_ms:6.1} ms embed {embed_ms:6.1} ms",
                image.width(),
                image.height(),
                faces.len()
            );
            decode_total += decode_ms;
            detect_total += detect_ms;
            embed_total += embed_ms;
            analysed.push(Photo { name, person, path, width: image.width(), height: image.height(), faces });
        }
        let n = analysed.len() as f64;
        eprintln!(
            "mean per photo: decode {:.1} ms, detect {:.1} ms, embed {:.1} ms",
            decode_total / n,
            detect_total / n,
            embed_total / n
        );
        analysed
    })
}

#[test]
fn every_portrait_yields_a_face_where_insightface_finds_it() {
    for photo in analysed() {
        assert!(!photo.faces.is_empty(), "{}: no face", photo.name);
        for face in &photo.faces {
            assert!(face.score >= MIN_SCORE, "{}: score {}", photo.name, face.score);
            assert_eq!(face.embedding.len(), 512, "{}", photo.name);
            let norm = face.embedding.iter().map(|v| v * v).sum::<f32>().sqrt();
            assert!((norm - 1.0).abs() < 1e-4, "{}: norm {norm}", photo.name);
        }
        let face = photo.main_face();
        let b = face.bbox;
        let (w, h) = (photo.width as f32, photo.height as f32);
        // A portrait's face: inside the image, not tiny, taller than wide but not by much.
        assert!(
            b.x1 >= -0.02 * w && b.y1 >= -0.02 * h && b.x2 <= 1.02 * w && b.y2 <= 1.02 * h,
            "{}: {b:?}",
            photo.name
        );
        assert!(b.width() >= 0.08 * w.min(h) && b.height() >= 0.1 * h.min(w), "{}: {b:?}", photo.name);
        let aspect = b.height() / b.width();
        assert!((1.0..=1.8).contains(&aspect), "{}: aspect {aspect}", photo.name);
        // Eyes above the nose above the mouth, all within the box.
        let [left_eye, right_eye, nose, left_mouth, right_mouth] = face.landmarks;
        for [x, y] in face.landmarks {
            assert!(x > b.x1 && x < b.x2 && y > b.y1 && y < b.y2, "{}: landmark ({x}, {y}) outside {b:?}", photo.name);
        }
        assert!(left_eye[0] < right_eye[0] && left_mouth[0] < right_mouth[0], "{}", photo.name);
        assert!(
            left_eye[1].max(right_eye[1]) < nose[1] && nose[1] < left_mouth[1].min(right_mouth[1]),
            "{}",
            photo.name
        );

        let (_, reference) = REFERENCE_BOXES
            .iter()
            .find(|(name, _)| *name == photo.name)
            .unwrap_or_else(|| panic!("no reference for {}", photo.name));
        let tolerance = 0.01 * (reference[2] - reference[0]);
        for (got, want) in [b.x1, b.y1, b.x2, b.y2].iter().zip(reference) {
            assert!((got - want).abs() <= tolerance, "{}: box {b:?}, insightface {reference:?}", photo.name);
        }
    }
}

#[test]
fn the_same_person_is_closer_than_different_people() {
    let photos = analysed();
    let mut matrix = String::from("cosine distances between main faces:\n");
    let (mut max_same, mut min_different) = (f32::MIN, f32::MAX);
    let mut failures = Vec::new();
    for a in photos {
        matrix.push_str(&format!("{:<42}", a.name));
        for b in photos {
            let distance = cosine_distance(&a.main_face().embedding, &b.main_face().embedding);
            matrix.push_str(&format!(" {distance:5.2}"));
            if a.name == b.name {
                assert!(distance.abs() < 1e-4, "{}: distance to itself {distance}", a.name);
            } else if a.person == b.person {
                max_same = max_same.max(distance);
                if distance >= 0.5 {
                    failures.push(format!("{} ~ {}: {distance:.3} (same person)", a.name, b.name));
                }
            } else {
                min_different = min_different.min(distance);
                if distance <= 0.5 {
                    failures.push(format!("{} ~ {}: {distance:.3} (different people)", a.name, b.name));
                }
            }
        }
        matrix.push('\n');
    }
    eprintln!("{matrix}same person at most {max_same:.3}, different people at least {min_different:.3}");
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The default canvas trims insightface's padding; the faces must stay what the square canvas
/// (exactly Immich's input) finds.
#[test]
fn a_trimmed_canvas_finds_what_the_square_one_finds() {
    let square = buffalo_s().with_canvas(DetectorCanvas::Square);
    let (mut score_diff, mut box_diff, mut distance) = (0.0_f32, 0.0_f32, 0.0_f32);
    for photo in analysed() {
        let image = load_rgb(&photo.path).unwrap();
        let faces = square.analyze(&image, MIN_SCORE).unwrap();
        assert_eq!(faces.len(), photo.faces.len(), "{}", photo.name);
        for (a, b) in faces.iter().zip(&photo.faces) {
            score_diff = score_diff.max((a.score - b.score).abs());
            let (a_box, b_box) =
                ([a.bbox.x1, a.bbox.y1, a.bbox.x2, a.bbox.y2], [b.bbox.x1, b.bbox.y1, b.bbox.x2, b.bbox.y2]);
            let worst = a_box.iter().zip(b_box).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max);
            box_diff = box_diff.max(worst / a.bbox.width());
            distance = distance.max(cosine_distance(&a.embedding, &b.embedding));
        }
    }
    eprintln!("trimmed vs square canvas: scores ±{score_diff:.4}, boxes ±{:.2}% of their width, embeddings ≤ {distance:.4} apart", box_diff * 100.0);
    assert!(score_diff < 0.02 && box_diff < 0.02 && distance < 0.02, "{score_diff} {box_diff} {distance}");
}

/// Two portraits side by side: two faces, found where each was, embedded in one batch like each
/// alone.
#[test]
fn finds_and_tells_apart_two_faces_in_one_photo() {
    let obama = load_rgb(&corpus_dir().join("faces/obama/obama.jpg")).unwrap();
    let biden = load_rgb(&corpus_dir().join("faces/biden/biden2.jpg")).unwrap();
    let mut both = image::RgbImage::from_pixel(
        obama.width() + biden.width(),
        obama.height().max(biden.height()),
        image::Rgb([255, 255, 255]),
    );
    image::imageops::replace(&mut both, &obama, 0, 0);
    image::imageops::replace(&mut both, &biden, i64::from(obama.width()), 0);

    let analyzer = buffalo_s();
    let mut faces = analyzer.analyze(&both, MIN_SCORE).unwrap();
    assert_eq!(faces.len(), 2, "{:?}", faces.iter().map(|f| (f.bbox, f.score)).collect::<Vec<_>>());
    faces.sort_by(|a, b| a.bbox.x1.total_cmp(&b.bbox.x1));
    assert!(faces[0].bbox.x2 < obama.width() as f32 && faces[1].bbox.x1 > obama.width() as f32);

    let alone = |name: &str| analysed().iter().find(|p| p.name == name).unwrap().main_face().embedding.clone();
    let (obama_alone, biden_alone) = (alone("obama/obama.jpg"), alone("biden/biden2.jpg"));
    let same = [cosine_distance(&faces[0].embedding, &obama_alone), cosine_distance(&faces[1].embedding, &biden_alone)];
    let crossed =
        [cosine_distance(&faces[0].embedding, &biden_alone), cosine_distance(&faces[1].embedding, &obama_alone)];
    eprintln!("side by side vs alone: same {same:?}, crossed {crossed:?}");
    assert!(same.iter().all(|d| *d < 0.25), "{same:?}");
    assert!(crossed.iter().all(|d| *d > 0.5), "{crossed:?}");
}

#[test]
fn an_image_without_faces_has_none_and_skips_recognition() {
    let (detector, recognizer) = models("buffalo_s");
    let analyzer = FaceAnalyzer::new(detector, recognizer.clone());
    let grey = image::RgbImage::from_pixel(800, 600, image::Rgb([128, 128, 128]));
    let gradient = image::RgbImage::from_fn(640, 960, |x, y| image::Rgb([(x / 3) as u8, (y / 4) as u8, 90]));
    for image in [grey, gradient] {
        let faces = analyzer.analyze(&image, 0.5).unwrap();
        assert!(faces.is_empty(), "{:?}", faces.iter().map(|f| (f.bbox, f.score)).collect::<Vec<_>>());
    }
    assert!(!recognizer.is_loaded());
}

#[test]
fn a_corrupt_detector_is_an_invalid_model() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.onnx");
    std::fs::write(&path, [0x08u8, 0xff, 0x13, 0x37].repeat(1000)).unwrap();
    let (_, recognizer) = models("buffalo_s");
    let analyzer = FaceAnalyzer::new(runtime().model("junk/detection", &path), recognizer);
    let image = image::RgbImage::from_pixel(64, 64, image::Rgb([10, 20, 30]));
    match analyzer.analyze(&image, MIN_SCORE) {
        Err(MlError::ModelInvalid { model, path: reported, .. }) => {
            assert_eq!(model, "junk/detection");
            assert_eq!(reported, path);
        }
        other => panic!("expected ModelInvalid, got {:?}", other.map(|f| f.len())),
    }
}

#[test]
fn an_empty_image_is_refused() {
    let analyzer = buffalo_s();
    let empty = image::RgbImage::new(0, 0);
    assert!(matches!(analyzer.analyze(&empty, MIN_SCORE), Err(MlError::Image(_))));
}
