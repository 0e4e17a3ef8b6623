//! Object tags for the explore page: each tag with how many assets have it and the newest of
//! them, in one pass.

use super::search::AssetSearch;
use super::RepoResult;
use crate::entities::{asset, asset_label};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct TagRow {
    pub name: String,
    pub count: i64,
    pub sample: Uuid,
}

/// Tags of assets that `scope` finds, on the most assets first, at most `limit`.
pub async fn explore_tags(db: &impl ConnectionTrait, scope: &AssetSearch, limit: u64) -> RepoResult<Vec<TagRow>> {
    // An asset holds a tag once per detected box (three people, three `person` rows) and once
    // more as a whole-image tag: one row per asset and tag before counting.
    let mut tagged = super::search::matching(scope);
    tagged
        .clear_selects()
        .distinct()
        .column((asset_label::Entity, asset_label::Column::Name))
        .expr_as(Expr::col((asset::Entity, asset::Column::Id)), Alias::new("asset_id"))
        .expr_as(Expr::cust(r#"COALESCE("assets"."taken_at", "assets"."file_created_at")"#), Alias::new("taken"))
        .inner_join(
            asset_label::Entity,
            Expr::col((asset_label::Entity, asset_label::Column::AssetId)).equals((asset::Entity, asset::Column::Id)),
        );
    let ranked = Query::select()
        .column(Alias::new("name"))
        .expr_as(Expr::col(Alias::new("asset_id")), Alias::new("sample"))
        .expr_as(Expr::cust(r#"COUNT(*) OVER (PARTITION BY "name")"#), Alias::new("count"))
        .expr_as(
            // Window functions take no bound values: the order is spelled out.
            Expr::cust(r#"ROW_NUMBER() OVER (PARTITION BY "name" ORDER BY "taken" DESC, "asset_id")"#),
            Alias::new("rank"),
        )
        .from_subquery(tagged, Alias::new("tagged"))
        .to_owned();
    let outer = Query::select()
        .columns([Alias::new("name"), Alias::new("count"), Alias::new("sample")])
        .from_subquery(ranked, Alias::new("ranked"))
        .and_where(Expr::col(Alias::new("rank")).eq(1))
        .order_by(Alias::new("count"), Order::Desc)
        .order_by(Alias::new("name"), Order::Asc)
        .limit(limit)
        .to_owned();
    let statement = db.get_database_backend().build(&outer);
    Ok(TagRow::find_by_statement(statement).all(db).await?)
}
