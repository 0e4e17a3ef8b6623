//! Purges users whose deletion grace period has ended.

use chrono::Utc;
use domain::services::Services;
use domain::AppResult;

pub async fn run(services: &Services) -> AppResult<usize> {
    let purged = services.users().purge_deleted(Utc::now()).await?;
    if purged > 0 {
        tracing::info!(purged, "purged deleted users");
    }
    Ok(purged)
}
