//! One month of a timeline, in Immich's columnar shape.

use crate::error::UiError;
use domain::dto::timeline::{TimeBucketAssets, TimelineQuery};
use leptos::prelude::*;

// JSON arguments: nested and optional fields survive it, unlike a URL-encoded form.
#[server(prefix = "/_server", endpoint = "timeline/bucket", input = server_fn::codec::Json)]
pub async fn month_assets(time_bucket: String, query: TimelineQuery) -> Result<TimeBucketAssets, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.timeline().bucket((&auth).into(), &query, &time_bucket).await?)
}
