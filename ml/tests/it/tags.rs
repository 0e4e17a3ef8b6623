//! Object tags on real photos: the EfficientNet-Lite0 classifier and the SSD MobileNet V2
//! detector from the model cache, on corpus photos whose content was checked by eye. Reference
//! scores come from a plain Python onnxruntime + PIL run of the MANIFEST's pipelines.

// Tests fail by panicking: unwrap is the point here (the workspace denies it elsewhere).
#![allow(clippy::unwrap_used)]

use crate::support::{corpus_dir, models_dir, runtime};
use image::RgbImage;
use ml::image_ops::load_rgb;
use ml::tags::{
    merge_tags, Classifier, DetectedObject, Label, ObjectDetector, Tag, TagSource, CLASSIFIER_MIN_SCORE,
    CLASSIFIER_TOP_K, DETECTOR_MIN_SCORE,
};
use ml::MlError;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

struct Tagger {
    classifier: Classifier,
    detector: ObjectDetector,
}

fn classifier_dir() -> PathBuf {
    models_dir().join("tagging/efficientnet_lite0")
}

fn detector_dir() -> PathBuf {
    models_dir().join("detection/ssd_mobilenet_v2_coco")
}

/// One classifier and one detector for all tests, loaded and run once up front so that the
/// timings printed below are inference, not model loading.
fn tagger() -> &'static Tagger {
    static TAGGER: OnceLock<Tagger> = OnceLock::new();
    TAGGER.get_or_init(|| {
        let runtime = runtime();
        let classifier = Classifier::new(
            runtime.model("efficientnet_lite0", classifier_dir().join("model.onnx")),
            &classifier_dir().join("labels.txt"),
        )
        .unwrap();
        let detector = ObjectDetector::new(
            runtime.model("ssd_mobilenet_v2_coco", detector_dir().join("model.onnx")),
            &detector_dir().join("ssd_score_columns.txt"),
        )
        .unwrap();
        let warm_up = RgbImage::from_pixel(64, 48, image::Rgb([120, 130, 140]));
        classifier.classify(&warm_up, 1, 0.0).unwrap();
        detector.detect(&warm_up, DETECTOR_MIN_SCORE).unwrap();
        Tagger { classifier, detector }
    })
}

/// A corpus photo, or `None` with a note when the corpus is not there (a clone without
/// `../shared` still passes its own tests).
fn photo(relative: &str) -> Option<RgbImage> {
    let path = corpus_dir().join(relative);
    if !corpus_dir().is_dir() {
        eprintln!("skipped: no corpus at {}", corpus_dir().display());
        return None;
    }
    Some(load_rgb(&path).unwrap_or_else(|e| panic!("{relative}: {e}")))
}

struct Tagged {
    /// The classifier's top 5 at any score, to assert on runners-up.
    top5: Vec<Label>,
    labels: Vec<Label>,
    objects: Vec<DetectedObject>,
    tags: Vec<Tag>,
}

/// Classifies and detects with the default thresholds, printing what was found and how long
/// each model took (run with `--test-threads=1` for timings without contention).
fn tag(what: &str, image: &RgbImage) -> Tagged {
    let tagger = tagger();
    let started = Instant::now();
    let top5 = tagger.classifier.classify(image, CLASSIFIER_TOP_K, 0.0).unwrap();
    let classify_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    let objects = tagger.detector.detect(image, DETECTOR_MIN_SCORE).unwrap();
    let detect_ms = started.elapsed().as_secs_f64() * 1000.0;
    let labels: Vec<Label> = top5.iter().filter(|l| l.score >= CLASSIFIER_MIN_SCORE).cloned().collect();
    let tags = merge_tags(&labels, &objects);
    eprintln!(
        "{what} ({}×{}): classify {classify_ms:.1} ms, detect {detect_ms:.1} ms\n  labels {}\n  objects {}\n  tags {}",
        image.width(),
        image.height(),
        top5.iter().map(|l| format!("{} {:.3}", l.name, l.score)).collect::<Vec<_>>().join(", "),
        objects
            .iter()
            .map(|o| format!(
                "{} {:.3} [{:.0} {:.0} {:.0} {:.0}]",
                o.name, o.score, o.bbox[0], o.bbox[1], o.bbox[2], o.bbox[3]
            ))
            .collect::<Vec<_>>()
            .join(", "),
        tags.iter().map(|t| format!("{} {:.3} {:?}", t.name, t.score, t.source)).collect::<Vec<_>>().join(", "),
    );
    for tag in &tags {
        assert!(
            !tag.name.is_empty()
                && tag.name.chars().all(|c| c.is_lowercase() || c.is_ascii_digit() || " -'".contains(c))
                && tag.name.trim() == tag.name,
            "tag {:?} is not plain lower-case words",
            tag.name
        );
    }
    Tagged { top5, labels, objects, tags }
}

