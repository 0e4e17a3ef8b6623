//! The jobs page: every background queue with what it has left, its failures, the last failure's
//! reason and models downloading. Admins only.

use crate::error::UiError;
use domain::dto::jobs::QueueOverview;
use leptos::prelude::*;

#[server(prefix = "/_server", endpoint = "admin/ml-queues")]
pub async fn ml_queues() -> Result<Vec<QueueOverview>, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    auth.require_admin()?;
    Ok(context::services()?.ml_jobs().overview().await?)
}
