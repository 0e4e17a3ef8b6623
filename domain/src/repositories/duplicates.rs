//! Near-duplicate groups: assets sharing a `duplicate_id`.

use super::RepoResult;
use crate::entities::asset::{self, Entity as Assets};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// Puts the assets in group `group`, and every asset of the groups they were in with them (so
/// that overlapping groups merge).
pub async fn join_group(
    db: &impl ConnectionTrait,
    group: Uuid,
    assets: &[Uuid],
    absorbed_groups: &[Uuid],
) -> RepoResult<()> {
    Assets::update_many()
        .col_expr(asset::Column::DuplicateId, Expr::value(group))
        .filter(asset::Column::Id.is_in(assets.iter().copied()))
        .exec(db)
        .await?;
    if !absorbed_groups.is_empty() {
        Assets::update_many()
            .col_expr(asset::Column::DuplicateId, Expr::value(group))
            .filter(asset::Column::DuplicateId.is_in(absorbed_groups.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The owner's groups with at least two assets not in the trash, each oldest asset first.
pub async fn groups(db: &impl ConnectionTrait, owner: Uuid) -> RepoResult<Vec<(Uuid, Vec<asset::Model>)>> {
    let rows = Assets::find()
        .filter(asset::Column::OwnerId.eq(owner))
        .filter(asset::Column::DuplicateId.is_not_null())
        .filter(asset::Column::DeletedAt.is_null())
        .order_by_asc(asset::Column::DuplicateId)
        .order_by_asc(asset::Column::FileCreatedAt)
        .order_by_asc(asset::Column::Id)
        .all(db)
        .await?;
    let mut groups: Vec<(Uuid, Vec<asset::Model>)> = Vec::new();
    for row in rows {
        let Some(group) = row.duplicate_id else { continue };
        match groups.last_mut() {
            Some((id, members)) if *id == group => members.push(row),
            _ => groups.push((group, vec![row])),
        }
    }
    groups.retain(|(_, members)| members.len() > 1);
    Ok(groups)
}

/// Takes the given assets out of their groups.
pub async fn leave(db: &impl ConnectionTrait, assets: &[Uuid]) -> RepoResult<u64> {
    Ok(Assets::update_many()
        .col_expr(asset::Column::DuplicateId, Expr::value(Option::<Uuid>::None))
        .filter(asset::Column::Id.is_in(assets.iter().copied()))
        .exec(db)
        .await?
        .rows_affected)
}

/// Dissolves whole groups of the owner.
pub async fn dissolve(db: &impl ConnectionTrait, owner: Uuid, groups: &[Uuid]) -> RepoResult<u64> {
    Ok(Assets::update_many()
        .col_expr(asset::Column::DuplicateId, Expr::value(Option::<Uuid>::None))
        .filter(asset::Column::OwnerId.eq(owner))
        .filter(asset::Column::DuplicateId.is_in(groups.iter().copied()))
        .exec(db)
        .await?
        .rows_affected)
}
