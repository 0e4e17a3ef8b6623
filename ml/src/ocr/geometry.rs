//! Plane geometry the text detector needs: convex hulls, the minimum-area rectangle around a
//! region (OpenCV's `minAreaRect`), and growing a convex polygon outwards with round corners
//! (Clipper's offset with round joins, which PP-OCR's "unclip" uses).

pub(crate) type Point = [f64; 2];

/// A rectangle at any angle: its centre, the unit vector along its first side, and the lengths
/// of the first side and the one across it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RotatedRect {
    pub center: Point,
    pub axis: Point,
    pub length: f64,
    pub breadth: f64,
}

impl RotatedRect {
    pub fn short_side(&self) -> f64 {
        self.length.min(self.breadth)
    }

    pub fn corners(&self) -> [Point; 4] {
        let [ux, uy] = self.axis;
        let (vx, vy) = (-uy, ux);
        let (hl, hb) = (self.length / 2.0, self.breadth / 2.0);
        let [cx, cy] = self.center;
        [
            [cx - ux * hl - vx * hb, cy - uy * hl - vy * hb],
            [cx + ux * hl - vx * hb, cy + uy * hl - vy * hb],
            [cx + ux * hl + vx * hb, cy + uy * hl + vy * hb],
            [cx - ux * hl + vx * hb, cy - uy * hl + vy * hb],
        ]
    }
}

fn cross(o: Point, a: Point, b: Point) -> f64 {
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
}

/// Andrew's monotone chain over points already sorted by (y, x), as a region's row runs come;
/// the hull's vertices go in order into `hull`. Collinear points are dropped, so a straight line
/// gives its two ends.
pub(crate) fn convex_hull_of_sorted(points: &[Point], hull: &mut Vec<Point>) {
    // Rounding leaves points along an edge a hair off the line; they are not corners.
    const COLLINEAR: f64 = 1e-9;
    hull.clear();
    if points.len() < 3 {
        hull.extend_from_slice(points);
        hull.dedup();
        return;
    }
    for &p in points {
        while hull.len() >= 2 && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= COLLINEAR {
            hull.pop();
        }
        hull.push(p);
    }
    let lower = hull.len() + 1;
    for &p in points.iter().rev().skip(1) {
        while hull.len() >= lower && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= COLLINEAR {
            hull.pop();
        }
        hull.push(p);
    }
    hull.pop();
}

/// Sorts points by (y, x) and takes their hull, for callers whose points come in any order.
pub(crate) fn convex_hull(points: &mut [Point], hull: &mut Vec<Point>) {
    points.sort_by(|a, b| a[1].total_cmp(&b[1]).then(a[0].total_cmp(&b[0])));
    convex_hull_of_sorted(points, hull);
}

/// The smallest-area rectangle holding a convex polygon: one of its sides lies along a hull edge,
/// so trying each edge finds it. Hulls of text regions have tens of vertices, so the quadratic
/// scan costs less than the bookkeeping of rotating calipers. `None` for an empty hull.
pub(crate) fn min_area_rect(hull: &[Point]) -> Option<RotatedRect> {
    let first = *hull.first()?;
    let mut best: Option<(f64, RotatedRect)> = None;
    for i in 0..hull.len() {
        let a = hull[i];
        let b = hull[(i + 1) % hull.len()];
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let norm = dx.hypot(dy);
        if norm <= f64::EPSILON {
            continue;
        }
        let axis = [dx / norm, dy / norm];
        let (mut min_u, mut max_u, mut min_v, mut max_v) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for p in hull {
            let (px, py) = (p[0] - a[0], p[1] - a[1]);
            let u = px * axis[0] + py * axis[1];
            let v = -px * axis[1] + py * axis[0];
            min_u = min_u.min(u);
            max_u = max_u.max(u);
            min_v = min_v.min(v);
            max_v = max_v.max(v);
        }
        let area = (max_u - min_u) * (max_v - min_v);
        if best.as_ref().is_some_and(|(best_area, _)| *best_area <= area) {
            continue;
        }
        let (mu, mv) = ((min_u + max_u) / 2.0, (min_v + max_v) / 2.0);
        let center = [a[0] + axis[0] * mu - axis[1] * mv, a[1] + axis[1] * mu + axis[0] * mv];
        best = Some((area, RotatedRect { center, axis, length: max_u - min_u, breadth: max_v - min_v }));
    }
    Some(match best {
        Some((_, rect)) => rect,
        // A single point (every edge has zero length).
        None => RotatedRect { center: first, axis: [1.0, 0.0], length: 0.0, breadth: 0.0 },
    })
}

