//! Starts the queue workers: in the server process in embedded mode (and in scaled mode unless
//! turned off), or alone in `shoebox worker`. Each step's worker takes up to its configured
//! number of files at once.

use crate::queue::{Backend, Producer, Step};
use apalis::layers::WorkerBuilderExt;
use apalis::prelude::*;
use domain::queue::IngestJob;
use domain::services::Services;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How often an idle worker asks its queue for work: short enough that a new upload starts
/// processing at once, cheap (one indexed query or one Redis call).
const POLL: Duration = Duration::from_millis(200);

/// Connects the queue and gives the services their producer and their machine-learning engine
/// (models load on first use). Every process that accepts uploads or runs workers calls this
/// first.
pub async fn connect(services: &Services) -> Result<Backend, crate::queue::QueueError> {
    let backend = Backend::connect(services.settings()).await?;
    services.set_queue(Arc::new(Producer::new(backend.clone(), services.settings().clone())));
    services.set_inference(Arc::new(crate::ml_engine::MlEngine::new(services.settings())));
    Ok(backend)
}

async fn handle(job: IngestJob, services: Data<Services>) -> Result<(), BoxDynError> {
    crate::ingest::run(&services, job).await;
    Ok(())
}

/// Runs one worker per step until `shutdown` turns true. Jobs in flight at shutdown stay in the
/// queue (SQLite) or are re-queued as orphans (Redis) and run again on the next start.
pub fn spawn(
    services: Services,
    backend: Backend,
    shutdown: watch::Receiver<bool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let settings = services.settings().clone();
    Step::ALL
        .into_iter()
        .map(|step| {
            let services = services.clone();
            let backend = backend.clone();
            let settings = settings.clone();
            let mut shutdown = shutdown.clone();
            // Redis needs every worker of every process to have its own name.
            let name = format!("{}-{}", step.queue_name(&settings), uuid::Uuid::new_v4().simple());
            let concurrency = step.concurrency(&settings);
            tokio::spawn(async move {
                let stop = async move {
                    while !*shutdown.borrow() {
                        if shutdown.changed().await.is_err() {
                            break;
                        }
                    }
                    Ok::<(), std::io::Error>(())
                };
                let result = match backend {
                    Backend::Sqlite(pool) => {
                        let storage = Backend::sqlite_storage(&pool, &settings, step).poll_with_interval(POLL);
                        WorkerBuilder::new(name.as_str())
                            .backend(storage)
                            .concurrency(concurrency)
                            .data(services)
                            .build(handle)
                            .run_until(stop)
                            .await
                    }
                    Backend::Redis(conn) => {
                        let storage = Backend::redis_storage(&conn, &settings, step).poll_with_interval(POLL);
                        WorkerBuilder::new(name.as_str())
                            .backend(storage)
                            .concurrency(concurrency)
                            .data(services)
                            .build(handle)
                            .run_until(stop)
                            .await
                    }
                };
                match result {
                    Ok(()) => tracing::info!(worker = %name, "worker stopped"),
                    Err(err) => tracing::error!(worker = %name, error = %err, "worker ended with an error"),
                }
            })
        })
        .collect()
}
