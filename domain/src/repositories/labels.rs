//! Object tags found in assets.

use super::RepoResult;
use crate::entities::asset_label::{self, Entity as Labels};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder};
use uuid::Uuid;

/// Replaces an asset's labels (a re-run starts over).
pub async fn replace(db: &impl ConnectionTrait, asset_id: Uuid, labels: Vec<asset_label::Model>) -> RepoResult<()> {
    Labels::delete_many().filter(asset_label::Column::AssetId.eq(asset_id)).exec(db).await?;
    if !labels.is_empty() {
        Labels::insert_many(labels.into_iter().map(IntoActiveModel::into_active_model)).exec(db).await?;
    }
    Ok(())
}

pub async fn of_asset(db: &impl ConnectionTrait, asset_id: Uuid) -> RepoResult<Vec<asset_label::Model>> {
    Ok(Labels::find()
        .filter(asset_label::Column::AssetId.eq(asset_id))
        .order_by_desc(asset_label::Column::Score)
        .order_by_asc(asset_label::Column::Id)
        .all(db)
        .await?)
}
