//! Where every tile of a month goes: days under their headers, justified rows that fill the
//! width at about the target height (the last row of a day keeps the target height). Pure
//! arithmetic, shared by the server render and the browser, and tested on its own.

use chrono::{Datelike, NaiveDate};
use domain::dto::timeline::TimeBucketAssets;

pub const GAP: f64 = 4.0;
pub const MONTH_HEADER: f64 = 56.0;
pub const DAY_HEADER: f64 = 36.0;
/// Below this row height a photo is not worth showing; panoramas are cropped to at most this ratio.
const MIN_RATIO: f64 = 0.4;
const MAX_RATIO: f64 = 3.0;

/// Rows are lower on phones so that three or four photos fit across.
pub fn target_row_height(width: f64) -> f64 {
    if width < 600.0 {
        110.0
    } else {
        220.0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tile {
    /// Index into the month's columns.
    pub index: usize,
    pub left: f64,
    pub width: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// From the top of the month.
    pub top: f64,
    pub height: f64,
    pub tiles: Vec<Tile>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    pub date: NaiveDate,
    /// From the top of the month.
    pub top: f64,
    /// Indexes of the day's assets, for "select the whole day".
    pub indexes: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MonthLayout {
    pub height: f64,
    pub days: Vec<Day>,
    pub rows: Vec<Row>,
}

/// Splits `ratios` into rows `width` wide at about `target` high.
pub fn justify(ratios: &[f64], width: f64, target: f64) -> Vec<(std::ops::Range<usize>, f64)> {
    let mut rows = Vec::new();
    let mut start = 0;
    let mut sum = 0.0;
    for (i, ratio) in ratios.iter().enumerate() {
        sum += ratio.clamp(MIN_RATIO, MAX_RATIO);
        let count = (i + 1 - start) as f64;
        let natural = sum * target + GAP * (count - 1.0);
        if natural >= width {
            let height = (width - GAP * (count - 1.0)) / sum;
            rows.push((start..i + 1, height));
            start = i + 1;
            sum = 0.0;
        }
    }
    if start < ratios.len() {
        rows.push((start..ratios.len(), target));
    }
    rows
}

/// Lays out one month `width` pixels wide; assets come in display order.
pub fn month_layout(assets: &TimeBucketAssets, width: f64) -> MonthLayout {
    let width = width.max(100.0);
    let target = target_row_height(width);
    let mut layout = MonthLayout { height: MONTH_HEADER, ..Default::default() };
    let mut i = 0;
    while i < assets.len() {
        let date = assets.local_date_time(i).date();
        let mut end = i + 1;
        while end < assets.len() && assets.local_date_time(end).date() == date {
            end += 1;
        }
        layout.days.push(Day { date, top: layout.height, indexes: (i..end).collect() });
        layout.height += DAY_HEADER;
        let ratios: Vec<f64> = assets.ratio[i..end].to_vec();
        for (range, height) in justify(&ratios, width, target) {
            let mut left = 0.0;
            let tiles = range
                .map(|k| {
                    let tile_width = ratios[k].clamp(MIN_RATIO, MAX_RATIO) * height;
                    let tile = Tile { index: i + k, left, width: tile_width };
                    left += tile_width + GAP;
                    tile
                })
                .collect();
            layout.rows.push(Row { top: layout.height, height, tiles });
            layout.height += height + GAP;
        }
        i = end;
    }
    layout
}

/// A month's height before its assets are loaded: about 1.4 photos wide per row height.
pub fn estimated_height(count: u64, width: f64) -> f64 {
    let width = width.max(100.0);
    let target = target_row_height(width);
    let per_row = (width / (1.4 * target + GAP)).max(1.0);
    let rows = (count as f64 / per_row).ceil();
    let days = (count as f64 / 6.0).ceil().min(31.0);
    MONTH_HEADER + days * DAY_HEADER + rows * (target + GAP)
}

pub fn month_title(month: NaiveDate) -> String {
    month.format("%B %Y").to_string()
}

pub fn day_title(date: NaiveDate, today: NaiveDate) -> String {
    if date == today {
        "Today".into()
    } else if Some(date) == today.pred_opt() {
        "Yesterday".into()
    } else if date.year() == today.year() {
        date.format("%a, %b %-d").to_string()
    } else {
        date.format("%a, %b %-d, %Y").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(days: &[(&str, &[f64])]) -> TimeBucketAssets {
        let mut assets = TimeBucketAssets::default();
        for (day, ratios) in days {
            for ratio in *ratios {
                assets.id.push(uuid::Uuid::nil());
                assets.ratio.push(*ratio);
                assets.file_created_at.push(format!("{day}T12:00:00Z").parse().unwrap_or_default());
                assets.local_offset_hours.push(0.0);
            }
        }
        assets
    }

    #[test]
    fn full_rows_fill_the_width_exactly() {
        let rows = justify(&[1.5, 1.5, 0.75, 1.0, 1.5, 1.5, 1.5], 1000.0, 220.0);
        assert_eq!(rows.len(), 2);
        let (first, height) = &rows[0];
        assert_eq!(first.clone(), 0..4);
        let used: f64 = [1.5, 1.5, 0.75, 1.0].iter().map(|r| r * height).sum::<f64>() + 3.0 * GAP;
        assert!((used - 1000.0).abs() < 1e-6, "{used}");
        assert!(*height <= 220.0 + 1e-9 && *height > 200.0, "{height}");
        // The last row keeps the target height.
        assert_eq!(rows[1], (4..7, 220.0));
    }

    #[test]
    fn days_get_headers_and_their_own_rows() {
        let assets = month(&[("2024-03-15", &[1.5, 1.5]), ("2024-03-02", &[0.75])]);
        let layout = month_layout(&assets, 1000.0);
        assert_eq!(layout.days.len(), 2);
        assert_eq!(layout.days[0].date.to_string(), "2024-03-15");
        assert_eq!(layout.days[0].indexes, vec![0, 1]);
        assert_eq!(layout.days[1].indexes, vec![2]);
        assert_eq!(layout.days[0].top, MONTH_HEADER);
        assert_eq!(layout.rows[0].top, MONTH_HEADER + DAY_HEADER);
        assert_eq!(layout.days[1].top, MONTH_HEADER + DAY_HEADER + 220.0 + GAP);
        assert_eq!(layout.height, layout.days[1].top + DAY_HEADER + 220.0 + GAP);
        let tiles = &layout.rows[0].tiles;
        assert_eq!((tiles[1].index, tiles[1].left), (1, 1.5 * 220.0 + GAP));
    }

    #[test]
    fn extreme_ratios_are_clamped() {
        // A 20:1 panorama counts as 3:1: alone it stays an unfinished row at the target height…
        assert_eq!(justify(&[20.0], 1000.0, 220.0), vec![(0..1, 220.0)]);
        // …and two of them fill a row as two 3:1 tiles would.
        assert_eq!(justify(&[20.0, 20.0], 1000.0, 220.0), vec![(0..2, (1000.0 - GAP) / 6.0)]);
    }

    #[test]
    fn estimates_grow_with_count() {
        assert!(estimated_height(1000, 1200.0) > estimated_height(10, 1200.0));
        assert_eq!(estimated_height(0, 1200.0), MONTH_HEADER);
    }

    #[test]
    fn day_titles_read_naturally() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
        assert_eq!(day_title(today, today), "Today");
        assert_eq!(day_title(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default(), today), "Yesterday");
        assert_eq!(day_title(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default(), today), "Sun, Mar 1");
        assert_eq!(day_title(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap_or_default(), today), "Thu, Feb 29, 2024");
    }
}
