//! XMP packets (embedded or sidecar) read into the fields Shoebox keeps. A small RDF walker on
//! quick-xml: top-level properties of each `rdf:Description`, in attribute form
//! (`xmp:Rating="5"`) or element form, with `rdf:Bag`/`rdf:Seq`/`rdf:Alt` lists. Names are
//! matched by namespace URI, not by prefix, so `xmlns:foo="http://ns.adobe.com/xap/1.0/"` works.

use std::borrow::Cow;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use quick_xml::XmlVersion;

use super::exposure_time::parse_rational;
use super::gps::{self, Position};
use super::taken_at::{parse_xmp_date, Stamp, XmpDates};

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const XML: &str = "http://www.w3.org/XML/1998/namespace";
const XMP: &str = "http://ns.adobe.com/xap/1.0/";
const EXIF: &str = "http://ns.adobe.com/exif/1.0/";
const EXIF_EX: &str = "http://cipa.jp/exif/1.0/";
const TIFF: &str = "http://ns.adobe.com/tiff/1.0/";
const PHOTOSHOP: &str = "http://ns.adobe.com/photoshop/1.0/";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const GPANO: &str = "http://ns.google.com/photos/1.0/panorama/";

/// What an XMP packet says, in Shoebox's terms.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct XmpTags {
    pub dates: XmpDates,
    pub make: Option<String>,
    pub model: Option<String>,
    pub lens_model: Option<String>,
    pub orientation: Option<u16>,
    pub f_number: Option<f64>,
    /// Seconds.
    pub exposure_time: Option<f64>,
    pub iso: Option<u32>,
    pub focal_length: Option<f64>,
    pub position: Option<Position>,
    pub rating: Option<i32>,
    pub description: Option<String>,
    pub keywords: Vec<String>,
    pub projection_type: Option<String>,
}

/// Bytes to text: UTF-8 (with or without BOM) or UTF-16 (by BOM, or by the `<\0` of its first
/// character). Bad sequences become U+FFFD rather than failing the whole packet.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let utf16 = |bytes: &[u8], little: bool| {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|p| if little { u16::from_le_bytes([p[0], p[1]]) } else { u16::from_be_bytes([p[0], p[1]]) })
            .collect();
        Cow::Owned(String::from_utf16_lossy(&units))
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        [b'<', 0, ..] => utf16(bytes, true),
        [0, b'<', ..] => utf16(bytes, false),
        _ => String::from_utf8_lossy(bytes),
    }
}

/// Parses a packet. An error is a sentence fragment saying what is wrong with it.
pub(crate) fn parse(bytes: &[u8]) -> Result<XmpTags, String> {
    let text = decode(bytes);
    let properties = read_properties(&text)?;
    Ok(XmpTags::from_properties(&properties))
}

#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    /// Items of a Bag or Seq; for an Alt, the `x-default` item comes first.
    List(Vec<String>),
}

impl Value {
    fn text(&self) -> Option<&str> {
        let text = match self {
            Value::Text(text) => text.as_str(),
            Value::List(items) => items.first()?.as_str(),
        };
        Some(text.trim()).filter(|t| !t.is_empty())
    }
}

#[derive(Debug)]
struct Property {
    namespace: String,
    name: String,
    value: Value,
}

/// The property element being read.
struct Open {
    namespace: String,
    name: String,
    depth: usize,
    text: String,
    items: Vec<String>,
    /// A struct or another form we do not read; the property is dropped.
    skip: bool,
    item: Option<Item>,
}

struct Item {
    depth: usize,
    text: String,
    default_language: bool,
}

