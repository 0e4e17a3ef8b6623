//! The timeline's reads: month counts, one month's assets, and the same day in earlier years.
//! All of them walk `idx_assets_timeline` (owner, visibility, local date, trash).

use super::search::AssetSearch;
use super::RepoResult;
use crate::entities::asset::{self, Entity as Assets};
use crate::entities::asset_exif;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, JoinType, Order, QueryFilter,
    QueryOrder, QuerySelect, Statement,
};
use uuid::Uuid;

/// Which assets a timeline shows: some owners', one album's or one shared link's.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Empty: any owner (an album's or a link's scope).
    pub owners: Vec<Uuid>,
    pub album: Option<Uuid>,
    /// Only the assets of this individual shared link.
    pub shared_link: Option<Uuid>,
    pub visibilities: Vec<&'static str>,
    pub is_favorite: Option<bool>,
    pub trashed: bool,
    /// Only what this search finds. A search decides owners, visibility and trash itself, so
    /// the fields above are not used with it.
    pub matching: Option<AssetSearch>,
}

impl Scope {
    /// What a search finds, whoever owns it (the search decides).
    pub fn matching(search: AssetSearch) -> Scope {
        Scope {
            owners: Vec::new(),
            album: None,
            shared_link: None,
            visibilities: Vec::new(),
            is_favorite: None,
            trashed: false,
            matching: Some(search),
        }
    }

    /// The filter these assets meet (also used to count them; see `asset_statistics`).
    pub(crate) fn condition(&self) -> Condition {
        if let Some(search) = &self.matching {
            return Condition::all().add(asset::Column::Id.in_subquery(super::search::matching(search)));
        }
        let mut condition = Condition::all().add(asset::Column::Visibility.is_in(self.visibilities.iter().copied()));
        if !self.owners.is_empty() {
            condition = condition.add(asset::Column::OwnerId.is_in(self.owners.iter().copied()));
        }
        if let Some(album) = self.album {
            condition = condition.add(asset::Column::Id.in_subquery(super::albums::asset_ids_of(album)));
        }
        if let Some(link) = self.shared_link {
            condition = condition.add(asset::Column::Id.in_subquery(super::shared_links::asset_ids_of(link)));
        }
        condition = if self.trashed {
            condition.add(asset::Column::DeletedAt.is_not_null())
        } else {
            condition.add(asset::Column::DeletedAt.is_null())
        };
        if let Some(favorite) = self.is_favorite {
            condition = condition.add(asset::Column::IsFavorite.eq(favorite));
        }
        condition
    }
}

/// Part of `local_date_time` as text, formatted by the database. SQLite keeps timestamps as
/// ISO-8601 text, so a substring (`sqlite_start`, 1-based, and length) is the cheapest; PostgreSQL
/// formats the `timestamptz` in UTC, since the column holds wall-clock time stored as if it were
/// UTC.
fn local_date_part(backend: DbBackend, sqlite_start: u32, sqlite_len: u32, pg_format: &str) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => {
            Expr::cust(format!("to_char(\"assets\".\"local_date_time\" AT TIME ZONE 'UTC', '{pg_format}')"))
        }
        _ => Expr::cust(format!("substr(\"assets\".\"local_date_time\", {sqlite_start}, {sqlite_len})")),
    }
}

/// (`YYYY-MM`, count) per month, newest first. On PostgreSQL, a library's own timeline (owners
/// and visibilities, nothing else) walks the index month by month ([`month_counts_by_index`]);
/// everything else groups.
pub async fn month_counts(db: &impl ConnectionTrait, scope: &Scope) -> RepoResult<Vec<(String, i64)>> {
    let walkable = scope.matching.is_none()
        && scope.album.is_none()
        && scope.shared_link.is_none()
        && scope.is_favorite.is_none()
        && !scope.owners.is_empty()
        && scope.owners.len() * scope.visibilities.len() <= 16;
    if db.get_database_backend() == DbBackend::Postgres && walkable {
        let mut merged: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
        for owner in &scope.owners {
            for visibility in &scope.visibilities {
                for (month, count) in month_counts_by_index(db, *owner, visibility, scope.trashed).await? {
                    *merged.entry(month).or_default() += count;
                }
            }
        }
        return Ok(merged.into_iter().rev().collect());
    }
    month_counts_grouped(db, scope).await
}

/// Counts by grouping every row. `COUNT(*)` keeps it an index-only scan of
/// `idx_assets_timeline` (counting `id` would read every row); PostgreSQL groups on
/// `date_trunc`, cheaper per row than formatting, and formats once per month.
pub async fn month_counts_grouped(db: &impl ConnectionTrait, scope: &Scope) -> RepoResult<Vec<(String, i64)>> {
    let (label, group) = match db.get_database_backend() {
        DbBackend::Postgres => {
            let trunc = "date_trunc('month', \"assets\".\"local_date_time\" AT TIME ZONE 'UTC')";
            (Expr::cust(format!("to_char({trunc}, 'YYYY-MM')")), Expr::cust(trunc.to_string()))
        }
        backend => {
            let month = local_date_part(backend, 1, 7, "YYYY-MM");
            (month.clone(), month)
        }
    };
    Ok(Assets::find()
        .select_only()
        .column_as(label, "month")
        .column_as(Expr::cust("COUNT(*)"), "count")
        .filter(scope.condition())
        .group_by(group.clone())
        .order_by(group, Order::Desc)
        .into_tuple()
        .all(db)
        .await?)
}

