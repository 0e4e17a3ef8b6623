use super::m20261124_000001_create_users::Users;
use super::m20261124_000004_create_assets::Assets;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Albums {
    Table,
    Id,
    OwnerId,
    AlbumName,
    Description,
    AlbumThumbnailAssetId,
    /// `asc` or `desc`: the album page's order.
    Order,
    IsActivityEnabled,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AlbumAssets {
    Table,
    AlbumId,
    AssetId,
    /// Who put it there: editors may take out only what they added.
    AddedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AlbumUsers {
    Table,
    AlbumId,
    UserId,
    /// `viewer` or `editor`; the owner is on the album row, not here.
    Role,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Albums::Table)
                    .col(uuid(Albums::Id).primary_key())
                    .col(uuid(Albums::OwnerId))
                    .col(string(Albums::AlbumName))
                    .col(text(Albums::Description).default(""))
                    .col(uuid_null(Albums::AlbumThumbnailAssetId))
                    .col(string(Albums::Order).default("desc"))
                    .col(boolean(Albums::IsActivityEnabled).default(true))
                    .col(timestamp_with_time_zone(Albums::CreatedAt))
                    .col(timestamp_with_time_zone(Albums::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_albums_owner")
                            .from(Albums::Table, Albums::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    // A cover that goes away leaves the album without one, not without itself.
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_albums_thumbnail")
                            .from(Albums::Table, Albums::AlbumThumbnailAssetId)
                            .to(Assets::Table, Assets::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_albums_owner").table(Albums::Table).col(Albums::OwnerId).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AlbumAssets::Table)
                    .col(uuid(AlbumAssets::AlbumId))
                    .col(uuid(AlbumAssets::AssetId))
                    .col(uuid(AlbumAssets::AddedBy))
                    .col(timestamp_with_time_zone(AlbumAssets::CreatedAt))
                    .primary_key(Index::create().col(AlbumAssets::AlbumId).col(AlbumAssets::AssetId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_album_assets_album")
                            .from(AlbumAssets::Table, AlbumAssets::AlbumId)
                            .to(Albums::Table, Albums::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_album_assets_asset")
                            .from(AlbumAssets::Table, AlbumAssets::AssetId)
                            .to(Assets::Table, Assets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // "Which albums hold this asset", for access checks.
        manager
            .create_index(
                Index::create()
                    .name("idx_album_assets_asset")
                    .table(AlbumAssets::Table)
                    .col(AlbumAssets::AssetId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AlbumUsers::Table)
                    .col(uuid(AlbumUsers::AlbumId))
                    .col(uuid(AlbumUsers::UserId))
                    .col(string(AlbumUsers::Role))
                    .col(timestamp_with_time_zone(AlbumUsers::CreatedAt))
                    .primary_key(Index::create().col(AlbumUsers::AlbumId).col(AlbumUsers::UserId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_album_users_album")
                            .from(AlbumUsers::Table, AlbumUsers::AlbumId)
                            .to(Albums::Table, Albums::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_album_users_user")
                            .from(AlbumUsers::Table, AlbumUsers::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_album_users_user")
                    .table(AlbumUsers::Table)
                    .col(AlbumUsers::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AlbumUsers::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AlbumAssets::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Albums::Table).to_owned()).await
    }
}
