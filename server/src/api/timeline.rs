//! `GET /api/timeline/buckets` and `GET /api/timeline/bucket`, in Immich's shapes.

use crate::error::ApiResult;
use crate::extract::{ApiQuery, ReadAuth};
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use domain::dto::timeline::{TimeBucket, TimeBucketAssets, TimelineQuery};

pub fn router() -> Router<AppState> {
    Router::new().route("/timeline/buckets", get(buckets)).route("/timeline/bucket", get(bucket))
}

async fn buckets(
    State(state): State<AppState>,
    ReadAuth(caller): ReadAuth,
    ApiQuery(query): ApiQuery<TimelineQuery>,
) -> ApiResult<Json<Vec<TimeBucket>>> {
    Ok(Json(state.services.timeline().buckets(caller.reader(), &query).await?))
}

/// `timeBucket` apart from the filters: serde's `flatten` would hand the filters' booleans over
/// as strings, which the query parser then refuses.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct BucketParam {
    time_bucket: String,
}

async fn bucket(
    State(state): State<AppState>,
    ReadAuth(caller): ReadAuth,
    ApiQuery(param): ApiQuery<BucketParam>,
    ApiQuery(filters): ApiQuery<TimelineQuery>,
) -> ApiResult<Json<TimeBucketAssets>> {
    Ok(Json(state.services.timeline().bucket(caller.reader(), &filters, &param.time_bucket).await?))
}
