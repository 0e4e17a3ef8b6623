//! First-use download of GeoNames' places (`cities500.zip`, about 10 MB) and state names
//! (`admin1CodesASCII.txt`) into `<data_dir>/geodata`, as Immich does. Each file lands under a
//! temporary name and is renamed when complete, so an interrupted download is retried next
//! start and never read half-written; the zip's CRC-32 checks the places file's integrity.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const PLACES_FILE: &str = "cities500.txt";
pub const ADMIN1_FILE: &str = "admin1CodesASCII.txt";
const PLACES_ZIP: &str = "cities500.zip";
/// Far more than the real file holds; a mirror that answers with something else is refused.
const MAX_DOWNLOAD_BYTES: u64 = 256 * 1024 * 1024;

/// Downloads both files into `dir` unless already there; returns the places file's path.
pub async fn fetch(base_url: &str, dir: &Path) -> Result<PathBuf, String> {
    let places = dir.join(PLACES_FILE);
    let admin1 = dir.join(ADMIN1_FILE);
    if places.exists() && admin1.exists() {
        return Ok(places);
    }
    tokio::fs::create_dir_all(dir).await.map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let client = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(15))
        .read_timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| format!("cannot start an HTTP client: {e}"))?;
    let base = base_url.trim_end_matches('/');

    if !admin1.exists() {
        let part = temporary(&admin1);
        download(&client, &format!("{base}/{ADMIN1_FILE}"), &part).await?;
        rename(&part, &admin1).await?;
    }
    if !places.exists() {
        let zip = temporary(&dir.join(PLACES_ZIP));
        download(&client, &format!("{base}/{PLACES_ZIP}"), &zip).await?;
        let part = temporary(&places);
        let (from, to) = (zip.clone(), part.clone());
        let extracted = tokio::task::spawn_blocking(move || extract(&from, PLACES_FILE, &to))
            .await
            .map_err(|e| format!("extraction stopped: {e}"))?;
        let _ = tokio::fs::remove_file(&zip).await;
        extracted?;
        rename(&part, &places).await?;
    }
    Ok(places)
}

fn temporary(path: &Path) -> PathBuf {
    // A per-process name: two workers starting together each write their own and the last
    // rename wins with an identical file.
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.part", std::process::id()));
    path.with_file_name(name)
}

async fn rename(from: &Path, to: &Path) -> Result<(), String> {
    tokio::fs::rename(from, to).await.map_err(|e| format!("cannot move {} into place: {e}", to.display()))
}

/// Streams `url` into `path`, logging progress every tenth of the file (or every 10 MB when the
/// size is unknown).
async fn download(client: &reqwest::Client, url: &str, path: &Path) -> Result<(), String> {
    use tokio::io::AsyncWriteExt;
    let started = std::time::Instant::now();
    let mut response = client
        .get(url)
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .map_err(|e| format!("cannot download {url}: {e}"))?;
    let total = response.content_length();
    let mut file = tokio::fs::File::create(path).await.map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    let (mut received, mut next_report) = (0u64, 0u64);
    let step = total.map_or(10 * 1024 * 1024, |t| (t / 10).max(1));
    tracing::info!(url, bytes = total, "downloading reverse-geocoding data");
    let result: Result<(), String> = async {
        while let Some(chunk) = response.chunk().await.map_err(|e| format!("download of {url} broke off: {e}"))? {
            received += chunk.len() as u64;
            if received > MAX_DOWNLOAD_BYTES {
                return Err(format!("{url} is larger than {MAX_DOWNLOAD_BYTES} bytes"));
            }
            file.write_all(&chunk).await.map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            if received >= next_report {
                let percent = total.map(|t| received * 100 / t.max(1));
                tracing::info!(url, received, total, percent, "downloading reverse-geocoding data");
                next_report = received + step;
            }
        }
        if let Some(total) = total.filter(|t| *t != received) {
            return Err(format!("download of {url} ended after {received} of {total} bytes"));
        }
        file.flush().await.map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        file.sync_all().await.map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
    .await;
    if let Err(err) = result {
        drop(file);
        let _ = tokio::fs::remove_file(path).await;
        return Err(err);
    }
    tracing::info!(url, bytes = received, elapsed_ms = started.elapsed().as_millis() as u64, "downloaded");
    Ok(())
}

/// Copies `member` out of the zip at `zip_path` into `to`; reading it to the end verifies its
/// CRC-32, so a corrupt download is an error rather than a wrong table.
fn extract(zip_path: &Path, member: &str, to: &Path) -> Result<(), String> {
    let file = std::fs::File::open(zip_path).map_err(|e| format!("cannot open {}: {e}", zip_path.display()))?;
    let mut archive =
        zip::ZipArchive::new(file).map_err(|e| format!("the downloaded {PLACES_ZIP} is not a zip: {e}"))?;
    let mut entry = archive.by_name(member).map_err(|e| format!("{PLACES_ZIP} has no {member}: {e}"))?;
    let mut out = std::fs::File::create(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let copied = std::io::copy(&mut (&mut entry).take(MAX_DOWNLOAD_BYTES * 4), &mut out);
    let result = copied
        .map_err(|e| format!("{PLACES_ZIP} is damaged: {e}"))
        .and_then(|_| out.sync_all().map_err(|e| format!("cannot write {}: {e}", to.display())));
    if result.is_err() {
        let _ = std::fs::remove_file(to);
    }
    result
}
