//! TIFF and the TIFF-based RAW formats (DNG, CR2, NEF, ARW, PEF, ORF, RW2). The IFD tree is
//! walked straight from the file, and only the directory tables and their values are copied
//! into a sparse buffer at their own offsets: kamadak-exif parses that buffer as if it were the
//! whole file, without the pixel data ever being read. The walk also finds the image sizes,
//! including those in SubIFDs, where RAW files keep the full-size image.

use std::collections::HashSet;
use std::io::{self, Read, Seek, SeekFrom};

use super::container::{guard, Container, ExifBlock};

const MAX_IFDS: usize = 64;
const MAX_ENTRIES: u16 = 4096;
/// Values bigger than this (a huge maker note, say) are left out of the buffer.
const MAX_VALUE: u64 = 16 << 20;
/// The sparse buffer stays within this, whatever offsets a file claims.
const MAX_SPAN: u64 = 1 << 30;

const EXIF_IFD: u16 = 0x8769;
const GPS_IFD: u16 = 0x8825;
const INTEROP_IFD: u16 = 0xA005;
const SUB_IFDS: u16 = 0x014A;

pub(crate) fn is_tiff(head: &[u8]) -> bool {
    head.starts_with(b"II*\0")
        || head.starts_with(b"MM\0*")
        || head.starts_with(b"IIRO")
        || head.starts_with(b"IIRS")
        || head.starts_with(b"IIU\0")
}

pub(crate) fn read<R: Read + Seek>(reader: &mut R, file_length: u64, raw: bool) -> io::Result<Container> {
    let mut container = Container { format: if raw { "RAW" } else { "TIFF" }, raw, ..Container::default() };
    let mut walk = Walk::default();
    let result = walk_file(reader, file_length, &mut walk);
    guard(&mut container, result)?;
    if walk.ifds_read == 0 {
        container.problems.push("The TIFF header points to no readable directory.".to_owned());
        return Ok(container);
    }
    let span = walk.regions.iter().map(|(start, length)| start + length).max().unwrap_or(0).min(file_length);
    if span > MAX_SPAN {
        container.problems.push("The TIFF directories lie beyond the first GiB; they were not read.".to_owned());
        return Ok(container);
    }
    let mut buffer = vec![0u8; span as usize];
    let result = fill(reader, &mut walk.regions, &mut buffer);
    guard(&mut container, result)?;
    // ORF and RW2 use their own magic numbers; kamadak-exif wants TIFF's.
    if buffer.len() >= 4 && buffer.starts_with(b"II") {
        buffer[2..4].copy_from_slice(&[0x2A, 0x00]);
    }
    container.exif = Some(ExifBlock::Tiff(buffer));
    container.size = if raw { walk.largest } else { walk.first };
    Ok(container)
}

#[derive(Default)]
struct Walk {
    little_endian: bool,
    /// (offset, length) of every directory table and value kamadak-exif will look at.
    regions: Vec<(u64, u64)>,
    ifds_read: usize,
    /// IFD0's size, and the largest size of any image in the file.
    first: Option<(u32, u32)>,
    largest: Option<(u32, u32)>,
}

impl Walk {
    fn u16(&self, bytes: &[u8]) -> u16 {
        let pair = [bytes[0], bytes[1]];
        if self.little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    }

    fn u32(&self, bytes: &[u8]) -> u32 {
        let quad = [bytes[0], bytes[1], bytes[2], bytes[3]];
        if self.little_endian {
            u32::from_le_bytes(quad)
        } else {
            u32::from_be_bytes(quad)
        }
    }

    fn consider(&mut self, size: (u32, u32), is_first: bool) {
        if is_first && self.first.is_none() {
            self.first = Some(size);
        }
        let area = |s: (u32, u32)| u64::from(s.0) * u64::from(s.1);
        if self.largest.is_none_or(|l| area(size) > area(l)) {
            self.largest = Some(size);
        }
    }
}

