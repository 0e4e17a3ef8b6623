//! IPTC IIM (the pre-XMP caption and keyword records that Picasa and news tools still write):
//! keywords and the caption, from a Photoshop image-resource block or a bare IIM stream.

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct IptcTags {
    pub keywords: Vec<String>,
    pub caption: Option<String>,
}

/// Finds the IPTC stream (resource 0x0404) in a Photoshop image-resource block (JPEG APP13 after
/// `Photoshop 3.0\0`).
pub(crate) fn iim_from_photoshop_resources(data: &[u8]) -> Option<&[u8]> {
    let mut at = 0usize;
    while at + 12 <= data.len() {
        if &data[at..at + 4] != b"8BIM" {
            return None;
        }
        let id = u16::from_be_bytes([data[at + 4], data[at + 5]]);
        // A Pascal string, padded so that length byte + text is even.
        let name_len = *data.get(at + 6)? as usize;
        let name_total = (1 + name_len + 1) & !1;
        let size_at = at + 6 + name_total;
        let size_bytes = data.get(size_at..size_at + 4)?;
        let size = u32::from_be_bytes([size_bytes[0], size_bytes[1], size_bytes[2], size_bytes[3]]) as usize;
        let body_at = size_at + 4;
        let body = data.get(body_at..body_at.checked_add(size)?)?;
        if id == 0x0404 {
            return Some(body);
        }
        at = body_at + ((size + 1) & !1);
    }
    None
}

/// Reads an IIM stream: `0x1C record dataset length data`, repeated.
pub(crate) fn parse(data: &[u8]) -> IptcTags {
    let mut tags = IptcTags::default();
    let mut utf8 = false;
    let mut raw_keywords: Vec<&[u8]> = Vec::new();
    let mut raw_caption: Option<&[u8]> = None;
    let mut at = 0usize;
    while at + 5 <= data.len() && data[at] == 0x1C {
        let record = data[at + 1];
        let dataset = data[at + 2];
        let mut length = u16::from_be_bytes([data[at + 3], data[at + 4]]) as usize;
        let mut body_at = at + 5;
        if length & 0x8000 != 0 {
            // Extended length: the low bits say how many bytes hold the real length.
            let count = length & 0x7FFF;
            if count > 4 {
                break;
            }
            let Some(bytes) = data.get(body_at..body_at + count) else { break };
            length = bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
            body_at += count;
        }
        let Some(body) = body_at.checked_add(length).and_then(|end| data.get(body_at..end)) else { break };
        match (record, dataset) {
            // CodedCharacterSet ESC % G: UTF-8.
            (1, 90) => utf8 = body == b"\x1b%G",
            (2, 25) => raw_keywords.push(body),
            (2, 120) => raw_caption = Some(body),
            _ => {}
        }
        at = body_at + length;
    }
    let text = |bytes: &[u8]| {
        let decoded = match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            // Without a declared character set IIM is usually Latin-1.
            Err(_) if !utf8 => bytes.iter().map(|b| *b as char).collect(),
            Err(_) => String::from_utf8_lossy(bytes).into_owned(),
        };
        let trimmed = decoded.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        (!trimmed.is_empty()).then(|| trimmed.to_owned())
    };
    for keyword in raw_keywords.into_iter().filter_map(text) {
        if !tags.keywords.contains(&keyword) {
            tags.keywords.push(keyword);
        }
    }
    tags.caption = raw_caption.and_then(text);
    tags
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn record(record: u8, dataset: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![0x1C, record, dataset];
        out.extend_from_slice(&(body.len() as u16).to_be_bytes());
        out.extend_from_slice(body);
        out
    }

    #[test]
    fn keywords_and_caption() {
        let mut iim = record(1, 90, b"\x1b%G");
        iim.extend(record(2, 25, b"Frost"));
        iim.extend(record(2, 25, "Caf\u{e9}".as_bytes()));
        iim.extend(record(2, 120, b"A yard "));
        let mut resources = b"8BIM\x04\x04\0\0".to_vec();
        resources.extend_from_slice(&(iim.len() as u32).to_be_bytes());
        resources.extend_from_slice(&iim);
        let tags = parse(iim_from_photoshop_resources(&resources).unwrap());
        assert_eq!(tags.keywords, vec!["Frost", "Caf\u{e9}"]);
        assert_eq!(tags.caption.as_deref(), Some("A yard"));
    }

    #[test]
    fn truncated_streams_do_not_fail() {
        let mut iim = record(2, 25, b"Frost");
        iim.extend(record(2, 25, b"Yard"));
        for cut in 0..iim.len() {
            let tags = parse(&iim[..cut]);
            assert!(tags.keywords.len() <= 2);
        }
        assert_eq!(iim_from_photoshop_resources(b"8BIM\x04\x04\0\0\xff\xff\xff\xff"), None);
        assert_eq!(iim_from_photoshop_resources(b"garbage"), None);
    }
}
