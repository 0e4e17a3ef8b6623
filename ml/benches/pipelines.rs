//! The Rust side of the per-photo ML benchmark: faces (SCRFD + ArcFace), tags (classifier +
//! object detector) and OCR (PP-OCR) with the `ml` crate on preview JPEGs, timed per photo and
//! printed as the JSON that `bench/ml_baseline.py` prints for the Python pipelines, so that
//! `bench/ml.sh` can put the two side by side (run that script rather than this directly).
//!
//! usage: cargo bench -p ml --bench pipelines -- [--reps 3] [--threads 2] [--tasks faces,tags,ocr] IMAGES_DIR
//!   IMAGES_DIR holds faces/, tags/ and ocr/ with the photos of each task. Every repetition reads
//!   and decodes the file again, as a job decodes the preview each time. One untimed warm-up pass
//!   over a task's photos, then the timed passes; per photo the median of its passes, in wall
//!   clock and in CPU time of the calling thread (with `--threads 1` ONNX Runtime runs on that
//!   thread alone, so the CPU time is the whole work, and hardly moves when other processes load
//!   the machine). Models: `SHOEBOX_TEST_MODELS`, else ../shared/models beside the repository;
//!   ONNX Runtime from `ORT_DYLIB_PATH`, on CPU.

use ml::faces::FaceAnalyzer;
use ml::image_ops::{load_rgb, load_rgb_shrunk};
use ml::ocr::{OcrOptions, TextReader};
use ml::tags::{
    Classifier, ObjectDetector, CLASSIFIER_MIN_SCORE, CLASSIFIER_TOP_K, DETECTOR_MIN_SCORE, SOURCE_MIN_SHORT_SIDE,
};
use ml::{MlError, Runtime, RuntimeOptions};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

type BoxError = Box<dyn std::error::Error>;

/// Threads one inference may use unless `--threads` says otherwise (the Python side takes the
/// same option).
const THREADS: usize = 2;
/// Immich's default minimum face detection score.
const FACE_MIN_SCORE: f32 = 0.7;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("pipelines: {err}");
            ExitCode::FAILURE
        }
    }
}

struct Args {
    reps: usize,
    threads: usize,
    tasks: Vec<String>,
    images: PathBuf,
}

fn parse_args() -> Result<Args, BoxError> {
    let mut args = Args {
        reps: 3,
        threads: THREADS,
        tasks: vec!["faces".into(), "tags".into(), "ocr".into()],
        images: PathBuf::new(),
    };
    let mut rest = std::env::args().skip(1);
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--reps" => args.reps = rest.next().ok_or("--reps needs a number")?.parse()?,
            "--threads" => args.threads = rest.next().ok_or("--threads needs a number")?.parse()?,
            "--tasks" => args.tasks = rest.next().ok_or("--tasks needs a list")?.split(',').map(String::from).collect(),
            // `cargo bench` adds this to every bench target's arguments.
            "--bench" => {}
            other if other.starts_with("--") => return Err(format!("unknown option {other}").into()),
            other => args.images = PathBuf::from(other),
        }
    }
    if args.reps == 0 || args.threads == 0 {
        return Err("--reps and --threads must be at least 1".into());
    }
    Ok(args)
}

