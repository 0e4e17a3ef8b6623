use super::m20261124_000001_create_users::Users;
use super::m20261124_000004_create_assets::Assets;
use super::m20261124_000007_create_albums::Albums;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SharedLinks {
    Table,
    Id,
    UserId,
    /// The secret in the link's address. Kept readable: the owner lists their links with it.
    Key,
    /// An optional readable alternative to the key, unique like it.
    Slug,
    /// `ALBUM` or `INDIVIDUAL`.
    LinkType,
    AlbumId,
    Description,
    /// Argon2 hash; null when the link has no password.
    PasswordHash,
    ExpiresAt,
    AllowUpload,
    AllowDownload,
    ShowMetadata,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SharedLinkAssets {
    Table,
    SharedLinkId,
    AssetId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SharedLinks::Table)
                    .col(uuid(SharedLinks::Id).primary_key())
                    .col(uuid(SharedLinks::UserId))
                    .col(string(SharedLinks::Key).unique_key())
                    .col(string_null(SharedLinks::Slug).unique_key())
                    .col(string(SharedLinks::LinkType))
                    .col(uuid_null(SharedLinks::AlbumId))
                    .col(text_null(SharedLinks::Description))
                    .col(string_null(SharedLinks::PasswordHash))
                    .col(timestamp_with_time_zone_null(SharedLinks::ExpiresAt))
                    .col(boolean(SharedLinks::AllowUpload).default(false))
                    .col(boolean(SharedLinks::AllowDownload).default(true))
                    .col(boolean(SharedLinks::ShowMetadata).default(true))
                    .col(timestamp_with_time_zone(SharedLinks::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_shared_links_user")
                            .from(SharedLinks::Table, SharedLinks::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    // A link to an album goes with the album.
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_shared_links_album")
                            .from(SharedLinks::Table, SharedLinks::AlbumId)
                            .to(Albums::Table, Albums::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_shared_links_user")
                    .table(SharedLinks::Table)
                    .col(SharedLinks::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SharedLinkAssets::Table)
                    .col(uuid(SharedLinkAssets::SharedLinkId))
                    .col(uuid(SharedLinkAssets::AssetId))
                    .primary_key(Index::create().col(SharedLinkAssets::SharedLinkId).col(SharedLinkAssets::AssetId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_shared_link_assets_link")
                            .from(SharedLinkAssets::Table, SharedLinkAssets::SharedLinkId)
                            .to(SharedLinks::Table, SharedLinks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_shared_link_assets_asset")
                            .from(SharedLinkAssets::Table, SharedLinkAssets::AssetId)
                            .to(Assets::Table, Assets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_shared_link_assets_asset")
                    .table(SharedLinkAssets::Table)
                    .col(SharedLinkAssets::AssetId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SharedLinkAssets::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(SharedLinks::Table).to_owned()).await
    }
}
