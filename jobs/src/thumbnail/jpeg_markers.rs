//! Reads the JPEG marker segments before the image data: the ICC profile (split across APP2
//! segments), the Adobe APP14 segment (inverted CMYK) and the EXIF orientation (APP1).

use super::tiff_ifd;

#[derive(Debug, Default)]
pub(crate) struct JpegMarkers {
    pub icc: Option<Vec<u8>>,
    pub adobe: bool,
    pub exif_orientation: Option<u16>,
}

pub(crate) fn read(data: &[u8]) -> JpegMarkers {
    let mut markers = JpegMarkers::default();
    let mut icc_chunks: Vec<(u8, &[u8])> = Vec::new();
    let mut pos = 2;
    while pos + 4 <= data.len() {
        if data[pos] != 0xFF {
            break;
        }
        let marker = data[pos + 1];
        if marker == 0xFF {
            pos += 1; // fill byte
            continue;
        }
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            pos += 2;
            continue;
        }
        if marker == 0xDA || marker == 0xD9 {
            break;
        }
        let len = usize::from(u16::from_be_bytes([data[pos + 2], data[pos + 3]]));
        if len < 2 || pos + 2 + len > data.len() {
            break;
        }
        let payload = &data[pos + 4..pos + 2 + len];
        match marker {
            0xE1 if payload.starts_with(b"Exif\0\0") && markers.exif_orientation.is_none() => {
                markers.exif_orientation = tiff_ifd::orientation(&payload[6..]);
            }
            0xE2 if payload.starts_with(b"ICC_PROFILE\0") && payload.len() > 14 => {
                icc_chunks.push((payload[12], &payload[14..]));
            }
            0xEE if payload.starts_with(b"Adobe") => markers.adobe = true,
            _ => {}
        }
        pos += 2 + len;
    }
    if !icc_chunks.is_empty() {
        icc_chunks.sort_by_key(|(sequence, _)| *sequence);
        markers.icc = Some(icc_chunks.iter().flat_map(|(_, chunk)| chunk.iter().copied()).collect());
    }
    markers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_icc_chunks_in_sequence_order() {
        let mut jpeg = vec![0xFF, 0xD8];
        for (seq, body) in [(2u8, b"world".as_slice()), (1u8, b"hello ".as_slice())] {
            let mut payload = b"ICC_PROFILE\0".to_vec();
            payload.extend_from_slice(&[seq, 2]);
            payload.extend_from_slice(body);
            jpeg.extend_from_slice(&[0xFF, 0xE2]);
            jpeg.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
            jpeg.extend_from_slice(&payload);
        }
        jpeg.extend_from_slice(&[0xFF, 0xEE, 0, 7, b'A', b'd', b'o', b'b', b'e']);
        jpeg.extend_from_slice(&[0xFF, 0xDA]);
        let markers = read(&jpeg);
        assert_eq!(markers.icc.as_deref(), Some(b"hello world".as_slice()));
        assert!(markers.adobe);
        assert_eq!(markers.exif_orientation, None);
    }
}
