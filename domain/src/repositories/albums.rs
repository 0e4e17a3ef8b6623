//! Albums, the assets in them and the people they are shared with.

use super::RepoResult;
use crate::entities::album::{self, Entity as Albums};
use crate::entities::album_asset::{self, Entity as AlbumAssets};
use crate::entities::album_user::{self, Entity as AlbumUsers};
use crate::entities::asset::{self, Entity as Assets};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationDef, Set,
};
use std::collections::HashMap;
use uuid::Uuid;

pub async fn insert(db: &impl ConnectionTrait, model: album::ActiveModel) -> RepoResult<album::Model> {
    Ok(model.insert(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> RepoResult<Option<album::Model>> {
    Ok(Albums::find_by_id(id).one(db).await?)
}

pub async fn update(db: &impl ConnectionTrait, model: album::ActiveModel) -> RepoResult<album::Model> {
    Ok(model.update(db).await?)
}

pub async fn delete(db: &impl ConnectionTrait, id: Uuid) -> RepoResult<()> {
    Albums::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Albums of which this user is the owner or a member.
fn visible_to(user: Uuid) -> Condition {
    Condition::any().add(album::Column::OwnerId.eq(user)).add(album::Column::Id.in_subquery(member_albums(user)))
}

fn member_albums(user: Uuid) -> SelectStatement {
    Query::select()
        .column(album_user::Column::AlbumId)
        .from(AlbumUsers)
        .and_where(album_user::Column::UserId.eq(user))
        .to_owned()
}

/// The albums this user owns or is a member of, newest first.
pub async fn list_visible(db: &impl ConnectionTrait, user: Uuid) -> RepoResult<Vec<album::Model>> {
    Ok(Albums::find()
        .filter(visible_to(user))
        .order_by_desc(album::Column::CreatedAt)
        .order_by_desc(album::Column::Id)
        .all(db)
        .await?)
}

/// The albums holding this asset that this user can see.
pub async fn list_visible_with_asset(
    db: &impl ConnectionTrait,
    user: Uuid,
    asset_id: Uuid,
) -> RepoResult<Vec<album::Model>> {
    let holding = Query::select()
        .column(album_asset::Column::AlbumId)
        .from(AlbumAssets)
        .and_where(album_asset::Column::AssetId.eq(asset_id))
        .to_owned();
    Ok(Albums::find()
        .filter(visible_to(user))
        .filter(album::Column::Id.in_subquery(holding))
        .order_by_desc(album::Column::CreatedAt)
        .all(db)
        .await?)
}

pub async fn members(db: &impl ConnectionTrait, album_ids: &[Uuid]) -> RepoResult<Vec<album_user::Model>> {
    let mut found = Vec::new();
    for batch in album_ids.chunks(5000) {
        found.extend(
            AlbumUsers::find()
                .filter(album_user::Column::AlbumId.is_in(batch.iter().copied()))
                .order_by_asc(album_user::Column::CreatedAt)
                .all(db)
                .await?,
        );
    }
    Ok(found)
}

pub async fn member(db: &impl ConnectionTrait, album_id: Uuid, user: Uuid) -> RepoResult<Option<album_user::Model>> {
    Ok(AlbumUsers::find_by_id((album_id, user)).one(db).await?)
}

pub async fn upsert_member(db: &impl ConnectionTrait, album_id: Uuid, user: Uuid, role: &str) -> RepoResult<()> {
    match member(db, album_id, user).await? {
        Some(existing) => {
            let mut active: album_user::ActiveModel = existing.into();
            active.role = Set(role.to_string());
            active.update(db).await?;
        }
        None => {
            album_user::ActiveModel {
                album_id: Set(album_id),
                user_id: Set(user),
                role: Set(role.to_string()),
                created_at: Set(Utc::now()),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

pub async fn remove_member(db: &impl ConnectionTrait, album_id: Uuid, user: Uuid) -> RepoResult<bool> {
    Ok(AlbumUsers::delete_by_id((album_id, user)).exec(db).await?.rows_affected == 1)
}

/// What an album page's header shows, per album: counts per contributor and the date range of
/// assets not in the trash.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlbumStats {
    pub asset_count: u64,
    pub contributors: Vec<(Uuid, u64)>,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub last_modified: Option<DateTime<Utc>>,
}

fn asset_join() -> RelationDef {
    AlbumAssets::belongs_to(Assets).from(album_asset::Column::AssetId).to(asset::Column::Id).into()
}

type StatsRow = (Uuid, Uuid, i64, Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

pub async fn stats(db: &impl ConnectionTrait, album_ids: &[Uuid]) -> RepoResult<HashMap<Uuid, AlbumStats>> {
    let mut stats: HashMap<Uuid, AlbumStats> = HashMap::new();
    for batch in album_ids.chunks(5000) {
        let rows: Vec<StatsRow> = AlbumAssets::find()
            .select_only()
            .column(album_asset::Column::AlbumId)
            .column(asset::Column::OwnerId)
            .column_as(Expr::col((Assets, asset::Column::Id)).count(), "count")
            .column_as(Expr::col((Assets, asset::Column::LocalDateTime)).min(), "start")
            .column_as(Expr::col((Assets, asset::Column::LocalDateTime)).max(), "end")
            .column_as(Expr::col((Assets, asset::Column::UpdatedAt)).max(), "modified")
            .join(JoinType::InnerJoin, asset_join())
            .filter(album_asset::Column::AlbumId.is_in(batch.iter().copied()))
            .filter(asset::Column::DeletedAt.is_null())
            .group_by(album_asset::Column::AlbumId)
            .group_by(asset::Column::OwnerId)
            .into_tuple()
            .all(db)
            .await?;
        for (album_id, owner, count, start, end, modified) in rows {
            let entry = stats.entry(album_id).or_default();
            let count = Ord::max(count, 0) as u64;
            entry.asset_count += count;
            entry.contributors.push((owner, count));
            entry.start = min_some(entry.start, start);
            entry.end = Ord::max(entry.end, end);
            entry.last_modified = Ord::max(entry.last_modified, modified);
        }
    }
    Ok(stats)
}

fn min_some(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(Ord::min(a, b)),
        (a, b) => a.or(b),
    }
}

/// The album's rows for these assets: who added each.
pub async fn entries(
    db: &impl ConnectionTrait,
    album_id: Uuid,
    asset_ids: &[Uuid],
) -> RepoResult<Vec<album_asset::Model>> {
    let mut found = Vec::new();
    for batch in asset_ids.chunks(5000) {
        found.extend(
            AlbumAssets::find()
                .filter(album_asset::Column::AlbumId.eq(album_id))
                .filter(album_asset::Column::AssetId.is_in(batch.iter().copied()))
                .all(db)
                .await?,
        );
    }
    Ok(found)
}

pub async fn add_assets(
    db: &impl ConnectionTrait,
    album_id: Uuid,
    asset_ids: &[Uuid],
    added_by: Uuid,
) -> RepoResult<()> {
    let now = Utc::now();
    for batch in asset_ids.chunks(1000) {
        let rows = batch.iter().map(|&asset_id| album_asset::ActiveModel {
            album_id: Set(album_id),
            asset_id: Set(asset_id),
            added_by: Set(added_by),
            created_at: Set(now),
        });
        AlbumAssets::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

pub async fn remove_assets(db: &impl ConnectionTrait, album_id: Uuid, asset_ids: &[Uuid]) -> RepoResult<u64> {
    let mut removed = 0;
    for batch in asset_ids.chunks(5000) {
        removed += AlbumAssets::delete_many()
            .filter(album_asset::Column::AlbumId.eq(album_id))
            .filter(album_asset::Column::AssetId.is_in(batch.iter().copied()))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(removed)
}

/// Marks the album changed (its `updatedAt`), as adding or removing assets does.
pub async fn touch(db: &impl ConnectionTrait, album_id: Uuid) -> RepoResult<()> {
    Albums::update_many()
        .col_expr(album::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(album::Column::Id.eq(album_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether this user may see the asset through an album they own or belong to.
pub async fn asset_shared_with(db: &impl ConnectionTrait, asset_id: Uuid, user: Uuid) -> RepoResult<bool> {
    let albums = Query::select().column(album::Column::Id).from(Albums).cond_where(visible_to(user)).to_owned();
    let found = AlbumAssets::find()
        .select_only()
        .column(album_asset::Column::AlbumId)
        .filter(album_asset::Column::AssetId.eq(asset_id))
        .filter(album_asset::Column::AlbumId.in_subquery(albums))
        .limit(1)
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    Ok(found.is_some())
}

/// Whether the album holds this asset.
pub async fn holds_asset(db: &impl ConnectionTrait, album_id: Uuid, asset_id: Uuid) -> RepoResult<bool> {
    Ok(AlbumAssets::find_by_id((album_id, asset_id)).one(db).await?.is_some())
}

/// The assets of an album, as a subquery for timeline scopes.
pub fn asset_ids_of(album_id: Uuid) -> SelectStatement {
    Query::select()
        .column(album_asset::Column::AssetId)
        .from(AlbumAssets)
        .and_where(Expr::col(album_asset::Column::AlbumId).eq(album_id))
        .to_owned()
}

/// The album's earliest-added asset, as a default cover.
pub async fn first_asset(db: &impl ConnectionTrait, album_id: Uuid) -> RepoResult<Option<Uuid>> {
    Ok(AlbumAssets::find()
        .select_only()
        .column(album_asset::Column::AssetId)
        .filter(album_asset::Column::AlbumId.eq(album_id))
        .order_by_asc(album_asset::Column::CreatedAt)
        .order_by_asc(album_asset::Column::AssetId)
        .limit(1)
        .into_tuple::<Uuid>()
        .one(db)
        .await?)
}
