//! Immich's map markers: every geotagged asset a user may see, as compact as Immich sends them.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Immich's `MapMarkerResponseDto`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = MapMarkerResponseDto))]
pub struct MapMarker {
    pub id: Uuid,
    pub lat: f64,
    pub lon: f64,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
}

/// The filters of `GET /api/map/markers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct MapMarkersQuery {
    /// With the archive too (the timeline's alone otherwise).
    #[serde(default)]
    pub is_archived: Option<bool>,
    #[serde(default)]
    pub is_favorite: Option<bool>,
    #[serde(default)]
    pub file_created_after: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default)]
    pub file_created_before: Option<chrono::DateTime<chrono::Utc>>,
    /// With the assets of partners shown in the caller's timeline.
    #[serde(default)]
    pub with_partners: Option<bool>,
    /// With the assets of albums the caller owns or was invited to.
    #[serde(default)]
    pub with_shared_albums: Option<bool>,
}
