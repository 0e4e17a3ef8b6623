//! Quotas are typed in GiB in the admin forms and stored in bytes.

use domain::AppError;

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// `None` or blank means unlimited.
pub fn parse_gib(text: Option<&str>) -> Result<Option<i64>, AppError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    match text.parse::<f64>() {
        Ok(gib) if gib.is_finite() && gib >= 0.0 && gib * GIB < i64::MAX as f64 => Ok(Some((gib * GIB).round() as i64)),
        _ => Err(AppError::invalid("Quota must be a number of GiB")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_round_trip_and_reject_nonsense() {
        assert_eq!(parse_gib(Some(" 5 ")).ok(), Some(Some(5 * 1024 * 1024 * 1024)));
        assert_eq!(parse_gib(Some("0.5")).ok(), Some(Some(512 * 1024 * 1024)));
        assert_eq!(parse_gib(Some("")).ok(), Some(None));
        assert_eq!(parse_gib(None).ok(), Some(None));
        for bad in ["-1", "lots", "NaN", "1e30"] {
            assert!(parse_gib(Some(bad)).is_err(), "{bad}");
        }
    }
}
