//! The months of a timeline with how many assets each holds.

use crate::error::UiError;
use domain::dto::timeline::{TimeBucket, TimelineQuery};
use leptos::prelude::*;

// JSON arguments: nested and optional fields survive it, unlike a URL-encoded form.
#[server(prefix = "/_server", endpoint = "timeline/buckets", input = server_fn::codec::Json)]
pub async fn month_buckets(query: TimelineQuery) -> Result<Vec<TimeBucket>, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.timeline().buckets((&auth).into(), &query).await?)
}
