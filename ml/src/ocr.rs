//! Text in photos with PP-OCR: DB text detection, a 0°/180° direction classifier and CTC
//! recognition, the pipeline RapidOCR runs (`shared/models/provenance/ppocr_reference.py` is its
//! numpy reference). Each part takes BGR planes scaled to [−1, 1].

mod classify;
mod crop;
mod db_postprocess;
mod detect;
mod geometry;
mod pack;
mod recognize;

use crate::error::MlError;
use crate::model::Model;
use image::RgbImage;
use ndarray::{Array4, ArrayViewD};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Corners clockwise from top-left, in image pixels.
pub type Quad = [[f32; 2]; 4];

#[derive(Debug, Clone, PartialEq)]
pub struct OcrOptions {
    /// The detector sees the photo shrunk so its long side is at most this (never enlarged; each
    /// side then rounded to a multiple of 32). Detection is most of the cost and grows with the
    /// pixel count.
    ///
    /// 1152 by default: a 3:2 photo is detected at 1152 × 768 (0.9 MP), about Immich's size (short
    /// side 736), a third of the pixels RapidOCR's own setting uses (long side up to 2000, short
    /// side at least 736: 2000 × 1344) and 0.6 of a 1440 preview's. On the corpus text photos it
    /// reads 86 lines where 1280 reads 91 and 2000 about 110 (the extra ones small print); at 1024
    /// it starts to lose the large signs' words (KIRIN on the shop front).
    pub max_side: u32,
    /// A box is kept when the mean text probability inside it reaches this.
    pub min_detection_score: f32,
    /// A line is kept when the mean probability of its characters reaches this.
    pub min_recognition_score: f32,
}

impl Default for OcrOptions {
    fn default() -> Self {
        OcrOptions { max_side: 1152, min_detection_score: 0.5, min_recognition_score: 0.5 }
    }
}

/// One line of text read in an image.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub text: String,
    /// Mean probability of the characters read.
    pub score: f32,
    /// Where the line is: corners clockwise from top-left, in image pixels.
    pub corners: Quad,
}

/// Where the time of one `read` went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OcrTimings {
    /// Resize, detector and box post-processing.
    pub detection: Duration,
    /// Cutting the strips out and the direction classifier.
    pub classification: Duration,
    pub recognition: Duration,
}

pub struct TextReader {
    detector: Arc<Model>,
    classifier: Arc<Model>,
    recognizer: Arc<Model>,
    keys: Vec<String>,
}

impl TextReader {
    /// Reads the recogniser's dictionary now (a missing one is `MlError::ModelFile`); the models
    /// themselves load on first use.
    pub fn new(
        detector: Arc<Model>,
        classifier: Arc<Model>,
        recognizer: Arc<Model>,
        keys_file: &Path,
    ) -> Result<TextReader, MlError> {
        let keys = recognize::load_keys(recognizer.name(), keys_file)?;
        Ok(TextReader { detector, classifier, recognizer, keys })
    }

    /// The lines of text in `image`, in reading order.
    pub fn read(&self, image: &RgbImage, options: &OcrOptions) -> Result<Vec<TextLine>, MlError> {
        self.read_timed(image, options).map(|(lines, _)| lines)
    }

    /// `read`, with where its time went.
    pub fn read_timed(&self, image: &RgbImage, options: &OcrOptions) -> Result<(Vec<TextLine>, OcrTimings), MlError> {
        if image.width() == 0 || image.height() == 0 {
            return Err(MlError::Image("the image is empty".into()));
        }
        let started = Instant::now();
        let quads = detect::detect(&self.detector, image, options)?;
        let detected = Instant::now();
        let mut timings = OcrTimings { detection: detected - started, ..OcrTimings::default() };
        if quads.is_empty() {
            return Ok((Vec::new(), timings));
        }

        let mut strips: Vec<RgbImage> = quads.iter().map(|quad| crop::crop(image, quad)).collect();
        let turned = classify::orient(&self.classifier, &mut strips)?;
        let classified = Instant::now();
        timings.classification = classified - detected;

        let read = recognize::recognize(&self.recognizer, &self.keys, &strips)?;
        timings.recognition = classified.elapsed();

        let lines: Vec<TextLine> = read
            .into_iter()
            .zip(quads)
            .filter(|((text, score), _)| *score >= options.min_recognition_score && !text.trim().is_empty())
            .map(|((text, score), corners)| TextLine { text, score, corners })
            .collect();
        tracing::debug!(
            boxes = strips.len(),
            turned,
            lines = lines.len(),
            detection_ms = timings.detection.as_millis() as u64,
            classification_ms = timings.classification.as_millis() as u64,
            recognition_ms = timings.recognition.as_millis() as u64,
            "ocr"
        );
        Ok((lines, timings))
    }
}

/// Runs `model` on one input tensor and hands its first output to `f` while the session is held,
/// so large outputs (the recogniser's scores for every character class) are read in place.
fn infer<T>(
    model: &Model,
    input: Array4<f32>,
    f: impl FnOnce(ArrayViewD<'_, f32>) -> Result<T, MlError>,
) -> Result<T, MlError> {
    let tensor = ort::value::Tensor::from_array(input).map_err(|e| MlError::inference(model.name(), e))?;
    model.run(|session| {
        let input_name = session
            .inputs()
            .first()
            .map(|input| input.name().to_string())
            .ok_or_else(|| MlError::inference(model.name(), "the model has no input"))?;
        let outputs =
            session.run(ort::inputs![input_name => tensor]).map_err(|e| MlError::inference(model.name(), e))?;
        let output =
            outputs.values().next().ok_or_else(|| MlError::inference(model.name(), "the model has no output"))?;
        let view = output.try_extract_array::<f32>().map_err(|e| MlError::inference(model.name(), e))?;
        f(view)
    })
}
