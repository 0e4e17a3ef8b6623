use super::RepoResult;
use crate::entities::user::{self, Entity as Users};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

pub async fn find_by_id(db: &impl ConnectionTrait, id: Uuid) -> RepoResult<Option<user::Model>> {
    Ok(Users::find_by_id(id).one(db).await?)
}

pub async fn find_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> RepoResult<Vec<user::Model>> {
    Ok(Users::find().filter(user::Column::Id.is_in(ids.iter().copied())).all(db).await?)
}

pub async fn find_by_email(db: &impl ConnectionTrait, email: &str) -> RepoResult<Option<user::Model>> {
    Ok(Users::find().filter(user::Column::Email.eq(email)).one(db).await?)
}

pub async fn list(db: &impl ConnectionTrait, with_deleted: bool) -> RepoResult<Vec<user::Model>> {
    let mut query = Users::find().order_by_asc(user::Column::CreatedAt);
    if !with_deleted {
        query = query.filter(user::Column::DeletedAt.is_null());
    }
    Ok(query.all(db).await?)
}

pub async fn admin_exists(db: &impl ConnectionTrait) -> RepoResult<bool> {
    let count = Users::find().filter(user::Column::IsAdmin.eq(true)).count(db).await?;
    Ok(count > 0)
}

pub async fn insert(db: &impl ConnectionTrait, model: user::ActiveModel) -> RepoResult<user::Model> {
    Ok(model.insert(db).await?)
}

pub async fn update(db: &impl ConnectionTrait, model: user::ActiveModel) -> RepoResult<user::Model> {
    Ok(model.update(db).await?)
}

/// Users soft-deleted before `cutoff`: their grace period is over.
pub async fn due_for_purge(db: &impl ConnectionTrait, cutoff: DateTime<Utc>) -> RepoResult<Vec<user::Model>> {
    Ok(Users::find().filter(user::Column::DeletedAt.lt(cutoff)).all(db).await?)
}

/// Removes the row for good; sessions and API keys go with it (foreign keys cascade).
pub async fn delete(db: &impl ConnectionTrait, id: Uuid) -> RepoResult<bool> {
    let result = Users::delete_by_id(id).exec(db).await?;
    Ok(result.rows_affected > 0)
}

/// Every user's id (including those awaiting deletion): for work done per library.
pub async fn all_ids(db: &impl ConnectionTrait) -> RepoResult<Vec<Uuid>> {
    use sea_orm::{EntityTrait, QuerySelect};
    Ok(user::Entity::find().select_only().column(user::Column::Id).into_tuple().all(db).await?)
}
