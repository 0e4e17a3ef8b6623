//! Geotagged assets for the map: id, position and place, nothing else.

use super::RepoResult;
use crate::entities::asset::{self, Entity as Assets};
use crate::entities::{album, album_asset, album_user, asset_exif};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

/// Whose assets and which of them.
#[derive(Debug, Clone, Default)]
pub struct MarkerScope {
    pub owners: Vec<Uuid>,
    /// Also the assets of every album this user owns or is a member of.
    pub albums_of: Option<Uuid>,
    pub visibilities: Vec<&'static str>,
    pub favorite: Option<bool>,
    pub created_after: Option<DateTime<Utc>>,
    pub created_before: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct MarkerRow {
    pub id: Uuid,
    pub latitude: f64,
    pub longitude: f64,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
}

/// Newest first (by file date, as Immich orders them).
pub async fn markers(db: &impl ConnectionTrait, scope: &MarkerScope) -> RepoResult<Vec<MarkerRow>> {
    let mut whose = Condition::any().add(asset::Column::OwnerId.is_in(scope.owners.iter().copied()));
    if let Some(user) = scope.albums_of {
        let member_of = Query::select()
            .column(album_user::Column::AlbumId)
            .from(album_user::Entity)
            .and_where(Expr::col(album_user::Column::UserId).eq(user))
            .to_owned();
        let albums = Query::select()
            .column(album::Column::Id)
            .from(album::Entity)
            .cond_where(
                Condition::any()
                    .add(Expr::col(album::Column::OwnerId).eq(user))
                    .add(Expr::col(album::Column::Id).in_subquery(member_of)),
            )
            .to_owned();
        let in_albums = Query::select()
            .column(album_asset::Column::AssetId)
            .from(album_asset::Entity)
            .and_where(Expr::col(album_asset::Column::AlbumId).in_subquery(albums))
            .to_owned();
        whose = whose.add(asset::Column::Id.in_subquery(in_albums));
    }
    let mut query = Assets::find()
        .select_only()
        .column(asset::Column::Id)
        .column(asset_exif::Column::Latitude)
        .column(asset_exif::Column::Longitude)
        .column(asset_exif::Column::City)
        .column(asset_exif::Column::State)
        .column(asset_exif::Column::Country)
        .join(JoinType::InnerJoin, super::asset_exif::join_from_assets())
        .filter(asset_exif::Column::Latitude.is_not_null())
        .filter(asset_exif::Column::Longitude.is_not_null())
        .filter(asset::Column::DeletedAt.is_null())
        .filter(asset::Column::Visibility.is_in(scope.visibilities.iter().copied()))
        .filter(whose);
    if let Some(favorite) = scope.favorite {
        query = query.filter(asset::Column::IsFavorite.eq(favorite));
    }
    if let Some(after) = scope.created_after {
        query = query.filter(asset::Column::FileCreatedAt.gte(after));
    }
    if let Some(before) = scope.created_before {
        query = query.filter(asset::Column::FileCreatedAt.lte(before));
    }
    Ok(query
        .order_by_desc(asset::Column::FileCreatedAt)
        .order_by_desc(asset::Column::Id)
        .into_model::<MarkerRow>()
        .all(db)
        .await?)
}
