use sea_orm::entity::prelude::*;

/// A person: faces grouped by clustering (or by hand), owned by the library's user.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub owner_id: Uuid,
    /// Empty until the user names them.
    pub name: String,
    pub birth_date: Option<Date>,
    pub is_hidden: bool,
    pub is_favorite: bool,
    pub color: Option<String>,
    /// The face whose crop is the person's picture.
    pub face_asset_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
