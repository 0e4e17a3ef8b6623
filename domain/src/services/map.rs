//! The map: every geotagged asset the caller may see, with Immich's filters.

use super::{storage_error, Services};
use crate::auth::AuthContext;
use crate::dto::assets::AssetVisibility;
use crate::dto::map::{MapMarker, MapMarkersQuery};
use crate::error::{AppError, AppResult};
use crate::repositories::map_markers::{self, MarkerScope};

pub struct MapService<'a> {
    pub(super) services: &'a Services,
}

impl MapService<'_> {
    pub async fn markers(&self, auth: &AuthContext, query: &MapMarkersQuery) -> AppResult<Vec<MapMarker>> {
        if let (Some(after), Some(before)) = (query.file_created_after, query.file_created_before) {
            if after > before {
                return Err(AppError::invalid("`fileCreatedAfter` is later than `fileCreatedBefore`"));
            }
        }
        let me = auth.user_id();
        let owners = match query.with_partners {
            Some(true) => self.services.partners().with_timeline_partners(me).await?,
            _ => vec![me],
        };
        let mut visibilities = vec![AssetVisibility::Timeline.as_str()];
        if query.is_archived == Some(true) {
            visibilities.push(AssetVisibility::Archive.as_str());
        }
        let scope = MarkerScope {
            owners,
            albums_of: (query.with_shared_albums == Some(true)).then_some(me),
            visibilities,
            favorite: query.is_favorite,
            created_after: query.file_created_after,
            created_before: query.file_created_before,
        };
        let rows = map_markers::markers(self.services.db(), &scope).await.map_err(storage_error("map markers"))?;
        Ok(rows
            .into_iter()
            .map(|row| MapMarker {
                id: row.id,
                lat: row.latitude,
                lon: row.longitude,
                city: row.city,
                state: row.state,
                country: row.country,
            })
            .collect())
    }
}
