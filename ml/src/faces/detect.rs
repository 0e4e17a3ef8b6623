//! SCRFD face detection as insightface's `RetinaFace`/`SCRFD` class runs it for Immich: letterbox
//! into 640×640 (or only as much of it as the photo needs), decode the anchor-free heads of each
//! stride into boxes and five landmarks, and keep the best of overlapping boxes.

use super::{Detection, DetectorCanvas, FaceBox};
use crate::error::MlError;
use crate::image_ops::{self, Filter};
use crate::model::Model;
use image::RgbImage;
use ndarray::Array4;
use ort::value::Tensor;
use std::sync::{Arc, OnceLock};

/// The input insightface gives SCRFD when the model does not fix one (Immich's setting).
const DEFAULT_INPUT: u32 = 640;
/// Overlap above which the lower-scoring of two boxes is dropped (insightface's `nms_thresh`).
const NMS_IOU: f32 = 0.4;
const MEAN: f32 = 127.5;
const STD: f32 = 128.0;

pub(crate) struct Detector {
    model: Arc<Model>,
    /// Read from the first session, so later calls letterbox without holding a session.
    input: OnceLock<Input>,
    pub canvas: DetectorCanvas,
}

#[derive(Debug, Clone)]
struct Input {
    name: String,
    width: u32,
    height: u32,
    /// Whether the model fixes its height and width (then the canvas cannot be trimmed).
    fixed: bool,
}

impl Detector {
    pub fn new(model: Arc<Model>) -> Detector {
        Detector { model, input: OnceLock::new(), canvas: DetectorCanvas::default() }
    }

    pub fn detect(&self, image: &RgbImage, min_score: f32) -> Result<Vec<Detection>, MlError> {
        let input = self.input()?;
        let trim = self.canvas == DetectorCanvas::Trimmed && !input.fixed;
        let Letterboxed { tensor, scale, width, height } = letterbox(image, input.width, input.height, trim)?;
        let model = self.model.name();
        let mut found = self.model.run(|session| {
            let tensor = Tensor::from_array(tensor).map_err(|e| MlError::inference(model, e))?;
            let outputs =
                session.run(ort::inputs![input.name.as_str() => tensor]).map_err(|e| MlError::inference(model, e))?;
            let mut heads = Vec::with_capacity(outputs.len());
            for i in 0..outputs.len() {
                let (shape, data) = outputs[i].try_extract_tensor::<f32>().map_err(|e| MlError::inference(model, e))?;
                heads.push(Head { columns: shape.last().copied().unwrap_or(0).max(0) as usize, data });
            }
            decode(&heads, width, height, min_score).map_err(|reason| self.unusable(reason))
        })?;
        // Back to the image's pixels before NMS, as insightface does (its overlap counts the
        // +1 pixel, so the scale matters at the margin).
        let back = 1.0 / scale;
        for detection in &mut found {
            let b = &mut detection.bbox;
            (b.x1, b.y1, b.x2, b.y2) = (b.x1 * back, b.y1 * back, b.x2 * back, b.y2 * back);
            for point in &mut detection.landmarks {
                *point = [point[0] * back, point[1] * back];
            }
        }
        Ok(nms(found, NMS_IOU))
    }

    fn input(&self) -> Result<Input, MlError> {
        if let Some(input) = self.input.get() {
            return Ok(input.clone());
        }
        let input = self.model.run(|session| {
            let outlet = session.inputs().first().ok_or_else(|| self.unusable("the model has no input".into()))?;
            let dims = outlet.dtype().tensor_shape().map(|s| s.to_vec()).unwrap_or_default();
            let fixed = |i: usize| dims.get(i).copied().filter(|&d| d > 0).map(|d| d as u32);
            let (width, height) = (fixed(3).unwrap_or(DEFAULT_INPUT), fixed(2).unwrap_or(DEFAULT_INPUT));
            if width % 32 != 0 || height % 32 != 0 {
                return Err(self.unusable(format!("input {width}×{height} is not a multiple of 32")));
            }
            let fixed = fixed(2).is_some() || fixed(3).is_some();
            Ok(Input { name: outlet.name().to_string(), width, height, fixed })
        })?;
        Ok(self.input.get_or_init(|| input).clone())
    }

    fn unusable(&self, reason: String) -> MlError {
        MlError::ModelInvalid {
            model: self.model.name().to_string(),
            path: self.model.path().to_path_buf(),
            reason: format!("not an SCRFD face detector: {reason}"),
        }
    }
}

