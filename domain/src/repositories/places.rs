//! Places for the explore page: each city with how many assets were taken there and the newest
//! of them, in one pass.

use super::search::AssetSearch;
use super::RepoResult;
use crate::entities::asset;
use crate::entities::asset_exif;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct PlaceRow {
    pub city: String,
    pub state: Option<String>,
    pub country: Option<String>,
    pub count: i64,
    pub sample: Uuid,
}

/// Cities with assets that `scope` finds, most photographed first, at most `limit`.
pub async fn places(db: &impl ConnectionTrait, scope: &AssetSearch, limit: u64) -> RepoResult<Vec<PlaceRow>> {
    let place = r#""asset_exif"."city", "asset_exif"."state", "asset_exif"."country""#;
    let mut inner = super::search::matching(scope);
    inner
        .clear_selects()
        .column((asset_exif::Entity, asset_exif::Column::City))
        .column((asset_exif::Entity, asset_exif::Column::State))
        .column((asset_exif::Entity, asset_exif::Column::Country))
        .expr_as(Expr::col((asset::Entity, asset::Column::Id)), Alias::new("sample"))
        .expr_as(Expr::cust(format!("COUNT(*) OVER (PARTITION BY {place})")), Alias::new("count"))
        .expr_as(
            // Window functions take no bound values: the order is spelled out.
            Expr::cust(format!(
                r#"ROW_NUMBER() OVER (PARTITION BY {place} ORDER BY COALESCE("assets"."taken_at", "assets"."file_created_at") DESC, "assets"."id")"#
            )),
            Alias::new("rank"),
        )
        .and_where(Expr::col((asset_exif::Entity, asset_exif::Column::City)).is_not_null())
        .and_where(Expr::col((asset_exif::Entity, asset_exif::Column::City)).ne(""));
    let outer = Query::select()
        .columns([
            Alias::new("city"),
            Alias::new("state"),
            Alias::new("country"),
            Alias::new("count"),
            Alias::new("sample"),
        ])
        .from_subquery(inner, Alias::new("ranked"))
        .and_where(Expr::col(Alias::new("rank")).eq(1))
        .order_by(Alias::new("count"), Order::Desc)
        .order_by(Alias::new("city"), Order::Asc)
        .limit(limit)
        .to_owned();
    let statement = db.get_database_backend().build(&outer);
    Ok(PlaceRow::find_by_statement(statement).all(db).await?)
}