fn best<'a>(objects: &'a [DetectedObject], name: &str) -> Option<&'a DetectedObject> {
    objects.iter().filter(|o| o.name == name).max_by(|a, b| a.score.total_cmp(&b.score))
}

fn has_tag(tags: &[Tag], name: &str, source: TagSource) -> bool {
    tags.iter().any(|t| t.name == name && t.source == source)
}

fn assert_close(what: &str, got: f32, reference: f32) {
    assert!((got - reference).abs() < 0.05, "{what}: {got} differs from the reference pipeline's {reference}");
}

#[test]
fn every_portrait_has_a_person_detection_and_tag() {
    let faces = corpus_dir().join("faces");
    let Ok(people) = std::fs::read_dir(&faces) else {
        eprintln!("skipped: no corpus at {}", faces.display());
        return;
    };
    let mut paths: Vec<PathBuf> = people
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .flat_map(|person| std::fs::read_dir(person.path()).unwrap().filter_map(Result::ok).map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| ["jpg", "jpeg", "png"].contains(&e.to_string_lossy().to_lowercase().as_str()))
        })
        .collect();
    paths.sort();
    assert!(paths.len() >= 12, "expected the 12 portraits, found {}", paths.len());
    for path in &paths {
        let what = path.strip_prefix(&faces).unwrap_or(path).display().to_string();
        let image = load_rgb(path).unwrap();
        let tagged = tag(&what, &image);
        let person = best(&tagged.objects, "person").unwrap_or_else(|| panic!("{what}: no person detected"));
        assert!(person.score >= 0.5, "{what}: person only {}", person.score);
        // The box is the portrait's subject: a large part of the frame, inside it.
        let [x1, y1, x2, y2] = person.bbox;
        assert!(0.0 <= x1 && x1 < x2 && x2 <= image.width() as f32, "{what}: {:?}", person.bbox);
        assert!(0.0 <= y1 && y1 < y2 && y2 <= image.height() as f32, "{what}: {:?}", person.bbox);
        let share = (x2 - x1) * (y2 - y1) / (image.width() * image.height()) as f32;
        assert!(share > 0.25, "{what}: the person box covers only {share:.2} of the photo");
        assert!(has_tag(&tagged.tags, "person", TagSource::Detector), "{what}: no person tag in {:?}", tagged.tags);
    }
}

/// A table of okonomiyaki with white-and-blue tea cups, a glass and plates (checked by eye).
#[test]
fn a_dinner_table_is_tagged_cup() {
    let Some(image) = photo("exif-samples/jpg/exif-org/fujifilm-dx10.jpg") else { return };
    let tagged = tag("fujifilm-dx10.jpg", &image);
    let cup = best(&tagged.objects, "cup").unwrap_or_else(|| panic!("no cup in {:?}", tagged.objects));
    assert_close("cup", cup.score, 0.829);
    // The best cup is the tea cup in the lower left corner (reference box 4,410–173,598).
    let (cx, cy) = ((cup.bbox[0] + cup.bbox[2]) / 2.0, (cup.bbox[1] + cup.bbox[3]) / 2.0);
    assert!(cx < 250.0 && cy > 420.0 && cy < 600.0, "the cup is at {:?}", cup.bbox);
    assert!(has_tag(&tagged.tags, "cup", TagSource::Detector));
}