/// The detector's input: the image at the top left of a black canvas, `[1,3,H,W]` RGB
/// `(x − 127.5) / 128`.
struct Letterboxed {
    tensor: Array4<f32>,
    /// Canvas pixels per image pixel.
    scale: f32,
    width: u32,
    height: u32,
}

/// The image scaled to fit `width`×`height` keeping its aspect ratio, on a canvas of that size, or
/// with `trim` one cut down to the next multiples of 32 around the image. Sizes are truncated as
/// insightface truncates them, so that boxes map back the same way.
fn letterbox(image: &RgbImage, width: u32, height: u32, trim: bool) -> Result<Letterboxed, MlError> {
    let image_ratio = f64::from(image.height()) / f64::from(image.width());
    let (new_width, new_height) = if image_ratio > f64::from(height) / f64::from(width) {
        ((f64::from(height) / image_ratio) as u32, height)
    } else {
        (width, (f64::from(width) * image_ratio) as u32)
    };
    let (new_width, new_height) = (new_width.clamp(1, width), new_height.clamp(1, height));
    let scale = new_height as f32 / image.height() as f32;
    let resized = image_ops::resize(image, new_width, new_height, Filter::Bilinear)?;
    let (width, height) =
        if trim { (new_width.div_ceil(32) * 32, new_height.div_ceil(32) * 32) } else { (width, height) };

    let (w, h) = (width as usize, height as usize);
    let mut tensor = Array4::from_elem((1, 3, h, w), (0.0 - MEAN) / STD);
    let data =
        tensor.as_slice_mut().ok_or_else(|| MlError::Image("the detector's input tensor is not contiguous".into()))?;
    let (red, rest) = data.split_at_mut(w * h);
    let (green, blue) = rest.split_at_mut(w * h);
    let row_len = new_width as usize;
    for (y, row) in resized.as_raw().chunks_exact(row_len * 3).enumerate() {
        let start = y * w;
        let planes = red[start..start + row_len]
            .iter_mut()
            .zip(&mut green[start..start + row_len])
            .zip(&mut blue[start..start + row_len]);
        for (((r, g), b), pixel) in planes.zip(row.chunks_exact(3)) {
            *r = (f32::from(pixel[0]) - MEAN) / STD;
            *g = (f32::from(pixel[1]) - MEAN) / STD;
            *b = (f32::from(pixel[2]) - MEAN) / STD;
        }
    }
    Ok(Letterboxed { tensor, scale, width, height })
}

/// One output of the model: rows of `columns` values (1 score, 4 distances or 10 landmark
/// offsets per anchor), for a single image.
struct Head<'a> {
    columns: usize,
    data: &'a [f32],
}

