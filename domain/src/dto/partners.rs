//! Partner sharing in Immich's shapes.

use super::users::UserResponse;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `GET /api/partners?direction=…`: the users I share with, or those who share with me.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PartnerDirection {
    #[serde(rename = "shared-by")]
    SharedBy,
    #[serde(rename = "shared-with")]
    SharedWith,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct PartnerListQuery {
    pub direction: PartnerDirection,
}

/// Immich's `PartnerResponseDto`: the other user, and for those sharing with me whether their
/// photos are in my timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = PartnerResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct PartnerResponse {
    #[serde(flatten)]
    pub user: UserResponse,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_timeline: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = PartnerCreateDto))]
#[serde(rename_all = "camelCase")]
pub struct PartnerCreate {
    pub shared_with_id: Uuid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = PartnerUpdateDto))]
#[serde(rename_all = "camelCase")]
pub struct PartnerUpdate {
    pub in_timeline: bool,
}
