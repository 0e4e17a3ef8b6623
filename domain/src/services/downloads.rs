//! Downloads: one original as it is, or several as a ZIP archive streamed while it is made.
//! Whoever may read an original may download it, except through a link that forbids it.

use super::{storage_error, Services};
use crate::auth::Reader;
use crate::dto::downloads::{DownloadArchiveInfo, DownloadInfo, DownloadResponse};
use crate::entities::asset;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::repositories::assets;
use crate::storage::zip_stream::ZipEntry;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Immich's default: archives of at most 4 GiB each.
const DEFAULT_ARCHIVE_SIZE: u64 = 4 * 1024 * 1024 * 1024;

pub struct DownloadService<'a> {
    pub(super) services: &'a Services,
}

impl DownloadService<'_> {
    /// The assets named, each readable (and downloadable) by the caller, in the order given.
    async fn downloadable(&self, reader: Reader<'_>, ids: &[Uuid]) -> AppResult<Vec<asset::Model>> {
        if let Reader::Link(grant) = reader {
            if !grant.link.allow_download {
                return Err(AppError::new(ErrorCode::Forbidden, "This shared link does not allow downloads"));
            }
        }
        let mut seen = HashSet::new();
        let mut found = Vec::new();
        for &id in ids.iter().filter(|id| seen.insert(**id)) {
            found.push(self.services.assets().find_readable(reader, id).await?);
        }
        Ok(found)
    }

    /// How `what` splits into archives of at most `archiveSize` bytes (one asset larger than
    /// that gets an archive to itself).
    pub async fn info(&self, reader: Reader<'_>, what: DownloadInfo) -> AppResult<DownloadResponse> {
        let db = self.services.db();
        let ids = match (&what.asset_ids, what.album_id, what.user_id) {
            (Some(ids), _, _) => ids.clone(),
            (None, Some(album_id), _) => {
                match reader {
                    Reader::User(auth) => {
                        self.services.albums().access(auth, album_id).await?;
                    }
                    Reader::Link(grant) if grant.link.album_id == Some(album_id) => {}
                    Reader::Link(_) => return Err(AppError::new(ErrorCode::AlbumNotFound, "Album not found")),
                }
                assets::ids_in_album(db, album_id).await.map_err(storage_error("list album assets"))?
            }
            (None, None, Some(owner)) => {
                // Only one's own library, as Immich allows: a partner reads, but does not
                // take the whole library away in one go.
                let allowed = matches!(reader, Reader::User(auth) if owner == auth.user_id());
                if !allowed {
                    return Err(AppError::new(ErrorCode::Forbidden, "You cannot download this user's library"));
                }
                assets::ids_of_owner(db, owner).await.map_err(storage_error("list library"))?
            }
            (None, None, None) => return Err(AppError::invalid("Give `assetIds`, `albumId` or `userId`")),
        };
        let limit = what.archive_size.unwrap_or(DEFAULT_ARCHIVE_SIZE).max(1);
        let found = self.downloadable(reader, &ids).await?;
        let mut archives: Vec<DownloadArchiveInfo> = Vec::new();
        let mut total_size = 0;
        for asset in found {
            let size = asset.file_size.max(0) as u64;
            total_size += size;
            match archives.last_mut() {
                Some(last) if last.size + size <= limit || last.asset_ids.is_empty() => {
                    last.size += size;
                    last.asset_ids.push(asset.id);
                }
                _ => archives.push(DownloadArchiveInfo { size, asset_ids: vec![asset.id] }),
            }
        }
        Ok(DownloadResponse { total_size, archives })
    }

    /// The files of an archive, with names unique inside it (`IMG_1.jpg`, `IMG_1+1.jpg`, as
    /// Immich names them). Every original is checked before the first byte is sent.
    pub async fn archive(&self, reader: Reader<'_>, ids: &[Uuid]) -> AppResult<Vec<ZipEntry>> {
        if ids.is_empty() {
            return Err(AppError::invalid("Choose at least one asset to download"));
        }
        let found = self.downloadable(reader, ids).await?;
        let storage = self.services.storage();
        let mut used: HashMap<String, u32> = HashMap::new();
        let mut entries = Vec::with_capacity(found.len());
        for asset in found {
            let path = storage.absolute(std::path::Path::new(&asset.original_path));
            let size = match tokio::fs::metadata(&path).await {
                Ok(meta) => meta.len(),
                Err(err) => {
                    tracing::error!(asset_id = %asset.id, error = %err, "original missing from storage");
                    return Err(AppError::new(
                        ErrorCode::AssetNotFound,
                        format!("The original of {} is missing from storage", asset.original_file_name),
                    ));
                }
            };
            entries.push(ZipEntry {
                name: unique_name(&mut used, &asset.original_file_name),
                path,
                size,
                modified: asset.local_date_time.unwrap_or(asset.file_created_at).naive_utc(),
            });
        }
        Ok(entries)
    }
}

/// Names in a ZIP are at most 65,535 bytes; file systems take 255. Longer ones keep their
/// start and extension.
fn short_name(name: &str) -> String {
    const MAX: usize = 200;
    if name.len() <= MAX {
        return name.to_string();
    }
    let extension = name.rfind('.').map(|dot| &name[dot..]).filter(|e| e.len() <= 16).unwrap_or("");
    let mut stem_end = MAX - extension.len();
    while !name.is_char_boundary(stem_end) {
        stem_end -= 1;
    }
    format!("{}{extension}", &name[..stem_end])
}

fn unique_name(used: &mut HashMap<String, u32>, name: &str) -> String {
    let short = short_name(name);
    let name = short.as_str();
    let key = name.to_lowercase();
    let count = used.entry(key).or_insert(0);
    *count += 1;
    if *count == 1 {
        return name.to_string();
    }
    let (stem, extension) = match name.rfind('.') {
        Some(dot) if dot > 0 => (&name[..dot], &name[dot..]),
        _ => (name, ""),
    };
    let candidate = format!("{stem}+{}{extension}", *count - 1);
    // A file really named `IMG+1.jpg` may already be there; count on until the name is free.
    if used.contains_key(&candidate.to_lowercase()) {
        return unique_name(used, name);
    }
    used.insert(candidate.to_lowercase(), 1);
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_repeat_with_a_counter_before_the_extension() {
        let mut used = HashMap::new();
        let names: Vec<String> = ["IMG_1.jpg", "img_1.JPG", "IMG_1.jpg", "IMG_1+1.jpg", "README", "README"]
            .iter()
            .map(|n| unique_name(&mut used, n))
            .collect();
        assert_eq!(names, ["IMG_1.jpg", "img_1+1.JPG", "IMG_1+2.jpg", "IMG_1+1+1.jpg", "README", "README+1"]);
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary_keeping_the_extension() {
        let long = format!("{}.jpeg", "é".repeat(150));
        let short = short_name(&long);
        assert!(short.len() <= 200 && short.ends_with(".jpeg"), "{short}");
        assert!(short.starts_with("éé"));
        assert_eq!(short_name("plain.jpg"), "plain.jpg");
    }
}
