//! The pixel budget: a file that claims more pixels than `max_pixels` is refused from its
//! header, before any pixel buffer is allocated (decompression bombs are tiny files that
//! claim gigapixels).

use super::error::ThumbnailError;
use super::sniff::Format;

pub(crate) fn check(width: u32, height: u32, max_pixels: u64) -> Result<(), ThumbnailError> {
    check_u64(u64::from(width), u64::from(height), max_pixels)
}

pub(crate) fn check_u64(width: u64, height: u64, max_pixels: u64) -> Result<(), ThumbnailError> {
    if width.saturating_mul(height) > max_pixels {
        return Err(ThumbnailError::TooLarge { width, height, limit: max_pixels });
    }
    Ok(())
}

/// Checks the size in the first bytes of the file when the format's header says it there.
/// Headers this cannot parse pass; each decoder checks again once it knows the size.
pub(crate) fn check_header(head: &[u8], format: Format, max_pixels: u64) -> Result<(), ThumbnailError> {
    // imagesize reads a PNG's size at a fixed offset; only trust it when that is an IHDR chunk.
    if format == Format::Png && head.get(12..16) != Some(b"IHDR".as_slice()) {
        return Ok(());
    }
    match imagesize::blob_size(head) {
        Ok(size) => check_u64(size.width as u64, size.height as u64, max_pixels),
        Err(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_more_pixels_than_the_limit() {
        assert!(check(100, 100, 10_000).is_ok());
        assert!(matches!(
            check(100, 101, 10_000),
            Err(ThumbnailError::TooLarge { width: 100, height: 101, limit: 10_000 })
        ));
        assert!(check(u32::MAX, u32::MAX, u64::MAX).is_ok());
    }
}
