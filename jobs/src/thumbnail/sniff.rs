//! Picks the decoder from the first bytes of the file, never from its name: phones and
//! cameras export files whose extension lies (a HEIC named .jpg, a PNG named .jpeg).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Jpeg,
    Png,
    Gif,
    WebP,
    Bmp,
    /// TIFF container: a plain TIFF or a TIFF-based RAW (DNG, CR2, NEF, ARW, PEF…).
    Tiff,
    /// HEIF container: HEIC or AVIF.
    Heif,
    Jxl,
    Raw(RawKind),
    Video,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RawKind {
    /// TIFF layout with a private magic number (ORF, RW2) or a CR2 marker.
    TiffLike,
    /// Canon CR3 (ISO base media file).
    Cr3,
    /// Fujifilm RAF, whose header points at its JPEG preview.
    Raf,
    /// Other RAW containers: only scanning for embedded JPEGs can help.
    Other,
}

impl Format {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Gif => "GIF",
            Format::WebP => "WebP",
            Format::Bmp => "BMP",
            Format::Tiff => "TIFF",
            Format::Heif => "HEIF",
            Format::Jxl => "JPEG XL",
            Format::Raw(_) => "camera RAW",
            Format::Video => "video",
            Format::Unknown => "unknown",
        }
    }
}

const HEIF_BRANDS: &[&[u8; 4]] = &[
    b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1", b"mif2", b"avif",
    b"avis", b"avio",
];

pub(crate) fn sniff(head: &[u8]) -> Format {
    let starts = |magic: &[u8]| head.starts_with(magic);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return Format::Jpeg;
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Format::Png;
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Format::Gif;
    }
    if starts(b"RIFF") && head.len() >= 12 {
        return match &head[8..12] {
            b"WEBP" => Format::WebP,
            b"AVI " | b"AVIX" => Format::Video,
            _ => Format::Unknown,
        };
    }
    if starts(b"BM") && head.len() >= 26 && bmp_header_plausible(head) {
        return Format::Bmp;
    }
    if starts(b"FUJIFILMCCD-RAW") {
        return Format::Raw(RawKind::Raf);
    }
    if starts(b"IIRO") || starts(b"IIRS") || starts(b"MMOR") || starts(b"IIU\0") {
        return Format::Raw(RawKind::TiffLike);
    }
    if starts(b"II*\0") || starts(b"MM\0*") {
        if head.len() >= 11 && &head[8..11] == b"CR\x02" {
            return Format::Raw(RawKind::TiffLike);
        }
        return Format::Tiff;
    }
    if starts(b"II+\0") || starts(b"MM\0+") {
        return Format::Tiff;
    }
    if starts(&[0xFF, 0x0A]) || starts(b"\0\0\0\x0cJXL \r\n\x87\n") {
        return Format::Jxl;
    }
    if starts(b"\0MRM") || starts(b"FOVb") {
        return Format::Raw(RawKind::Other);
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        return sniff_ftyp(head);
    }
    if starts(&[0x1A, 0x45, 0xDF, 0xA3])
        || starts(b"FLV")
        || starts(&[0x00, 0x00, 0x01, 0xBA])
        || starts(&[0x30, 0x26, 0xB2, 0x75])
        || is_mpeg_ts(head)
    {
        return Format::Video;
    }
    if head.len() >= 8 && matches!(&head[4..8], b"moov" | b"mdat" | b"wide" | b"free" | b"skip") {
        // QuickTime files from old cameras may start without an ftyp box.
        return Format::Video;
    }
    Format::Unknown
}

/// ISO base media files: HEIF/AVIF stills, Canon CR3, or MP4/MOV/3GP video.
fn sniff_ftyp(head: &[u8]) -> Format {
    let major = &head[8..12];
    if major == b"crx " {
        return Format::Raw(RawKind::Cr3);
    }
    if HEIF_BRANDS.iter().any(|brand| major == &brand[..]) {
        return Format::Heif;
    }
    let box_len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
    let end = box_len.min(head.len());
    // Compatible brands: the 4-byte codes after major brand and minor version.
    if end > 16 {
        let compatible = &head[16..end];
        let has_video_brand = compatible.chunks_exact(4).any(|brand| {
            matches!(brand, b"isom" | b"iso2" | b"mp41" | b"mp42" | b"avc1" | b"qt  " | b"M4V " | b"3gp4")
        });
        let has_heif_brand = compatible.chunks_exact(4).any(|brand| HEIF_BRANDS.iter().any(|heif| brand == &heif[..]));
        if has_heif_brand && !has_video_brand {
            return Format::Heif;
        }
    }
    Format::Video
}

fn bmp_header_plausible(head: &[u8]) -> bool {
    // The DIB header size sits at byte 14 and is one of a handful of known values.
    let dib = u32::from_le_bytes([head[14], head[15], head[16], head[17]]);
    matches!(dib, 12 | 40 | 52 | 56 | 64 | 108 | 124)
}

/// MPEG transport streams (.ts, or .m2ts with a 4-byte timestamp before each 188-byte packet).
fn is_mpeg_ts(head: &[u8]) -> bool {
    let sync_at = |start: usize, stride: usize| (0..3).all(|i| head.get(start + i * stride) == Some(&0x47));
    sync_at(0, 188) || sync_at(4, 192)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_magic_numbers() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE1]), Format::Jpeg);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Format::Png);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Format::WebP);
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"), Format::Heif);
        assert_eq!(sniff(b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf"), Format::Heif);
        assert_eq!(sniff(b"\0\0\0\x18ftypcrx \0\0\0\x01crx isom"), Format::Raw(RawKind::Cr3));
        assert_eq!(sniff(b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41"), Format::Video);
        assert_eq!(sniff(b"\0\0\0\x14ftypqt  \0\0\0\0qt  "), Format::Video);
        assert_eq!(sniff(b"II*\0\x10\0\0\0CR\x02\0"), Format::Raw(RawKind::TiffLike));
        assert_eq!(sniff(b"II*\0\x08\0\0\0\0\0\0\0"), Format::Tiff);
        assert_eq!(sniff(b"hello, I am text"), Format::Unknown);
        assert_eq!(sniff(b""), Format::Unknown);
    }
}