fn read_properties(text: &str) -> Result<Vec<Property>, String> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut properties = Vec::new();
    let mut depth = 0usize;
    let mut rdf_depth: Option<usize> = None;
    let mut description_depth: Option<usize> = None;
    let mut open: Option<Open> = None;
    let mut saw_rdf = false;

    loop {
        let position = reader.buffer_position();
        let (namespace, event) =
            reader.read_resolved_event().map_err(|e| format!("malformed XML near byte {position}: {e}"))?;
        let namespace = match namespace {
            ResolveResult::Bound(ns) => ns.0.to_owned(),
            _ => String::new(),
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if !empty {
                    depth += 1;
                }
                // The depth the element sits at (an empty element does not open one).
                let at = if empty { depth + 1 } else { depth };
                let local = e.local_name().into_inner().to_owned();
                let mut attributes = Vec::new();
                for attribute in e.attributes() {
                    let attribute = attribute.map_err(|err| format!("malformed attribute: {err}"))?;
                    let key = attribute.key;
                    if key.as_ref().starts_with("xmlns") {
                        continue;
                    }
                    let (resolved, attr_local) = reader.resolver().resolve_attribute(key);
                    let attr_ns = match resolved {
                        ResolveResult::Bound(ns) => ns.0.to_owned(),
                        _ => String::new(),
                    };
                    let value = attribute
                        .normalized_value(XmlVersion::Implicit1_0)
                        .map_err(|err| format!("malformed attribute value: {err}"))?;
                    attributes.push((attr_ns, attr_local.into_inner().to_owned(), value.into_owned()));
                }

                if namespace == RDF && local == "RDF" && rdf_depth.is_none() {
                    saw_rdf = true;
                    if !empty {
                        rdf_depth = Some(at);
                    }
                } else if namespace == RDF && local == "Description" && rdf_depth.is_some_and(|d| d + 1 == at) {
                    for (ns, name, value) in attributes {
                        if ns != RDF && ns != XML && !ns.is_empty() {
                            properties.push(Property { namespace: ns, name, value: Value::Text(value) });
                        }
                    }
                    if !empty {
                        description_depth = Some(at);
                    }
                } else if description_depth.is_some_and(|d| d + 1 == at) {
                    // A property element. Attributes other than xml:lang and rdf:* mean a struct.
                    let structured = attributes.iter().any(|(ns, name, value)| {
                        (ns != XML && ns != RDF) || (ns == RDF && name == "parseType" && value == "Resource")
                    });
                    if !empty {
                        open = Some(Open {
                            namespace,
                            name: local,
                            depth: at,
                            text: String::new(),
                            items: Vec::new(),
                            skip: structured,
                            item: None,
                        });
                    }
                } else if let Some(property) = open.as_mut() {
                    if at == property.depth + 1 {
                        let container = namespace == RDF && matches!(local.as_str(), "Bag" | "Seq" | "Alt");
                        if !container {
                            property.skip = true;
                        }
                    } else if at == property.depth + 2 && namespace == RDF && local == "li" && !empty {
                        let default_language = attributes
                            .iter()
                            .any(|(ns, name, value)| ns == XML && name == "lang" && value == "x-default");
                        property.item = Some(Item { depth: at, text: String::new(), default_language });
                    }
                }
            }
            Event::Text(ref t) => append_text(&mut open, depth, &t.xml10_content()),
            Event::CData(ref t) => append_text(&mut open, depth, &t.xml10_content()),
            Event::GeneralRef(ref r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match r.xml10_content().as_ref() {
                        "amp" => "&".to_owned(),
                        "lt" => "<".to_owned(),
                        "gt" => ">".to_owned(),
                        "quot" => "\"".to_owned(),
                        "apos" => "'".to_owned(),
                        other => format!("&{other};"),
                    },
                };
                append_text(&mut open, depth, &resolved);
            }
            Event::End(_) => {
                if let Some(property) = open.as_mut() {
                    if property.item.as_ref().is_some_and(|item| item.depth == depth) {
                        if let Some(item) = property.item.take() {
                            let text = item.text.trim().to_owned();
                            if item.default_language {
                                property.items.insert(0, text);
                            } else {
                                property.items.push(text);
                            }
                        }
                    } else if property.depth == depth {
                        if let Some(property) = open.take() {
                            if !property.skip {
                                let value = if property.items.is_empty() {
                                    Value::Text(property.text.trim().to_owned())
                                } else {
                                    Value::List(property.items)
                                };
                                properties.push(Property { namespace: property.namespace, name: property.name, value });
                            }
                        }
                    }
                } else if description_depth == Some(depth) {
                    description_depth = None;
                } else if rdf_depth == Some(depth) {
                    rdf_depth = None;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err("it is truncated (an element is never closed)".to_owned());
    }
    if !saw_rdf {
        return Err("it has no rdf:RDF element".to_owned());
    }
    Ok(properties)
}