/// Shoelace area, positive when the vertices turn clockwise on screen (y down).
pub(crate) fn signed_area(polygon: &[Point]) -> f64 {
    let n = polygon.len();
    (0..n)
        .map(|i| {
            let (a, b) = (polygon[i], polygon[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum::<f64>()
        / 2.0
}

pub(crate) fn perimeter(polygon: &[Point]) -> f64 {
    let n = polygon.len();
    (0..n)
        .map(|i| {
            let (a, b) = (polygon[i], polygon[(i + 1) % n]);
            (b[0] - a[0]).hypot(b[1] - a[1])
        })
        .sum()
}

/// Grows a convex polygon outwards by `distance` with round corners, the arcs approximated as
/// Clipper does (chords at most `ARC_TOLERANCE` inside the true circle), into `out`.
pub(crate) fn offset_convex(polygon: &[Point], distance: f64, out: &mut Vec<Point>) {
    const ARC_TOLERANCE: f64 = 0.25;
    out.clear();
    let n = polygon.len();
    if n < 3 || distance <= 0.0 {
        out.extend_from_slice(polygon);
        return;
    }
    // Walking a clockwise (on screen) polygon, the outside is on the left of each edge, and the
    // normals turn clockwise too; anticlockwise, both flip.
    let orientation = if signed_area(polygon) > 0.0 { 1.0 } else { -1.0 };
    let normal = |a: Point, b: Point| {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let len = dx.hypot(dy).max(f64::EPSILON);
        [orientation * dy / len, -orientation * dx / len]
    };
    let steps_per_turn =
        if distance > ARC_TOLERANCE { std::f64::consts::PI / (1.0 - ARC_TOLERANCE / distance).acos() } else { 4.0 };
    for i in 0..n {
        let prev = polygon[(i + n - 1) % n];
        let here = polygon[i];
        let next = polygon[(i + 1) % n];
        let n1 = normal(prev, here);
        let n2 = normal(here, next);
        let start = n1[1].atan2(n1[0]);
        let mut sweep = n2[1].atan2(n2[0]) - start;
        while sweep * orientation < 0.0 {
            sweep += orientation * std::f64::consts::TAU;
        }
        if sweep.abs() >= std::f64::consts::TAU - 1e-9 {
            sweep = 0.0;
        }
        let steps = ((sweep.abs() / std::f64::consts::TAU) * steps_per_turn).ceil().max(1.0) as usize;
        for k in 0..=steps {
            let angle = start + sweep * k as f64 / steps as f64;
            out.push([here[0] + distance * angle.cos(), here[1] + distance * angle.sin()]);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn min_area_rect_recovers_a_rotated_rectangle() {
        // A 40 × 10 rectangle turned by 30° about (100, 50), with points inside it as well.
        let (c, s) = (30f64.to_radians().cos(), 30f64.to_radians().sin());
        let mut points: Vec<Point> = Vec::new();
        for i in 0..=40 {
            for j in 0..=10 {
                let (u, v) = (f64::from(i) - 20.0, f64::from(j) - 5.0);
                points.push([100.0 + u * c - v * s, 50.0 + u * s + v * c]);
            }
        }
        let mut hull = Vec::new();
        convex_hull(&mut points, &mut hull);
        assert_eq!(hull.len(), 4, "hull of a filled rectangle is its corners: {hull:?}");
        let rect = min_area_rect(&hull).unwrap();
        let (long, short) = (rect.length.max(rect.breadth), rect.short_side());
        assert!(close(long, 40.0) && close(short, 10.0), "{rect:?}");
        assert!(close(rect.center[0], 100.0) && close(rect.center[1], 50.0), "{rect:?}");
        let long_axis = if rect.length > rect.breadth { rect.axis } else { [-rect.axis[1], rect.axis[0]] };
        let angle = long_axis[1].atan2(long_axis[0]).to_degrees().rem_euclid(180.0);
        assert!((angle - 30.0).abs() < 1e-6, "angle {angle}");
        let corners = rect.corners();
        for corner in [[-20.0, -5.0], [20.0, -5.0], [20.0, 5.0], [-20.0, 5.0]] {
            let expected = [100.0 + corner[0] * c - corner[1] * s, 50.0 + corner[0] * s + corner[1] * c];
            assert!(
                corners.iter().any(|p| close(p[0], expected[0]) && close(p[1], expected[1])),
                "{expected:?} not among {corners:?}"
            );
        }
    }

    #[test]
    fn min_area_rect_of_a_line_or_point_is_flat() {
        let mut hull = Vec::new();
        convex_hull(&mut [[0.0, 0.0], [5.0, 0.0], [10.0, 0.0]], &mut hull);
        let rect = min_area_rect(&hull).unwrap();
        assert!(close(rect.length.max(rect.breadth), 10.0) && close(rect.short_side(), 0.0), "{rect:?}");
        let point = min_area_rect(&[[3.0, 4.0]]).unwrap();
        assert_eq!((point.center, point.short_side()), ([3.0, 4.0], 0.0));
        assert!(min_area_rect(&[]).is_none());
    }

    #[test]
    fn offset_grows_a_square_by_the_distance_with_round_corners() {
        let square = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]];
        // PP-OCR's unclip distance: area × 1.6 / perimeter = 100 × 1.6 / 40 = 4.
        let distance = signed_area(&square).abs() * 1.6 / perimeter(&square);
        assert!(close(distance, 4.0));
        for polygon in [square.to_vec(), square.iter().rev().copied().collect()] {
            let mut grown = Vec::new();
            offset_convex(&polygon, distance, &mut grown);
            assert!(grown.len() > 8, "corners are arcs: {grown:?}");
            for p in &grown {
                let (dx, dy) = ((p[0] - 5.0).abs() - 5.0, (p[1] - 5.0).abs() - 5.0);
                let outside = dx.max(0.0).hypot(dy.max(0.0));
                assert!(close(outside, 4.0), "{p:?} is {outside} from the square");
            }
            let mut hull = Vec::new();
            convex_hull(&mut grown, &mut hull);
            let rect = min_area_rect(&hull).unwrap();
            assert!(close(rect.length, 18.0) && close(rect.breadth, 18.0), "{rect:?}");
            assert!(close(rect.center[0], 5.0) && close(rect.center[1], 5.0));
        }
    }

    #[test]
    fn area_and_perimeter_of_a_rectangle() {
        let rect = [[1.0, 1.0], [4.0, 1.0], [4.0, 3.0], [1.0, 3.0]];
        assert!(close(signed_area(&rect), 6.0));
        assert!(close(perimeter(&rect), 10.0));
    }
}
