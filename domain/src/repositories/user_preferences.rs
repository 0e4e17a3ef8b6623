//! The preferences a user changed, stored as one JSON object per user.

use super::RepoResult;
use crate::entities::user_preferences::{self, Entity as UserPreferences};
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use uuid::Uuid;

pub async fn find(db: &impl ConnectionTrait, user_id: Uuid) -> RepoResult<Option<String>> {
    Ok(UserPreferences::find_by_id(user_id).one(db).await?.map(|row| row.preferences))
}

pub async fn save(db: &impl ConnectionTrait, user_id: Uuid, preferences: String) -> RepoResult<()> {
    let row = user_preferences::ActiveModel {
        user_id: Set(user_id),
        preferences: Set(preferences),
        updated_at: Set(Utc::now()),
    };
    UserPreferences::insert(row)
        .on_conflict(
            OnConflict::column(user_preferences::Column::UserId)
                .update_columns([user_preferences::Column::Preferences, user_preferences::Column::UpdatedAt])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}
