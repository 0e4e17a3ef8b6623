//! Faces found in assets and their embeddings (`face_search`, see `vectors`).

use super::vectors::{self, VectorTable};
use super::RepoResult;
use crate::entities::asset;
use crate::entities::asset_face::{self, Entity as Faces};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
};
use uuid::Uuid;

pub const MACHINE_LEARNING: &str = "machine-learning";

/// A face to store, with its embedding.
#[derive(Debug, Clone)]
pub struct NewFace {
    pub face: asset_face::Model,
    pub embedding: Vec<f32>,
}

/// Replaces the faces machine learning found in an asset (a re-run starts over; faces from
/// other sources stay).
pub async fn replace_detected(db: &impl ConnectionTrait, asset_id: Uuid, faces: &[NewFace]) -> RepoResult<()> {
    Faces::delete_many()
        .filter(asset_face::Column::AssetId.eq(asset_id))
        .filter(asset_face::Column::SourceType.eq(MACHINE_LEARNING))
        .exec(db)
        .await?;
    for face in faces {
        face.face.clone().into_active_model().insert(db).await?;
        vectors::upsert(db, VectorTable::FaceSearch, face.face.id, &face.embedding).await?;
    }
    Ok(())
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> RepoResult<Option<asset_face::Model>> {
    Ok(Faces::find_by_id(id).one(db).await?)
}

/// A face with the asset it is in.
pub async fn find_with_asset(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> RepoResult<Option<(asset_face::Model, asset::Model)>> {
    let Some(face) = find(db, id).await? else { return Ok(None) };
    let asset = asset::Entity::find_by_id(face.asset_id).one(db).await?;
    Ok(asset.map(|a| (face, a)))
}

pub async fn of_asset(db: &impl ConnectionTrait, asset_id: Uuid) -> RepoResult<Vec<asset_face::Model>> {
    Ok(Faces::find()
        .filter(asset_face::Column::AssetId.eq(asset_id))
        .order_by_asc(asset_face::Column::BoundingBoxX1)
        .order_by_asc(asset_face::Column::Id)
        .all(db)
        .await?)
}

pub async fn find_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> RepoResult<Vec<asset_face::Model>> {
    let mut out = Vec::with_capacity(ids.len());
    for batch in ids.chunks(5000) {
        out.extend(Faces::find().filter(asset_face::Column::Id.is_in(batch.iter().copied())).all(db).await?);
    }
    Ok(out)
}

/// Puts faces on a person (or on nobody).
pub async fn assign(db: &impl ConnectionTrait, face_ids: &[Uuid], person: Option<Uuid>) -> RepoResult<u64> {
    let mut changed = 0;
    for batch in face_ids.chunks(5000) {
        changed += Faces::update_many()
            .col_expr(asset_face::Column::PersonId, Expr::value(person))
            .filter(asset_face::Column::Id.is_in(batch.iter().copied()))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(changed)
}

/// Moves every face of the `from` people to `to` (a merge).
pub async fn move_people(db: &impl ConnectionTrait, from: &[Uuid], to: Uuid) -> RepoResult<u64> {
    Ok(Faces::update_many()
        .col_expr(asset_face::Column::PersonId, Expr::value(to))
        .filter(asset_face::Column::PersonId.is_in(from.iter().copied()))
        .exec(db)
        .await?
        .rows_affected)
}

/// Faces of the owner's assets (not trashed) that belong to nobody, oldest first.
pub async fn unassigned(db: &impl ConnectionTrait, owner: Uuid) -> RepoResult<Vec<Uuid>> {
    Ok(Faces::find()
        .select_only()
        .column(asset_face::Column::Id)
        .join(JoinType::InnerJoin, asset_face::Relation::Asset.def())
        .filter(asset::Column::OwnerId.eq(owner))
        .filter(asset::Column::DeletedAt.is_null())
        .filter(asset_face::Column::PersonId.is_null())
        .order_by_asc(asset_face::Column::CreatedAt)
        .order_by_asc(asset_face::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

/// Takes every machine-learning face of the owner off its person (a full re-cluster).
pub async fn unassign_all_detected(db: &impl ConnectionTrait, owner: Uuid) -> RepoResult<u64> {
    let of_owner = Query::select()
        .column(asset::Column::Id)
        .from(asset::Entity)
        .and_where(asset::Column::OwnerId.eq(owner))
        .to_owned();
    Ok(Faces::update_many()
        .col_expr(asset_face::Column::PersonId, Expr::value(Option::<Uuid>::None))
        .filter(asset_face::Column::SourceType.eq(MACHINE_LEARNING))
        .filter(asset_face::Column::AssetId.in_subquery(of_owner))
        .exec(db)
        .await?
        .rows_affected)
}

/// The ids of faces a neighbour search may return: the owner's, in assets not in the trash,
/// and (when asked) only those already on a person.
pub fn candidates(owner: Uuid, with_person_only: bool) -> SelectStatement {
    let mut q = Query::select()
        .column((asset_face::Entity, asset_face::Column::Id))
        .from(asset_face::Entity)
        .inner_join(
            asset::Entity,
            Expr::col((asset::Entity, asset::Column::Id)).equals((asset_face::Entity, asset_face::Column::AssetId)),
        )
        .and_where(Expr::col((asset::Entity, asset::Column::OwnerId)).eq(owner))
        .and_where(Expr::col((asset::Entity, asset::Column::DeletedAt)).is_null())
        .to_owned();
    if with_person_only {
        q.and_where(Expr::col((asset_face::Entity, asset_face::Column::PersonId)).is_not_null());
    }
    q
}

/// Owners of the assets these faces are in: for access checks.
pub async fn asset_owner(db: &impl ConnectionTrait, face_id: Uuid) -> RepoResult<Option<(Uuid, Uuid)>> {
    Ok(Faces::find()
        .select_only()
        .column(asset_face::Column::AssetId)
        .column(asset::Column::OwnerId)
        .join(JoinType::InnerJoin, asset_face::Relation::Asset.def())
        .filter(asset_face::Column::Id.eq(face_id))
        .into_tuple()
        .one(db)
        .await?)
}

pub async fn delete(db: &impl ConnectionTrait, id: Uuid) -> RepoResult<u64> {
    Ok(Faces::delete_by_id(id).exec(db).await?.rows_affected)
}

/// A face of the person to show them by (the best-scoring one in a visible asset).
pub async fn best_of_person(db: &impl ConnectionTrait, person: Uuid) -> RepoResult<Option<asset_face::Model>> {
    Ok(Faces::find()
        .join(JoinType::InnerJoin, asset_face::Relation::Asset.def())
        .filter(asset_face::Column::PersonId.eq(person))
        .filter(asset::Column::DeletedAt.is_null())
        .order_by_desc(asset_face::Column::Score)
        .order_by_asc(asset_face::Column::Id)
        .one(db)
        .await?)
}
