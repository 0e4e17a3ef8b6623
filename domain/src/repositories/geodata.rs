use super::RepoResult;
use crate::entities::geodata_place::{self, Entity as Places};
use crate::entities::system_metadata::{self, Entity as SystemMetadata};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter};

pub async fn count(db: &impl ConnectionTrait) -> RepoResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(Places::find().count(db).await?)
}

pub async fn clear(db: &impl ConnectionTrait) -> RepoResult<()> {
    Places::delete_many().exec(db).await?;
    Ok(())
}

pub async fn insert_batch(db: &impl ConnectionTrait, places: Vec<geodata_place::Model>) -> RepoResult<()> {
    if places.is_empty() {
        return Ok(());
    }
    Places::insert_many(places.into_iter().map(IntoActiveModel::into_active_model)).exec(db).await?;
    Ok(())
}

/// Places within a latitude/longitude box; the caller picks the nearest by great-circle distance.
pub async fn within_box(
    db: &impl ConnectionTrait,
    lat: (f64, f64),
    lon: (f64, f64),
) -> RepoResult<Vec<geodata_place::Model>> {
    use geodata_place::Column as C;
    let mut query = Places::find().filter(C::Latitude.between(lat.0, lat.1));
    // A box that crosses the antimeridian is two ranges of longitude.
    query = if lon.0 <= lon.1 {
        query.filter(C::Longitude.between(lon.0, lon.1))
    } else {
        query.filter(sea_orm::Condition::any().add(C::Longitude.gte(lon.0)).add(C::Longitude.lte(lon.1)))
    };
    Ok(query.all(db).await?)
}

pub async fn get_system(db: &impl ConnectionTrait, key: &str) -> RepoResult<Option<String>> {
    Ok(SystemMetadata::find_by_id(key.to_string()).one(db).await?.map(|m| m.value))
}

pub async fn set_system(db: &impl ConnectionTrait, key: &str, value: &str) -> RepoResult<()> {
    let model = system_metadata::Model { key: key.to_string(), value: value.to_string() };
    SystemMetadata::insert(model.into_active_model())
        .on_conflict(
            OnConflict::column(system_metadata::Column::Key).update_column(system_metadata::Column::Value).to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}
