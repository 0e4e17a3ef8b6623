//! `GET /api/timeline/buckets` and `GET /api/timeline/bucket`, in Immich's shapes.

use crate::error::ApiResult;
use crate::extract::ShareParams;
use crate::extract::{ApiQuery, ReadAuth};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use domain::dto::timeline::{TimeBucket, TimeBucketAssets, TimelineQuery};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(buckets)).routes(routes!(bucket))
}

/// Get time buckets
#[utoipa::path(
    get,
    path = "/timeline/buckets",
    operation_id = "getTimeBuckets",
    tag = "Timeline",
    params(TimelineQuery, ShareParams),
    responses((status = 200, body = [TimeBucket])),
    extensions(("x-immich-permission" = json!("asset.read")))
)]
async fn buckets(
    State(state): State<AppState>,
    ReadAuth(caller): ReadAuth,
    ApiQuery(query): ApiQuery<TimelineQuery>,
) -> ApiResult<Json<Vec<TimeBucket>>> {
    Ok(Json(state.services.timeline().buckets(caller.reader(), &query).await?))
}

/// `timeBucket` apart from the filters: serde's `flatten` would hand the filters' booleans over
/// as strings, which the query parser then refuses.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
struct BucketParam {
    time_bucket: String,
}

/// Get time bucket
#[utoipa::path(
    get,
    path = "/timeline/bucket",
    operation_id = "getTimeBucket",
    tag = "Timeline",
    params(BucketParam, TimelineQuery, ShareParams),
    responses((status = 200, body = TimeBucketAssets)),
    extensions(("x-immich-permission" = json!("asset.read")))
)]
async fn bucket(
    State(state): State<AppState>,
    ReadAuth(caller): ReadAuth,
    ApiQuery(param): ApiQuery<BucketParam>,
    ApiQuery(filters): ApiQuery<TimelineQuery>,
) -> ApiResult<Json<TimeBucketAssets>> {
    Ok(Json(state.services.timeline().bucket(caller.reader(), &filters, &param.time_bucket).await?))
}