fn walk_file<R: Read + Seek>(reader: &mut R, file_length: u64, walk: &mut Walk) -> io::Result<()> {
    let mut header = [0u8; 8];
    reader.seek(SeekFrom::Start(0))?;
    reader.read_exact(&mut header)?;
    walk.little_endian = header.starts_with(b"II");
    walk.regions.push((0, 8));
    let first = u64::from(walk.u32(&header[4..8]));
    let mut queue = vec![Pending { offset: first, for_exif: true, is_first: true, in_chain: true }];
    let mut seen = HashSet::new();
    let mut chain_length = 0;
    while let Some(pending) = queue.pop() {
        let offset = pending.offset;
        if offset < 8 || offset >= file_length || !seen.insert(offset) || seen.len() > MAX_IFDS {
            continue;
        }
        let Some(next) = walk_ifd(reader, &pending, walk, &mut queue)? else { continue };
        // kamadak-exif follows the main chain (IFD0, IFD1, …) up to eight directories.
        if pending.in_chain && next != 0 && chain_length < 7 {
            chain_length += 1;
            queue.push(Pending { offset: next, for_exif: true, is_first: false, in_chain: true });
        }
    }
    Ok(())
}

/// A directory still to read.
struct Pending {
    offset: u64,
    /// Its values go into the buffer for kamadak-exif (not so for SubIFDs, read for sizes only).
    for_exif: bool,
    /// IFD0.
    is_first: bool,
    /// Part of the IFD0, IFD1, … chain, whose next pointers are followed.
    in_chain: bool,
}

/// Reads one directory; returns the offset of the next one in its chain.
fn walk_ifd<R: Read + Seek>(
    reader: &mut R,
    pending: &Pending,
    walk: &mut Walk,
    queue: &mut Vec<Pending>,
) -> io::Result<Option<u64>> {
    let Pending { offset, for_exif, is_first, .. } = *pending;
    reader.seek(SeekFrom::Start(offset))?;
    let mut count = [0u8; 2];
    reader.read_exact(&mut count)?;
    let count = walk.u16(&count);
    if count == 0 || count > MAX_ENTRIES {
        return Ok(None);
    }
    let mut table = vec![0u8; usize::from(count) * 12 + 4];
    reader.read_exact(&mut table)?;
    walk.ifds_read += 1;
    if for_exif {
        walk.regions.push((offset, 2 + table.len() as u64));
    }
    let (mut width, mut height, mut sensor_width, mut sensor_height) = (None, None, None, None);
    for entry in table[..usize::from(count) * 12].chunks_exact(12) {
        let tag = walk.u16(&entry[0..2]);
        let kind = walk.u16(&entry[2..4]);
        let items = u64::from(walk.u32(&entry[4..8]));
        let unit = match kind {
            1 | 2 | 6 | 7 => 1,
            3 | 8 => 2,
            4 | 9 | 11 | 13 => 4,
            5 | 10 | 12 => 8,
            _ => continue,
        };
        let length = unit * items;
        let inline = &entry[8..12];
        let value_offset = u64::from(walk.u32(inline));
        let number = |walk: &Walk| match kind {
            3 => Some(u32::from(walk.u16(inline))),
            4 => Some(walk.u32(inline)),
            _ => None,
        };
        match tag {
            0x0100 => width = number(walk),
            0x0101 => height = number(walk),
            // RW2 keeps the sensor size in IFD0 tags 2 and 3.
            0x0002 if is_first => sensor_width = number(walk),
            0x0003 if is_first => sensor_height = number(walk),
            EXIF_IFD | GPS_IFD | INTEROP_IFD if for_exif => {
                queue.push(Pending { offset: value_offset, for_exif: true, is_first: false, in_chain: false })
            }
            SUB_IFDS => {
                if items == 1 {
                    queue.push(Pending { offset: value_offset, for_exif: false, is_first: false, in_chain: false });
                } else if items <= 16 {
                    let mut offsets = vec![0u8; (items * 4) as usize];
                    let back = reader.stream_position()?;
                    reader.seek(SeekFrom::Start(value_offset))?;
                    reader.read_exact(&mut offsets)?;
                    reader.seek(SeekFrom::Start(back))?;
                    for sub in offsets.chunks_exact(4) {
                        let offset = u64::from(walk.u32(sub));
                        queue.push(Pending { offset, for_exif: false, is_first: false, in_chain: false });
                    }
                }
            }
            _ => {}
        }
        if for_exif && length > 4 && length <= MAX_VALUE {
            walk.regions.push((value_offset, length));
        }
    }
    for (w, h) in [(width, height), (sensor_width, sensor_height)] {
        if let (Some(w), Some(h)) = (w, h) {
            if w > 0 && h > 0 {
                walk.consider((w, h), is_first);
            }
        }
    }
    let next = u64::from(walk.u32(&table[usize::from(count) * 12..]));
    Ok(Some(next))
}

