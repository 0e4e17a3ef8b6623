use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub owner_id: Uuid,
    pub checksum: String,
    /// `IMAGE` or `VIDEO`, as Immich names them.
    pub asset_type: String,
    /// Relative to the data directory.
    pub original_path: String,
    pub original_file_name: String,
    pub sidecar_path: Option<String>,
    pub file_size: i64,
    pub file_created_at: DateTimeUtc,
    pub file_modified_at: DateTimeUtc,
    pub is_favorite: bool,
    pub visibility: String,
    pub duration: Option<i64>,
    pub live_photo_video_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
    /// Displayed size (after orientation), once the metadata or thumbnail job knows it.
    pub width: Option<i32>,
    pub height: Option<i32>,
    /// Base64, as Immich sends it.
    pub thumbhash: Option<String>,
    /// When it was taken (UTC), from the metadata job.
    pub taken_at: Option<DateTimeUtc>,
    /// The camera's wall-clock time stored as if it were UTC (Immich's `localDateTime`).
    pub local_date_time: Option<DateTimeUtc>,
    /// Relative to the data directory.
    pub thumbnail_path: Option<String>,
    pub preview_path: Option<String>,
    pub metadata_extracted_at: Option<DateTimeUtc>,
    pub thumbnails_generated_at: Option<DateTimeUtc>,
    /// Why the last processing step failed for this file, for the user to read.
    pub processing_error: Option<String>,
    /// Assets sharing this value are near-duplicates (CLIP distance), for the user to review.
    pub duplicate_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
