//! The COCO object detector (SSD MobileNet V2, anchors decoded inside the model): the photo
//! stretched to 300×300, every anchor's class scores thresholded, and the boxes left after
//! per-class non-maximum suppression returned in the photo's pixels.

use super::{class_name, read_lines};
use crate::error::MlError;
use crate::image_ops::{self, Channels, Filter};
use crate::model::Model;
use image::RgbImage;
use ort::value::Tensor;
use std::path::Path;
use std::sync::Arc;

/// Score columns: background, then COCO's 90 category ids (10 of them unused, "n/a").
const COLUMNS: usize = 91;
const SIDE: u32 = 300;
/// Boxes of one class overlapping more than this are one object (the reference pipeline's value).
const NMS_IOU: f32 = 0.6;
/// A photo of a crowd would otherwise give hundreds of "person" boxes; tags need only a few.
const MAX_OBJECTS: usize = 20;

/// One object found: its COCO class name, score, and box `[x1, y1, x2, y2]` in image pixels.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DetectedObject {
    pub name: String,
    pub score: f32,
    pub bbox: [f32; 4],
}

pub struct ObjectDetector {
    model: Arc<Model>,
    /// Column → class name; `None` for the background column and the unused ids.
    columns: Vec<Option<String>>,
}

impl ObjectDetector {
    /// `score_columns_file` names the model's score columns, one per line: line k is column k
    /// (ssd_score_columns.txt beside the model: "background", the COCO names, "n/a" for gaps).
    pub fn new(model: Arc<Model>, score_columns_file: &Path) -> Result<Self, MlError> {
        let lines = read_lines(model.name(), score_columns_file, COLUMNS, "score columns")?;
        let columns = lines
            .iter()
            .enumerate()
            .map(|(i, line)| match (i, line.as_str()) {
                (0, _) | (_, "n/a") => Ok(None),
                _ => class_name(model.name(), score_columns_file, "score columns", i, line).map(Some),
            })
            .collect::<Result<Vec<_>, MlError>>()?;
        Ok(ObjectDetector { model, columns })
    }

    /// The objects scoring at least `min_score`, best first, at most 20.
    pub fn detect(&self, image: &RgbImage, min_score: f32) -> Result<Vec<DetectedObject>, MlError> {
        let (width, height) = image.dimensions();
        if width == 0 || height == 0 {
            return Err(MlError::Image("the image is empty".into()));
        }
        let resized = image_ops::resize(image, SIDE, SIDE, Filter::Bilinear)?;
        let input = image_ops::to_nchw(&[&resized], Channels::Rgb, 1.0, [128.0; 3], [128.0; 3]);
        let name = self.model.name();
        let candidates = self.model.run(|session| {
            let tensor = Tensor::from_array(input).map_err(|e| MlError::inference(name, e))?;
            let outputs = session.run(ort::inputs!["input" => tensor]).map_err(|e| MlError::inference(name, e))?;
            let boxes = outputs["boxes"].try_extract_array::<f32>().map_err(|e| MlError::inference(name, e))?;
            let scores = outputs["scores"].try_extract_array::<f32>().map_err(|e| MlError::inference(name, e))?;
            let anchors = boxes.shape().get(1).copied().unwrap_or(0);
            if boxes.shape() != [1, anchors, 4] || scores.shape() != [1, anchors, self.columns.len()] {
                return Err(MlError::inference(
                    name,
                    format!("unexpected output shapes: boxes {:?}, scores {:?}", boxes.shape(), scores.shape()),
                ));
            }
            let (Some(boxes), Some(scores)) = (boxes.as_slice(), scores.as_slice()) else {
                return Err(MlError::inference(name, "the outputs are not contiguous"));
            };
            Ok(candidates(boxes, scores, &self.columns, min_score))
        })?;
        let kept = non_max_suppression(candidates, NMS_IOU, MAX_OBJECTS);
        Ok(kept
            .into_iter()
            .filter_map(|c| {
                let name = self.columns.get(c.column)?.clone()?;
                Some(DetectedObject { name, score: c.score, bbox: to_pixels(c.bbox, width, height) })
            })
            .collect())
    }
}

/// An anchor's box for one class, before suppression.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Candidate {
    column: usize,
    score: f32,
    /// `[ymin, xmin, ymax, xmax]`, normalised to 0–1, as the model gives it.
    bbox: [f32; 4],
}

/// Every (anchor, named class) pair scoring at least `min_score`. `boxes` is `[anchors × 4]`,
/// `scores` `[anchors × columns]`, both row-major.
fn candidates(boxes: &[f32], scores: &[f32], columns: &[Option<String>], min_score: f32) -> Vec<Candidate> {
    let mut found = Vec::new();
    for (bbox, row) in boxes.chunks_exact(4).zip(scores.chunks_exact(columns.len().max(1))) {
        for (column, (&score, name)) in row.iter().zip(columns).enumerate() {
            if name.is_some() && score >= min_score {
                found.push(Candidate { column, score, bbox: [bbox[0], bbox[1], bbox[2], bbox[3]] });
            }
        }
    }
    found
}

