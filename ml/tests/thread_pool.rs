//! Every session runs on the runtime's one inference thread pool: loading and running more
//! models starts no threads of their own. With a pool per session, a model's threads kept
//! spinning while the next model's worked, and two models run one after the other took far
//! longer than each alone (bench/ml.sh). A test binary of its own, because it counts the
//! process's threads, which tests running beside it would change.

#![allow(clippy::unwrap_used)]

use image::RgbImage;
use ml::tags::{Classifier, ObjectDetector};
use ml::{Runtime, RuntimeOptions};
use std::path::PathBuf;

fn models_dir() -> PathBuf {
    std::env::var_os("SHOEBOX_TEST_MODELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/models"))
}

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").unwrap().count()
}

#[test]
fn models_run_on_the_runtime_thread_pool_and_start_no_threads_of_their_own() {
    let options = RuntimeOptions { intra_threads: 4, ..RuntimeOptions::default() };
    let runtime = Runtime::get_or_init(&options).unwrap();
    let before = threads();

    let models = models_dir();
    let classifier = Classifier::new(
        runtime.model("efficientnet_lite0", models.join("tagging/efficientnet_lite0/model.onnx")),
        &models.join("tagging/efficientnet_lite0/labels.txt"),
    )
    .unwrap();
    let detector = ObjectDetector::new(
        runtime.model("ssd_mobilenet_v2_coco", models.join("detection/ssd_mobilenet_v2_coco/model.onnx")),
        &models.join("detection/ssd_mobilenet_v2_coco/ssd_score_columns.txt"),
    )
    .unwrap();
    let photo = RgbImage::from_fn(400, 300, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    classifier.classify(&photo, 5, 0.0).unwrap();
    detector.detect(&photo, 0.5).unwrap();

    // A pool of 4 per session would have added 3 threads for each of the two.
    let added = threads() - before;
    assert_eq!(added, 0, "{added} threads started by loading and running two models");
}
