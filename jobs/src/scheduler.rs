//! Runs periodic tasks (purging deleted users and expired trash) inside the process until
//! shutdown. A failing task is logged and tried again at its next tick; it never stops the others.

use domain::services::Services;
use std::time::Duration;
use tokio::sync::watch;

const PURGE_INTERVAL: Duration = Duration::from_secs(60 * 60);

pub fn spawn(services: Services, mut shutdown: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(PURGE_INTERVAL);
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    if let Err(err) = crate::purge_deleted_users::run(&services).await {
                        tracing::warn!(error = %err, task = "purge_deleted_users", "scheduled task failed");
                    }
                    if let Err(err) = crate::purge_trash::run(&services).await {
                        tracing::warn!(error = %err, task = "purge_trash", "scheduled task failed");
                    }
                }
                _ = shutdown.changed() => break,
            }
        }
    })
}
