//! DB post-processing: the detector's text-probability map to scored boxes, as PaddleOCR's
//! `DBPostProcess` does it (threshold, 2×2 dilation, regions, minimum-area rectangle, mean
//! probability inside it, unclip, minimum-area rectangle again), in map pixels.
//!
//! Regions are found from row runs rather than traced contours: the hull of a region's run ends
//! is the hull of its outer contour, and runs cost a few allocations per map, not per pixel.

use super::geometry::{self, Point};

#[derive(Debug, Clone, Copy)]
pub(crate) struct DbParams {
    /// A pixel is text when its probability is above this.
    pub threshold: f32,
    /// A box is kept when the mean probability inside its first rectangle reaches this.
    pub box_threshold: f32,
    /// How far to grow each box (DB shrinks text regions when training): area × ratio / perimeter.
    pub unclip_ratio: f64,
    /// Regions looked at, in raster order of their first pixel.
    pub max_candidates: usize,
}

impl Default for DbParams {
    fn default() -> Self {
        DbParams { threshold: 0.3, box_threshold: 0.5, unclip_ratio: 1.6, max_candidates: 1000 }
    }
}

/// A row-major probability map.
pub(crate) struct ProbMap<'a> {
    pub data: &'a [f32],
    pub width: usize,
    pub height: usize,
}

/// A box in map pixels: corners top-left, top-right, bottom-right, bottom-left (PaddleOCR's
/// `get_mini_boxes` order) and the mean probability that admitted it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    pub corners: [Point; 4],
    pub score: f32,
}

/// Pixels `start..=end` of row `y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    y: u32,
    start: u32,
    end: u32,
}

pub(crate) fn boxes(map: &ProbMap<'_>, params: &DbParams) -> Vec<Candidate> {
    if map.width == 0 || map.height == 0 || map.data.len() < map.width * map.height {
        return Vec::new();
    }
    let runs = dilated_runs(map, params.threshold);
    let regions = regions(&runs, map.height);

    let mut out = Vec::new();
    let (mut points, mut hull, mut grown) = (Vec::new(), Vec::new(), Vec::new());
    for region in regions.chunk_by(|a, b| a.0 == b.0).take(params.max_candidates) {
        points.clear();
        for &(_, index) in region {
            let run = runs[index as usize];
            points.push([f64::from(run.start), f64::from(run.y)]);
            if run.end != run.start {
                points.push([f64::from(run.end), f64::from(run.y)]);
            }
        }
        geometry::convex_hull_of_sorted(&points, &mut hull);
        let Some(rect) = geometry::min_area_rect(&hull) else { continue };
        if rect.short_side() < 3.0 {
            continue;
        }
        let corners = reading_corners(rect.corners());
        let score = mean_inside(map, &corners);
        if score < params.box_threshold {
            continue;
        }
        let distance =
            geometry::signed_area(&corners).abs() * params.unclip_ratio / geometry::perimeter(&corners).max(1e-9);
        geometry::offset_convex(&corners, distance, &mut grown);
        geometry::convex_hull(&mut grown, &mut hull);
        let Some(unclipped) = geometry::min_area_rect(&hull) else { continue };
        if unclipped.short_side() < 5.0 {
            continue;
        }
        out.push(Candidate { corners: reading_corners(unclipped.corners()), score });
    }
    out
}

/// Runs of `probability > threshold` after a 2×2 dilation, row by row. OpenCV's 2×2 kernel is
/// anchored at its lower-right cell, so a pixel is set when it or its left, upper or upper-left
/// neighbour is: the union of this row's and the previous row's runs, each one pixel longer.
fn dilated_runs(map: &ProbMap<'_>, threshold: f32) -> Vec<Run> {
    let mut runs = Vec::new();
    let (mut previous, mut current) = (Vec::new(), Vec::new());
    let last = map.width as u32 - 1;
    for (y, row) in map.data.chunks_exact(map.width).take(map.height).enumerate() {
        current.clear();
        threshold_runs(row, threshold, &mut current);
        let (mut i, mut j) = (0, 0);
        let mut open: Option<(u32, u32)> = None;
        while i < previous.len() || j < current.len() {
            let (start, end) = if j >= current.len() || (i < previous.len() && previous[i] < current[j]) {
                i += 1;
                previous[i - 1]
            } else {
                j += 1;
                current[j - 1]
            };
            let end = (end + 1).min(last);
            open = match open {
                Some((s, e)) if start <= e + 1 => Some((s, e.max(end))),
                Some((s, e)) => {
                    runs.push(Run { y: y as u32, start: s, end: e });
                    Some((start, end))
                }
                None => Some((start, end)),
            };
        }
        if let Some((start, end)) = open {
            runs.push(Run { y: y as u32, start, end });
        }
        std::mem::swap(&mut previous, &mut current);
    }
    runs
}

