//! Shared links and the assets an individual link holds.

use super::RepoResult;
use crate::entities::shared_link::{self, Entity as SharedLinks};
use crate::entities::shared_link_asset::{self, Entity as SharedLinkAssets};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

pub async fn insert(db: &impl ConnectionTrait, model: shared_link::ActiveModel) -> RepoResult<shared_link::Model> {
    Ok(model.insert(db).await?)
}

pub async fn update(db: &impl ConnectionTrait, model: shared_link::ActiveModel) -> RepoResult<shared_link::Model> {
    Ok(model.update(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> RepoResult<Option<shared_link::Model>> {
    Ok(SharedLinks::find_by_id(id).one(db).await?)
}

/// The link whose key or slug this is.
pub async fn find_by_key_or_slug(
    db: &impl ConnectionTrait,
    key: Option<&str>,
    slug: Option<&str>,
) -> RepoResult<Option<shared_link::Model>> {
    let mut condition = Condition::any();
    if let Some(key) = key {
        condition = condition.add(shared_link::Column::Key.eq(key));
    }
    if let Some(slug) = slug {
        condition = condition.add(shared_link::Column::Slug.eq(slug));
    }
    if condition.is_empty() {
        return Ok(None);
    }
    Ok(SharedLinks::find().filter(condition).one(db).await?)
}

pub async fn delete(db: &impl ConnectionTrait, id: Uuid) -> RepoResult<()> {
    SharedLinks::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// A user's links, newest first, optionally only those of one album.
pub async fn list(db: &impl ConnectionTrait, user: Uuid, album: Option<Uuid>) -> RepoResult<Vec<shared_link::Model>> {
    let mut query = SharedLinks::find().filter(shared_link::Column::UserId.eq(user));
    if let Some(album) = album {
        query = query.filter(shared_link::Column::AlbumId.eq(album));
    }
    Ok(query.order_by_desc(shared_link::Column::CreatedAt).order_by_desc(shared_link::Column::Id).all(db).await?)
}

/// The asset ids an individual link holds, in the order they were added.
pub async fn asset_ids(db: &impl ConnectionTrait, link: Uuid) -> RepoResult<Vec<Uuid>> {
    Ok(SharedLinkAssets::find()
        .select_only()
        .column(shared_link_asset::Column::AssetId)
        .filter(shared_link_asset::Column::SharedLinkId.eq(link))
        .into_tuple()
        .all(db)
        .await?)
}

/// Adds assets the link does not hold yet (the service leaves out those it holds).
pub async fn add_assets(db: &impl ConnectionTrait, link: Uuid, ids: &[Uuid]) -> RepoResult<()> {
    for batch in ids.chunks(1000) {
        let rows = batch
            .iter()
            .map(|&asset_id| shared_link_asset::ActiveModel { shared_link_id: Set(link), asset_id: Set(asset_id) });
        SharedLinkAssets::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

pub async fn remove_assets(db: &impl ConnectionTrait, link: Uuid, ids: &[Uuid]) -> RepoResult<u64> {
    let mut removed = 0;
    for batch in ids.chunks(1000) {
        removed += SharedLinkAssets::delete_many()
            .filter(shared_link_asset::Column::SharedLinkId.eq(link))
            .filter(shared_link_asset::Column::AssetId.is_in(batch.iter().copied()))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(removed)
}

/// Whether the link holds this asset itself.
pub async fn holds_asset(db: &impl ConnectionTrait, link: Uuid, asset: Uuid) -> RepoResult<bool> {
    Ok(SharedLinkAssets::find_by_id((link, asset)).one(db).await?.is_some())
}

/// The assets of an individual link, as a subquery for timeline scopes.
pub fn asset_ids_of(link: Uuid) -> SelectStatement {
    Query::select()
        .column(shared_link_asset::Column::AssetId)
        .from(SharedLinkAssets)
        .and_where(Expr::col(shared_link_asset::Column::SharedLinkId).eq(link))
        .to_owned()
}
