//! The months of a timeline with how many assets each holds; with `search`, the months of what
//! that search finds.

use crate::error::UiError;
use domain::dto::search::SearchFilters;
use domain::dto::timeline::{TimeBucket, TimelineQuery};
use leptos::prelude::*;

// JSON arguments: nested and optional fields survive it, unlike a URL-encoded form.
#[server(prefix = "/_server", endpoint = "timeline/buckets", input = server_fn::codec::Json)]
pub async fn month_buckets(query: TimelineQuery, search: Option<SearchFilters>) -> Result<Vec<TimeBucket>, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    let services = context::services()?;
    let timeline = services.timeline();
    Ok(match search {
        Some(filters) => timeline.search_buckets(&auth, &filters).await?,
        None => timeline.buckets((&auth).into(), &query).await?,
    })
}
