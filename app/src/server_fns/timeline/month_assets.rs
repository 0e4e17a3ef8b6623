//! One month of a timeline (or of what a search finds), in Immich's columnar shape.

use crate::error::UiError;
use domain::dto::search::SearchFilters;
use domain::dto::timeline::{TimeBucketAssets, TimelineQuery};
use leptos::prelude::*;

// JSON arguments: nested and optional fields survive it, unlike a URL-encoded form.
#[server(prefix = "/_server", endpoint = "timeline/bucket", input = server_fn::codec::Json)]
pub async fn month_assets(
    time_bucket: String,
    query: TimelineQuery,
    search: Option<SearchFilters>,
) -> Result<TimeBucketAssets, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    let services = context::services()?;
    let timeline = services.timeline();
    Ok(match search {
        Some(filters) => timeline.search_bucket(&auth, &filters, &time_bucket).await?,
        None => timeline.bucket((&auth).into(), &query, &time_bucket).await?,
    })
}
