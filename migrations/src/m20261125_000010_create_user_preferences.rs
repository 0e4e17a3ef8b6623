use super::m20261124_000001_create_users::Users;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What a user changed from the default preferences (Immich's shapes), as a JSON object: new
/// preferences need no migration, and defaults can change for everyone who kept them.
#[derive(DeriveIden)]
enum UserPreferences {
    Table,
    UserId,
    Preferences,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UserPreferences::Table)
                    .col(uuid(UserPreferences::UserId).primary_key())
                    .col(text(UserPreferences::Preferences))
                    .col(timestamp_with_time_zone(UserPreferences::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_preferences_user")
                            .from(UserPreferences::Table, UserPreferences::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(UserPreferences::Table).to_owned()).await
    }
}
