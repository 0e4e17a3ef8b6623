use super::RepoResult;
use crate::entities::asset_exif::{self, Entity as AssetExif};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, IntoActiveModel};
use uuid::Uuid;

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