fn append_text(open: &mut Option<Open>, depth: usize, text: &str) {
    let Some(property) = open.as_mut() else { return };
    match property.item.as_mut() {
        Some(item) if item.depth == depth => item.text.push_str(text),
        None if property.depth == depth => property.text.push_str(text),
        _ => {}
    }
}

impl XmpTags {
    fn from_properties(properties: &[Property]) -> XmpTags {
        let find = |namespace: &str, name: &str| {
            properties.iter().find(|p| p.namespace == namespace && p.name == name).map(|p| &p.value)
        };
        let text = |namespace: &str, name: &str| find(namespace, name).and_then(Value::text).map(str::to_owned);
        let date = |namespace: &str, name: &str| find(namespace, name).and_then(Value::text).and_then(parse_xmp_date);
        // A taken date with a time of day; date-only values are kept apart.
        let has_time =
            |namespace: &str, name: &str| find(namespace, name).and_then(Value::text).is_some_and(|t| t.len() > 10);
        let taken = |namespace: &str, name: &str| date(namespace, name).filter(|_| has_time(namespace, name));
        let date_only = [(EXIF, "DateTimeOriginal"), (PHOTOSHOP, "DateCreated"), (XMP, "CreateDate")]
            .into_iter()
            .find_map(|(namespace, name)| date(namespace, name).filter(|_| !has_time(namespace, name)));
        let number = |namespace: &str, name: &str| {
            find(namespace, name).and_then(Value::text).and_then(parse_rational).filter(|v| *v > 0.0)
        };

        let gps_time =
            date(EXIF, "GPSTimeStamp").map(|s: Stamp| s.with_offset_if_missing(chrono::FixedOffset::east_opt(0)));
        let dates = XmpDates {
            original: taken(EXIF, "DateTimeOriginal"),
            created: taken(PHOTOSHOP, "DateCreated"),
            create_date: taken(XMP, "CreateDate"),
            modified: date(XMP, "ModifyDate"),
            gps: gps_time,
            date_only,
        };

        let latitude = text(EXIF, "GPSLatitude").and_then(|t| gps::parse_xmp_coordinate(&t));
        let longitude = text(EXIF, "GPSLongitude").and_then(|t| gps::parse_xmp_coordinate(&t));
        let below_sea = text(EXIF, "GPSAltitudeRef").is_some_and(|r| r.trim() == "1");
        let altitude =
            text(EXIF, "GPSAltitude").and_then(|t| parse_rational(&t)).map(|a| if below_sea { -a.abs() } else { a });
        let position = match (latitude, longitude) {
            (Some(lat), Some(lon)) => gps::position(lat, lon, altitude),
            _ => None,
        };

        let iso = find(EXIF_EX, "PhotographicSensitivity")
            .or_else(|| find(EXIF, "ISOSpeedRatings"))
            .and_then(Value::text)
            .and_then(|t| t.parse::<f64>().ok())
            .filter(|v| v.is_finite() && *v > 0.0 && *v < u32::MAX as f64)
            .map(|v| v.round() as u32);

        let rating = text(XMP, "Rating")
            .and_then(|t| t.parse::<f64>().ok())
            .filter(|r| r.is_finite())
            .map(|r| r.round().clamp(-1.0, 5.0) as i32);

        let orientation = text(TIFF, "Orientation").and_then(|t| t.parse::<u16>().ok()).filter(|o| (1..=8).contains(o));

        let keywords = match find(DC, "subject") {
            Some(Value::List(items)) => items.iter().map(|k| k.trim().to_owned()).filter(|k| !k.is_empty()).collect(),
            Some(Value::Text(k)) if !k.trim().is_empty() => vec![k.trim().to_owned()],
            _ => Vec::new(),
        };

        XmpTags {
            dates,
            make: text(TIFF, "Make"),
            model: text(TIFF, "Model"),
            lens_model: text(EXIF_EX, "LensModel"),
            orientation,
            f_number: number(EXIF, "FNumber"),
            exposure_time: number(EXIF, "ExposureTime"),
            iso,
            focal_length: number(EXIF, "FocalLength"),
            position,
            rating,
            description: text(DC, "description"),
            keywords: dedup(keywords),
            projection_type: text(GPANO, "ProjectionType"),
        }
    }
}