/// Copies the regions from the file into the buffer, at their own offsets. Nearby regions are
/// read together.
fn fill<R: Read + Seek>(reader: &mut R, regions: &mut [(u64, u64)], buffer: &mut [u8]) -> io::Result<()> {
    regions.sort_unstable();
    let end_of_buffer = buffer.len() as u64;
    let mut merged: Vec<(u64, u64)> = Vec::new();
    for &(start, length) in regions.iter() {
        let end = (start + length).min(end_of_buffer);
        if start >= end {
            continue;
        }
        match merged.last_mut() {
            Some((_, last_end)) if start <= *last_end + 4096 => *last_end = (*last_end).max(end),
            _ => merged.push((start, end)),
        }
    }
    for (start, end) in merged {
        reader.seek(SeekFrom::Start(start))?;
        reader.read_exact(&mut buffer[start as usize..end as usize])?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A little-endian TIFF with IFD0 (width, height, a SubIFD) and a bigger SubIFD image.
    fn sample() -> Vec<u8> {
        let mut file = b"II*\0".to_vec();
        file.extend_from_slice(&8u32.to_le_bytes());
        let entry = |tag: u16, kind: u16, count: u32, value: u32| {
            let mut e = tag.to_le_bytes().to_vec();
            e.extend_from_slice(&kind.to_le_bytes());
            e.extend_from_slice(&count.to_le_bytes());
            e.extend_from_slice(&value.to_le_bytes());
            e
        };
        // IFD0 at 8: 3 entries → 2 + 36 + 4 = 42 bytes, SubIFD at 50.
        file.extend_from_slice(&3u16.to_le_bytes());
        file.extend(entry(0x100, 3, 1, 160));
        file.extend(entry(0x101, 3, 1, 120));
        file.extend(entry(SUB_IFDS, 4, 1, 50));
        file.extend_from_slice(&0u32.to_le_bytes());
        file.resize(50, 0);
        file.extend_from_slice(&2u16.to_le_bytes());
        file.extend(entry(0x100, 4, 1, 6000));
        file.extend(entry(0x101, 4, 1, 4000));
        file.extend_from_slice(&0u32.to_le_bytes());
        file
    }

    #[test]
    fn sizes_and_sparse_buffer() {
        let file = sample();
        let tiff = read(&mut Cursor::new(file.clone()), file.len() as u64, false).unwrap();
        assert_eq!(tiff.size, Some((160, 120)));
        let raw = read(&mut Cursor::new(file.clone()), file.len() as u64, true).unwrap();
        assert_eq!(raw.size, Some((6000, 4000)));
        let Some(ExifBlock::Tiff(buffer)) = raw.exif else { panic!("no buffer") };
        assert_eq!(&buffer[..50], &file[..50]);
    }

    #[test]
    fn truncated_and_garbage() {
        let file = sample();
        for cut in 0..file.len() {
            let _ = read(&mut Cursor::new(file[..cut].to_vec()), cut as u64, true).unwrap();
        }
        let loop_file = {
            let mut f = file.clone();
            // IFD0's next pointer back to itself.
            f[8 + 2 + 36..8 + 2 + 36 + 4].copy_from_slice(&8u32.to_le_bytes());
            f
        };
        assert_eq!(
            read(&mut Cursor::new(loop_file.clone()), loop_file.len() as u64, false).unwrap().size,
            Some((160, 120))
        );
    }
}
