//! What can go wrong while making thumbnails, split by what the queue should do about it:
//! retry (`Io`) or give up on this file for good (everything else).

use std::fmt;

/// Why no thumbnail could be made for a file.
#[derive(Debug)]
pub enum ThumbnailError {
    /// A format we cannot decode (permanent).
    Unsupported(String),
    /// A damaged file, or one whose contents contradict its headers (permanent).
    Corrupt(String),
    /// More pixels than `Settings::max_pixels` (permanent; protects against decompression bombs).
    TooLarge { width: u64, height: u64, limit: u64 },
    /// Reading the source or writing an output failed (transient: the disk may come back).
    Io(std::io::Error),
}

impl ThumbnailError {
    /// Whether trying again later could succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, ThumbnailError::Io(_))
    }

    pub(crate) fn corrupt(message: impl Into<String>) -> Self {
        ThumbnailError::Corrupt(message.into())
    }

    pub(crate) fn unsupported(message: impl Into<String>) -> Self {
        ThumbnailError::Unsupported(message.into())
    }
}

impl fmt::Display for ThumbnailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ThumbnailError::Unsupported(why) => write!(f, "unsupported file: {why}"),
            ThumbnailError::Corrupt(why) => write!(f, "damaged file: {why}"),
            ThumbnailError::TooLarge { width, height, limit } => write!(
                f,
                "image is too large: {width}×{height} is {} pixels, more than the limit of {limit}",
                width.saturating_mul(*height)
            ),
            ThumbnailError::Io(error) => write!(f, "could not read or write a file: {error}"),
        }
    }
}

impl std::error::Error for ThumbnailError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ThumbnailError::Io(error) => Some(error),
            _ => None,
        }
    }
}

impl From<std::io::Error> for ThumbnailError {
    fn from(error: std::io::Error) -> Self {
        ThumbnailError::Io(error)
    }
}
