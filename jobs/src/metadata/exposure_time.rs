//! Exposure times written the way photographers (and exiftool) write them: `1/125` for short
//! ones, `0.5` or `2` for long ones.

/// exiftool's `PrintExposureTime`: below a quarter second `1/N` with N rounded, otherwise one
/// decimal with a trailing `.0` dropped.
pub(crate) fn format(seconds: f64) -> Option<String> {
    if !seconds.is_finite() || seconds <= 0.0 {
        return None;
    }
    if seconds < 0.25001 {
        return Some(format!("1/{}", (0.5 + 1.0 / seconds).floor() as u64));
    }
    let text = format!("{seconds:.1}");
    Some(text.strip_suffix(".0").map(str::to_owned).unwrap_or(text))
}

/// An XMP rational (`1/125`) or decimal (`0.008`) as a number.
pub(crate) fn parse_rational(text: &str) -> Option<f64> {
    let text = text.trim();
    let value = match text.split_once('/') {
        Some((num, den)) => {
            let den: f64 = den.trim().parse().ok()?;
            if den == 0.0 {
                return None;
            }
            num.trim().parse::<f64>().ok()? / den
        }
        None => text.parse().ok()?,
    };
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_exiftool() {
        assert_eq!(format(0.008).as_deref(), Some("1/125"));
        assert_eq!(format(0.00625).as_deref(), Some("1/160"));
        assert_eq!(format(0.002557544757).as_deref(), Some("1/391"));
        assert_eq!(format(0.25).as_deref(), Some("1/4"));
        assert_eq!(format(0.3).as_deref(), Some("0.3"));
        assert_eq!(format(0.5).as_deref(), Some("0.5"));
        assert_eq!(format(2.0).as_deref(), Some("2"));
        assert_eq!(format(30.0).as_deref(), Some("30"));
        assert_eq!(format(1.3).as_deref(), Some("1.3"));
        assert_eq!(format(0.0), None);
        assert_eq!(format(f64::NAN), None);
    }

    #[test]
    fn rationals() {
        assert_eq!(parse_rational("1/1250"), Some(0.0008));
        assert_eq!(parse_rational("28/10"), Some(2.8));
        assert_eq!(parse_rational("0.5"), Some(0.5));
        assert_eq!(parse_rational("1/0"), None);
        assert_eq!(parse_rational("x"), None);
    }
}
