//! JPEG: one pass over the marker segments up to the image data. APP1 holds EXIF and XMP, APP2
//! the ICC profile (possibly in chunks), APP13 the IPTC records, the first SOF the pixel size.

use std::io::{self, BufRead, Seek};

use super::container::{guard, read_vec, Container, ExifBlock};
use super::iptc;

const EXIF_HEADER: &[u8] = b"Exif\0";
const XMP_HEADER: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const ICC_HEADER: &[u8] = b"ICC_PROFILE\0";
const PHOTOSHOP_HEADER: &[u8] = b"Photoshop 3.0\0";
/// How far past a broken segment to look for the next marker before giving up.
const RESYNC_LIMIT: usize = 64 * 1024;

pub(crate) fn read<R: BufRead + Seek>(reader: &mut R) -> io::Result<Container> {
    let mut container = Container { format: "JPEG", ..Container::default() };
    let mut icc_chunks: Vec<(u8, Vec<u8>)> = Vec::new();
    let result = segments(reader, &mut container, &mut icc_chunks);
    guard(&mut container, result)?;
    if !icc_chunks.is_empty() {
        icc_chunks.sort_by_key(|(sequence, _)| *sequence);
        container.icc = Some(icc_chunks.into_iter().flat_map(|(_, chunk)| chunk).collect());
    }
    Ok(container)
}

fn segments<R: BufRead + Seek>(
    reader: &mut R,
    container: &mut Container,
    icc_chunks: &mut Vec<(u8, Vec<u8>)>,
) -> io::Result<()> {
    let mut soi = [0u8; 2];
    reader.read_exact(&mut soi)?;
    loop {
        let marker = next_marker(reader, container)?;
        let Some(marker) = marker else { return Ok(()) };
        match marker {
            // Standalone markers carry no length.
            0x01 | 0xD0..=0xD7 => continue,
            // End of image, or start of the compressed data: nothing more for us.
            0xD9 | 0xDA => return Ok(()),
            _ => {}
        }
        let mut length = [0u8; 2];
        reader.read_exact(&mut length)?;
        let length = u16::from_be_bytes(length);
        if length < 2 {
            container.problems.push(format!("The JPEG has a segment with an impossible length ({length})."));
            return Ok(());
        }
        let payload_length = u64::from(length - 2);
        match marker {
            0xE1 | 0xE2 | 0xED => {
                let payload = read_vec(reader, payload_length, u64::from(u16::MAX))?;
                app_segment(marker, payload, container, icc_chunks);
            }
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF
                if container.size.is_none() && payload_length >= 5 =>
            {
                let mut frame = [0u8; 5];
                reader.read_exact(&mut frame)?;
                let height = u16::from_be_bytes([frame[1], frame[2]]);
                let width = u16::from_be_bytes([frame[3], frame[4]]);
                if width > 0 && height > 0 {
                    container.size = Some((u32::from(width), u32::from(height)));
                }
                reader.seek_relative(payload_length as i64 - 5)?;
            }
            _ => reader.seek_relative(payload_length as i64)?,
        }
    }
}

fn app_segment(marker: u8, payload: Vec<u8>, container: &mut Container, icc_chunks: &mut Vec<(u8, Vec<u8>)>) {
    match marker {
        0xE1 if payload.starts_with(EXIF_HEADER) && container.exif.is_none() => {
            // "Exif\0\0", though some writers put another byte where the second NUL belongs.
            let tiff = payload.get(6..).map(<[u8]>::to_vec).unwrap_or_default();
            container.exif = Some(ExifBlock::Tiff(tiff));
        }
        0xE1 if payload.starts_with(XMP_HEADER) && container.xmp.is_none() => {
            container.xmp = Some(payload[XMP_HEADER.len()..].to_vec());
        }
        0xE2 if payload.starts_with(ICC_HEADER) && payload.len() > ICC_HEADER.len() + 2 => {
            let sequence = payload[ICC_HEADER.len()];
            icc_chunks.push((sequence, payload[ICC_HEADER.len() + 2..].to_vec()));
        }
        0xED if payload.starts_with(PHOTOSHOP_HEADER) && container.iptc.is_none() => {
            container.iptc = iptc::iim_from_photoshop_resources(&payload[PHOTOSHOP_HEADER.len()..]).map(<[u8]>::to_vec);
        }
        _ => {}
    }
}

/// The next marker code, skipping fill bytes. Garbage between segments (a damaged file) is
/// skipped up to a limit, with a problem noted; `None` when no marker is found.
fn next_marker<R: BufRead>(reader: &mut R, container: &mut Container) -> io::Result<Option<u8>> {
    let mut skipped = 0usize;
    let mut byte = [0u8; 1];
    loop {
        reader.read_exact(&mut byte)?;
        if byte[0] == 0xFF {
            break;
        }
        skipped += 1;
        if skipped > RESYNC_LIMIT {
            container.problems.push("The JPEG structure is broken: no segment marker where one belongs.".to_owned());
            return Ok(None);
        }
    }
    loop {
        reader.read_exact(&mut byte)?;
        if byte[0] != 0xFF {
            break;
        }
    }
    if skipped > 0 {
        container.problems.push(format!("The JPEG has {skipped} stray bytes between segments."));
    }
    if byte[0] == 0x00 {
        // 0xFF00 is escaped image data: we are inside the scan of a damaged file.
        container.problems.push("The JPEG structure is broken: image data where a segment belongs.".to_owned());
        return Ok(None);
    }
    Ok(Some(byte[0]))
}
