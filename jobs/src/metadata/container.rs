//! What an image container gives up before any interpretation: its metadata blocks (EXIF, XMP,
//! IPTC, ICC) and its pixel size, found by the file's magic bytes rather than its name. Each
//! format has its own reader; all read only the headers, never the pixels.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};

use super::{heif, jpeg, jxl, png, raw, tiff, webp};

/// How much of a file is searched for an XMP packet when the format has no fixed place for it.
pub(crate) const XMP_SCAN_LIMIT: u64 = 4 << 20;

/// EXIF as the container stores it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ExifBlock {
    /// One TIFF structure, from its byte-order mark on.
    Tiff(Vec<u8>),
    /// Canon CR3: one TIFF structure per IFD.
    Split { ifd0: Option<Vec<u8>>, exif: Option<Vec<u8>>, gps: Option<Vec<u8>> },
}

#[derive(Debug, Default)]
pub(crate) struct Container {
    pub format: &'static str,
    pub exif: Option<ExifBlock>,
    pub xmp: Option<Vec<u8>>,
    /// An IPTC IIM stream.
    pub iptc: Option<Vec<u8>>,
    pub icc: Option<Vec<u8>>,
    /// Pixel size as stored.
    pub size: Option<(u32, u32)>,
    /// The container applies its own rotation (HEIF `irot`, JPEG XL orientation) and `size` is
    /// already the displayed size, so EXIF orientation must not turn it again.
    pub size_is_displayed: bool,
    /// For RAW files: take the larger of the header size and the EXIF sizes.
    pub raw: bool,
    pub problems: Vec<String>,
}

impl Container {
    pub(crate) fn truncated(&mut self) {
        self.problems
            .push(format!("The {} file ends early (it is truncated); what came before the end was read.", self.format));
    }
}

/// Runs a format reader; running out of bytes is a truncated file and an absurd length a
/// malformed one (problems), not I/O errors.
pub(crate) fn guard(container: &mut Container, result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => {
            container.truncated();
            Ok(())
        }
        Err(error) if error.kind() == io::ErrorKind::InvalidData => {
            container
                .problems
                .push(format!("The {} file is malformed: {error}; what came before was read.", container.format));
            Ok(())
        }
        other => other,
    }
}

pub(crate) fn read(file: File, extension: Option<&str>) -> io::Result<Container> {
    let length = file.metadata()?.len();
    let mut reader = BufReader::with_capacity(16 * 1024, file);
    let mut head = [0u8; 32];
    let got = read_up_to(&mut reader, &mut head)?;
    let head = &head[..got];
    reader.seek(SeekFrom::Start(0))?;

    let is_raw_name = extension.is_some_and(|e| RAW_EXTENSIONS.contains(&e));
    let mut container = if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        jpeg::read(&mut reader)?
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        png::read(&mut reader)?
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        webp::read(&mut reader)?
    } else if tiff::is_tiff(head) {
        tiff::read(&mut reader, length, is_raw_name)?
    } else if head.starts_with(b"FUJIFILMCCD-RAW") {
        raw::read_raf(&mut reader)?
    } else if head.len() >= 12 && &head[4..8] == b"ftyp" && &head[8..12] == b"crx " {
        raw::read_cr3(&mut reader)?
    } else if head.len() >= 12 && &head[4..8] == b"ftyp" {
        heif::read(&mut reader)?
    } else if head.starts_with(&[0xFF, 0x0A]) || head.starts_with(b"\0\0\0\x0cJXL \r\n\x87\n") {
        jxl::read(&mut reader)?
    } else {
        other(&mut reader, head)?
    };
    // Formats with a structured place for XMP were read above; the others (GIF, BMP) are searched.
    if container.xmp.is_none() && matches!(container.format, "GIF" | "BMP") {
        reader.seek(SeekFrom::Start(0))?;
        container.xmp = scan_for_xmp(&mut reader, XMP_SCAN_LIMIT)?;
    }
    Ok(container)
}

pub(crate) const RAW_EXTENSIONS: &[&str] = &[".dng", ".cr2", ".cr3", ".nef", ".arw", ".orf", ".rw2", ".raf", ".pef"];

