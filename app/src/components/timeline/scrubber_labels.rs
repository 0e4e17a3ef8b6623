//! Which years the scrubber names. Marks sit where their months are in the timeline, so years
//! with few photos crowd together; a year is named only when its label clears the one above,
//! and every month keeps its (unlabelled) mark and button.

/// Vertical room one year label needs, in pixels.
pub const LABEL_GAP: f64 = 16.0;

/// For marks given as (year, position in pixels) from the top, in timeline order: whether each
/// shows its year. Only a year's first mark can, and only with `LABEL_GAP` below the last label.
pub fn year_labels(marks: &[(i32, f64)]) -> Vec<bool> {
    let mut last_year = None;
    let mut last_label = f64::NEG_INFINITY;
    marks
        .iter()
        .map(|&(year, y)| {
            let first_of_year = last_year != Some(year);
            last_year = Some(year);
            let shown = first_of_year && y - last_label >= LABEL_GAP;
            if shown {
                last_label = y;
            }
            shown
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_years_are_all_named() {
        let marks = [(2024, 0.0), (2024, 10.0), (2023, 40.0), (2023, 60.0), (2022, 100.0)];
        assert_eq!(year_labels(&marks), vec![true, false, true, false, true]);
    }

    #[test]
    fn crowded_years_skip_labels_that_would_overlap() {
        // Years a few pixels apart: 2023 and 2022 would sit on 2024's label; 2021 clears it.
        let marks = [(2024, 0.0), (2023, 5.0), (2022, 12.0), (2021, 16.0), (2020, 20.0), (2019, 40.0)];
        assert_eq!(year_labels(&marks), vec![true, false, false, true, false, true]);
    }

    #[test]
    fn nothing_to_label() {
        assert_eq!(year_labels(&[]), Vec::<bool>::new());
    }
}