/// Boxes and landmarks scoring at least `threshold`, in the letterboxed input's pixels.
///
/// Heads are told apart by their shapes, not their names or order, which differ between exports
/// (buffalo_s names them `score_8`…, buffalo_l by number; batched exports add an axis): per
/// stride one score, one box and one landmark head, strides 8, 16, 32 (and 64, 128 for the
/// five-level models), the finest stride having the most rows.
fn decode(heads: &[Head<'_>], width: u32, height: u32, threshold: f32) -> Result<Vec<Detection>, String> {
    let by_columns = |columns: usize| {
        let mut group: Vec<&Head<'_>> = heads.iter().filter(|h| h.columns == columns).collect();
        group.sort_by_key(|h| std::cmp::Reverse(h.data.len() / columns));
        group
    };
    let (scores, boxes, points) = (by_columns(1), by_columns(4), by_columns(10));
    let levels = scores.len();
    if levels == 0 || boxes.len() != levels || points.len() != levels || levels * 3 != heads.len() {
        let shapes: Vec<usize> = heads.iter().map(|h| h.columns).collect();
        return Err(format!(
            "expected score, box and landmark outputs (1, 4 and 10 columns) for each stride, got columns {shapes:?}"
        ));
    }
    let cells = |stride: usize| (height as usize / stride) * (width as usize / stride);
    let anchors = scores[0].data.len() / cells(8).max(1);
    if anchors == 0 {
        return Err("the stride-8 score output is smaller than the input's grid".into());
    }

    let mut found = Vec::new();
    for level in 0..levels {
        let stride = 8usize << level;
        let rows = cells(stride) * anchors;
        let (score, bbox, kps) = (scores[level].data, boxes[level].data, points[level].data);
        if score.len() != rows || bbox.len() != rows * 4 || kps.len() != rows * 10 {
            return Err(format!("stride {stride}: expected {rows} rows per output, got {}", score.len()));
        }
        let columns = width as usize / stride;
        let s = stride as f32;
        for (row, _) in score.iter().enumerate().filter(|(_, &p)| p >= threshold) {
            // Anchors of a cell are consecutive rows; the anchor is at the cell's top-left corner.
            let cell = row / anchors;
            let (cx, cy) = (((cell % columns) * stride) as f32, ((cell / columns) * stride) as f32);
            let d = &bbox[row * 4..row * 4 + 4];
            let k = &kps[row * 10..row * 10 + 10];
            found.push(Detection {
                bbox: FaceBox { x1: cx - d[0] * s, y1: cy - d[1] * s, x2: cx + d[2] * s, y2: cy + d[3] * s },
                score: score[row],
                landmarks: std::array::from_fn(|i| [cx + k[2 * i] * s, cy + k[2 * i + 1] * s]),
            });
        }
    }
    Ok(found)
}

/// Greedy non-maximum suppression, best score first.
fn nms(mut detections: Vec<Detection>, iou: f32) -> Vec<Detection> {
    detections.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut kept: Vec<Detection> = Vec::with_capacity(detections.len().min(16));
    for detection in detections {
        if kept.iter().all(|k| overlap(&k.bbox, &detection.bbox) <= iou) {
            kept.push(detection);
        }
    }
    kept
}

/// Intersection over union with insightface's inclusive-pixel convention (+1 on each side), so
/// that the same boxes survive as under Immich.
fn overlap(a: &FaceBox, b: &FaceBox) -> f32 {
    let area = |b: &FaceBox| (b.x2 - b.x1 + 1.0) * (b.y2 - b.y1 + 1.0);
    let w = (a.x2.min(b.x2) - a.x1.max(b.x1) + 1.0).max(0.0);
    let h = (a.y2.min(b.y2) - a.y1.max(b.y1) + 1.0).max(0.0);
    let inter = w * h;
    inter / (area(a) + area(b) - inter)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Model outputs for a 64×32 input (strides 8/16/32 give 8×4, 4×2 and 2×1 cells, 2 anchors
    /// each), all scores 0 but those set.
    struct Outputs {
        scores: Vec<Vec<f32>>,
        boxes: Vec<Vec<f32>>,
        points: Vec<Vec<f32>>,
    }

    impl Outputs {
        fn new() -> Outputs {
            let rows = [64, 16, 4];
            Outputs {
                scores: rows.iter().map(|&r| vec![0.0; r]).collect(),
                boxes: rows.iter().map(|&r| vec![1.0; r * 4]).collect(),
                points: rows.iter().map(|&r| vec![0.5; r * 10]).collect(),
            }
        }

        /// In a shuffled order, as an export might list them.
        fn heads(&self) -> Vec<Head<'_>> {
            let mut heads = Vec::new();
            for level in [1, 0, 2] {
                heads.push(Head { columns: 10, data: &self.points[level] });
                heads.push(Head { columns: 1, data: &self.scores[level] });
                heads.push(Head { columns: 4, data: &self.boxes[level] });
            }
            heads
        }
    }

    #[test]
    fn decodes_anchors_of_each_stride() {
        let mut outputs = Outputs::new();
        // Stride 16, cell (col 3, row 1) = cell 7, its second anchor = row 15.
        outputs.scores[1][15] = 0.9;
        outputs.boxes[1][60..64].copy_from_slice(&[0.5, 1.0, 1.5, 2.0]);
        outputs.points[1][150..160].copy_from_slice(&[0.0, 0.0, 1.0, 0.0, 0.5, 0.5, 0.0, 1.0, 1.0, 1.0]);
        // Stride 32, cell (col 1, row 0), first anchor; below the threshold.
        outputs.scores[2][2] = 0.4;
        let found = decode(&outputs.heads(), 64, 32, 0.5).unwrap();
        assert_eq!(found.len(), 1);
        let face = &found[0];
        assert_eq!(face.score, 0.9);
        // Anchor centre (48, 16); distances × 16.
        assert_eq!(face.bbox, FaceBox { x1: 40.0, y1: 0.0, x2: 72.0, y2: 48.0 });
        assert_eq!(face.landmarks, [[48.0, 16.0], [64.0, 16.0], [56.0, 24.0], [48.0, 32.0], [64.0, 32.0]]);

        let found = decode(&outputs.heads(), 64, 32, 0.3).unwrap();
        assert_eq!(found.len(), 2);
        let low = found.iter().find(|f| f.score == 0.4).unwrap();
        assert_eq!(low.bbox, FaceBox { x1: 0.0, y1: -32.0, x2: 64.0, y2: 32.0 });
        assert_eq!(low.landmarks[0], [48.0, 16.0]);
    }

    #[test]
    fn rejects_outputs_that_are_not_scrfd() {
        let outputs = Outputs::new();
        let mut heads = outputs.heads();
        heads.pop();
        assert!(decode(&heads, 64, 32, 0.5).is_err());
        // Right columns, wrong grid for the input size.
        assert!(decode(&outputs.heads(), 96, 32, 0.5).is_err());
        let one = [0.0_f32; 4];
        assert!(decode(&[Head { columns: 4, data: &one }], 64, 32, 0.5).is_err());
    }

    fn detection(x1: f32, y1: f32, x2: f32, y2: f32, score: f32) -> Detection {
        Detection { bbox: FaceBox { x1, y1, x2, y2 }, score, landmarks: [[0.0; 2]; 5] }
    }

    #[test]
    fn nms_keeps_the_best_of_overlapping_boxes() {
        let kept = nms(
            vec![
                detection(0.0, 0.0, 99.0, 99.0, 0.8),
                detection(10.0, 10.0, 109.0, 109.0, 0.9),
                detection(200.0, 0.0, 299.0, 99.0, 0.7),
                // Overlaps the best one by IoU 0.33: kept.
                detection(60.0, 10.0, 159.0, 109.0, 0.6),
            ],
            0.4,
        );
        let scores: Vec<f32> = kept.iter().map(|d| d.score).collect();
        assert_eq!(scores, [0.9, 0.7, 0.6]);
    }

    #[test]
    fn overlap_counts_inclusive_pixels() {
        let a = FaceBox { x1: 0.0, y1: 0.0, x2: 9.0, y2: 9.0 };
        assert!((overlap(&a, &a) - 1.0).abs() < 1e-6);
        let b = FaceBox { x1: 5.0, y1: 0.0, x2: 14.0, y2: 9.0 };
        assert!((overlap(&a, &b) - 50.0 / 150.0).abs() < 1e-6);
        let far = FaceBox { x1: 50.0, y1: 50.0, x2: 60.0, y2: 60.0 };
        assert_eq!(overlap(&a, &far), 0.0);
    }

    #[test]
    fn letterbox_keeps_the_aspect_and_pads_bottom_right() {
        let wide = RgbImage::from_pixel(200, 100, image::Rgb([255, 127, 0]));
        let Letterboxed { tensor, scale, .. } = letterbox(&wide, 64, 64, false).unwrap();
        assert_eq!(tensor.shape(), &[1, 3, 64, 64]);
        assert_eq!(scale, 0.32);
        assert_eq!(tensor[[0, 0, 31, 63]], 127.5 / 128.0);
        assert_eq!(tensor[[0, 1, 0, 0]], -0.5 / 128.0);
        assert_eq!(tensor[[0, 2, 31, 0]], -127.5 / 128.0);
        // Below the image (rows 32..): the black padding.
        assert_eq!(tensor[[0, 0, 32, 0]], -127.5 / 128.0);

        let tall = RgbImage::from_pixel(30, 90, image::Rgb([255, 255, 255]));
        let Letterboxed { tensor, scale, .. } = letterbox(&tall, 64, 64, false).unwrap();
        // int(64 / 3) = 21 columns, as insightface truncates.
        assert_eq!(scale, 64.0 / 90.0);
        assert_eq!(tensor[[0, 0, 63, 20]], 127.5 / 128.0);
        assert_eq!(tensor[[0, 0, 63, 21]], -127.5 / 128.0);
    }

    #[test]
    fn a_trimmed_letterbox_pads_only_to_the_next_multiple_of_32() {
        let wide = RgbImage::from_pixel(1000, 500, image::Rgb([255, 255, 255]));
        let trimmed = letterbox(&wide, 640, 640, true).unwrap();
        let square = letterbox(&wide, 640, 640, false).unwrap();
        assert_eq!((trimmed.width, trimmed.height), (640, 320));
        assert_eq!(trimmed.tensor.shape(), &[1, 3, 320, 640]);
        assert_eq!(trimmed.scale, square.scale);
        assert_eq!(trimmed.tensor, square.tensor.slice(ndarray::s![.., .., ..320, ..]));

        let odd = RgbImage::from_pixel(333, 1000, image::Rgb([255, 255, 255]));
        let trimmed = letterbox(&odd, 640, 640, true).unwrap();
        // int(640 / (1000 / 333)) = 213 columns, padded to 224.
        assert_eq!((trimmed.width, trimmed.height), (224, 640));
        assert_eq!(trimmed.tensor[[0, 0, 0, 212]], 127.5 / 128.0);
        assert_eq!(trimmed.tensor[[0, 0, 0, 213]], -127.5 / 128.0);
    }
}