fn threshold_runs(row: &[f32], threshold: f32, out: &mut Vec<(u32, u32)>) {
    let mut x = 0;
    while x < row.len() {
        if row[x] > threshold {
            let start = x;
            while x < row.len() && row[x] > threshold {
                x += 1;
            }
            out.push((start as u32, x as u32 - 1));
        } else {
            x += 1;
        }
    }
}

/// Groups runs into 8-connected regions: (region, run index) pairs sorted by region, regions
/// numbered by their first run so that they come in raster order.
fn regions(runs: &[Run], height: usize) -> Vec<(u32, u32)> {
    let mut parent: Vec<u32> = (0..runs.len() as u32).collect();
    let mut row_start = vec![runs.len(); height + 1];
    for (index, run) in runs.iter().enumerate().rev() {
        row_start[run.y as usize] = index;
    }
    for y in (0..height).rev() {
        row_start[y] = row_start[y].min(row_start[y + 1]);
    }
    for y in 1..height {
        let (mut i, end_i) = (row_start[y - 1], row_start[y]);
        let (mut j, end_j) = (row_start[y], row_start[y + 1]);
        while i < end_i && j < end_j {
            let (above, here) = (runs[i], runs[j]);
            if above.start <= here.end + 1 && here.start <= above.end + 1 {
                union(&mut parent, i as u32, j as u32);
            }
            // Runs of one row are at least a pixel apart, so the run ending first can touch
            // nothing further along the other row.
            if above.end < here.end {
                i += 1;
            } else {
                j += 1;
            }
        }
    }
    let mut labelled: Vec<(u32, u32)> = (0..runs.len() as u32).map(|i| (find(&mut parent, i), i)).collect();
    labelled.sort_unstable();
    labelled
}

fn find(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        let grandparent = parent[parent[i as usize] as usize];
        parent[i as usize] = grandparent;
        i = grandparent;
    }
    i
}

/// Joins two regions under the smaller run index, so a region's root is its first run.
fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (low, high) = (ra.min(rb), ra.max(rb));
        parent[high as usize] = low;
    }
}

/// Orders a rectangle's corners as PaddleOCR's `get_mini_boxes`: of the two leftmost, the upper
/// is top-left; of the two rightmost, the upper is top-right.
fn reading_corners(corners: [Point; 4]) -> [Point; 4] {
    let mut p = corners;
    p.sort_by(|a, b| a[0].total_cmp(&b[0]));
    let (top_left, bottom_left) = if p[1][1] > p[0][1] { (p[0], p[1]) } else { (p[1], p[0]) };
    let (top_right, bottom_right) = if p[3][1] > p[2][1] { (p[2], p[3]) } else { (p[3], p[2]) };
    [top_left, top_right, bottom_right, bottom_left]
}

/// Mean probability over the pixels a filled polygon covers (PaddleOCR's "fast" box score: the
/// corners truncated to whole pixels, edges included), summed span by span without a mask.
fn mean_inside(map: &ProbMap<'_>, corners: &[Point; 4]) -> f32 {
    let (w, h) = (map.width as f64, map.height as f64);
    let min_x = corners.iter().map(|p| p[0]).fold(f64::MAX, f64::min).floor().clamp(0.0, w - 1.0);
    let max_x = corners.iter().map(|p| p[0]).fold(f64::MIN, f64::max).ceil().clamp(0.0, w - 1.0);
    let min_y = corners.iter().map(|p| p[1]).fold(f64::MAX, f64::min).floor().clamp(0.0, h - 1.0);
    let max_y = corners.iter().map(|p| p[1]).fold(f64::MIN, f64::max).ceil().clamp(0.0, h - 1.0);
    // PaddleOCR shifts the box to the crop's origin and truncates toward zero.
    let vertices: [Point; 4] = corners.map(|p| [min_x + (p[0] - min_x).trunc(), min_y + (p[1] - min_y).trunc()]);
    let (mut sum, mut count) = (0f64, 0usize);
    for y in min_y as usize..=max_y as usize {
        let Some((left, right)) = row_span(&vertices, y as f64) else { continue };
        let left = left.round().max(min_x) as usize;
        let right = right.round().min(max_x);
        if right < left as f64 {
            continue;
        }
        let row = &map.data[y * map.width..(y + 1) * map.width];
        let span = &row[left..=right as usize];
        sum += span.iter().map(|&p| f64::from(p)).sum::<f64>();
        count += span.len();
    }
    if count == 0 {
        0.0
    } else {
        (sum / count as f64) as f32
    }
}

