//! "Run on missing" (`force` false) or "run on all" (`force`; for face recognition a full
//! re-cluster) for one queue. Admins only; answers how many jobs were queued.

use crate::error::UiError;
use domain::dto::jobs::QueueName;
use leptos::prelude::*;

#[server(prefix = "/_server", endpoint = "admin/run-ml-queue", input = server_fn::codec::Json)]
pub async fn run_ml_queue(queue: QueueName, force: bool) -> Result<usize, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    auth.require_admin()?;
    Ok(context::services()?.ml_jobs().run(queue, force).await?)
}
