//! The timeline: month buckets, one month's assets in Immich's columnar shape, and "on this day".

use super::{storage_error, Services};
use crate::auth::{AuthContext, Reader};
use crate::dto::assets::AssetVisibility;
use crate::dto::search::SearchFilters;
use crate::dto::timeline::{parse_time_bucket, AssetOrder, TimeBucket, TimeBucketAssets, TimelineQuery};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::media_types::AssetType;
use crate::repositories::albums;
use crate::repositories::timeline::{self, Scope, TimelineRow};
use chrono::{Datelike, NaiveDate};
use sea_orm::Order;
use uuid::Uuid;

/// "On this day" shows at most this many photos per earlier year.
const MEMORY_LIMIT: u64 = 500;

pub struct TimelineService<'a> {
    pub(super) services: &'a Services,
}

/// Photos taken on today's date in one earlier year.
#[derive(Debug, Clone, PartialEq)]
pub struct Memory {
    pub year: i32,
    pub years_ago: i32,
    pub assets: TimeBucketAssets,
}

impl TimelineService<'_> {
    /// Whose assets and which of them: the caller's own (with their partners' if asked), one
    /// partner's, an album's they may see, or what a shared link shows; and their order: the
    /// one asked for, else an album's own (its owner's choice), else newest first.
    async fn scope(&self, reader: Reader<'_>, query: &TimelineQuery) -> AppResult<(Scope, AssetOrder)> {
        let asked = query.order;
        let visibilities = AssetVisibility::filter(query.visibility);
        let mut scope = Scope {
            owners: Vec::new(),
            album: None,
            shared_link: None,
            visibilities,
            is_favorite: query.is_favorite,
            trashed: query.is_trashed.unwrap_or(false),
            matching: None,
        };
        let auth = match reader {
            Reader::Link(grant) => {
                // A link shows its album or its assets, never the trash or hidden and locked
                // assets, whatever is asked.
                scope.trashed = false;
                scope.visibilities = AssetVisibility::filter(None);
                let order = match (asked, grant.link.album_id) {
                    (Some(order), _) => order,
                    (None, Some(album_id)) => self.album_order(album_id).await?,
                    (None, None) => AssetOrder::Desc,
                };
                match grant.link.album_id {
                    Some(album_id) => scope.album = Some(album_id),
                    None => scope.shared_link = Some(grant.link.id),
                }
                return Ok((scope, order));
            }
            Reader::User(auth) => auth,
        };
        let me = auth.user_id();
        if let Some(album_id) = query.album_id {
            let (album, _) = self.services.albums().access(auth, album_id).await?;
            scope.album = Some(album_id);
            return Ok((scope, asked.unwrap_or_else(|| AssetOrder::parse(&album.order))));
        }
        match query.user_id {
            Some(owner) if owner != me => {
                if !self.services.partners().shares(owner, me).await? {
                    return Err(AppError::new(ErrorCode::Forbidden, "You cannot see this user's timeline"));
                }
                // A partner sees what is on the owner's timeline, not their archive or trash.
                if scope.trashed || query.visibility.is_some_and(|v| v != AssetVisibility::Timeline) {
                    return Err(AppError::new(ErrorCode::Forbidden, "A partner's archive and trash stay private"));
                }
                scope.visibilities = vec![AssetVisibility::Timeline.as_str()];
                scope.owners = vec![owner];
            }
            _ => scope.owners = vec![me],
        }
        if query.with_partners == Some(true) && query.user_id.is_none_or(|owner| owner == me) {
            if scope.trashed || query.is_favorite.is_some() || query.visibility != Some(AssetVisibility::Timeline) {
                return Err(AppError::invalid(
                    "`withPartners` is only for the timeline itself (visibility=timeline, no favorite or trash filter)",
                ));
            }
            scope.owners = self.services.partners().with_timeline_partners(me).await?;
        }
        Ok((scope, asked.unwrap_or_default()))
    }

    /// A link's album's own order.
    async fn album_order(&self, album_id: Uuid) -> AppResult<AssetOrder> {
        let album = albums::find(self.services.db(), album_id).await.map_err(storage_error("find album"))?;
        Ok(album.map(|a| AssetOrder::parse(&a.order)).unwrap_or_default())
    }

    pub async fn buckets(&self, reader: Reader<'_>, query: &TimelineQuery) -> AppResult<Vec<TimeBucket>> {
        let (scope, order) = self.scope(reader, query).await?;
        self.months(&scope, order).await
    }

    pub async fn bucket(
        &self,
        reader: Reader<'_>,
        query: &TimelineQuery,
        time_bucket: &str,
    ) -> AppResult<TimeBucketAssets> {
        let (scope, order) = self.scope(reader, query).await?;
        // A link that hides metadata hides where each photo was taken too.
        let hide_places = matches!(reader, Reader::Link(grant) if !grant.link.show_metadata);
        self.month(&scope, order, time_bucket, hide_places).await
    }

    /// The months of what a search finds, newest first: search results shown as a timeline.
    pub async fn search_buckets(&self, auth: &AuthContext, filters: &SearchFilters) -> AppResult<Vec<TimeBucket>> {
        let scope = self.search_scope(auth, filters).await?;
        self.months(&scope, AssetOrder::Desc).await
    }

    /// One month of what a search finds.
    pub async fn search_bucket(
        &self,
        auth: &AuthContext,
        filters: &SearchFilters,
        time_bucket: &str,
    ) -> AppResult<TimeBucketAssets> {
        let scope = self.search_scope(auth, filters).await?;
        self.month(&scope, AssetOrder::Desc, time_bucket, false).await
    }

    async fn search_scope(&self, auth: &AuthContext, filters: &SearchFilters) -> AppResult<Scope> {
        let search = self.services.search().search_for_filters(auth, filters).await?;
        Ok(Scope::matching(search))
    }

    async fn months(&self, scope: &Scope, order: AssetOrder) -> AppResult<Vec<TimeBucket>> {
        let mut months =
            timeline::month_counts(self.services.db(), scope).await.map_err(storage_error("count timeline months"))?;
        if order == AssetOrder::Asc {
            months.reverse();
        }
        Ok(months
            .into_iter()
            .map(|(month, count)| TimeBucket { time_bucket: format!("{month}-01"), count: count.max(0) as u64 })
            .collect())
    }

    async fn month(
        &self,
        scope: &Scope,
        order: AssetOrder,
        time_bucket: &str,
        hide_places: bool,
    ) -> AppResult<TimeBucketAssets> {
        let month = parse_time_bucket(time_bucket).ok_or_else(|| {
            AppError::invalid(format!("`timeBucket` must be a month's first day like 2024-03-01, not `{time_bucket}`"))
        })?;
        let order = match order {
            AssetOrder::Asc => Order::Asc,
            AssetOrder::Desc => Order::Desc,
        };
        let mut rows = timeline::month_assets(self.services.db(), scope, month, order)
            .await
            .map_err(storage_error("read timeline month"))?;
        if hide_places {
            for row in &mut rows {
                (row.city, row.country, row.latitude, row.longitude) = (None, None, None, None);
            }
        }
        Ok(columns(rows))
    }

    /// Photos from `today`'s month and day in earlier years, newest year first.
    pub async fn on_this_day(&self, auth: &AuthContext, today: NaiveDate) -> AppResult<Vec<Memory>> {
        let (scope, _) = self
            .scope(auth.into(), &TimelineQuery { visibility: Some(AssetVisibility::Timeline), ..Default::default() })
            .await?;
        let month_day = today.format("%m-%d").to_string();
        let rows = timeline::same_day(self.services.db(), &scope, &month_day, today.year(), MEMORY_LIMIT * 10)
            .await
            .map_err(storage_error("read memories"))?;
        let mut memories: Vec<Memory> = Vec::new();
        let mut current: Vec<TimelineRow> = Vec::new();
        let mut year = None;
        for row in rows {
            let row_year = row.local_date_time.unwrap_or(row.file_created_at).year();
            if year.is_some_and(|y| y != row_year) {
                push_memory(&mut memories, std::mem::take(&mut current), year.unwrap_or_default(), today.year());
            }
            year = Some(row_year);
            if (current.len() as u64) < MEMORY_LIMIT {
                current.push(row);
            }
        }
        if let Some(year) = year {
            push_memory(&mut memories, current, year, today.year());
        }
        Ok(memories)
    }
}

