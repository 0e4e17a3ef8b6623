//! `GET /api/map/markers` in Immich's shape.

use crate::error::ApiResult;
use crate::extract::{ApiQuery, Auth};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use domain::dto::map::{MapMarker, MapMarkersQuery};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(markers))
}

/// Retrieve map markers
#[utoipa::path(
    get,
    path = "/map/markers",
    operation_id = "getMapMarkers",
    tag = "Map",
    params(MapMarkersQuery),
    responses((status = 200, body = [MapMarker])),
    extensions(("x-immich-permission" = json!("map.read")))
)]
async fn markers(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ApiQuery(query): ApiQuery<MapMarkersQuery>,
) -> ApiResult<Json<Vec<MapMarker>>> {
    Ok(Json(state.services.map().markers(&auth, &query).await?))
}