fn dedup(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const ATTRIBUTES: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:GPano="http://ns.google.com/photos/1.0/panorama/"
    xmp:Rating="5" xmp:CreateDate="2023-04-05T10:11:12+02:00" GPano:ProjectionType="equirectangular"/>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:e="http://ns.adobe.com/exif/1.0/">
   <dc:subject><rdf:Bag><rdf:li>Frost</rdf:li><rdf:li> Yard </rdf:li><rdf:li>Frost</rdf:li></rdf:Bag></dc:subject>
   <dc:description><rdf:Alt><rdf:li xml:lang="de">Hof</rdf:li><rdf:li xml:lang="x-default">Yard &amp; frost</rdf:li></rdf:Alt></dc:description>
   <e:GPSLatitude>43,28.1234N</e:GPSLatitude>
   <e:GPSLongitude>11,52.0000W</e:GPSLongitude>
   <e:GPSAltitude>300/10</e:GPSAltitude>
   <e:GPSAltitudeRef>1</e:GPSAltitudeRef>
   <e:Flash e:Fired="False"/>
   <e:ISOSpeedRatings><rdf:Seq><rdf:li>160</rdf:li></rdf:Seq></e:ISOSpeedRatings>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#;

    #[test]
    fn both_forms_and_lists() {
        let tags = parse(ATTRIBUTES.as_bytes()).unwrap();
        assert_eq!(tags.rating, Some(5));
        assert_eq!(tags.projection_type.as_deref(), Some("equirectangular"));
        let created = tags.dates.create_date.unwrap();
        assert_eq!(created.local.to_string(), "2023-04-05 10:11:12");
        assert_eq!(created.offset.unwrap().local_minus_utc(), 7200);
        assert_eq!(tags.keywords, vec!["Frost", "Yard"]);
        assert_eq!(tags.description.as_deref(), Some("Yard & frost"));
        let position = tags.position.unwrap();
        assert!((position.latitude - (43.0 + 28.1234 / 60.0)).abs() < 1e-9);
        assert!((position.longitude + (11.0 + 52.0 / 60.0)).abs() < 1e-9);
        assert_eq!(position.altitude, Some(-30.0));
        assert_eq!(tags.iso, Some(160));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in ATTRIBUTES.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(parse(&bytes).unwrap().rating, Some(5));
    }

    #[test]
    fn broken_packets_are_errors() {
        let truncated = &ATTRIBUTES[..ATTRIBUTES.len() / 2];
        assert!(parse(truncated.as_bytes()).is_err());
        let cut_after_element = &ATTRIBUTES[..ATTRIBUTES.find("</rdf:RDF>").unwrap()];
        assert_eq!(parse(cut_after_element.as_bytes()).unwrap_err(), "it is truncated (an element is never closed)");
        assert!(parse(b"not xml at all").is_err());
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"").is_err());
    }

    #[test]
    fn blank_values_are_absent() {
        let xmp = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
            <dc:description><rdf:Alt><rdf:li xml:lang="x-default">     </rdf:li></rdf:Alt></dc:description>
            <xmp:Rating></xmp:Rating></rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let tags = parse(xmp.as_bytes()).unwrap();
        assert_eq!(tags, XmpTags::default());
    }
}
