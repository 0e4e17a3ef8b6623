//! JPEG XL: the size with the codestream's own orientation applied, from jxl-oxide reading just
//! the image header; EXIF and XMP from the container's `Exif` and `xml ` boxes when present.

use std::io::{self, Read, Seek, SeekFrom};
use std::panic::{catch_unwind, AssertUnwindSafe};

use jxl_oxide::{InitializeResult, JxlImage, JxlThreadPool};

use super::container::{be32, Container, ExifBlock};
use super::heif::find_top_level;

/// The header (with an ICC profile and maybe a preview frame) must be within this.
const HEADER_LIMIT: usize = 8 << 20;

pub(crate) fn read<R: Read + Seek>(reader: &mut R) -> io::Result<Container> {
    let mut container = Container { format: "JPEG XL", size_is_displayed: true, ..Container::default() };
    reader.seek(SeekFrom::Start(0))?;
    // jxl-oxide is a decoder with asserts of its own; a panic in it must not take the job down.
    match catch_unwind(AssertUnwindSafe(|| header_size(reader))) {
        Ok(Ok(Ok(size))) => container.size = size,
        Ok(Ok(Err(problem))) => container.problems.push(problem),
        Ok(Err(error)) => return Err(error),
        Err(_) => container.problems.push("The JPEG XL header crashed the decoder.".to_owned()),
    }
    let mut signature = [0u8; 12];
    reader.seek(SeekFrom::Start(0))?;
    if reader.read_exact(&mut signature).is_ok() && &signature[4..8] == b"JXL " {
        if let Ok(Some(exif)) = find_top_level(reader, b"Exif") {
            let offset = be32(&exif, 0).unwrap_or(0) as usize;
            if let Some(tiff) = exif.get(4usize.saturating_add(offset)..) {
                container.exif = Some(ExifBlock::Tiff(tiff.to_vec()));
            }
        }
        if let Ok(Some(xmp)) = find_top_level(reader, b"xml ") {
            container.xmp = Some(xmp);
        }
    }
    Ok(container)
}

/// `Ok(Err(problem))` when the header cannot be read.
fn header_size<R: Read>(reader: &mut R) -> io::Result<Result<Option<(u32, u32)>, String>> {
    let mut uninit = JxlImage::builder().pool(JxlThreadPool::none()).build_uninit();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut valid = 0usize;
    let mut total = 0usize;
    loop {
        if valid == buffer.len() {
            buffer.resize(buffer.len() * 2, 0);
        }
        let count = reader.read(&mut buffer[valid..])?;
        if count == 0 {
            return Ok(Err("The JPEG XL file ends before its image header.".to_owned()));
        }
        valid += count;
        total += count;
        let consumed = match uninit.feed_bytes(&buffer[..valid]) {
            Ok(consumed) => consumed.min(valid),
            Err(error) => return Ok(Err(format!("The JPEG XL container is malformed: {error}."))),
        };
        buffer.copy_within(consumed..valid, 0);
        valid -= consumed;
        match uninit.try_init() {
            Ok(InitializeResult::Initialized(image)) => {
                let size = Some((image.width(), image.height())).filter(|(w, h)| *w > 0 && *h > 0);
                return Ok(Ok(size));
            }
            Ok(InitializeResult::NeedMoreData(more)) => uninit = more,
            Err(error) => return Ok(Err(format!("The JPEG XL header is malformed: {error}."))),
        }
        if total > HEADER_LIMIT {
            return Ok(Err("The JPEG XL header is larger than Shoebox reads.".to_owned()));
        }
    }
}
