//! Which files Shoebox accepts, by extension: the formats the ingest pipeline reads. Shared with
//! the browser so the upload panel refuses what the server would refuse.

use serde::{Deserialize, Serialize};

pub const IMAGE_EXTENSIONS: &[&str] = &[
    ".avif", ".bmp", ".cr2", ".cr3", ".dng", ".gif", ".heic", ".heif", ".hif", ".jpe", ".jpeg", ".jpg", ".jxl", ".arw",
    ".nef", ".orf", ".pef", ".png", ".raf", ".rw2", ".tif", ".tiff", ".webp",
];

pub const VIDEO_EXTENSIONS: &[&str] =
    &[".3gp", ".3gpp", ".avi", ".m2t", ".m2ts", ".m4v", ".mkv", ".mov", ".mp4", ".mpeg", ".mpg", ".mts", ".webm"];

pub const SIDECAR_EXTENSIONS: &[&str] = &[".xmp"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AssetTypeEnum))]
#[serde(rename_all = "UPPERCASE")]
pub enum AssetType {
    Image,
    Video,
}

impl AssetType {
    pub fn as_str(self) -> &'static str {
        match self {
            AssetType::Image => "IMAGE",
            AssetType::Video => "VIDEO",
        }
    }
}

/// The lower-case extension of a file name, with its dot (`".jpg"`).
pub fn extension(file_name: &str) -> Option<String> {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let dot = name.rfind('.').filter(|&i| i > 0)?;
    Some(name[dot..].to_ascii_lowercase())
}

/// The asset type for a file name, or `None` when Shoebox does not take that kind of file.
pub fn asset_type(file_name: &str) -> Option<AssetType> {
    let ext = extension(file_name)?;
    if IMAGE_EXTENSIONS.contains(&ext.as_str()) {
        Some(AssetType::Image)
    } else if VIDEO_EXTENSIONS.contains(&ext.as_str()) {
        Some(AssetType::Video)
    } else {
        None
    }
}

/// The MIME type browsers and clients expect for a file name.
pub fn mime_type(file_name: &str) -> &'static str {
    match extension(file_name).as_deref() {
        Some(".jpg" | ".jpeg" | ".jpe") => "image/jpeg",
        Some(".png") => "image/png",
        Some(".webp") => "image/webp",
        Some(".gif") => "image/gif",
        Some(".tif" | ".tiff") => "image/tiff",
        Some(".bmp") => "image/bmp",
        Some(".heic") => "image/heic",
        Some(".heif" | ".hif") => "image/heif",
        Some(".avif") => "image/avif",
        Some(".jxl") => "image/jxl",
        Some(".dng") => "image/x-adobe-dng",
        Some(".cr2") => "image/x-canon-cr2",
        Some(".cr3") => "image/x-canon-cr3",
        Some(".nef") => "image/x-nikon-nef",
        Some(".arw") => "image/x-sony-arw",
        Some(".orf") => "image/x-olympus-orf",
        Some(".rw2") => "image/x-panasonic-rw2",
        Some(".raf") => "image/x-fuji-raf",
        Some(".pef") => "image/x-pentax-pef",
        Some(".mp4" | ".m4v") => "video/mp4",
        Some(".mov") => "video/quicktime",
        Some(".mkv") => "video/x-matroska",
        Some(".webm") => "video/webm",
        Some(".avi") => "video/x-msvideo",
        Some(".3gp" | ".3gpp") => "video/3gpp",
        Some(".mts" | ".m2ts" | ".m2t") => "video/mp2t",
        Some(".mpg" | ".mpeg") => "video/mpeg",
        Some(".xmp") => "application/xml",
        _ => "application/octet-stream",
    }
}

/// Immich's `ServerMediaTypesResponseDto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ServerMediaTypesResponseDto))]
pub struct ServerMediaTypesResponse {
    pub image: Vec<String>,
    pub video: Vec<String>,
    pub sidecar: Vec<String>,
}

impl ServerMediaTypesResponse {
    pub fn current() -> Self {
        let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
        ServerMediaTypesResponse {
            image: list(IMAGE_EXTENSIONS),
            video: list(VIDEO_EXTENSIONS),
            sidecar: list(SIDECAR_EXTENSIONS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_by_extension() {
        assert_eq!(asset_type("IMG_0001.JPG"), Some(AssetType::Image));
        assert_eq!(asset_type("dir/clip.MOV"), Some(AssetType::Video));
        assert_eq!(asset_type("raw.cr3"), Some(AssetType::Image));
        assert_eq!(asset_type("notes.txt"), None);
        assert_eq!(asset_type(".jpg"), None, "a dot file has no extension");
        assert_eq!(asset_type("noextension"), None);
        assert_eq!(extension("a.tar.GZ").as_deref(), Some(".gz"));
        assert_eq!(mime_type("IMG.JPG"), "image/jpeg");
        assert_eq!(mime_type("clip.mov"), "video/quicktime");
        assert_eq!(mime_type("x.unknown"), "application/octet-stream");
    }
}
