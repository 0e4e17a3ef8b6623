//! A small, bounds-checked reader for TIFF directories: enough to find the orientation in an
//! EXIF block and the JPEG previews inside TIFF-based RAW files. Never trusts an offset.

pub(crate) const TAG_COMPRESSION: u16 = 0x0103;
pub(crate) const TAG_PHOTOMETRIC: u16 = 0x0106;
pub(crate) const TAG_STRIP_OFFSETS: u16 = 0x0111;
pub(crate) const TAG_ORIENTATION: u16 = 0x0112;
pub(crate) const TAG_STRIP_BYTE_COUNTS: u16 = 0x0117;
pub(crate) const TAG_SUB_IFDS: u16 = 0x014A;
pub(crate) const TAG_JPEG_OFFSET: u16 = 0x0201;
pub(crate) const TAG_JPEG_LENGTH: u16 = 0x0202;
pub(crate) const TAG_DNG_VERSION: u16 = 0xC612;
/// Panasonic RW2 keeps its full-size JPEG in IFD0 under this tag.
pub(crate) const TAG_RW2_JPEG_FROM_RAW: u16 = 0x002E;

/// Entries per directory and values per entry we are willing to look at.
const MAX_ENTRIES: usize = 1024;
const MAX_VALUES: usize = 4096;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub tag: u16,
    pub kind: u16,
    pub count: u32,
    /// Where the 4-byte value/offset field of this entry starts in the file.
    field: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Ifd {
    pub entries: Vec<Entry>,
    pub next: Option<usize>,
}

impl Ifd {
    pub(crate) fn get(&self, tag: u16) -> Option<&Entry> {
        self.entries.iter().find(|entry| entry.tag == tag)
    }
}

pub(crate) struct TiffReader<'a> {
    data: &'a [u8],
    big_endian: bool,
}

impl<'a> TiffReader<'a> {
    /// Accepts any 16-bit magic after the byte-order mark: ORF and RW2 use their own.
    pub(crate) fn new(data: &'a [u8]) -> Option<Self> {
        let big_endian = match data.get(..2)? {
            b"II" => false,
            b"MM" => true,
            _ => return None,
        };
        Some(TiffReader { data, big_endian })
    }

    pub(crate) fn u16_at(&self, at: usize) -> Option<u16> {
        let bytes: [u8; 2] = self.data.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if self.big_endian { u16::from_be_bytes(bytes) } else { u16::from_le_bytes(bytes) })
    }

    pub(crate) fn u32_at(&self, at: usize) -> Option<u32> {
        let bytes: [u8; 4] = self.data.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if self.big_endian { u32::from_be_bytes(bytes) } else { u32::from_le_bytes(bytes) })
    }

    pub(crate) fn first_ifd(&self) -> Option<usize> {
        self.u32_at(4).map(|offset| offset as usize)
    }

    pub(crate) fn ifd(&self, offset: usize) -> Option<Ifd> {
        let count = usize::from(self.u16_at(offset)?);
        if count == 0 || count > MAX_ENTRIES {
            return None;
        }
        let mut entries = Vec::with_capacity(count);
        for i in 0..count {
            let at = offset + 2 + i * 12;
            let (Some(tag), Some(kind), Some(value_count)) =
                (self.u16_at(at), self.u16_at(at + 2), self.u32_at(at + 4))
            else {
                break;
            };
            entries.push(Entry { tag, kind, count: value_count, field: at + 8 });
        }
        let next = self
            .u32_at(offset + 2 + count * 12)
            .map(|next| next as usize)
            .filter(|&next| next != 0 && next < self.data.len());
        Some(Ifd { entries, next })
    }

    /// Where an entry's values live and how many bytes they take.
    pub(crate) fn value_bytes(&self, entry: &Entry) -> Option<(usize, usize)> {
        let size = match entry.kind {
            1 | 2 | 6 | 7 => 1,
            3 | 8 => 2,
            4 | 9 | 11 | 13 => 4,
            5 | 10 | 12 => 8,
            _ => return None,
        };
        let len = (entry.count as usize).checked_mul(size)?;
        let start = if len <= 4 { entry.field } else { self.u32_at(entry.field)? as usize };
        let end = start.checked_add(len)?;
        (end <= self.data.len()).then_some((start, len))
    }

    /// The integer values of a BYTE/SHORT/LONG/IFD entry.
    pub(crate) fn uints(&self, entry: &Entry) -> Vec<u32> {
        let Some((start, _)) = self.value_bytes(entry) else {
            return Vec::new();
        };
        let count = (entry.count as usize).min(MAX_VALUES);
        (0..count)
            .filter_map(|i| match entry.kind {
                1 | 7 => self.data.get(start + i).map(|&b| u32::from(b)),
                3 => self.u16_at(start + i * 2).map(u32::from),
                4 | 13 => self.u32_at(start + i * 4),
                _ => None,
            })
            .collect()
    }

    pub(crate) fn uint(&self, ifd: &Ifd, tag: u16) -> Option<u32> {
        self.uints(ifd.get(tag)?).first().copied()
    }
}

/// The orientation (1–8) in IFD0 of a TIFF structure such as an EXIF block.
pub(crate) fn orientation(tiff: &[u8]) -> Option<u16> {
    let reader = TiffReader::new(tiff)?;
    let ifd0 = reader.ifd(reader.first_ifd()?)?;
    let value = reader.uint(&ifd0, TAG_ORIENTATION)?;
    u16::try_from(value).ok().filter(|v| (1..=8).contains(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_orientation_in_both_byte_orders() {
        let little = [
            b'I', b'I', 42, 0, 8, 0, 0, 0, // header
            1, 0, // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, // orientation = 6
            0, 0, 0, 0,
        ];
        assert_eq!(orientation(&little), Some(6));
        let big = [b'M', b'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 8, 0, 0, 0, 0, 0, 0];
        assert_eq!(orientation(&big), Some(8));
        assert_eq!(orientation(&little[..12]), None);
    }
}
