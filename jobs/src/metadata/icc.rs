//! The human name of an embedded ICC profile ("sRGB IEC61966-2.1", "Display P3"): its `desc`
//! tag, in the v2 (`desc`) or v4 (`mluc`) encoding.

pub(crate) fn description(profile: &[u8]) -> Option<String> {
    let count = be32(profile, 128)? as usize;
    let mut found = None;
    for i in 0..count.min(1024) {
        let entry = 132 + i * 12;
        if profile.get(entry..entry + 4)? == b"desc" {
            found = Some((be32(profile, entry + 4)?, be32(profile, entry + 8)?));
            break;
        }
    }
    let (offset, size) = found?;
    let tag = profile.get(offset as usize..(offset as usize).checked_add(size as usize)?)?;
    let text = match tag.get(..4)? {
        b"desc" => {
            let length = be32(tag, 8)? as usize;
            let bytes = tag.get(12..12usize.checked_add(length)?)?;
            String::from_utf8_lossy(bytes).into_owned()
        }
        b"mluc" => {
            let records = be32(tag, 8)? as usize;
            let record_size = be32(tag, 12)? as usize;
            let record = (0..records.min(256))
                .map(|i| 16 + i * record_size)
                .find(|r| tag.get(*r..r + 4) == Some(b"enUS"))
                .unwrap_or(16);
            let length = be32(tag, record + 4)? as usize;
            let start = be32(tag, record + 8)? as usize;
            let units: Vec<u16> = tag
                .get(start..start.checked_add(length)?)?
                .chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => return None,
    };
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    (!text.is_empty()).then(|| text.to_owned())
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile_with(tag: &[u8]) -> Vec<u8> {
        let mut profile = vec![0u8; 128];
        profile.extend_from_slice(&1u32.to_be_bytes());
        profile.extend_from_slice(b"desc");
        profile.extend_from_slice(&144u32.to_be_bytes());
        profile.extend_from_slice(&(tag.len() as u32).to_be_bytes());
        profile.extend_from_slice(tag);
        profile
    }

    #[test]
    fn v2_and_v4() {
        let mut v2 = b"desc\0\0\0\0".to_vec();
        v2.extend_from_slice(&18u32.to_be_bytes());
        v2.extend_from_slice(b"sRGB IEC61966-2.1\0");
        assert_eq!(description(&profile_with(&v2)).as_deref(), Some("sRGB IEC61966-2.1"));

        let text: Vec<u8> = "Display P3".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let mut v4 = b"mluc\0\0\0\0".to_vec();
        v4.extend_from_slice(&1u32.to_be_bytes());
        v4.extend_from_slice(&12u32.to_be_bytes());
        v4.extend_from_slice(b"enUS");
        v4.extend_from_slice(&(text.len() as u32).to_be_bytes());
        v4.extend_from_slice(&28u32.to_be_bytes());
        v4.extend_from_slice(&text);
        assert_eq!(description(&profile_with(&v4)).as_deref(), Some("Display P3"));

        assert_eq!(description(&[]), None);
        assert_eq!(description(&profile_with(b"desc")), None);
    }
}
