use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partners")]
pub struct Model {
    /// The user whose library is shared.
    #[sea_orm(primary_key, auto_increment = false)]
    pub shared_by_id: Uuid,
    /// The user who may read it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub shared_with_id: Uuid,
    pub in_timeline: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
