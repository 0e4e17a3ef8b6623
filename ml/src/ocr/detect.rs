//! Text detection: the photo scaled to the detector's input (long side at most `max_side`, both
//! sides multiples of 32), its text-probability map turned into boxes, and the boxes mapped back
//! to photo pixels in reading order.

use super::db_postprocess::{self, DbParams, ProbMap};
use super::{OcrOptions, Quad};
use crate::error::MlError;
use crate::image_ops::{self, Channels, Filter};
use crate::model::Model;
use image::RgbImage;

/// The detector's input size: the photo shrunk (never enlarged) so its long side is at most
/// `max_side`, each side then rounded to a multiple of 32 as PaddleOCR's `DetResizeForTest` does.
pub(crate) fn input_size(width: u32, height: u32, max_side: u32) -> (u32, u32) {
    let long = width.max(height).max(1);
    let ratio = (f64::from(max_side.max(32)) / f64::from(long)).min(1.0);
    let round32 = |side: u32| {
        let scaled = (f64::from(side) * ratio).floor();
        // Python's `round`: halves go to the even multiple.
        (((scaled / 32.0).round_ties_even() * 32.0) as u32).max(32)
    };
    (round32(width), round32(height))
}

/// Boxes of text in `image`, corners clockwise from top-left in its pixels, in reading order.
pub(crate) fn detect(model: &Model, image: &RgbImage, options: &OcrOptions) -> Result<Vec<Quad>, MlError> {
    let (width, height) = input_size(image.width(), image.height(), options.max_side);
    let resized = image_ops::resize(image, width, height, Filter::Bilinear)?;
    let input = image_ops::to_nchw(&[&resized], Channels::Bgr, 255.0, [0.5; 3], [0.5; 3]);
    drop(resized);
    let params = DbParams { box_threshold: options.min_detection_score, ..DbParams::default() };
    let (candidates, map_width, map_height) = super::infer(model, input, |output| {
        let &[_, _, map_height, map_width] = output.shape() else {
            return Err(MlError::inference(model.name(), format!("unexpected output shape {:?}", output.shape())));
        };
        let data = output
            .as_slice()
            .ok_or_else(|| MlError::inference(model.name(), "the probability map is not contiguous"))?;
        let map = ProbMap { data, width: map_width, height: map_height };
        Ok((db_postprocess::boxes(&map, &params), map_width, map_height))
    })?;

    let (image_width, image_height) = (f64::from(image.width()), f64::from(image.height()));
    let (sx, sy) = (image_width / map_width as f64, image_height / map_height as f64);
    let mut quads: Vec<Quad> = candidates
        .iter()
        .filter_map(|candidate| {
            let scaled = candidate.corners.map(|[x, y]| {
                [
                    (x * sx).round_ties_even().clamp(0.0, image_width),
                    (y * sy).round_ties_even().clamp(0.0, image_height),
                ]
            });
            let quad = clockwise(scaled)
                .map(|[x, y]| [x.clamp(0.0, image_width - 1.0) as f32, y.clamp(0.0, image_height - 1.0) as f32]);
            let side = |a: [f32; 2], b: [f32; 2]| (a[0] - b[0]).hypot(a[1] - b[1]).trunc();
            (side(quad[0], quad[1]) > 3.0 && side(quad[0], quad[3]) > 3.0).then_some(quad)
        })
        .collect();
    // PaddleOCR groups lines within 10 px on photos it has shrunk to at most 2000 px.
    let tolerance = 10.0 * (image_width.max(image_height) / 2000.0).max(1.0) as f32;
    reading_order(&mut quads, tolerance);
    Ok(quads)
}

/// Corners as top-left, top-right, bottom-right, bottom-left: the two leftmost are the left side.
fn clockwise(points: [[f64; 2]; 4]) -> [[f64; 2]; 4] {
    let mut p = points;
    p.sort_by(|a, b| a[0].total_cmp(&b[0]));
    let (top_left, bottom_left) = if p[0][1] <= p[1][1] { (p[0], p[1]) } else { (p[1], p[0]) };
    let (top_right, bottom_right) = if p[2][1] <= p[3][1] { (p[2], p[3]) } else { (p[3], p[2]) };
    [top_left, top_right, bottom_right, bottom_left]
}

/// Top to bottom by top-left corner, then left to right among boxes whose tops are within
/// `tolerance` of each other (PaddleOCR's `sorted_boxes`, one bubbling pass).
pub(crate) fn reading_order(quads: &mut [Quad], tolerance: f32) {
    quads.sort_by(|a, b| a[0][1].total_cmp(&b[0][1]).then(a[0][0].total_cmp(&b[0][0])));
    for i in 0..quads.len().saturating_sub(1) {
        for j in (0..=i).rev() {
            if (quads[j + 1][0][1] - quads[j][0][1]).abs() < tolerance && quads[j + 1][0][0] < quads[j][0][0] {
                quads.swap(j, j + 1);
            } else {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_keeps_the_long_side_within_the_limit_in_multiples_of_32() {
        assert_eq!(input_size(6000, 4000, 1440), (1440, 960));
        assert_eq!(input_size(4217, 2817, 1440), (1440, 960));
        assert_eq!(input_size(3024, 4032, 1440), (1088, 1440));
        // Small photos are not enlarged, only rounded; tiny ones get the network's minimum.
        assert_eq!(input_size(1000, 500, 1440), (992, 512));
        assert_eq!(input_size(20, 10, 1440), (32, 32));
    }

    fn quad_at(x: f32, y: f32) -> Quad {
        [[x, y], [x + 50.0, y], [x + 50.0, y + 20.0], [x, y + 20.0]]
    }

    #[test]
    fn boxes_read_top_to_bottom_then_left_to_right() {
        // Two lines: the second word of the first line sits 4 px higher than the first word.
        let mut quads = vec![quad_at(300.0, 104.0), quad_at(10.0, 200.0), quad_at(200.0, 100.0), quad_at(20.0, 106.0)];
        reading_order(&mut quads, 10.0);
        let tops: Vec<[f32; 2]> = quads.iter().map(|q| q[0]).collect();
        assert_eq!(tops, vec![[20.0, 106.0], [200.0, 100.0], [300.0, 104.0], [10.0, 200.0]]);
    }

    #[test]
    fn corners_are_put_clockwise_from_top_left() {
        let shuffled = [[50.0, 30.0], [10.0, 12.0], [48.0, 10.0], [12.0, 32.0]];
        assert_eq!(clockwise(shuffled), [[10.0, 12.0], [48.0, 10.0], [50.0, 30.0], [12.0, 32.0]]);
    }
}