/// Where the row at height `y` enters and leaves a convex polygon, if it crosses it.
fn row_span(vertices: &[Point], y: f64) -> Option<(f64, f64)> {
    let (mut left, mut right) = (f64::MAX, f64::MIN);
    for i in 0..vertices.len() {
        let (a, b) = (vertices[i], vertices[(i + 1) % vertices.len()]);
        if y < a[1].min(b[1]) || y > a[1].max(b[1]) {
            continue;
        }
        if a[1] == b[1] {
            left = left.min(a[0].min(b[0]));
            right = right.max(a[0].max(b[0]));
        } else {
            let x = a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
            left = left.min(x);
            right = right.max(x);
        }
    }
    (left <= right).then_some((left, right))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_with(width: usize, height: usize, rects: &[(usize, usize, usize, usize, f32)]) -> Vec<f32> {
        let mut data = vec![0.0; width * height];
        for &(x0, y0, x1, y1, p) in rects {
            for y in y0..=y1 {
                for x in x0..=x1 {
                    data[y * width + x] = p;
                }
            }
        }
        data
    }

    #[test]
    fn dilation_grows_regions_right_and_down_by_one() {
        let data = map_with(8, 4, &[(2, 1, 3, 1, 0.9), (7, 0, 7, 0, 0.9)]);
        let runs = dilated_runs(&ProbMap { data: &data, width: 8, height: 4 }, 0.3);
        let expected = [
            Run { y: 0, start: 7, end: 7 },
            Run { y: 1, start: 2, end: 4 },
            Run { y: 1, start: 7, end: 7 },
            Run { y: 2, start: 2, end: 4 },
        ];
        assert_eq!(runs, expected);
    }

    #[test]
    fn diagonal_neighbours_join_one_region() {
        let runs = [
            Run { y: 0, start: 0, end: 1 },
            Run { y: 0, start: 5, end: 6 },
            Run { y: 1, start: 2, end: 3 },
            Run { y: 2, start: 9, end: 9 },
        ];
        let regions = regions(&runs, 3);
        assert_eq!(regions, vec![(0, 0), (0, 2), (1, 1), (3, 3)]);
    }

    #[test]
    fn a_text_block_becomes_one_unclipped_box() {
        // A 40 × 10 block of probability 0.8 at (10, 20): dilated to 41 × 11 pixels, whose centres
        // span 40 × 10; unclipped by 40·10·1.6 / 100 = 6.4 on each side.
        let (width, height) = (80, 50);
        let data = map_with(width, height, &[(10, 20, 49, 29, 0.8), (70, 5, 71, 6, 0.9)]);
        let found = boxes(&ProbMap { data: &data, width, height }, &DbParams::default());
        assert_eq!(found.len(), 1, "the 2-pixel speck is too small: {found:?}");
        let [tl, tr, br, bl] = found[0].corners;
        let close = |a: Point, b: [f64; 2]| (a[0] - b[0]).abs() < 1e-6 && (a[1] - b[1]).abs() < 1e-6;
        assert!(close(tl, [3.6, 13.6]) && close(tr, [56.4, 13.6]), "{:?}", found[0]);
        assert!(close(br, [56.4, 36.4]) && close(bl, [3.6, 36.4]), "{:?}", found[0]);
        // The dilated rim (probability 0) is inside the first rectangle too.
        assert!(found[0].score > 0.7 && found[0].score < 0.8, "{}", found[0].score);
    }

    #[test]
    fn faint_regions_are_dropped_by_their_mean() {
        let data = map_with(60, 30, &[(5, 5, 45, 20, 0.35)]);
        let found = boxes(&ProbMap { data: &data, width: 60, height: 30 }, &DbParams::default());
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn mean_inside_covers_the_polygon_with_its_edges() {
        let data = map_with(10, 10, &[(2, 2, 5, 4, 1.0)]);
        let map = ProbMap { data: &data, width: 10, height: 10 };
        let square = [[2.0, 2.0], [5.9, 2.0], [5.9, 4.5], [2.0, 4.5]];
        assert_eq!(mean_inside(&map, &square), 1.0);
        let wider = [[1.0, 2.0], [5.0, 2.0], [5.0, 4.0], [1.0, 4.0]];
        assert_eq!(mean_inside(&map, &wider), 12.0 / 15.0);
    }

    #[test]
    fn reading_corners_start_top_left_and_go_clockwise() {
        let tilted = [[10.0, 0.0], [0.0, 5.0], [12.0, 9.0], [22.0, 4.0]];
        assert_eq!(reading_corners(tilted), [[10.0, 0.0], [22.0, 4.0], [12.0, 9.0], [0.0, 5.0]]);
        let level = [[30.0, 9.0], [2.0, 1.0], [2.0, 9.0], [30.0, 1.0]];
        assert_eq!(reading_corners(level), [[2.0, 1.0], [30.0, 1.0], [30.0, 9.0], [2.0, 9.0]]);
    }
}
