use sea_orm::entity::prelude::*;

/// Which machine-learning steps have run on an asset ("run on missing" picks the rest).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "asset_ml_status")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub asset_id: Uuid,
    pub smart_search_at: Option<DateTimeUtc>,
    pub faces_detected_at: Option<DateTimeUtc>,
    pub tagged_at: Option<DateTimeUtc>,
    pub ocr_at: Option<DateTimeUtc>,
    pub duplicates_detected_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
