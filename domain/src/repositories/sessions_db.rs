use super::sessions::SessionRecord;
use super::RepoResult;
use crate::entities::session::{self, Entity as Sessions};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use uuid::Uuid;

fn to_record(model: session::Model) -> SessionRecord {
    SessionRecord {
        id: model.id,
        user_id: model.user_id,
        token_hash: model.token_hash,
        device_type: model.device_type,
        device_os: model.device_os,
        created_at: model.created_at,
        updated_at: model.updated_at,
        expires_at: model.expires_at,
    }
}

pub async fn insert(db: &impl ConnectionTrait, record: &SessionRecord) -> RepoResult<()> {
    session::Model {
        id: record.id,
        token_hash: record.token_hash.clone(),
        user_id: record.user_id,
        device_type: record.device_type.clone(),
        device_os: record.device_os.clone(),
        created_at: record.created_at,
        updated_at: record.updated_at,
        expires_at: record.expires_at,
    }
    .into_active_model()
    .insert(db)
    .await?;
    Ok(())
}

pub async fn find_by_token_hash(db: &impl ConnectionTrait, token_hash: &str) -> RepoResult<Option<SessionRecord>> {
    let found = Sessions::find().filter(session::Column::TokenHash.eq(token_hash)).one(db).await?;
    Ok(found.map(to_record))
}

pub async fn list_for_user(db: &impl ConnectionTrait, user_id: Uuid) -> RepoResult<Vec<SessionRecord>> {
    let found = Sessions::find().filter(session::Column::UserId.eq(user_id)).all(db).await?;
    Ok(found.into_iter().map(to_record).collect())
}

pub async fn touch(db: &impl ConnectionTrait, record: &SessionRecord) -> RepoResult<()> {
    session::ActiveModel {
        id: Set(record.id),
        updated_at: Set(record.updated_at),
        expires_at: Set(record.expires_at),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, user_id: Uuid, id: Uuid) -> RepoResult<bool> {
    let result = Sessions::delete_many()
        .filter(session::Column::Id.eq(id))
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

pub async fn delete_all_except(db: &impl ConnectionTrait, user_id: Uuid, keep: Option<Uuid>) -> RepoResult<u64> {
    let mut query = Sessions::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        query = query.filter(session::Column::Id.ne(keep));
    }
    Ok(query.exec(db).await?.rows_affected)
}
