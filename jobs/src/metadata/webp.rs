//! WebP: the RIFF chunk list for the EXIF, `XMP ` and ICCP chunks; the size from imagesize,
//! which knows the three bitstream headers (VP8, VP8L, VP8X).

use std::io::{self, BufRead, Seek};

use super::container::{guard, header_size, read_vec, Container, ExifBlock};

const CHUNK_LIMIT: u64 = 16 << 20;

pub(crate) fn read<R: BufRead + Seek>(reader: &mut R) -> io::Result<Container> {
    let mut container = Container { format: "WebP", ..Container::default() };
    let result = chunks(reader, &mut container);
    guard(&mut container, result)?;
    container.size = header_size(reader)?;
    Ok(container)
}

fn chunks<R: BufRead + Seek>(reader: &mut R, container: &mut Container) -> io::Result<()> {
    let mut header = [0u8; 12];
    reader.read_exact(&mut header)?;
    loop {
        let mut chunk = [0u8; 8];
        match reader.read_exact(&mut chunk) {
            // The normal end of the file is between chunks.
            Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            other => other?,
        }
        let length = u64::from(u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]));
        let padded = length + (length & 1);
        let kind = &chunk[..4];
        if !matches!(kind, b"EXIF" | b"XMP " | b"ICCP") || length > CHUNK_LIMIT {
            reader.seek_relative(padded as i64)?;
            continue;
        }
        let data = read_vec(reader, length, CHUNK_LIMIT)?;
        reader.seek_relative((padded - length) as i64)?;
        match kind {
            b"EXIF" if container.exif.is_none() => {
                let tiff = data.strip_prefix(b"Exif\0\0").map(<[u8]>::to_vec).unwrap_or(data);
                container.exif = Some(ExifBlock::Tiff(tiff));
            }
            b"XMP " if container.xmp.is_none() => container.xmp = Some(data),
            b"ICCP" if container.icc.is_none() => container.icc = Some(data),
            _ => {}
        }
    }
}