/// GIF and BMP: the size from imagesize, XMP found by scanning. Anything else is no image
/// Shoebox takes; imagesize's looser guesses (TGA, ICO, …) could see one in any garbage.
fn other<R: BufRead + Seek>(reader: &mut R, head: &[u8]) -> io::Result<Container> {
    let format = if head.starts_with(b"GIF8") {
        "GIF"
    } else if head.starts_with(b"BM") {
        "BMP"
    } else {
        return Ok(Container { format: "unknown", ..Container::default() });
    };
    let mut container = Container { format, ..Container::default() };
    container.size = header_size(reader)?;
    Ok(container)
}

/// The stored pixel size as imagesize reads it from the header.
pub(crate) fn header_size<R: BufRead + Seek>(reader: &mut R) -> io::Result<Option<(u32, u32)>> {
    reader.seek(SeekFrom::Start(0))?;
    match imagesize::reader_size(&mut *reader) {
        Ok(size) => Ok(dimensions(size.width, size.height)),
        // Only the operating system's errors are I/O errors; the rest is about the bytes.
        Err(imagesize::ImageError::IoError(error)) if error.raw_os_error().is_some() => Err(error),
        Err(_) => Ok(None),
    }
}

pub(crate) fn dimensions(width: usize, height: usize) -> Option<(u32, u32)> {
    let width = u32::try_from(width).ok()?;
    let height = u32::try_from(height).ok()?;
    (width > 0 && height > 0).then_some((width, height))
}

/// Finds `<x:xmpmeta …</x:xmpmeta>` (or a bare `<rdf:RDF …</rdf:RDF>`) in the first `limit`
/// bytes. A packet cut off by the limit is returned as is; the parser then reports it.
pub(crate) fn scan_for_xmp<R: Read>(reader: &mut R, limit: u64) -> io::Result<Option<Vec<u8>>> {
    let mut data = Vec::new();
    reader.take(limit).read_to_end(&mut data)?;
    Ok(find_packet(&data).map(<[u8]>::to_vec))
}

pub(crate) fn find_packet(data: &[u8]) -> Option<&[u8]> {
    for (open, close) in [(&b"<x:xmpmeta"[..], &b"</x:xmpmeta>"[..]), (b"<rdf:RDF", b"</rdf:RDF>")] {
        if let Some(start) = find(data, open) {
            let end = find(&data[start..], close).map(|e| start + e + close.len()).unwrap_or(data.len());
            return Some(&data[start..end]);
        }
    }
    None
}

/// Substring search; `<` is rare in compressed data, so checking candidates after it is quick.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut from = 0;
    while let Some(i) = haystack.get(from..)?.iter().position(|b| *b == first) {
        let at = from + i;
        if haystack.get(at..at + needle.len())? == needle {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Reads until `buf` is full or the file ends; returns how much was read.
pub(crate) fn read_up_to<R: Read>(reader: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

/// Reads exactly `len` bytes into a new buffer, refusing absurd lengths before allocating.
pub(crate) fn read_vec<R: Read>(reader: &mut R, len: u64, cap: u64) -> io::Result<Vec<u8>> {
    if len > cap {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("a block of {len} bytes is larger than {cap}")));
    }
    let mut data = Vec::new();
    reader.take(len).read_to_end(&mut data)?;
    if (data.len() as u64) < len {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(data)
}

pub(crate) fn be16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

pub(crate) fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

pub(crate) fn be64(data: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(data.get(at..at.checked_add(8)?)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_packets() {
        assert_eq!(find(b"abc<x:xmpmeta>", b"<x:xmpmeta"), Some(3));
        assert_eq!(find(b"<<<", b"<x"), None);
        assert_eq!(find(b"", b"<x"), None);
        let data = b"junk<x:xmpmeta a='1'><rdf:RDF/></x:xmpmeta>junk";
        assert_eq!(find_packet(data), Some(&data[4..43]));
        assert_eq!(find_packet(b"junk<x:xmpmeta cut"), Some(&b"<x:xmpmeta cut"[..]));
        assert_eq!(find_packet(b"nothing"), None);
    }
}
