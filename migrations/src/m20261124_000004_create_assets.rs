use super::m20261124_000001_create_users::Users;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Assets {
    Table,
    Id,
    OwnerId,
    Checksum,
    AssetType,
    OriginalPath,
    OriginalFileName,
    SidecarPath,
    FileSize,
    FileCreatedAt,
    FileModifiedAt,
    IsFavorite,
    Visibility,
    Duration,
    LivePhotoVideoId,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Assets::Table)
                    .col(uuid(Assets::Id).primary_key())
                    .col(uuid(Assets::OwnerId))
                    // SHA-1 of the original, lower-case hex: what Immich's clients send.
                    .col(string(Assets::Checksum))
                    .col(string(Assets::AssetType))
                    .col(string(Assets::OriginalPath))
                    .col(string(Assets::OriginalFileName))
                    .col(string_null(Assets::SidecarPath))
                    .col(big_integer(Assets::FileSize))
                    .col(timestamp_with_time_zone(Assets::FileCreatedAt))
                    .col(timestamp_with_time_zone(Assets::FileModifiedAt))
                    .col(boolean(Assets::IsFavorite).default(false))
                    .col(string(Assets::Visibility).default("timeline"))
                    // Milliseconds (Immich v3), known once the metadata job has read the file.
                    .col(big_integer_null(Assets::Duration))
                    .col(uuid_null(Assets::LivePhotoVideoId))
                    .col(timestamp_with_time_zone(Assets::CreatedAt))
                    .col(timestamp_with_time_zone(Assets::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Assets::DeletedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_assets_owner")
                            .from(Assets::Table, Assets::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One copy of a file per owner: the upload path relies on this to settle races.
        manager
            .create_index(
                Index::create()
                    .name("idx_assets_owner_checksum")
                    .table(Assets::Table)
                    .col(Assets::OwnerId)
                    .col(Assets::Checksum)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Assets::Table).to_owned()).await
    }
}