fn run() -> Result<(), BoxError> {
    let args = parse_args()?;
    // A plain `cargo bench` runs every bench target without arguments: nothing to time here.
    if args.images.as_os_str().is_empty() {
        eprintln!(
            "usage: pipelines [--reps N] [--threads N] [--tasks faces,tags,tags-together,ocr] IMAGES_DIR (bench/ml.sh runs it)"
        );
        return Ok(());
    }
    let models = std::env::var_os("SHOEBOX_TEST_MODELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/models"));
    // Nothing may be unloaded between passes: an hour outlasts any run.
    let options = RuntimeOptions {
        intra_threads: args.threads,
        model_ttl: Duration::from_secs(3600),
        ..RuntimeOptions::default()
    };
    let runtime = Runtime::get_or_init(&options)?;

    let mut tasks = serde_json::Map::new();
    for task in &args.tasks {
        let photos = photos(&args.images, task)?;
        if photos.is_empty() {
            continue;
        }
        eprintln!("rust: {task} on {} photos", photos.len());
        let pipeline: Box<dyn Pipeline> = match task.as_str() {
            "faces" => Box::new(Faces::new(&runtime, &models)),
            "tags" => Box::new(Tags::new(&runtime, &models, false)?),
            "tags-together" => Box::new(Tags::new(&runtime, &models, true)?),
            "ocr" => Box::new(Ocr::new(&runtime, &models)?),
            other => return Err(format!("unknown task {other}").into()),
        };
        tasks.insert(task.clone(), bench_task(pipeline.as_ref(), &photos, args.reps, &args.images)?);
    }
    let library = ml::runtime::library_path(None);
    let result = json!({
        "side": "rust",
        "reps": args.reps,
        "threads": args.threads,
        "onnxruntime": library.display().to_string(),
        "tasks": tasks,
    });
    println!("{}", serde_json::to_string_pretty(&result)?);
    Ok(())
}

/// A task's photos, by name (`tags-together` tags the photos of `tags`).
fn photos(images: &Path, task: &str) -> Result<Vec<PathBuf>, BoxError> {
    let folder = images.join(task.strip_suffix("-together").unwrap_or(task));
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let mut photos: Vec<PathBuf> = std::fs::read_dir(&folder)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| !n.starts_with('.')))
        .collect();
    photos.sort();
    Ok(photos)
}

/// Time per stage of one photo's run, in the order the stages ran.
struct Clock {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Clock {
    fn new() -> Clock {
        Clock { last: Instant::now(), stages: Vec::new() }
    }

    /// The time since the last lap goes to `stage`.
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }

    /// A stage timed by the pipeline itself; the clock restarts.
    fn record(&mut self, stage: &'static str, took: Duration) {
        self.stages.push((stage, took));
        self.last = Instant::now();
    }

    fn ms(&self, stage: &str) -> f64 {
        self.stages.iter().filter(|(s, _)| *s == stage).map(|(_, d)| d.as_secs_f64() * 1000.0).sum()
    }
}

trait Pipeline {
    fn stages(&self) -> &'static [&'static str];
    /// One photo from its file: what was found, for the two sides to be compared.
    fn run(&self, path: &Path, clock: &mut Clock) -> Result<Vec<Value>, MlError>;
}

struct Faces {
    analyzer: FaceAnalyzer,
}

impl Faces {
    fn new(runtime: &Arc<Runtime>, models: &Path) -> Faces {
        let pack = models.join("facial-recognition/buffalo_s");
        let detector = runtime.model("buffalo_s/detection", pack.join("detection/model.onnx"));
        let recognizer = runtime.model("buffalo_s/recognition", pack.join("recognition/model.onnx"));
        Faces { analyzer: FaceAnalyzer::new(detector, recognizer) }
    }
}

impl Pipeline for Faces {
    fn stages(&self) -> &'static [&'static str] {
        &["decode", "detect", "embed"]
    }

    // `FaceAnalyzer::analyze` is exactly `detect` then `embed`; called apart to time each.
    fn run(&self, path: &Path, clock: &mut Clock) -> Result<Vec<Value>, MlError> {
        let image = load_rgb(path)?;
        clock.lap("decode");
        let detections = self.analyzer.detect(&image, FACE_MIN_SCORE)?;
        clock.lap("detect");
        let faces = self.analyzer.embed(&image, detections)?;
        clock.lap("embed");
        let round = |v: f32, places: i32| (f64::from(v) * 10f64.powi(places)).round() / 10f64.powi(places);
        Ok(faces
            .iter()
            .map(|f| {
                let b = f.bbox;
                json!([round(b.x1, 1), round(b.y1, 1), round(b.x2, 1), round(b.y2, 1), round(f.score, 3)])
            })
            .collect())
    }
}