/// One owner's months in one visibility, on PostgreSQL, without touching every row: from the
/// newest asset, each step asks the index for the latest asset before the month just found
/// (one probe), and each month's count is an index-only range scan. Grouping 100k rows instead
/// sorts them all (measured: 84 ms against 19 ms for 241 months on this machine).
pub async fn month_counts_by_index(
    db: &impl ConnectionTrait,
    owner: Uuid,
    visibility: &str,
    trashed: bool,
) -> RepoResult<Vec<(String, i64)>> {
    let trash = if trashed { "deleted_at IS NOT NULL" } else { "deleted_at IS NULL" };
    let of = format!("owner_id = $1 AND visibility = $2 AND {trash}");
    let sql = format!(
        "WITH RECURSIVE months(m) AS ( \
           SELECT date_trunc('month', max(local_date_time) AT TIME ZONE 'UTC') FROM assets WHERE {of} \
           UNION ALL \
           SELECT (SELECT date_trunc('month', max(local_date_time) AT TIME ZONE 'UTC') FROM assets \
                   WHERE {of} AND local_date_time < (months.m AT TIME ZONE 'UTC')) \
           FROM months WHERE m IS NOT NULL) \
         SELECT to_char(m, 'YYYY-MM') AS month, \
           (SELECT COUNT(*) FROM assets WHERE {of} AND local_date_time >= (m AT TIME ZONE 'UTC') \
              AND local_date_time < ((m + interval '1 month') AT TIME ZONE 'UTC')) AS count \
         FROM months WHERE m IS NOT NULL ORDER BY m DESC"
    );
    let statement = Statement::from_sql_and_values(DbBackend::Postgres, sql, [owner.into(), visibility.into()]);
    let rows = db.query_all_raw(statement).await?;
    rows.iter()
        .map(|row| Ok((row.try_get::<String>("", "month")?, row.try_get::<i64>("", "count")?)))
        .collect::<Result<Vec<_>, sea_orm::DbErr>>()
        .map_err(Into::into)
}

/// One asset as the timeline draws it.
#[derive(Debug, Clone, FromQueryResult)]
pub struct TimelineRow {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub asset_type: String,
    pub is_favorite: bool,
    pub visibility: String,
    pub deleted_at: Option<DateTime<Utc>>,
    pub file_created_at: DateTime<Utc>,
    pub taken_at: Option<DateTime<Utc>>,
    pub local_date_time: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub duration: Option<i64>,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub thumbhash: Option<String>,
    pub live_photo_video_id: Option<Uuid>,
    pub projection_type: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

fn timeline_select() -> sea_orm::Select<Assets> {
    Assets::find()
        .select_only()
        .columns([
            asset::Column::Id,
            asset::Column::OwnerId,
            asset::Column::AssetType,
            asset::Column::IsFavorite,
            asset::Column::Visibility,
            asset::Column::DeletedAt,
            asset::Column::FileCreatedAt,
            asset::Column::TakenAt,
            asset::Column::LocalDateTime,
            asset::Column::CreatedAt,
            asset::Column::Duration,
            asset::Column::Width,
            asset::Column::Height,
            asset::Column::Thumbhash,
            asset::Column::LivePhotoVideoId,
        ])
        .column(asset_exif::Column::ProjectionType)
        .column(asset_exif::Column::City)
        .column(asset_exif::Column::Country)
        .column(asset_exif::Column::Latitude)
        .column(asset_exif::Column::Longitude)
        .join(JoinType::LeftJoin, super::asset_exif::join_from_assets())
}

/// The month starting at `month` (its first day), in `order` of local time.
pub async fn month_assets(
    db: &impl ConnectionTrait,
    scope: &Scope,
    month: NaiveDate,
    order: Order,
) -> RepoResult<Vec<TimelineRow>> {
    let start = month.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let next = month.checked_add_months(chrono::Months::new(1)).unwrap_or(month);
    let end = next.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    Ok(timeline_select()
        .filter(scope.condition())
        .filter(asset::Column::LocalDateTime.gte(start))
        .filter(asset::Column::LocalDateTime.lt(end))
        .order_by(asset::Column::LocalDateTime, order.clone())
        .order_by(asset::Column::Id, order)
        .into_model::<TimelineRow>()
        .all(db)
        .await?)
}

/// Assets taken on `month_day` (`MM-DD`) in years before `before_year`, newest year first.
pub async fn same_day(
    db: &impl ConnectionTrait,
    scope: &Scope,
    month_day: &str,
    before_year: i32,
    limit: u64,
) -> RepoResult<Vec<TimelineRow>> {
    let day = local_date_part(db.get_database_backend(), 6, 5, "MM-DD");
    let before = NaiveDate::from_ymd_opt(before_year, 1, 1).unwrap_or_default().and_hms_opt(0, 0, 0);
    Ok(timeline_select()
        .filter(scope.condition())
        .filter(day.eq(month_day))
        .filter(asset::Column::LocalDateTime.lt(before.unwrap_or_default().and_utc()))
        .order_by(asset::Column::LocalDateTime, Order::Desc)
        .limit(limit)
        .into_model::<TimelineRow>()
        .all(db)
        .await?)
}