/// Greedy non-maximum suppression within each class: best first, a box is dropped when it
/// overlaps a kept box of its class by more than `iou`. Taking them in one score order across
/// classes means the first `max` kept are the best `max` of the per-class results, so it stops
/// there (a low threshold cannot make it quadratic in the 1917 × 90 pairs).
fn non_max_suppression(mut candidates: Vec<Candidate>, iou: f32, max: usize) -> Vec<Candidate> {
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut kept: Vec<Candidate> = Vec::with_capacity(max.min(candidates.len()));
    for candidate in candidates {
        if kept.len() >= max {
            break;
        }
        if kept.iter().all(|k| k.column != candidate.column || overlap(&k.bbox, &candidate.bbox) <= iou) {
            kept.push(candidate);
        }
    }
    kept
}

/// Intersection over union of two `[ymin, xmin, ymax, xmax]` boxes; 0 for empty boxes.
fn overlap(a: &[f32; 4], b: &[f32; 4]) -> f32 {
    let area = |r: &[f32; 4]| (r[2] - r[0]).max(0.0) * (r[3] - r[1]).max(0.0);
    let height = (a[2].min(b[2]) - a[0].max(b[0])).max(0.0);
    let width = (a[3].min(b[3]) - a[1].max(b[1])).max(0.0);
    let intersection = height * width;
    let union = area(a) + area(b) - intersection;
    if union > 0.0 {
        intersection / union
    } else {
        0.0
    }
}

/// A normalised `[ymin, xmin, ymax, xmax]` box as `[x1, y1, x2, y2]` in pixels of a `width` ×
/// `height` image, clamped to it (anchors near the edge often reach a little outside).
fn to_pixels(bbox: [f32; 4], width: u32, height: u32) -> [f32; 4] {
    let (w, h) = (width as f32, height as f32);
    let x = |v: f32| (v * w).clamp(0.0, w);
    let y = |v: f32| (v * h).clamp(0.0, h);
    [x(bbox[1].min(bbox[3])), y(bbox[0].min(bbox[2])), x(bbox[1].max(bbox[3])), y(bbox[0].max(bbox[2]))]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(column: usize, score: f32, bbox: [f32; 4]) -> Candidate {
        Candidate { column, score, bbox }
    }

    #[test]
    fn overlap_is_intersection_over_union() {
        let a = [0.0, 0.0, 1.0, 1.0];
        assert_eq!(overlap(&a, &a), 1.0);
        assert_eq!(overlap(&a, &[0.0, 0.5, 1.0, 1.5]), 1.0 / 3.0);
        assert_eq!(overlap(&a, &[2.0, 2.0, 3.0, 3.0]), 0.0);
        assert_eq!(overlap(&[0.5, 0.5, 0.5, 0.5], &[0.5, 0.5, 0.5, 0.5]), 0.0);
    }

    #[test]
    fn suppression_drops_overlapping_boxes_of_one_class_only() {
        let person = [0.1, 0.1, 0.9, 0.5];
        let nearly_the_same = [0.12, 0.1, 0.9, 0.52];
        let beside = [0.1, 0.5, 0.9, 0.9];
        let kept = non_max_suppression(
            vec![
                candidate(1, 0.7, nearly_the_same),
                candidate(1, 0.9, person),
                candidate(1, 0.8, beside),
                // Another class at the same place is another object (a tie on a person).
                candidate(32, 0.6, nearly_the_same),
            ],
            0.6,
            20,
        );
        assert_eq!(
            kept,
            vec![candidate(1, 0.9, person), candidate(1, 0.8, beside), candidate(32, 0.6, nearly_the_same)]
        );
    }

    #[test]
    fn suppression_keeps_boxes_overlapping_up_to_the_threshold() {
        // IoU exactly 1/3: kept at 0.6, dropped at 0.3.
        let a = [0.0, 0.0, 1.0, 1.0];
        let b = [0.0, 0.5, 1.0, 1.5];
        assert_eq!(non_max_suppression(vec![candidate(1, 0.9, a), candidate(1, 0.8, b)], 0.6, 20).len(), 2);
        assert_eq!(non_max_suppression(vec![candidate(1, 0.9, a), candidate(1, 0.8, b)], 0.3, 20).len(), 1);
    }

    #[test]
    fn suppression_returns_at_most_the_best_max() {
        let many: Vec<Candidate> = (0..50)
            .map(|i| {
                let x = i as f32 * 0.02;
                candidate(1, i as f32 / 100.0, [0.0, x, 0.01, x + 0.01])
            })
            .collect();
        let kept = non_max_suppression(many, 0.6, 20);
        assert_eq!(kept.len(), 20);
        assert_eq!(kept[0].score, 0.49);
        assert_eq!(kept[19].score, 0.30);
    }

    #[test]
    fn candidates_skip_background_and_unused_columns_and_low_scores() {
        let columns = vec![None, Some("person".to_string()), None, Some("cup".to_string())];
        let boxes = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
        let scores = [0.99, 0.5, 0.9, 0.3, 0.9, 0.39, 0.9, 0.4];
        let found = candidates(&boxes, &scores, &columns, 0.4);
        assert_eq!(found, vec![candidate(1, 0.5, [0.1, 0.2, 0.3, 0.4]), candidate(3, 0.4, [0.5, 0.6, 0.7, 0.8])]);
    }

    #[test]
    fn boxes_become_x1_y1_x2_y2_in_image_pixels() {
        assert_eq!(to_pixels([0.25, 0.1, 0.75, 0.5], 1000, 400), [100.0, 100.0, 500.0, 300.0]);
        // Clamped to the image, and corners put in order.
        assert_eq!(to_pixels([-0.1, 0.9, 1.2, 0.5], 200, 100), [100.0, 0.0, 180.0, 100.0]);
    }
}
