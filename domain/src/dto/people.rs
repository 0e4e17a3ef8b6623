//! People and faces in Immich's shapes (`/api/people`, `/api/faces`), and what the web app shows
//! of an asset's faces, tags and text.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Immich's `PersonResponseDto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = PersonResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct PersonResponse {
    pub id: Uuid,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    /// The face picture's address (`/api/people/{id}/thumbnail`), empty while there is none.
    pub thumbnail_path: String,
    pub is_hidden: bool,
    pub is_favorite: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// A person with how many photos show them: the people page's tiles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonTile {
    pub person: PersonResponse,
    pub asset_count: i64,
}

/// Immich's `PeopleResponseDto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = PeopleResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct PeopleResponse {
    pub total: u64,
    pub hidden: u64,
    pub people: Vec<PersonResponse>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_next_page: Option<bool>,
}

/// The query of `GET /api/people`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct PeopleQuery {
    #[serde(default)]
    pub with_hidden: Option<bool>,
    /// 1-based.
    #[serde(default)]
    pub page: Option<u64>,
    /// 1 to 1000; 500 when absent.
    #[serde(default)]
    pub size: Option<u64>,
    /// People nearest this person's face first (for merging).
    #[serde(default)]
    pub closest_person_id: Option<Uuid>,
    /// People nearest the faces of this asset first.
    #[serde(default)]
    pub closest_asset_id: Option<Uuid>,
}

/// Immich's `PersonCreateDto`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = PersonCreateDto))]
#[serde(rename_all = "camelCase")]
pub struct PersonCreate {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Option<NaiveDate>>,
    #[serde(default)]
    pub is_hidden: Option<bool>,
    #[serde(default)]
    pub is_favorite: Option<bool>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub color: Option<Option<String>>,
}

/// Immich's `PersonUpdateDto`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = PersonUpdateDto))]
#[serde(rename_all = "camelCase")]
pub struct PersonUpdate {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Option<NaiveDate>>,
    #[serde(default)]
    pub is_hidden: Option<bool>,
    #[serde(default)]
    pub is_favorite: Option<bool>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub color: Option<Option<String>>,
    /// The asset whose face of this person becomes their picture.
    #[serde(default)]
    pub feature_face_asset_id: Option<Uuid>,
}

/// Immich's `PeopleUpdateItem`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = PeopleUpdateItem))]
#[serde(rename_all = "camelCase")]
pub struct PeopleUpdateItem {
    pub id: Uuid,
    #[serde(flatten)]
    pub update: PersonUpdate,
}

/// Immich's `PeopleUpdateDto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = PeopleUpdateDto))]
pub struct PeopleUpdate {
    pub people: Vec<PeopleUpdateItem>,
}

/// Immich's `MergePersonDto`: the people merged into the one in the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = MergePersonDto))]
pub struct MergePerson {
    pub ids: Vec<Uuid>,
}

/// Immich's `PersonStatisticsResponseDto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = PersonStatisticsResponseDto))]
pub struct PersonStatistics {
    pub assets: i64,
}

/// Immich's `SourceType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum SourceType {
    MachineLearning,
    Exif,
    Manual,
}

impl SourceType {
    pub fn from_stored(value: &str) -> SourceType {
        match value {
            "exif" => SourceType::Exif,
            "manual" => SourceType::Manual,
            _ => SourceType::MachineLearning,
        }
    }
}

/// Immich's `AssetFaceResponseDto`: a face's box in the image it was found in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = AssetFaceResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct AssetFaceResponse {
    pub id: Uuid,
    pub image_width: i32,
    pub image_height: i32,
    pub bounding_box_x1: i32,
    pub bounding_box_y1: i32,
    pub bounding_box_x2: i32,
    pub bounding_box_y2: i32,
    pub person: Option<PersonResponse>,
    pub source_type: SourceType,
}

/// The query of `GET /api/faces`: the asset whose faces to list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct FacesQuery {
    pub id: Uuid,
}

/// Immich's `FaceDto`: the person a face moves to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = FaceDto))]
pub struct FaceTarget {
    pub id: Uuid,
}

/// Immich's `AssetFaceUpdateItem`: the face of this person in that asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = AssetFaceUpdateItem))]
#[serde(rename_all = "camelCase")]
pub struct AssetFaceUpdateItem {
    pub asset_id: Uuid,
    pub person_id: Uuid,
}

/// Immich's `AssetFaceUpdateDto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = AssetFaceUpdateDto))]
pub struct AssetFaceUpdate {
    pub data: Vec<AssetFaceUpdateItem>,
}

/// Immich's `AssetFaceDeleteDto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = AssetFaceDeleteDto))]
pub struct AssetFaceDelete {
    pub force: bool,
}

/// An object tag on an asset, for the info panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssetTag {
    pub name: String,
    pub score: f32,
    /// `classifier` (the whole image) or `detector` (an object, with its box as fractions).
    pub source: String,
    pub bbox: Option<[f32; 4]>,
}

/// A line of text read in an asset, with its corners as fractions of the image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssetTextLine {
    pub text: String,
    pub score: f32,
    pub corners: [[f32; 2]; 4],
}

/// Everything machine learning found in one asset, for the viewer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssetFindings {
    pub faces: Vec<AssetFaceResponse>,
    pub tags: Vec<AssetTag>,
    pub text: Vec<AssetTextLine>,
}
