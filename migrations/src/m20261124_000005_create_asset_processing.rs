//! What the ingest jobs learn about an asset: its processing state on `assets`, EXIF and video
//! facts in `asset_exif`, and the GeoNames places for offline reverse geocoding.

use super::m20261124_000004_create_assets::Assets;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AssetsNew {
    Width,
    Height,
    Thumbhash,
    TakenAt,
    LocalDateTime,
    ThumbnailPath,
    PreviewPath,
    MetadataExtractedAt,
    ThumbnailsGeneratedAt,
    ProcessingError,
}

#[derive(DeriveIden)]
pub enum AssetExif {
    Table,
    AssetId,
    DateTimeOriginal,
    TimeZone,
    TakenAtSource,
    ModifyDate,
    ExifImageWidth,
    ExifImageHeight,
    Orientation,
    Make,
    Model,
    LensModel,
    FNumber,
    ExposureTime,
    Iso,
    FocalLength,
    Latitude,
    Longitude,
    Altitude,
    City,
    State,
    Country,
    Rating,
    Description,
    Keywords,
    ProjectionType,
    ColorProfile,
    VideoCodec,
    AudioCodec,
    FrameRate,
    Rotation,
}

#[derive(DeriveIden)]
pub enum GeodataPlaces {
    Table,
    Id,
    Name,
    Admin1,
    Admin2,
    CountryCode,
    Latitude,
    Longitude,
}

#[derive(DeriveIden)]
pub enum SystemMetadata {
    Table,
    Key,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        let columns = [
            integer_null(AssetsNew::Width),
            integer_null(AssetsNew::Height),
            string_null(AssetsNew::Thumbhash),
            // The instant taken (UTC) and the camera's wall-clock time stored as if UTC, as Immich
            // keeps `localDateTime`: the timeline groups by the latter.
            timestamp_with_time_zone_null(AssetsNew::TakenAt),
            timestamp_with_time_zone_null(AssetsNew::LocalDateTime),
            string_null(AssetsNew::ThumbnailPath),
            string_null(AssetsNew::PreviewPath),
            timestamp_with_time_zone_null(AssetsNew::MetadataExtractedAt),
            timestamp_with_time_zone_null(AssetsNew::ThumbnailsGeneratedAt),
            text_null(AssetsNew::ProcessingError),
        ];
        for mut column in columns {
            manager.alter_table(Table::alter().table(Assets::Table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(AssetExif::Table)
                    .col(uuid(AssetExif::AssetId).primary_key())
                    .col(timestamp_with_time_zone_null(AssetExif::DateTimeOriginal))
                    .col(string_null(AssetExif::TimeZone))
                    .col(string_null(AssetExif::TakenAtSource))
                    .col(timestamp_with_time_zone_null(AssetExif::ModifyDate))
                    .col(integer_null(AssetExif::ExifImageWidth))
                    .col(integer_null(AssetExif::ExifImageHeight))
                    .col(integer_null(AssetExif::Orientation))
                    .col(string_null(AssetExif::Make))
                    .col(string_null(AssetExif::Model))
                    .col(string_null(AssetExif::LensModel))
                    .col(double_null(AssetExif::FNumber))
                    .col(string_null(AssetExif::ExposureTime))
                    .col(integer_null(AssetExif::Iso))
                    .col(double_null(AssetExif::FocalLength))
                    .col(double_null(AssetExif::Latitude))
                    .col(double_null(AssetExif::Longitude))
                    .col(double_null(AssetExif::Altitude))
                    .col(string_null(AssetExif::City))
                    .col(string_null(AssetExif::State))
                    .col(string_null(AssetExif::Country))
                    .col(integer_null(AssetExif::Rating))
                    .col(text_null(AssetExif::Description))
                    // A JSON array of strings: portable across both databases.
                    .col(text_null(AssetExif::Keywords))
                    .col(string_null(AssetExif::ProjectionType))
                    .col(string_null(AssetExif::ColorProfile))
                    .col(string_null(AssetExif::VideoCodec))
                    .col(string_null(AssetExif::AudioCodec))
                    .col(double_null(AssetExif::FrameRate))
                    .col(integer_null(AssetExif::Rotation))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_asset_exif_asset")
                            .from(AssetExif::Table, AssetExif::AssetId)
                            .to(Assets::Table, Assets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GeodataPlaces::Table)
                    .col(integer(GeodataPlaces::Id).primary_key())
                    .col(string(GeodataPlaces::Name))
                    .col(string(GeodataPlaces::Admin1))
                    .col(string(GeodataPlaces::Admin2))
                    .col(string(GeodataPlaces::CountryCode))
                    .col(double(GeodataPlaces::Latitude))
                    .col(double(GeodataPlaces::Longitude))
                    .to_owned(),
            )
            .await?;
        // Nearest-place lookups scan a latitude band first.
        manager
            .create_index(
                Index::create()
                    .name("idx_geodata_places_latitude")
                    .table(GeodataPlaces::Table)
                    .col(GeodataPlaces::Latitude)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SystemMetadata::Table)
                    .col(string(SystemMetadata::Key).primary_key())
                    .col(text(SystemMetadata::Value))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SystemMetadata::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(GeodataPlaces::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AssetExif::Table).to_owned()).await?;
        for column in [
            AssetsNew::ProcessingError,
            AssetsNew::ThumbnailsGeneratedAt,
            AssetsNew::MetadataExtractedAt,
            AssetsNew::PreviewPath,
            AssetsNew::ThumbnailPath,
            AssetsNew::LocalDateTime,
            AssetsNew::TakenAt,
            AssetsNew::Thumbhash,
            AssetsNew::Height,
            AssetsNew::Width,
        ] {
            manager.alter_table(Table::alter().table(Assets::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
