//! "On this day": photos taken on today's date in earlier years.

use crate::error::UiError;
use domain::dto::timeline::TimeBucketAssets;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    pub years_ago: i32,
    pub assets: TimeBucketAssets,
}

/// `today` is the browser's date, so "today" is the viewer's, not the server's.
// JSON arguments: nested and optional fields survive it, unlike a URL-encoded form.
#[server(prefix = "/_server", endpoint = "timeline/on-this-day", input = server_fn::codec::Json)]
pub async fn on_this_day(today: chrono::NaiveDate) -> Result<Vec<Memory>, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    let memories = context::services()?.timeline().on_this_day(&auth, today).await?;
    Ok(memories.into_iter().map(|m| Memory { years_ago: m.years_ago, assets: m.assets }).collect())
}
