use sea_orm::entity::prelude::*;

/// One GeoNames place (cities1000): what reverse geocoding answers with.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "geodata_places")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub name: String,
    /// First-level division (state, region), as a name.
    pub admin1: String,
    pub admin2: String,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    pub latitude: f64,
    pub longitude: f64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
