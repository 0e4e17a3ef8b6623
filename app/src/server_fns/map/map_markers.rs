//! The map's markers: every geotagged asset the filters let through, as `[id, lat, lon]`.

use crate::error::UiError;
use domain::dto::map::MapMarkersQuery;
use leptos::prelude::*;
use uuid::Uuid;

// JSON arguments: optional fields survive it, unlike a URL-encoded form.
#[server(prefix = "/_server", endpoint = "map/markers", input = server_fn::codec::Json)]
pub async fn map_markers(query: MapMarkersQuery) -> Result<Vec<(Uuid, f64, f64)>, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    let markers = context::services()?.map().markers(&auth, &query).await?;
    // The page needs no place names: a third of the bytes of Immich's shape.
    Ok(markers.into_iter().map(|m| (m.id, m.lat, m.lon)).collect())
}
