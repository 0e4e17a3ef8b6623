//! GPS positions from their three spellings (EXIF rationals, XMP `43,28.1234N`, ISO 6709
//! `+43.4675+011.8826+300.000/` in videos), and the rule for "no position": missing, out of
//! range, or the 0/0 that empty GPS blocks decode to.

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Position {
    pub latitude: f64,
    pub longitude: f64,
    /// Metres, negative below sea level.
    pub altitude: Option<f64>,
}

/// A position, when the numbers make one.
pub(crate) fn position(latitude: f64, longitude: f64, altitude: Option<f64>) -> Option<Position> {
    let usable = latitude.is_finite()
        && longitude.is_finite()
        && latitude.abs() <= 90.0
        && longitude.abs() <= 180.0
        && !(latitude == 0.0 && longitude == 0.0);
    usable.then(|| Position { latitude, longitude, altitude: altitude.filter(|a| a.is_finite()) })
}

/// Degrees, minutes and seconds to signed decimal degrees; `negative` for S and W.
pub(crate) fn from_dms(dms: [f64; 3], negative: bool) -> f64 {
    let degrees = dms[0] + dms[1] / 60.0 + dms[2] / 3600.0;
    if negative {
        -degrees
    } else {
        degrees
    }
}

/// An XMP GPS coordinate: `DDD,MM.mmk`, `DDD,MM,SSk` (k one of NSEW) or plain decimal degrees.
pub(crate) fn parse_xmp_coordinate(text: &str) -> Option<f64> {
    let text = text.trim();
    let (body, negative) = match text.chars().last()? {
        'N' | 'n' | 'E' | 'e' => (&text[..text.len() - 1], false),
        'S' | 's' | 'W' | 'w' => (&text[..text.len() - 1], true),
        _ => (text, false),
    };
    let mut parts = [0.0f64; 3];
    for (i, part) in body.split(',').enumerate() {
        *parts.get_mut(i)? = part.trim().parse().ok()?;
    }
    let value = from_dms(parts, negative);
    value.is_finite().then_some(value)
}

/// An ISO 6709 location as video containers write it: `+43.4675+011.8826+300.000/`.
pub(crate) fn parse_iso6709(text: &str) -> Option<Position> {
    let bytes = text.trim().as_bytes();
    let mut numbers = Vec::with_capacity(3);
    let mut i = 0;
    // Signed decimals one after the other; whatever follows them (`/`, a `CRS…` suffix) ends them.
    while i < bytes.len() && numbers.len() < 3 && matches!(bytes[i], b'+' | b'-') {
        let start = i;
        i += 1;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
            i += 1;
        }
        numbers.push(std::str::from_utf8(&bytes[start..i]).ok()?.parse::<f64>().ok()?);
    }
    match numbers.as_slice() {
        [lat, lon] => position(*lat, *lon, None),
        [lat, lon, alt] => position(*lat, *lon, Some(*alt)),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn xmp_coordinates() {
        let lat = parse_xmp_coordinate("40,14.0786450N").unwrap();
        assert!((lat - 40.2346440833333).abs() < 1e-9);
        let lon = parse_xmp_coordinate("76,17.2284900W").unwrap();
        assert!((lon + 76.2871415).abs() < 1e-9);
        assert_eq!(parse_xmp_coordinate("43,30,0S"), Some(-43.5));
        assert_eq!(parse_xmp_coordinate("12.5"), Some(12.5));
        assert_eq!(parse_xmp_coordinate(""), None);
        assert_eq!(parse_xmp_coordinate("north"), None);
    }

    #[test]
    fn iso6709() {
        assert_eq!(
            parse_iso6709("+43.4675+011.8826+300.000/"),
            Some(Position { latitude: 43.4675, longitude: 11.8826, altitude: Some(300.0) })
        );
        assert_eq!(
            parse_iso6709("-33.8688+151.2093/"),
            Some(Position { latitude: -33.8688, longitude: 151.2093, altitude: None })
        );
        assert_eq!(
            parse_iso6709("+40.7128-074.0060-010.5CRSWGS_84/"),
            Some(Position { latitude: 40.7128, longitude: -74.006, altitude: Some(-10.5) })
        );
        assert_eq!(parse_iso6709("+00.0000+000.0000/"), None);
        assert_eq!(parse_iso6709("garbage"), None);
        assert_eq!(parse_iso6709(""), None);
    }

    #[test]
    fn empty_positions() {
        assert_eq!(position(0.0, 0.0, None), None);
        assert_eq!(position(f64::NAN, 1.0, None), None);
        assert_eq!(position(91.0, 1.0, None), None);
        assert!(position(0.0, 1.0, Some(f64::NAN)).is_some_and(|p| p.altitude.is_none()));
    }
}