struct Tags {
    classifier: Classifier,
    detector: ObjectDetector,
    /// Both models at once on two threads, as Immich's service runs a request's independent
    /// models (the tagging job runs them one after the other: on one shared thread pool that is
    /// faster).
    together: bool,
}

impl Tags {
    fn new(runtime: &Arc<Runtime>, models: &Path, together: bool) -> Result<Tags, MlError> {
        let classifier_dir = models.join("tagging/efficientnet_lite0");
        let detector_dir = models.join("detection/ssd_mobilenet_v2_coco");
        Ok(Tags {
            classifier: Classifier::new(
                runtime.model("efficientnet_lite0", classifier_dir.join("model.onnx")),
                &classifier_dir.join("labels.txt"),
            )?,
            detector: ObjectDetector::new(
                runtime.model("ssd_mobilenet_v2_coco", detector_dir.join("model.onnx")),
                &detector_dir.join("ssd_score_columns.txt"),
            )?,
            together,
        })
    }
}

impl Pipeline for Tags {
    fn stages(&self) -> &'static [&'static str] {
        if self.together {
            &["decode", "classify+detect"]
        } else {
            &["decode", "classify", "detect"]
        }
    }

    fn run(&self, path: &Path, clock: &mut Clock) -> Result<Vec<Value>, MlError> {
        let image = load_rgb_shrunk(path, SOURCE_MIN_SHORT_SIDE)?;
        clock.lap("decode");
        let (labels, objects) = if self.together {
            let (labels, objects) = std::thread::scope(|scope| {
                let objects = scope.spawn(|| self.detector.detect(&image, DETECTOR_MIN_SCORE));
                let labels = self.classifier.classify(&image, CLASSIFIER_TOP_K, CLASSIFIER_MIN_SCORE);
                (labels, objects.join().unwrap_or_else(|_| Err(MlError::Runtime("the detector panicked".into()))))
            });
            clock.lap("classify+detect");
            (labels?, objects?)
        } else {
            let labels = self.classifier.classify(&image, CLASSIFIER_TOP_K, CLASSIFIER_MIN_SCORE)?;
            clock.lap("classify");
            let objects = self.detector.detect(&image, DETECTOR_MIN_SCORE)?;
            clock.lap("detect");
            (labels, objects)
        };
        Ok(labels.into_iter().map(|l| json!(l.name)).chain(objects.into_iter().map(|o| json!(o.name))).collect())
    }
}

struct Ocr {
    reader: TextReader,
    options: OcrOptions,
}

impl Ocr {
    fn new(runtime: &Arc<Runtime>, models: &Path) -> Result<Ocr, MlError> {
        let dir = models.join("ocr/PP-OCRv6_small");
        let reader = TextReader::new(
            runtime.model("ocr/detection", dir.join("detection/model.onnx")),
            runtime.model("ocr/classification", dir.join("classification/model.onnx")),
            runtime.model("ocr/recognition", dir.join("recognition/model.onnx")),
            &dir.join("recognition/keys.txt"),
        )?;
        Ok(Ocr { reader, options: OcrOptions::default() })
    }
}

impl Pipeline for Ocr {
    fn stages(&self) -> &'static [&'static str] {
        &["decode", "detection", "classification", "recognition"]
    }

    fn run(&self, path: &Path, clock: &mut Clock) -> Result<Vec<Value>, MlError> {
        let image = load_rgb(path)?;
        clock.lap("decode");
        let (lines, timings) = self.reader.read_timed(&image, &self.options)?;
        clock.record("detection", timings.detection);
        clock.record("classification", timings.classification);
        clock.record("recognition", timings.recognition);
        Ok(lines.into_iter().map(|l| json!(l.text)).collect())
    }
}

