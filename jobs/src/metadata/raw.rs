//! The RAW formats that are not TIFF-shaped. Fujifilm RAF carries a JPEG preview holding the
//! EXIF; Canon CR3 is ISOBMFF with the EXIF split into one TIFF structure per IFD (CMT1–CMT4)
//! inside a Canon `uuid` box, and XMP in another `uuid` box.

use std::io::{self, BufRead, Read, Seek, SeekFrom};

use super::container::{be32, guard, Container, ExifBlock};
use super::heif::{boxes, find_top_level};
use super::jpeg;

const CANON_UUID: [u8; 16] =
    [0x85, 0xc0, 0xb6, 0x87, 0x82, 0x0f, 0x11, 0xe0, 0x81, 0x11, 0xf4, 0xce, 0x46, 0x2b, 0x6a, 0x48];
const XMP_UUID: [u8; 16] =
    [0xbe, 0x7a, 0xcf, 0xcb, 0x97, 0xa9, 0x42, 0xe8, 0x9c, 0x71, 0x99, 0x94, 0x91, 0xe3, 0xaf, 0xac];

pub(crate) fn read_raf<R: BufRead + Seek>(reader: &mut R) -> io::Result<Container> {
    let mut header = [0u8; 92];
    let mut container = Container { format: "RAF", raw: true, ..Container::default() };
    if let Err(error) = reader.read_exact(&mut header) {
        guard(&mut container, Err(error))?;
        return Ok(container);
    }
    let offset = be32(&header, 84).unwrap_or(0);
    reader.seek(SeekFrom::Start(u64::from(offset)))?;
    let preview = jpeg::read(reader)?;
    container.exif = preview.exif;
    container.xmp = preview.xmp;
    container.iptc = preview.iptc;
    container.icc = preview.icc;
    container.size = preview.size;
    container.problems = preview.problems;
    Ok(container)
}

pub(crate) fn read_cr3<R: Read + Seek>(reader: &mut R) -> io::Result<Container> {
    let mut container = Container { format: "CR3", raw: true, ..Container::default() };
    let result = read_cr3_into(reader, &mut container);
    guard(&mut container, result)?;
    Ok(container)
}

fn read_cr3_into<R: Read + Seek>(reader: &mut R, container: &mut Container) -> io::Result<()> {
    let Some(moov) = find_top_level(reader, b"moov")? else {
        container.problems.push("The CR3 file has no moov box.".to_owned());
        return Ok(());
    };
    let (mut ifd0, mut exif, mut gps) = (None, None, None);
    for (kind, payload) in boxes(&moov) {
        if &kind != b"uuid" || payload.get(..16) != Some(&CANON_UUID[..]) {
            continue;
        }
        for (kind, payload) in boxes(&payload[16..]) {
            match &kind {
                b"CMT1" => ifd0 = Some(payload.to_vec()),
                b"CMT2" => exif = Some(payload.to_vec()),
                b"CMT4" => gps = Some(payload.to_vec()),
                _ => {}
            }
        }
    }
    if ifd0.is_some() || exif.is_some() || gps.is_some() {
        container.exif = Some(ExifBlock::Split { ifd0, exif, gps });
    }
    // The XMP uuid box sits at the top level, after moov.
    reader.seek(SeekFrom::Start(0))?;
    for _ in 0..64 {
        let mut header = [0u8; 24];
        if reader.read_exact(&mut header[..8]).is_err() {
            break;
        }
        let size = u64::from(u32::from_be_bytes([header[0], header[1], header[2], header[3]]));
        if size < 8 {
            break;
        }
        if &header[4..8] == b"uuid" && size >= 24 {
            reader.read_exact(&mut header[8..24])?;
            if header[8..24] == XMP_UUID {
                let mut xmp = Vec::new();
                reader.take((size - 24).min(16 << 20)).read_to_end(&mut xmp)?;
                container.xmp = Some(xmp);
                break;
            }
            reader.seek(SeekFrom::Current(size as i64 - 24))?;
        } else {
            reader.seek(SeekFrom::Current(size as i64 - 8))?;
        }
    }
    Ok(())
}
