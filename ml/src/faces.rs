//! Faces as Immich's machine-learning service finds them with insightface's buffalo models: SCRFD
//! detects faces and their five landmarks, each face is aligned to the ArcFace template, and
//! ArcFace embeds all faces of a photo in one batch. Compare embeddings with `cosine_distance`.

mod align;
mod detect;
mod embed;

use crate::error::MlError;
use crate::model::Model;
use image::RgbImage;
use std::sync::Arc;

/// A face's box in the image's pixels. Like insightface's, it may reach a little past the image's
/// edges when the face does; it is not clipped so that it matches what Immich stores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaceBox {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
}

impl FaceBox {
    pub fn width(&self) -> f32 {
        self.x2 - self.x1
    }

    pub fn height(&self) -> f32 {
        self.y2 - self.y1
    }

    pub fn area(&self) -> f32 {
        self.width().max(0.0) * self.height().max(0.0)
    }
}

/// The canvas the detector sees. SCRFD takes any multiple of 32, so the padding insightface adds
/// to make every photo square only costs time: trimming it leaves the photo's scale and the
/// faces found as they were (scores within a hundredth, boxes within a pixel or two on the test
/// corpus) and saves about a third of the detector's work on 4:3 and 3:2 photos.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DetectorCanvas {
    /// Padding cut down to the next multiple of 32 (a model with a fixed input gets `Square`).
    #[default]
    Trimmed,
    /// Exactly insightface's (and so Immich's) input: the photo fitted into 640×640, padded at
    /// the bottom or right.
    Square,
}

/// A face the detector found, before recognition.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    pub bbox: FaceBox,
    pub score: f32,
    /// Left eye, right eye, nose tip, left and right mouth corners (as seen in the image), in
    /// the image's pixels.
    pub landmarks: [[f32; 2]; 5],
}

#[derive(Debug, Clone, PartialEq)]
pub struct DetectedFace {
    pub bbox: FaceBox,
    pub score: f32,
    pub landmarks: [[f32; 2]; 5],
    /// Unit length (512 values for the buffalo models).
    pub embedding: Vec<f32>,
}

/// The detector and recognizer of one model pack (buffalo_s, buffalo_l).
pub struct FaceAnalyzer {
    detector: detect::Detector,
    recognizer: embed::Recognizer,
}

impl FaceAnalyzer {
    pub fn new(detector: Arc<Model>, recognizer: Arc<Model>) -> FaceAnalyzer {
        FaceAnalyzer { detector: detect::Detector::new(detector), recognizer: embed::Recognizer::new(recognizer) }
    }

    pub fn with_canvas(mut self, canvas: DetectorCanvas) -> FaceAnalyzer {
        self.detector.canvas = canvas;
        self
    }

    /// Faces scoring at least `min_score`, boxes and landmarks in the image's pixels.
    pub fn analyze(&self, image: &RgbImage, min_score: f32) -> Result<Vec<DetectedFace>, MlError> {
        let detections = self.detect(image, min_score)?;
        self.embed(image, detections)
    }

    /// The first half of `analyze`: where the faces are (the recognizer is not used).
    pub fn detect(&self, image: &RgbImage, min_score: f32) -> Result<Vec<Detection>, MlError> {
        if image.width() == 0 || image.height() == 0 {
            return Err(MlError::Image("the image is empty".into()));
        }
        self.detector.detect(image, min_score)
    }

    /// The second half of `analyze`: aligns and embeds the faces `detect` found in `image`, in
    /// one batch. A face whose landmarks cannot be aligned (all in one point) is left out.
    pub fn embed(&self, image: &RgbImage, detections: Vec<Detection>) -> Result<Vec<DetectedFace>, MlError> {
        // No face, no recognizer: most photos have none, and loading it costs time and memory.
        if detections.is_empty() {
            return Ok(Vec::new());
        }
        let size = self.recognizer.crop_size()?;
        let template = align::template(size);
        let mut kept = Vec::with_capacity(detections.len());
        let mut crops = Vec::with_capacity(detections.len());
        for detection in detections {
            match align::Similarity::estimate(&detection.landmarks, &template) {
                Some(transform) => {
                    crops.push(align::warp(image, &transform, size));
                    kept.push(detection);
                }
                None => {
                    tracing::warn!(landmarks = ?detection.landmarks, "face left out: its landmarks cannot be aligned")
                }
            }
        }
        let embeddings = self.recognizer.embed(&crops)?;
        Ok(kept
            .into_iter()
            .zip(embeddings)
            .map(|(d, embedding)| DetectedFace { bbox: d.bbox, score: d.score, landmarks: d.landmarks, embedding })
            .collect())
    }
}

/// `1 − a·b`: 0 for the same direction, 1 for orthogonal, 2 for opposite. The embeddings this
/// module returns are unit length, so this is the cosine distance (and pgvector's `<=>`).
pub fn cosine_distance(a: &[f32], b: &[f32]) -> f32 {
    1.0 - a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_distance_of_unit_vectors() {
        let a = [0.6, 0.8];
        assert!(cosine_distance(&a, &a).abs() < 1e-6);
        assert!((cosine_distance(&a, &[-0.8, 0.6]) - 1.0).abs() < 1e-6);
        assert!((cosine_distance(&a, &[-0.6, -0.8]) - 2.0).abs() < 1e-6);
    }
}
