use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Users {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    IsAdmin,
    ShouldChangePassword,
    QuotaSizeInBytes,
    QuotaUsageInBytes,
    StorageLabel,
    AvatarColor,
    ProfileImagePath,
    OauthId,
    Status,
    CreatedAt,
    UpdatedAt,
    ProfileChangedAt,
    DeletedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(uuid(Users::Id).primary_key())
                    // Stored lower-cased, so the unique index is case-insensitive in effect.
                    .col(string(Users::Email).unique_key())
                    .col(string(Users::Name))
                    .col(string_null(Users::PasswordHash))
                    .col(boolean(Users::IsAdmin).default(false))
                    .col(boolean(Users::ShouldChangePassword).default(false))
                    .col(big_integer_null(Users::QuotaSizeInBytes))
                    .col(big_integer(Users::QuotaUsageInBytes).default(0))
                    .col(string_null(Users::StorageLabel).unique_key())
                    .col(string_null(Users::AvatarColor))
                    .col(string(Users::ProfileImagePath).default(""))
                    .col(string(Users::OauthId).default(""))
                    .col(string(Users::Status).default("active"))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .col(timestamp_with_time_zone(Users::ProfileChangedAt))
                    .col(timestamp_with_time_zone_null(Users::DeletedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_users_deleted_at").table(Users::Table).col(Users::DeletedAt).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Users::Table).to_owned()).await
    }
}
