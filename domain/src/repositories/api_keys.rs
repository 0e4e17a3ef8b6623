use super::RepoResult;
use crate::entities::api_key::{self, Entity as ApiKeys};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

pub async fn insert(db: &impl ConnectionTrait, model: api_key::ActiveModel) -> RepoResult<api_key::Model> {
    Ok(model.insert(db).await?)
}

pub async fn update(db: &impl ConnectionTrait, model: api_key::ActiveModel) -> RepoResult<api_key::Model> {
    Ok(model.update(db).await?)
}

pub async fn find_by_hash(db: &impl ConnectionTrait, key_hash: &str) -> RepoResult<Option<api_key::Model>> {
    Ok(ApiKeys::find().filter(api_key::Column::KeyHash.eq(key_hash)).one(db).await?)
}

pub async fn find_for_user(db: &impl ConnectionTrait, user_id: Uuid, id: Uuid) -> RepoResult<Option<api_key::Model>> {
    Ok(ApiKeys::find_by_id(id).filter(api_key::Column::UserId.eq(user_id)).one(db).await?)
}

pub async fn list_for_user(db: &impl ConnectionTrait, user_id: Uuid) -> RepoResult<Vec<api_key::Model>> {
    Ok(ApiKeys::find()
        .filter(api_key::Column::UserId.eq(user_id))
        .order_by_asc(api_key::Column::CreatedAt)
        .all(db)
        .await?)
}

pub async fn delete_for_user(db: &impl ConnectionTrait, user_id: Uuid, id: Uuid) -> RepoResult<bool> {
    let result = ApiKeys::delete_many()
        .filter(api_key::Column::Id.eq(id))
        .filter(api_key::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}
