//! XMP sidecars: finding `photo.jpg.xmp` or `photo.xmp` next to a file, and reading one. A
//! sidecar that cannot be parsed is a problem, not a failure: the file's own metadata still
//! counts.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::xmp::{self, XmpTags};
use super::MetadataError;

/// Sidecars bigger than this are not XMP anyone wrote by hand or by tool.
const SIDECAR_LIMIT: u64 = 16 << 20;

/// `photo.jpg.xmp` (darktable, Immich) or `photo.xmp` (Lightroom), in that order; either
/// extension case.
pub(crate) fn find(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let mut candidates = vec![path.with_file_name(format!("{name}.xmp")), path.with_file_name(format!("{name}.XMP"))];
    if path.extension().is_some() {
        candidates.push(path.with_extension("xmp"));
        candidates.push(path.with_extension("XMP"));
    }
    candidates.into_iter().find(|candidate| candidate != path && candidate.is_file())
}

/// The sidecar's tags, `Ok(None)` with a problem pushed when it is missing or not XMP, or an I/O
/// error worth retrying.
pub(crate) fn read(path: &Path, problems: &mut Vec<String>) -> Result<Option<XmpTags>, MetadataError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            problems.push(format!("The sidecar {name} does not exist."));
            return Ok(None);
        }
        Err(error) => return Err(MetadataError::Io(error)),
    };
    let mut bytes = Vec::new();
    file.take(SIDECAR_LIMIT + 1).read_to_end(&mut bytes).map_err(MetadataError::Io)?;
    if bytes.len() as u64 > SIDECAR_LIMIT {
        problems.push(format!("The sidecar {name} is larger than {} MiB; it was ignored.", SIDECAR_LIMIT >> 20));
        return Ok(None);
    }
    match xmp::parse(&bytes) {
        Ok(tags) => Ok(Some(tags)),
        Err(reason) => {
            problems.push(format!("The sidecar {name} is not valid XMP: {reason}."));
            Ok(None)
        }
    }
}

/// Lays a sidecar over a video's container metadata: what the sidecar says wins.
pub(crate) fn overlay(metadata: &mut domain::media_metadata::MediaMetadata, tags: &XmpTags) {
    use domain::media_metadata::{TakenAt, TakenAtSource};
    let dates = &tags.dates;
    if let Some(stamp) = dates.taken() {
        metadata.taken_at = Some(TakenAt { local: stamp.local, offset: stamp.offset, source: TakenAtSource::Xmp });
    }
    if let Some(stamp) = dates.modified {
        metadata.modified_at = Some(stamp.utc());
    }
    if let Some(position) = tags.position {
        metadata.latitude = Some(position.latitude);
        metadata.longitude = Some(position.longitude);
        metadata.altitude = position.altitude;
    }
    let replace = |target: &mut Option<String>, value: &Option<String>| {
        if value.is_some() {
            target.clone_from(value);
        }
    };
    replace(&mut metadata.make, &tags.make);
    replace(&mut metadata.model, &tags.model);
    replace(&mut metadata.description, &tags.description);
    replace(&mut metadata.projection_type, &tags.projection_type);
    if tags.rating.is_some() {
        metadata.rating = tags.rating;
    }
    if !tags.keywords.is_empty() {
        metadata.keywords.clone_from(&tags.keywords);
    }
}
