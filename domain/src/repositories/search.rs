//! Metadata search: any combination of asset and EXIF filters, one page at a time.

use super::RepoResult;
use crate::entities::asset::{self, Entity as Assets};
use crate::entities::{album_asset, asset_exif, asset_face, asset_label};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, LikeExpr, Query, SelectStatement, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, Order, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// Every filter is optional; those given must all hold.
#[derive(Debug, Clone, Default)]
pub struct AssetSearch {
    pub owners: Vec<Uuid>,
    pub id: Option<Uuid>,
    /// SHA-1 as hex, as stored.
    pub checksum: Option<String>,
    /// Any part, ignoring case.
    pub file_name: Option<String>,
    pub description: Option<String>,
    /// Any part of the file name, the description or the text in the photo, or an object tag,
    /// ignoring case.
    pub text: Option<String>,
    /// Any part of the text found in the photo, ignoring case.
    pub ocr: Option<String>,
    /// All of these people appear in it.
    pub people: Vec<Uuid>,
    /// Nobody was recognised in it.
    pub no_people: bool,
    /// Has this object tag.
    pub tag: Option<String>,
    /// `Some(None)`: assets without a value.
    pub city: Option<Option<String>>,
    pub state: Option<Option<String>>,
    pub country: Option<Option<String>>,
    pub make: Option<Option<String>>,
    pub model: Option<Option<String>>,
    pub lens_model: Option<Option<String>>,
    /// Only assets with no known position.
    pub no_location: bool,
    pub rating: Option<Option<i32>>,
    pub taken_after: Option<DateTime<Utc>>,
    pub taken_before: Option<DateTime<Utc>>,
    pub created_after: Option<DateTime<Utc>>,
    pub created_before: Option<DateTime<Utc>>,
    pub updated_after: Option<DateTime<Utc>>,
    pub updated_before: Option<DateTime<Utc>>,
    pub trashed_after: Option<DateTime<Utc>>,
    pub trashed_before: Option<DateTime<Utc>>,
    pub asset_type: Option<&'static str>,
    pub favorite: Option<bool>,
    pub visibilities: Vec<&'static str>,
    /// Trashed assets too.
    pub with_deleted: bool,
    pub in_any_album: Option<Vec<Uuid>>,
    pub in_no_album: bool,
    pub newest_first: bool,
}

/// The moment taken: the EXIF date once read, else the file's.
fn taken() -> SimpleExpr {
    let parts: [SimpleExpr; 2] =
        [Expr::col((asset::Entity, asset::Column::TakenAt)), Expr::col((asset::Entity, asset::Column::FileCreatedAt))];
    Func::coalesce(parts).into()
}

fn contains(column: impl Into<SimpleExpr>, needle: &str) -> SimpleExpr {
    let escaped = needle.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    // An explicit escape character: SQLite has none by default, PostgreSQL's is the backslash.
    Func::lower(column.into()).like(LikeExpr::new(format!("%{}%", escaped.to_lowercase())).escape('\\'))
}

/// `asset_id IN (…)` of the assets whose text contains `needle`. Without an escape clause when
/// none is needed: SQLite hands a plain `LIKE` to the FTS5 trigram index, not one with `ESCAPE`.
fn text_in_photo(needle: &str) -> SimpleExpr {
    let lower = needle.to_lowercase();
    let column = Expr::col((Alias::new("asset_ocr_text"), Alias::new("text")));
    let matches = if lower.contains(['%', '_', '\\']) {
        let escaped = lower.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        column.like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
    } else {
        column.like(format!("%{lower}%"))
    };
    let with_text = Query::select()
        .column((Alias::new("asset_ocr_text"), Alias::new("asset_id")))
        .from(Alias::new("asset_ocr_text"))
        .and_where(matches)
        .to_owned();
    Expr::col((asset::Entity, asset::Column::Id)).in_subquery(with_text)
}

/// `asset_id IN (…)` of the assets with this object tag.
fn tagged(tag: &str) -> SimpleExpr {
    let with_tag = Query::select()
        .column(asset_label::Column::AssetId)
        .from(asset_label::Entity)
        .and_where(asset_label::Column::Name.eq(tag.trim().to_lowercase()))
        .to_owned();
    Expr::col((asset::Entity, asset::Column::Id)).in_subquery(with_tag)
}

fn equals_or_missing<T: Into<sea_orm::Value> + Clone>(
    condition: Condition,
    column: asset_exif::Column,
    wanted: &Option<Option<T>>,
) -> Condition {
    match wanted {
        None => condition,
        Some(None) => condition.add(column.is_null()),
        Some(Some(value)) => condition.add(column.eq(value.clone())),
    }
}

