//! PNG: the chunk list. IHDR gives the size, eXIf the EXIF, an uncompressed iTXt
//! `XML:com.adobe.xmp` the XMP. Image data chunks are skipped, not read.

use std::io::{self, BufRead, Seek};

use super::container::{be32, guard, read_vec, Container, ExifBlock};

/// Metadata chunks larger than this are skipped rather than read.
const CHUNK_LIMIT: u64 = 16 << 20;

pub(crate) fn read<R: BufRead + Seek>(reader: &mut R) -> io::Result<Container> {
    let mut container = Container { format: "PNG", ..Container::default() };
    let result = chunks(reader, &mut container);
    guard(&mut container, result)?;
    Ok(container)
}

fn chunks<R: BufRead + Seek>(reader: &mut R, container: &mut Container) -> io::Result<()> {
    let mut signature = [0u8; 8];
    reader.read_exact(&mut signature)?;
    loop {
        let mut header = [0u8; 8];
        reader.read_exact(&mut header)?;
        let length = u64::from(u32::from_be_bytes([header[0], header[1], header[2], header[3]]));
        let kind = &header[4..8];
        let wanted = matches!(kind, b"IHDR" | b"eXIf" | b"iTXt") && length <= CHUNK_LIMIT;
        if kind == b"IEND" {
            return Ok(());
        }
        if !wanted {
            reader.seek_relative(length as i64 + 4)?;
            continue;
        }
        let data = read_vec(reader, length, CHUNK_LIMIT)?;
        reader.seek_relative(4)?; // CRC
        match kind {
            b"IHDR" => {
                if let (Some(width), Some(height)) = (be32(&data, 0), be32(&data, 4)) {
                    container.size = Some((width, height)).filter(|(w, h)| *w > 0 && *h > 0);
                }
            }
            b"eXIf" if container.exif.is_none() => {
                let tiff = data.strip_prefix(b"Exif\0\0").map(<[u8]>::to_vec).unwrap_or(data);
                container.exif = Some(ExifBlock::Tiff(tiff));
            }
            b"iTXt" if container.xmp.is_none() => container.xmp = xmp_from_itxt(&data),
            _ => {}
        }
    }
}

/// iTXt: keyword NUL, compression flag, method, language NUL, translated keyword NUL, text.
fn xmp_from_itxt(data: &[u8]) -> Option<Vec<u8>> {
    let rest = data.strip_prefix(b"XML:com.adobe.xmp\0")?;
    let (&compressed, rest) = rest.split_first()?;
    if compressed != 0 {
        // Compressed XMP is rare and would need zlib; it is skipped.
        return None;
    }
    let rest = rest.get(1..)?;
    let language_end = rest.iter().position(|b| *b == 0)?;
    let rest = &rest[language_end + 1..];
    let translated_end = rest.iter().position(|b| *b == 0)?;
    Some(rest[translated_end + 1..].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn itxt() {
        assert_eq!(xmp_from_itxt(b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>"), Some(b"<x:xmpmeta/>".to_vec()));
        assert_eq!(xmp_from_itxt(b"XML:com.adobe.xmp\0\x01\0\0\0zz"), None);
        assert_eq!(xmp_from_itxt(b"Comment\0\0\0\0\0hello"), None);
        assert_eq!(xmp_from_itxt(b"XML:com.adobe.xmp\0\0\0"), None);
    }
}
