//! Scheduled: assets in the trash longer than `trash_days` are deleted for good.

use chrono::Utc;
use domain::services::Services;
use domain::AppResult;

pub async fn run(services: &Services) -> AppResult<u64> {
    let purged = services.assets().purge_trash(Utc::now()).await?;
    if purged > 0 {
        tracing::info!(purged, "emptied expired trash");
    }
    Ok(purged)
}