/// A short-haired tan dog, greyhound-like, lying on a patterned rug (checked by eye).
#[test]
fn a_dog_on_a_rug_is_tagged_dog() {
    let Some(image) = photo("exif-samples/jpg/exif-org/kodak-dc240.jpg") else { return };
    let tagged = tag("kodak-dc240.jpg", &image);
    let dog = best(&tagged.objects, "dog").unwrap_or_else(|| panic!("no dog in {:?}", tagged.objects));
    assert_close("dog", dog.score, 0.908);
    assert_eq!(tagged.objects.len(), 1, "{:?}", tagged.objects);
    assert!(has_tag(&tagged.tags, "dog", TagSource::Detector));
    // The classifier sees a sighthound; its top guesses are all dog breeds.
    let sighthounds = ["italian greyhound", "whippet", "saluki", "dingo"];
    assert!(sighthounds.contains(&tagged.top5[0].name.as_str()), "{:?}", tagged.top5);
    assert!(tagged.top5.iter().filter(|l| sighthounds.contains(&l.name.as_str())).count() >= 3, "{:?}", tagged.top5);
}

/// A calico cat asleep on its back in a red armchair: a 16-megapixel phone photo (checked by eye).
#[test]
fn a_cat_on_an_armchair_is_tagged_cat() {
    let Some(image) = photo("immich-test-assets/metadata/gps-position/empty_gps.jpg") else { return };
    let tagged = tag("empty_gps.jpg", &image);
    let cat = best(&tagged.objects, "cat").unwrap_or_else(|| panic!("no cat in {:?}", tagged.objects));
    assert_close("cat", cat.score, 0.981);
    // Reference box 544,674–3990,2480: the cat lies across the middle of the frame.
    let [x1, y1, x2, y2] = cat.bbox;
    assert!(x1 < 1000.0 && x2 > 3500.0 && y1 > 300.0 && y2 < 3000.0, "the cat is at {:?}", cat.bbox);
    assert_eq!(tagged.tags[0], Tag { name: "cat".into(), score: cat.score, source: TagSource::Detector });
    assert!(tagged.top5.iter().any(|l| l.name == "tabby cat"), "{:?}", tagged.top5);
}

/// A jack-o'-lantern wearing glasses, held up in a room (checked by eye): ImageNet's "carved
/// pumpkin", which COCO has no class for.
#[test]
fn a_carved_pumpkin_is_named_by_the_classifier() {
    let Some(image) = photo("exif-samples/jpg/exif-org/sony-powershota5.jpg") else { return };
    let tagged = tag("sony-powershota5.jpg", &image);
    assert_eq!(tagged.labels.len(), 1, "{:?}", tagged.labels);
    assert_eq!(tagged.labels[0].name, "carved pumpkin");
    assert_close("carved pumpkin", tagged.labels[0].score, 0.962);
    assert_eq!(tagged.tags[0].name, "carved pumpkin");
    assert_eq!(tagged.tags[0].source, TagSource::Classifier);
    assert!(tagged.objects.is_empty(), "{:?}", tagged.objects);
}

#[test]
fn a_plain_image_has_no_detections() {
    let grey = RgbImage::from_pixel(640, 480, image::Rgb([128, 128, 128]));
    let gradient = RgbImage::from_fn(800, 600, |x, y| image::Rgb([(x / 4) as u8, (y / 3) as u8, 90]));
    for (what, image) in [("grey", grey), ("gradient", gradient)] {
        let tagged = tag(what, &image);
        assert!(tagged.objects.is_empty(), "{what}: {:?}", tagged.objects);
        assert!(tagged.tags.iter().all(|t| t.source == TagSource::Classifier), "{what}: {:?}", tagged.tags);
        // The classifier's probabilities are a distribution over the 1000 classes.
        let total: f32 = tagged.top5.iter().map(|l| l.score).sum();
        assert!(total > 0.0 && total <= 1.0001, "{what}: {total}");
    }
}

