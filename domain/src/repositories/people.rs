//! People: groups of faces, with the counts the people page sorts by.

use super::RepoResult;
use crate::entities::person::{self, Entity as People};
use crate::entities::{asset, asset_face};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Order, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, IntoActiveModel, QueryFilter, Set,
    StatementBuilder,
};
use uuid::Uuid;

pub async fn create(
    db: &impl ConnectionTrait,
    owner: Uuid,
    face: Option<Uuid>,
    name: &str,
) -> RepoResult<person::Model> {
    let now = Utc::now();
    let model = person::Model {
        id: Uuid::new_v4(),
        owner_id: owner,
        name: name.to_string(),
        birth_date: None,
        is_hidden: false,
        is_favorite: false,
        color: None,
        face_asset_id: face,
        created_at: now,
        updated_at: now,
    };
    Ok(model.into_active_model().insert(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> RepoResult<Option<person::Model>> {
    Ok(People::find_by_id(id).one(db).await?)
}

pub async fn find_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> RepoResult<Vec<person::Model>> {
    Ok(People::find().filter(person::Column::Id.is_in(ids.iter().copied())).all(db).await?)
}

/// What may change on a person; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct PersonUpdate {
    pub name: Option<String>,
    pub birth_date: Option<Option<NaiveDate>>,
    pub is_hidden: Option<bool>,
    pub is_favorite: Option<bool>,
    pub color: Option<Option<String>>,
    pub face_asset_id: Option<Uuid>,
}

pub async fn update(
    db: &impl ConnectionTrait,
    current: person::Model,
    update: PersonUpdate,
) -> RepoResult<person::Model> {
    let mut model = current.into_active_model();
    if let Some(name) = update.name {
        model.name = Set(name);
    }
    if let Some(birth_date) = update.birth_date {
        model.birth_date = Set(birth_date);
    }
    if let Some(hidden) = update.is_hidden {
        model.is_hidden = Set(hidden);
    }
    if let Some(favorite) = update.is_favorite {
        model.is_favorite = Set(favorite);
    }
    if let Some(color) = update.color {
        model.color = Set(color);
    }
    if let Some(face) = update.face_asset_id {
        model.face_asset_id = Set(Some(face));
    }
    model.updated_at = Set(Utc::now());
    Ok(model.update(db).await?)
}

pub async fn delete(db: &impl ConnectionTrait, ids: &[Uuid]) -> RepoResult<u64> {
    Ok(People::delete_many().filter(person::Column::Id.is_in(ids.iter().copied())).exec(db).await?.rows_affected)
}

/// Deletes the owner's unnamed people that no face points at any more; returns how many. A
/// named person stays: someone made them on purpose and may give them faces next.
pub async fn delete_without_faces(db: &impl ConnectionTrait, owner: Uuid) -> RepoResult<u64> {
    let with_faces = Query::select()
        .column(asset_face::Column::PersonId)
        .from(asset_face::Entity)
        .and_where(asset_face::Column::PersonId.is_not_null())
        .to_owned();
    Ok(People::delete_many()
        .filter(person::Column::OwnerId.eq(owner))
        .filter(person::Column::Name.eq(""))
        .filter(person::Column::Id.not_in_subquery(with_faces))
        .exec(db)
        .await?
        .rows_affected)
}

/// A person with the number of assets (in the timeline or archive, not trashed) showing them.
#[derive(Debug, Clone, FromQueryResult)]
pub struct PersonWithCount {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub is_hidden: bool,
    pub is_favorite: bool,
    pub color: Option<String>,
    pub face_asset_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub asset_count: i64,
}

impl PersonWithCount {
    pub fn person(&self) -> person::Model {
        person::Model {
            id: self.id,
            owner_id: self.owner_id,
            name: self.name.clone(),
            birth_date: self.birth_date,
            is_hidden: self.is_hidden,
            is_favorite: self.is_favorite,
            color: self.color.clone(),
            face_asset_id: self.face_asset_id,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// The owner's people shown in at least one asset, in the people page's order: visible before
/// hidden, favourites first, named before unnamed, then by how many photos show them.
pub async fn list_with_counts(
    db: &impl ConnectionTrait,
    owner: Uuid,
    only: Option<&[Uuid]>,
) -> RepoResult<Vec<PersonWithCount>> {
    let count = Expr::cust(r#"COUNT(DISTINCT "asset_faces"."asset_id")"#);
    let mut q = Query::select();
    for column in [
        person::Column::Id,
        person::Column::OwnerId,
        person::Column::Name,
        person::Column::BirthDate,
        person::Column::IsHidden,
        person::Column::IsFavorite,
        person::Column::Color,
        person::Column::FaceAssetId,
        person::Column::CreatedAt,
        person::Column::UpdatedAt,
    ] {
        q.column((person::Entity, column));
    }
    q.expr_as(count.clone(), Alias::new("asset_count"))
        .from(person::Entity)
        .inner_join(
            asset_face::Entity,
            Expr::col((asset_face::Entity, asset_face::Column::PersonId)).equals((person::Entity, person::Column::Id)),
        )
        .inner_join(
            asset::Entity,
            Expr::col((asset::Entity, asset::Column::Id)).equals((asset_face::Entity, asset_face::Column::AssetId)),
        )
        .and_where(Expr::col((person::Entity, person::Column::OwnerId)).eq(owner))
        .and_where(Expr::col((asset::Entity, asset::Column::DeletedAt)).is_null())
        .and_where(Expr::col((asset::Entity, asset::Column::Visibility)).is_in(["timeline", "archive"]))
        .group_by_col((person::Entity, person::Column::Id))
        .order_by((person::Entity, person::Column::IsHidden), Order::Asc)
        .order_by((person::Entity, person::Column::IsFavorite), Order::Desc)
        .order_by_expr(Expr::col((person::Entity, person::Column::Name)).eq(""), Order::Asc)
        .order_by_expr(count, Order::Desc)
        .order_by_expr(Func::lower(Expr::col((person::Entity, person::Column::Name))).into(), Order::Asc)
        .order_by((person::Entity, person::Column::CreatedAt), Order::Asc);
    if let Some(ids) = only {
        q.and_where(Expr::col((person::Entity, person::Column::Id)).is_in(ids.iter().copied()));
    }
    let statement = StatementBuilder::build(&q, &db.get_database_backend());
    Ok(PersonWithCount::find_by_statement(statement).all(db).await?)
}

/// The people shown in an asset, with the faces that show them.
pub async fn of_asset(db: &impl ConnectionTrait, asset_id: Uuid) -> RepoResult<Vec<person::Model>> {
    let faces = Query::select()
        .column(asset_face::Column::PersonId)
        .from(asset_face::Entity)
        .and_where(asset_face::Column::AssetId.eq(asset_id))
        .and_where(asset_face::Column::PersonId.is_not_null())
        .to_owned();
    Ok(People::find().filter(person::Column::Id.in_subquery(faces)).all(db).await?)
}