fn condition(search: &AssetSearch) -> Condition {
    let mut c = Condition::all()
        .add(asset::Column::OwnerId.is_in(search.owners.iter().copied()))
        .add(asset::Column::Visibility.is_in(search.visibilities.iter().copied()));
    let trashed_window = search.trashed_after.is_some() || search.trashed_before.is_some();
    if trashed_window {
        c = c.add(asset::Column::DeletedAt.is_not_null());
    } else if !search.with_deleted {
        c = c.add(asset::Column::DeletedAt.is_null());
    }
    if let Some(id) = search.id {
        c = c.add(asset::Column::Id.eq(id));
    }
    if let Some(checksum) = &search.checksum {
        c = c.add(asset::Column::Checksum.eq(checksum.clone()));
    }
    if let Some(name) = &search.file_name {
        c = c.add(contains(Expr::col((asset::Entity, asset::Column::OriginalFileName)), name));
    }
    if let Some(text) = &search.description {
        c = c.add(contains(Expr::col((asset_exif::Entity, asset_exif::Column::Description)), text));
    }
    if let Some(text) = &search.text {
        c = c.add(
            Condition::any()
                .add(contains(Expr::col((asset::Entity, asset::Column::OriginalFileName)), text))
                .add(contains(Expr::col((asset_exif::Entity, asset_exif::Column::Description)), text))
                .add(text_in_photo(text))
                .add(tagged(text)),
        );
    }
    if let Some(text) = &search.ocr {
        c = c.add(text_in_photo(text));
    }
    if let Some(tag) = &search.tag {
        c = c.add(tagged(tag));
    }
    // Each person a subquery of their own: all of them must be in the photo.
    for person in &search.people {
        let showing = Query::select()
            .column(asset_face::Column::AssetId)
            .from(asset_face::Entity)
            .and_where(asset_face::Column::PersonId.eq(*person))
            .to_owned();
        c = c.add(asset::Column::Id.in_subquery(showing));
    }
    if search.no_people {
        let with_people = Query::select()
            .column(asset_face::Column::AssetId)
            .from(asset_face::Entity)
            .and_where(asset_face::Column::PersonId.is_not_null())
            .to_owned();
        c = c.add(asset::Column::Id.not_in_subquery(with_people));
    }
    if search.no_location {
        c = c.add(asset_exif::Column::Latitude.is_null());
    }
    c = equals_or_missing(c, asset_exif::Column::City, &search.city);
    c = equals_or_missing(c, asset_exif::Column::State, &search.state);
    c = equals_or_missing(c, asset_exif::Column::Country, &search.country);
    c = equals_or_missing(c, asset_exif::Column::Make, &search.make);
    c = equals_or_missing(c, asset_exif::Column::Model, &search.model);
    c = equals_or_missing(c, asset_exif::Column::LensModel, &search.lens_model);
    c = equals_or_missing(c, asset_exif::Column::Rating, &search.rating);
    let ranges = [
        (taken(), search.taken_after, search.taken_before),
        (Expr::col((asset::Entity, asset::Column::CreatedAt)), search.created_after, search.created_before),
        (Expr::col((asset::Entity, asset::Column::UpdatedAt)), search.updated_after, search.updated_before),
        (Expr::col((asset::Entity, asset::Column::DeletedAt)), search.trashed_after, search.trashed_before),
    ];
    for (column, after, before) in ranges {
        if let Some(after) = after {
            c = c.add(column.clone().gte(after));
        }
        if let Some(before) = before {
            c = c.add(column.lte(before));
        }
    }
    if let Some(kind) = search.asset_type {
        c = c.add(asset::Column::AssetType.eq(kind));
    }
    if let Some(favorite) = search.favorite {
        c = c.add(asset::Column::IsFavorite.eq(favorite));
    }
    let album_assets = |albums: Option<&[Uuid]>| {
        let mut q = Query::select().column(album_asset::Column::AssetId).from(album_asset::Entity).to_owned();
        if let Some(albums) = albums {
            q.and_where(Expr::col(album_asset::Column::AlbumId).is_in(albums.iter().copied()));
        }
        q
    };
    if let Some(albums) = &search.in_any_album {
        c = c.add(asset::Column::Id.in_subquery(album_assets(Some(albums))));
    }
    if search.in_no_album {
        c = c.add(asset::Column::Id.not_in_subquery(album_assets(None)));
    }
    c
}

/// The ids of the assets a search finds, for other queries to filter by (a search shown as a
/// timeline).
pub fn matching(search: &AssetSearch) -> SelectStatement {
    Query::select()
        .column((asset::Entity, asset::Column::Id))
        .from(asset::Entity)
        .join(
            JoinType::LeftJoin,
            asset_exif::Entity,
            Expr::col((asset_exif::Entity, asset_exif::Column::AssetId)).equals((asset::Entity, asset::Column::Id)),
        )
        .cond_where(condition(search))
        .to_owned()
}

/// One page (`offset`, at most `limit` rows), ordered by the moment taken.
pub async fn search_assets(
    db: &impl ConnectionTrait,
    search: &AssetSearch,
    offset: u64,
    limit: u64,
) -> RepoResult<Vec<asset::Model>> {
    let order = if search.newest_first { Order::Desc } else { Order::Asc };
    Ok(Assets::find()
        .join(JoinType::LeftJoin, super::asset_exif::join_from_assets())
        .filter(condition(search))
        .order_by(taken(), order.clone())
        .order_by(asset::Column::Id, order)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?)
}

/// Which of `ids` the search finds (for vector search in embedded mode, which ranks candidates
/// in memory and lets the database apply the filters).
pub async fn filter_ids(
    db: &impl ConnectionTrait,
    search: &AssetSearch,
    ids: &[Uuid],
) -> RepoResult<std::collections::HashSet<Uuid>> {
    let mut found = std::collections::HashSet::with_capacity(ids.len());
    for batch in ids.chunks(2000) {
        let rows: Vec<Uuid> = Assets::find()
            .select_only()
            .column(asset::Column::Id)
            .join(JoinType::LeftJoin, super::asset_exif::join_from_assets())
            .filter(condition(search))
            .filter(asset::Column::Id.is_in(batch.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        found.extend(rows);
    }
    Ok(found)
}
