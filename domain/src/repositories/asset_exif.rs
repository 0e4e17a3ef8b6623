use super::RepoResult;
use crate::entities::asset_exif::{self, Entity as AssetExif};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, IntoActiveModel, RelationDef};
use uuid::Uuid;

/// Assets to their EXIF row, for reads that filter or select on both.
pub(crate) fn join_from_assets() -> RelationDef {
    use crate::entities::asset;
    asset::Entity::belongs_to(AssetExif).from(asset::Column::Id).to(asset_exif::Column::AssetId).into()
}

pub async fn find(db: &impl ConnectionTrait, asset_id: Uuid) -> RepoResult<Option<asset_exif::Model>> {
    Ok(AssetExif::find_by_id(asset_id).one(db).await?)
}

/// Inserts or replaces the whole row: a re-run of the metadata job starts from the file again.
pub async fn upsert(db: &impl ConnectionTrait, model: asset_exif::Model) -> RepoResult<()> {
    use asset_exif::Column as C;
    let all = [
        C::DateTimeOriginal,
        C::TimeZone,
        C::TakenAtSource,
        C::ModifyDate,
        C::ExifImageWidth,
        C::ExifImageHeight,
        C::Orientation,
        C::Make,
        C::Model,
        C::LensModel,
        C::FNumber,
        C::ExposureTime,
        C::Iso,
        C::FocalLength,
        C::Latitude,
        C::Longitude,
        C::Altitude,
        C::City,
        C::State,
        C::Country,
        C::Rating,
        C::Description,
        C::Keywords,
        C::ProjectionType,
        C::ColorProfile,
        C::VideoCodec,
        C::AudioCodec,
        C::FrameRate,
        C::Rotation,
    ];
    AssetExif::insert(model.into_active_model())
        .on_conflict(OnConflict::column(C::AssetId).update_columns(all).to_owned())
        .exec(db)
        .await?;
    Ok(())
}

/// Coordinates set by hand and the place they resolve to.
#[derive(Debug, Default, Clone)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
}

/// What the user changes by hand; `None` leaves a field alone.
#[derive(Debug, Default, Clone)]
pub struct ExifEdit {
    pub description: Option<String>,
    pub rating: Option<Option<i32>>,
    /// (instant, time zone label)
    pub date_time_original: Option<(chrono::DateTime<chrono::Utc>, Option<String>)>,
    pub location: Option<Location>,
    /// The whole set of locked properties after this edit, as JSON.
    pub locked_properties: String,
}

/// Applies an edit, creating the row when the metadata job has not run yet.
pub async fn apply_edit(db: &impl ConnectionTrait, asset_id: Uuid, edit: ExifEdit) -> RepoResult<()> {
    use asset_exif::Column as C;
    use sea_orm::ActiveValue::Set;
    let mut model = asset_exif::ActiveModel {
        asset_id: Set(asset_id),
        locked_properties: Set(Some(edit.locked_properties)),
        ..Default::default()
    };
    let mut columns = vec![C::LockedProperties];
    if let Some(description) = edit.description {
        model.description = Set(Some(description));
        columns.push(C::Description);
    }
    if let Some(rating) = edit.rating {
        model.rating = Set(rating);
        columns.push(C::Rating);
    }
    if let Some((at, zone)) = edit.date_time_original {
        model.date_time_original = Set(Some(at));
        model.time_zone = Set(zone);
        columns.extend([C::DateTimeOriginal, C::TimeZone]);
    }
    if let Some(location) = edit.location {
        model.latitude = Set(Some(location.latitude));
        model.longitude = Set(Some(location.longitude));
        model.city = Set(location.city);
        model.state = Set(location.state);
        model.country = Set(location.country);
        columns.extend([C::Latitude, C::Longitude, C::City, C::State, C::Country]);
    }
    AssetExif::insert(model)
        .on_conflict(OnConflict::column(C::AssetId).update_columns(columns).to_owned())
        .exec(db)
        .await?;
    Ok(())
}

/// The EXIF rows of these assets (those that have one).
pub async fn find_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> RepoResult<Vec<asset_exif::Model>> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let mut rows = Vec::new();
    // Bounded IN lists: SQLite allows at most 32766 bound parameters per statement.
    for batch in ids.chunks(5000) {
        rows.extend(AssetExif::find().filter(asset_exif::Column::AssetId.is_in(batch.iter().copied())).all(db).await?);
    }
    Ok(rows)
}
