//! The timeline reads one owner's assets by visibility and local date: every asset gets a local
//! date (the file's time until the metadata job knows better) and an index that answers month
//! counts and one month's assets without reading the table. Edits the user makes in the library
//! (description, rating, date, place) are marked locked, so a later metadata run keeps them.

use super::m20261124_000004_create_assets::Assets;
use super::m20261124_000005_create_asset_processing::AssetExif;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AssetExifLocked {
    LockedProperties,
}

#[derive(DeriveIden, Clone, Copy)]
enum AssetsTimeline {
    LocalDateTime,
    TakenAt,
}

const INDEX: &str = "idx_assets_timeline";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [AssetsTimeline::LocalDateTime, AssetsTimeline::TakenAt] {
            manager
                .exec_stmt(
                    Query::update()
                        .table(Assets::Table)
                        .value(column, Expr::col(Assets::FileCreatedAt))
                        .and_where(Expr::col(column).is_null())
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(AssetExif::Table)
                    // A JSON array of Immich's property names (`description`, `rating`, …).
                    .add_column(text_null(AssetExifLocked::LockedProperties))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(Assets::Table)
                    .col(Assets::OwnerId)
                    .col(Assets::Visibility)
                    .col(AssetsTimeline::LocalDateTime)
                    .col(Assets::DeletedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(INDEX).table(Assets::Table).to_owned()).await?;
        manager
            .alter_table(
                Table::alter().table(AssetExif::Table).drop_column(AssetExifLocked::LockedProperties).to_owned(),
            )
            .await
    }
}
