//! Counting assets: in a timeline scope, and per user for the admin.

use super::timeline::Scope;
use super::RepoResult;
use crate::entities::asset::{self, Entity as Assets};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// (asset type, count) of the assets in a timeline scope.
pub async fn count_by_type(db: &impl ConnectionTrait, scope: &Scope) -> RepoResult<Vec<(String, i64)>> {
    Ok(Assets::find()
        .select_only()
        .column(asset::Column::AssetType)
        .column_as(Expr::col(asset::Column::Id).count(), "count")
        .filter(scope.condition())
        .group_by(asset::Column::AssetType)
        .into_tuple()
        .all(db)
        .await?)
}

/// (owner, asset type, count, bytes) over every asset, trash included.
pub async fn usage_by_owner(db: &impl ConnectionTrait) -> RepoResult<Vec<(Uuid, String, i64, i64)>> {
    Ok(Assets::find()
        .select_only()
        .column(asset::Column::OwnerId)
        .column(asset::Column::AssetType)
        .column_as(Expr::col(asset::Column::Id).count(), "count")
        // SUM of a BIGINT is NUMERIC on PostgreSQL; cast back so both databases give an i64.
        .column_as(Expr::cust("CAST(SUM(file_size) AS BIGINT)"), "bytes")
        .group_by(asset::Column::OwnerId)
        .group_by(asset::Column::AssetType)
        .into_tuple()
        .all(db)
        .await?)
}