/// One run of a photo: total milliseconds (wall clock and this thread's CPU), the clock's
/// stages, what was found.
struct Run {
    total_ms: f64,
    cpu_ms: f64,
    clock: Clock,
    found: Vec<Value>,
}

fn once(pipeline: &dyn Pipeline, path: &Path) -> Result<Run, BoxError> {
    let cpu = thread_cpu();
    let started = Instant::now();
    let mut clock = Clock::new();
    let found = pipeline.run(path, &mut clock).map_err(|e| format!("{}: {e}", path.display()))?;
    let total_ms = started.elapsed().as_secs_f64() * 1000.0;
    let cpu_ms = thread_cpu().zip(cpu).map_or(0.0, |(after, before)| (after - before).as_secs_f64() * 1000.0);
    Ok(Run { total_ms, cpu_ms, clock, found })
}

/// The CPU time this thread has had: the first field of /proc/thread-self/schedstat, in
/// nanoseconds (Linux; `None` elsewhere). Python's `time.thread_time()` is the same clock.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}

fn bench_task(pipeline: &dyn Pipeline, photos: &[PathBuf], reps: usize, images: &Path) -> Result<Value, BoxError> {
    // Warm-up: the first runs load the models and let ONNX Runtime allocate.
    for path in photos {
        once(pipeline, path)?;
    }
    // Pass after pass over all photos, as a queue of jobs meets them.
    let mut runs: Vec<Vec<Run>> = photos.iter().map(|_| Vec::with_capacity(reps)).collect();
    for _ in 0..reps {
        for (path, runs) in photos.iter().zip(&mut runs) {
            runs.push(once(pipeline, path)?);
        }
    }
    let mut entries = Vec::with_capacity(photos.len());
    let mut medians = Vec::with_capacity(photos.len());
    let mut cpu_medians = Vec::with_capacity(photos.len());
    let mut stage_sums = vec![0.0; pipeline.stages().len()];
    for (path, runs) in photos.iter().zip(&runs) {
        let (width, height) = image::image_dimensions(path)?;
        let median_ms = median(runs.iter().map(|r| r.total_ms).collect());
        let cpu_ms = median(runs.iter().map(|r| r.cpu_ms).collect());
        let mut stages = serde_json::Map::new();
        for (stage, sum) in pipeline.stages().iter().zip(&mut stage_sums) {
            let ms = median(runs.iter().map(|r| r.clock.ms(stage)).collect());
            *sum += ms;
            stages.insert((*stage).to_string(), json!(ms));
        }
        let found = runs.last().map(|r| r.found.clone()).unwrap_or_default();
        let name = path.strip_prefix(images).unwrap_or(path).display().to_string();
        eprintln!("  rust {name}: {median_ms:.1} ms, found {}", found.len());
        medians.push(median_ms);
        cpu_medians.push(cpu_ms);
        entries.push(json!({
            "image": name,
            "width": width,
            "height": height,
            "median_ms": median_ms,
            "runs_ms": runs.iter().map(|r| (r.total_ms * 100.0).round() / 100.0).collect::<Vec<_>>(),
            "cpu_ms": cpu_ms,
            "stages_ms": stages,
            "found": found.len(),
            "what": found,
        }));
    }
    let count = photos.len() as f64;
    let stages: serde_json::Map<String, Value> =
        pipeline.stages().iter().zip(stage_sums).map(|(s, sum)| ((*s).to_string(), json!(sum / count))).collect();
    Ok(json!({
        "photos": photos.len(),
        "median_ms": median(medians.clone()),
        "mean_ms": medians.iter().sum::<f64>() / count,
        "cpu_median_ms": median(cpu_medians.clone()),
        "cpu_mean_ms": cpu_medians.iter().sum::<f64>() / count,
        "stages_ms": stages,
        "images": entries,
    }))
}

fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}