fn push_memory(memories: &mut Vec<Memory>, rows: Vec<TimelineRow>, year: i32, this_year: i32) {
    if !rows.is_empty() {
        memories.push(Memory { year, years_ago: this_year - year, assets: columns(rows) });
    }
}

/// Rows to Immich's columns.
fn columns(rows: Vec<TimelineRow>) -> TimeBucketAssets {
    let mut out = TimeBucketAssets::default();
    for row in rows {
        let taken = row.taken_at.unwrap_or(row.file_created_at);
        let local = row.local_date_time.unwrap_or(taken);
        // Offsets are whole minutes; the difference of the two stored times is exact.
        let offset_hours = (local - taken).num_minutes() as f64 / 60.0;
        let ratio = match (row.width, row.height) {
            (Some(w), Some(h)) if w > 0 && h > 0 => w as f64 / h as f64,
            _ => 1.0,
        };
        out.id.push(row.id);
        out.owner_id.push(row.owner_id);
        out.ratio.push(ratio);
        out.is_favorite.push(row.is_favorite);
        out.is_image.push(row.asset_type != AssetType::Video.as_str());
        out.is_trashed.push(row.deleted_at.is_some());
        out.visibility.push(AssetVisibility::parse(&row.visibility).unwrap_or_default());
        out.file_created_at.push(taken);
        out.local_offset_hours.push(offset_hours);
        out.created_at.push(row.created_at);
        out.duration.push(row.duration);
        out.thumbhash.push(row.thumbhash);
        out.live_photo_video_id.push(row.live_photo_video_id);
        out.projection_type.push(row.projection_type);
        out.city.push(row.city);
        out.country.push(row.country);
        out.latitude.push(row.latitude);
        out.longitude.push(row.longitude);
    }
    out
}
