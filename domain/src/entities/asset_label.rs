use sea_orm::entity::prelude::*;

/// An object tag: a whole-image label from the classifier, or a detected object with its box
/// (fractions of the image).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "asset_labels")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub asset_id: Uuid,
    pub name: String,
    pub score: f32,
    /// `classifier` or `detector`.
    pub source: String,
    pub box_x1: Option<f32>,
    pub box_y1: Option<f32>,
    pub box_x2: Option<f32>,
    pub box_y2: Option<f32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
