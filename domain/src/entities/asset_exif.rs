use sea_orm::entity::prelude::*;

/// What the metadata job read from a file (EXIF, XMP, sidecar or video container).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "asset_exif")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub asset_id: Uuid,
    pub date_time_original: Option<DateTimeUtc>,
    pub time_zone: Option<String>,
    pub taken_at_source: Option<String>,
    pub modify_date: Option<DateTimeUtc>,
    pub exif_image_width: Option<i32>,
    pub exif_image_height: Option<i32>,
    pub orientation: Option<i32>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub lens_model: Option<String>,
    pub f_number: Option<f64>,
    pub exposure_time: Option<String>,
    pub iso: Option<i32>,
    pub focal_length: Option<f64>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub altitude: Option<f64>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub rating: Option<i32>,
    pub description: Option<String>,
    /// JSON array of strings.
    pub keywords: Option<String>,
    pub projection_type: Option<String>,
    pub color_profile: Option<String>,
    pub video_codec: Option<String>,
    pub audio_codec: Option<String>,
    pub frame_rate: Option<f64>,
    pub rotation: Option<i32>,
    /// JSON array of the properties the user edited (`description`, `rating`,
    /// `dateTimeOriginal`, `location`): a metadata re-run keeps those.
    pub locked_properties: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
