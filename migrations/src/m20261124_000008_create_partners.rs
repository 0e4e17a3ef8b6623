use super::m20261124_000001_create_users::Users;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One user giving another read access to their whole library.
#[derive(DeriveIden)]
enum Partners {
    Table,
    SharedById,
    SharedWithId,
    /// Whether the partner shows these assets in their own timeline.
    InTimeline,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Partners::Table)
                    .col(uuid(Partners::SharedById))
                    .col(uuid(Partners::SharedWithId))
                    .col(boolean(Partners::InTimeline).default(false))
                    .col(timestamp_with_time_zone(Partners::CreatedAt))
                    .primary_key(Index::create().col(Partners::SharedById).col(Partners::SharedWithId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_partners_shared_by")
                            .from(Partners::Table, Partners::SharedById)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_partners_shared_with")
                            .from(Partners::Table, Partners::SharedWithId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // "Who shares with me", asked on every timeline and asset read.
        manager
            .create_index(
                Index::create()
                    .name("idx_partners_shared_with")
                    .table(Partners::Table)
                    .col(Partners::SharedWithId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Partners::Table).to_owned()).await
    }
}
