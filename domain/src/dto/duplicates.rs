//! Near-duplicate groups in Immich's shapes (`/api/duplicates`).

use super::assets::AssetResponse;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Immich's `DuplicateResponseDto`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DuplicateResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct DuplicateResponse {
    pub duplicate_id: Uuid,
    pub assets: Vec<AssetResponse>,
    /// The largest file (ties: the oldest), as Immich suggests.
    pub suggested_keep_asset_ids: Vec<Uuid>,
}

/// Immich's `DuplicateResolveGroupDto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DuplicateResolveGroupDto))]
#[serde(rename_all = "camelCase")]
pub struct DuplicateResolveGroup {
    pub duplicate_id: Uuid,
    pub keep_asset_ids: Vec<Uuid>,
    pub trash_asset_ids: Vec<Uuid>,
}

/// Immich's `DuplicateResolveDto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DuplicateResolveDto))]
pub struct DuplicateResolve {
    pub groups: Vec<DuplicateResolveGroup>,
}
