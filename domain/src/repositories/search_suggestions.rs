//! The distinct values of one EXIF field among the assets a search finds: what the search box
//! suggests.

use super::search::{self, AssetSearch};
use super::RepoResult;
use crate::entities::asset_exif;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ConnectionTrait, FromQueryResult};

#[derive(FromQueryResult)]
struct Row {
    value: Option<String>,
}

/// Sorted distinct values of `field` among what `scope` finds; `None` stands for assets without
/// a value (or without EXIF at all) and is only there when `include_null`.
pub async fn distinct_values(
    db: &impl ConnectionTrait,
    scope: &AssetSearch,
    field: asset_exif::Column,
    include_null: bool,
) -> RepoResult<Vec<Option<String>>> {
    let mut query = search::matching(scope);
    query.clear_selects().distinct().expr_as(Expr::col((asset_exif::Entity, field)), "value");
    if !include_null {
        query.and_where(Expr::col((asset_exif::Entity, field)).is_not_null());
    }
    let statement = db.get_database_backend().build(&query);
    let mut values: Vec<Option<String>> =
        Row::find_by_statement(statement).all(db).await?.into_iter().map(|v| v.value).collect();
    // Empty text is no value; sorted here since the backends put NULL at different ends.
    values.retain(|v| v.as_ref().is_none_or(|v| !v.trim().is_empty()));
    values.sort();
    Ok(values)
}