#[test]
fn a_corrupt_model_file_is_reported_as_invalid() {
    let runtime = runtime();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.onnx");
    std::fs::write(&path, b"\x08\x07not an onnx graph at all").unwrap();
    let image = RgbImage::from_pixel(320, 240, image::Rgb([10, 20, 30]));

    let classifier =
        Classifier::new(runtime.model("broken_classifier", &path), &classifier_dir().join("labels.txt")).unwrap();
    match classifier.classify(&image, 5, 0.0) {
        Err(MlError::ModelInvalid { model, path: reported, .. }) => {
            assert_eq!(model, "broken_classifier");
            assert_eq!(reported, path);
        }
        other => panic!("expected ModelInvalid, got {other:?}"),
    }
    let detector =
        ObjectDetector::new(runtime.model("broken_detector", &path), &detector_dir().join("ssd_score_columns.txt"))
            .unwrap();
    let err = detector.detect(&image, DETECTOR_MIN_SCORE).unwrap_err();
    assert!(matches!(err, MlError::ModelInvalid { .. }), "{err:?}");
    assert!(err.is_setup_problem());
}

fn model_file_reason(result: Result<impl Sized, MlError>) -> String {
    match result {
        Err(MlError::ModelFile { reason, .. }) => reason,
        Err(other) => panic!("expected ModelFile, got {other:?}"),
        Ok(_) => panic!("expected ModelFile, got a working model"),
    }
}

#[test]
fn missing_or_short_label_files_are_model_file_errors() {
    let runtime = runtime();
    let dir = tempfile::tempdir().unwrap();
    let classifier_model = || runtime.model("efficientnet_lite0", classifier_dir().join("model.onnx"));
    let detector_model = || runtime.model("ssd_mobilenet_v2_coco", detector_dir().join("model.onnx"));

    let missing = dir.path().join("labels.txt");
    let reason = model_file_reason(Classifier::new(classifier_model(), &missing));
    assert!(reason.contains("cannot read") && reason.contains(&missing.display().to_string()), "{reason}");

    let labels = std::fs::read_to_string(classifier_dir().join("labels.txt")).unwrap();
    let short = dir.path().join("short.txt");
    std::fs::write(&short, labels.lines().take(999).collect::<Vec<_>>().join("\n")).unwrap();
    let reason = model_file_reason(Classifier::new(classifier_model(), &short));
    assert!(reason.contains("999 lines, expected 1000"), "{reason}");

    // COCO's 80 names are not the model's 91 score columns: the columns file must be used.
    let reason = model_file_reason(ObjectDetector::new(detector_model(), &detector_dir().join("coco_labels.txt")));
    assert!(reason.contains("expected 91"), "{reason}");
    let reason = model_file_reason(ObjectDetector::new(detector_model(), Path::new("/nonexistent/columns.txt")));
    assert!(reason.contains("cannot read"), "{reason}");
}

/// Per-photo speed, for the record (`cargo test -p ml --test it tags_speed -- --ignored
/// --nocapture --test-threads=1`): the best of five runs of each model, preprocessing and
/// post-processing included, decoding not.
#[test]
#[ignore = "a measurement, not a check; run on a quiet machine"]
fn tags_speed_on_corpus_photos() {
    let photos = [
        "exif-samples/jpg/exif-org/kodak-dc240.jpg",
        "exif-samples/jpg/exif-org/fujifilm-dx10.jpg",
        "exif-samples/jpg/exif-org/sony-powershota5.jpg",
        "faces/obama/obama3.jpg",
        "immich-test-assets/metadata/gps-position/empty_gps.jpg",
    ];
    let tagger = tagger();
    let best_of = |f: &dyn Fn()| {
        (0..5)
            .map(|_| {
                let started = Instant::now();
                f();
                started.elapsed().as_secs_f64() * 1000.0
            })
            .fold(f64::INFINITY, f64::min)
    };
    for relative in photos {
        let Some(image) = photo(relative) else { return };
        let classify =
            best_of(&|| drop(tagger.classifier.classify(&image, CLASSIFIER_TOP_K, CLASSIFIER_MIN_SCORE).unwrap()));
        let detect = best_of(&|| drop(tagger.detector.detect(&image, DETECTOR_MIN_SCORE).unwrap()));
        eprintln!(
            "{relative} ({}×{}): classify {classify:.1} ms, detect {detect:.1} ms",
            image.width(),
            image.height()
        );
    }
}
