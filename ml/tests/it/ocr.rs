//! OCR on real photos with PP-OCRv6 small: the words the reference pipeline reads must be read,
//! a blank image reads nothing, and a missing dictionary is a model-cache problem.

#![allow(clippy::unwrap_used)]

use crate::support;
use ml::image_ops::load_rgb;
use ml::ocr::{OcrOptions, TextLine, TextReader};
use ml::MlError;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;

fn reader() -> &'static TextReader {
    static READER: OnceLock<TextReader> = OnceLock::new();
    READER.get_or_init(|| {
        let runtime = support::runtime();
        let dir = support::models_dir().join("ocr/PP-OCRv6_small");
        TextReader::new(
            runtime.model("ocr-detection", dir.join("detection/model.onnx")),
            runtime.model("ocr-classification", dir.join("classification/model.onnx")),
            runtime.model("ocr-recognition", dir.join("recognition/model.onnx")),
            &dir.join("recognition/keys.txt"),
        )
        .unwrap()
    })
}

/// Reads a corpus photo, printing every line and where the time went, and checks each box lies in
/// the photo with its corners clockwise from top-left.
fn read_photo(name: &str) -> Vec<TextLine> {
    let path = support::corpus_dir().join("immich-test-assets/albums/text").join(name);
    let image = load_rgb(&path).unwrap();
    let options = OcrOptions::default();
    // The process's first read includes loading the models: `ocr_bench` times warm reads.
    let started = Instant::now();
    let (lines, timings) = reader().read_timed(&image, &options).unwrap();
    eprintln!(
        "{name} ({}×{}): {} lines in {} ms (detection {} ms, classification {} ms, recognition {} ms)",
        image.width(),
        image.height(),
        lines.len(),
        started.elapsed().as_millis(),
        timings.detection.as_millis(),
        timings.classification.as_millis(),
        timings.recognition.as_millis()
    );
    for line in &lines {
        eprintln!("  {:.2} {:?} at {:?}", line.score, line.text, line.corners);
    }
    let (width, height) = (image.width() as f32, image.height() as f32);
    for line in &lines {
        let [tl, tr, br, bl] = line.corners;
        assert!(line.corners.iter().all(|p| (0.0..width).contains(&p[0]) && (0.0..height).contains(&p[1])), "{line:?}");
        assert!(tl[0] < tr[0] && bl[0] < br[0] && tl[1] < bl[1] && tr[1] < br[1], "{line:?}");
        assert!(line.score >= options.min_recognition_score, "{line:?}");
    }
    lines
}

#[test]
fn ocr_reads_kirin_on_the_japanese_shop_front() {
    let lines = read_photo("japanese-shop.jpg");
    assert!(lines.iter().any(|l| l.text.contains("KIRIN")), "{lines:#?}");
    // The shop front is covered in Japanese as well: キリン (Kirin) in katakana.
    assert!(lines.iter().any(|l| l.text.contains("キリン")), "{lines:#?}");
}

#[test]
fn ocr_reads_hop_on_the_craft_beer_board() {
    let lines = read_photo("craft-beer.jpg");
    assert!(lines.iter().any(|l| l.text.contains("HOP")), "{lines:#?}");
    assert!(lines.len() >= 10, "the board lists a dozen beers: {lines:#?}");
}

#[test]
fn ocr_finds_no_text_in_a_plain_image() {
    let plain = image::RgbImage::from_fn(640, 480, |x, y| image::Rgb([(x / 3) as u8, 120, (y / 2) as u8]));
    let lines = reader().read(&plain, &OcrOptions::default()).unwrap();
    assert!(lines.is_empty(), "{lines:#?}");
}

#[test]
fn ocr_without_its_dictionary_is_a_model_file_error() {
    let runtime = support::runtime();
    let dir = support::models_dir().join("ocr/PP-OCRv6_small");
    let model = |part: &str| runtime.model(format!("ocr-{part}"), dir.join(part).join("model.onnx"));
    let result = TextReader::new(
        model("detection"),
        model("classification"),
        model("recognition"),
        Path::new("/nonexistent/ocr/keys.txt"),
    );
    let Err(err) = result else { panic!("a reader without its dictionary") };
    assert!(matches!(err, MlError::ModelFile { ref model, .. } if model == "ocr-recognition"), "{err:?}");
    assert!(err.is_setup_problem());
}

/// Per-photo timings for the record: `cargo test -p ml --test it ocr_bench -- --ignored --nocapture`
/// reads each text photo (decode included) `OCR_REPEATS` times (3) at `OCR_MAX_SIDE` (the default)
/// under `SHOEBOX_TEST_CORPUS`, printing wall time per stage and the process's CPU time (which a
/// busy machine moves less); `OCR_LINES=1` prints the lines of the last read too.
#[test]
#[ignore = "a benchmark, run by hand"]
fn ocr_bench() {
    let options = OcrOptions {
        max_side: std::env::var("OCR_MAX_SIDE")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(OcrOptions::default().max_side),
        ..OcrOptions::default()
    };
    let repeats: usize = std::env::var("OCR_REPEATS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    for name in ["japanese-shop.jpg", "craft-beer.jpg", "handwritten-notes.jpg", "book-beside-flowers.jpg"] {
        let path = support::corpus_dir().join("immich-test-assets/albums/text").join(name);
        for repeat in 0..repeats {
            let (wall, cpu) = (Instant::now(), cpu_seconds());
            let image = load_rgb(&path).unwrap();
            let load = (wall.elapsed().as_secs_f64(), cpu_seconds() - cpu);
            let (read_wall, read_cpu) = (Instant::now(), cpu_seconds());
            let (lines, t) = reader().read_timed(&image, &options).unwrap();
            eprintln!(
                "{name} #{repeat} max_side {}: load {:.2}s ({:.2} cpu), read {:.2}s ({:.2} cpu): det {:.2} cls {:.2} rec {:.2}; {} lines",
                options.max_side,
                load.0,
                load.1,
                read_wall.elapsed().as_secs_f64(),
                cpu_seconds() - read_cpu,
                t.detection.as_secs_f64(),
                t.classification.as_secs_f64(),
                t.recognition.as_secs_f64(),
                lines.len()
            );
            if repeat + 1 == repeats && std::env::var_os("OCR_LINES").is_some() {
                for line in &lines {
                    eprintln!("  {:.2} {}", line.score, line.text);
                }
            }
        }
    }
}

/// This process's user + system CPU time (Linux), to compare runs on a shared machine.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime: fields 14 and 15 of the line, counted from the state (field 3) after the name.
    (ticks(11) + ticks(12)) / 100.0
}
