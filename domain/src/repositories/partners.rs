//! Partner sharing: who reads whose whole library.

use super::RepoResult;
use crate::entities::partner::{self, Entity as Partners};
use chrono::Utc;
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use uuid::Uuid;

pub async fn find(db: &impl ConnectionTrait, shared_by: Uuid, shared_with: Uuid) -> RepoResult<Option<partner::Model>> {
    Ok(Partners::find_by_id((shared_by, shared_with)).one(db).await?)
}

pub async fn insert(db: &impl ConnectionTrait, shared_by: Uuid, shared_with: Uuid) -> RepoResult<partner::Model> {
    let model = partner::ActiveModel {
        shared_by_id: Set(shared_by),
        shared_with_id: Set(shared_with),
        in_timeline: Set(false),
        created_at: Set(Utc::now()),
    };
    Ok(model.insert(db).await?)
}

pub async fn set_in_timeline(
    db: &impl ConnectionTrait,
    shared_by: Uuid,
    shared_with: Uuid,
    in_timeline: bool,
) -> RepoResult<Option<partner::Model>> {
    let Some(found) = find(db, shared_by, shared_with).await? else { return Ok(None) };
    let mut model: partner::ActiveModel = found.into();
    model.in_timeline = Set(in_timeline);
    Ok(Some(model.update(db).await?))
}

pub async fn delete(db: &impl ConnectionTrait, shared_by: Uuid, shared_with: Uuid) -> RepoResult<bool> {
    Ok(Partners::delete_by_id((shared_by, shared_with)).exec(db).await?.rows_affected > 0)
}

/// The users I share my library with.
pub async fn shared_by(db: &impl ConnectionTrait, user: Uuid) -> RepoResult<Vec<partner::Model>> {
    Ok(Partners::find()
        .filter(partner::Column::SharedById.eq(user))
        .order_by_asc(partner::Column::CreatedAt)
        .all(db)
        .await?)
}

/// The users who share their library with me.
pub async fn shared_with(db: &impl ConnectionTrait, user: Uuid) -> RepoResult<Vec<partner::Model>> {
    Ok(Partners::find()
        .filter(partner::Column::SharedWithId.eq(user))
        .order_by_asc(partner::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Owners whose libraries `user` may read, as a subquery for asset filters.
pub fn owners_shared_with(user: Uuid) -> SelectStatement {
    Query::select()
        .column(partner::Column::SharedById)
        .from(Partners)
        .and_where(partner::Column::SharedWithId.eq(user))
        .to_owned()
}

/// Whether `owner` shares their library with `user`.
pub async fn shares(db: &impl ConnectionTrait, owner: Uuid, user: Uuid) -> RepoResult<bool> {
    Ok(Partners::find_by_id((owner, user))
        .select_only()
        .column(partner::Column::SharedById)
        .into_tuple::<Uuid>()
        .one(db)
        .await?
        .is_some())
}
