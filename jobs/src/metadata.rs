//! Reading what a file says about itself: EXIF, XMP (embedded and sidecars) and video containers.
//! Pure media code with no database: the metadata job calls [`extract`] and persists the result.
//! When no date is found the caller falls back to the file's own times; this module does not.

mod container;
mod exif;
mod exposure_time;
mod gps;
mod heif;
mod icc;
mod image;
mod iptc;
mod jpeg;
mod jxl;
mod png;
mod raw;
mod sidecar;
mod taken_at;
mod tiff;
mod video;
mod webp;
mod xmp;

use std::fmt;
use std::path::{Path, PathBuf};

use domain::media_metadata::MediaMetadata;
use domain::media_types::AssetType;

/// What [`extract`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    pub metadata: MediaMetadata,
    /// Problems that did not stop extraction, e.g. a broken sidecar or a damaged EXIF block, each
    /// a clear sentence.
    pub problems: Vec<String>,
}

#[derive(Debug)]
pub enum MetadataError {
    /// The file cannot be read as what it claims to be (permanent: do not retry).
    Unreadable(String),
    /// An I/O error (transient: retry).
    Io(std::io::Error),
}

impl MetadataError {
    pub fn is_transient(&self) -> bool {
        matches!(self, MetadataError::Io(_))
    }

    /// An error from reading a file's structure: one the operating system raised is I/O (worth a
    /// retry); one a parser made up about the bytes means the file is unreadable.
    fn from_read(error: std::io::Error, path: &Path) -> MetadataError {
        if error.raw_os_error().is_some() {
            MetadataError::Io(error)
        } else {
            MetadataError::Unreadable(format!("{} cannot be read: {error}", path.display()))
        }
    }
}

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetadataError::Unreadable(reason) => write!(f, "unreadable file: {reason}"),
            MetadataError::Io(error) => write!(f, "I/O error while reading metadata: {error}"),
        }
    }
}

impl std::error::Error for MetadataError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MetadataError::Unreadable(_) => None,
            MetadataError::Io(error) => Some(error),
        }
    }
}

/// Extracts the metadata of an image or video, merged with its XMP sidecar when one is given
/// (sidecar values override the file's). Reads only the headers, never the pixels.
pub fn extract(path: &Path, asset_type: AssetType, sidecar: Option<&Path>) -> Result<Extraction, MetadataError> {
    let mut problems = Vec::new();
    let sidecar_tags = match sidecar {
        Some(sidecar) => sidecar::read(sidecar, &mut problems)?,
        None => None,
    };
    let metadata = match asset_type {
        AssetType::Image => image::extract(path, sidecar_tags.as_ref(), &mut problems)?,
        AssetType::Video => {
            let mut metadata = video::extract(path, &mut problems)?;
            if let Some(tags) = &sidecar_tags {
                sidecar::overlay(&mut metadata, tags);
            }
            metadata
        }
    };
    Ok(Extraction { metadata, problems })
}

/// `photo.jpg.xmp` or `photo.xmp` next to the file, when present.
pub fn find_sidecar(path: &Path) -> Option<PathBuf> {
    sidecar::find(path)
}
