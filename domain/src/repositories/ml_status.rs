//! Which machine-learning steps have run on which assets.

use super::RepoResult;
use crate::entities::asset;
use crate::entities::asset_ml_status::{self, Entity as Status};
use chrono::Utc;
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// The machine-learning steps that keep a per-asset mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MlStep {
    SmartSearch,
    FaceDetection,
    Tagging,
    Ocr,
    DuplicateDetection,
}

impl MlStep {
    fn column(self) -> asset_ml_status::Column {
        match self {
            MlStep::SmartSearch => asset_ml_status::Column::SmartSearchAt,
            MlStep::FaceDetection => asset_ml_status::Column::FacesDetectedAt,
            MlStep::Tagging => asset_ml_status::Column::TaggedAt,
            MlStep::Ocr => asset_ml_status::Column::OcrAt,
            MlStep::DuplicateDetection => asset_ml_status::Column::DuplicatesDetectedAt,
        }
    }
}

/// Marks the step done on the asset now.
pub async fn mark(db: &impl ConnectionTrait, asset_id: Uuid, step: MlStep) -> RepoResult<()> {
    let column = step.column();
    let statement = Query::insert()
        .into_table(asset_ml_status::Entity)
        .columns([asset_ml_status::Column::AssetId, column])
        .values_panic([asset_id.into(), Utc::now().into()])
        .on_conflict(OnConflict::column(asset_ml_status::Column::AssetId).update_column(column).to_owned())
        .to_owned();
    db.execute(&statement).await?;
    Ok(())
}

/// Forgets the step on every asset ("run on all" starts over).
pub async fn clear(db: &impl ConnectionTrait, step: MlStep) -> RepoResult<()> {
    Status::update_many().col_expr(step.column(), Expr::value(Option::<chrono::DateTime<Utc>>::None)).exec(db).await?;
    Ok(())
}

/// Assets with a preview (what ML reads), not in the trash, where the step has not run (or any,
/// with `all`), oldest first, a page after `after`.
pub async fn assets_for(
    db: &impl ConnectionTrait,
    step: MlStep,
    all: bool,
    after: Option<Uuid>,
    limit: u64,
) -> RepoResult<Vec<Uuid>> {
    let mut condition =
        Condition::all().add(asset::Column::PreviewPath.is_not_null()).add(asset::Column::DeletedAt.is_null());
    if !all {
        let done = Query::select()
            .column(asset_ml_status::Column::AssetId)
            .from(asset_ml_status::Entity)
            .and_where(step.column().is_not_null())
            .to_owned();
        condition = condition.add(asset::Column::Id.not_in_subquery(done));
    }
    if let Some(after) = after {
        condition = condition.add(asset::Column::Id.gt(after));
    }
    Ok(asset::Entity::find()
        .select_only()
        .column(asset::Column::Id)
        .filter(condition)
        .order_by_asc(asset::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?)
}

pub async fn find(db: &impl ConnectionTrait, asset_id: Uuid) -> RepoResult<Option<asset_ml_status::Model>> {
    Ok(Status::find_by_id(asset_id).one(db).await?)
}

/// How many assets the step has not run on (with a preview, not in the trash).
pub async fn count_missing(db: &impl ConnectionTrait, step: MlStep) -> RepoResult<u64> {
    use sea_orm::PaginatorTrait;
    let done = Query::select()
        .column(asset_ml_status::Column::AssetId)
        .from(asset_ml_status::Entity)
        .and_where(step.column().is_not_null())
        .to_owned();
    Ok(asset::Entity::find()
        .filter(asset::Column::PreviewPath.is_not_null())
        .filter(asset::Column::DeletedAt.is_null())
        .filter(asset::Column::Id.not_in_subquery(done))
        .count(db)
        .await?)
}

/// How many assets carry a failure of this step (`<step>: <reason>`).
pub async fn count_failed(db: &impl ConnectionTrait, step_name: &str) -> RepoResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(asset::Entity::find()
        .filter(asset::Column::ProcessingError.starts_with(format!("{step_name}: ")))
        .filter(asset::Column::DeletedAt.is_null())
        .count(db)
        .await?)
}
