//! Immich's timeline shapes: month buckets with counts, and one month's assets as columns
//! (`TimeBucketAssetResponseDto`), which keeps a month of thousands of assets compact.

use super::assets::AssetVisibility;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TimeBucketsResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct TimeBucket {
    /// The month's first day, `YYYY-MM-01`.
    pub time_bucket: String,
    pub count: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AssetOrder {
    #[serde(rename = "asc")]
    Asc,
    #[default]
    #[serde(rename = "desc")]
    Desc,
}

impl AssetOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            AssetOrder::Asc => "asc",
            AssetOrder::Desc => "desc",
        }
    }

    /// Stored values; anything else reads as the default, newest first.
    pub fn parse(value: &str) -> Self {
        if value == "asc" {
            AssetOrder::Asc
        } else {
            AssetOrder::Desc
        }
    }
}

/// Which assets a timeline shows: Immich's query parameters for `timeline/buckets` and
/// `timeline/bucket`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct TimelineQuery {
    /// Whose library; the caller's own when absent.
    #[serde(default)]
    pub user_id: Option<Uuid>,
    /// Absent: the timeline and the archive together, as Immich does.
    #[serde(default)]
    pub visibility: Option<AssetVisibility>,
    #[serde(default)]
    pub is_favorite: Option<bool>,
    /// Absent or false: trash left out; true: only the trash.
    #[serde(default)]
    pub is_trashed: Option<bool>,
    #[serde(default)]
    pub order: Option<AssetOrder>,
    /// Only this album's assets, whoever owns them.
    #[serde(default)]
    pub album_id: Option<Uuid>,
    /// With the assets of partners who share with the caller and whom the caller shows in
    /// their timeline.
    #[serde(default)]
    pub with_partners: Option<bool>,
}

/// One month's assets, column by column, in display order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TimeBucketAssetResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct TimeBucketAssets {
    pub id: Vec<Uuid>,
    pub owner_id: Vec<Uuid>,
    /// Width over height after orientation (1 until known).
    pub ratio: Vec<f64>,
    pub is_favorite: Vec<bool>,
    pub is_image: Vec<bool>,
    pub is_trashed: Vec<bool>,
    pub visibility: Vec<AssetVisibility>,
    /// When it was taken, UTC.
    pub file_created_at: Vec<chrono::DateTime<chrono::Utc>>,
    /// Hours east of UTC where it was taken: `fileCreatedAt` plus this is the local time.
    pub local_offset_hours: Vec<f64>,
    /// When it was uploaded.
    pub created_at: Vec<chrono::DateTime<chrono::Utc>>,
    /// Milliseconds, videos only.
    pub duration: Vec<Option<i64>>,
    pub thumbhash: Vec<Option<String>>,
    pub live_photo_video_id: Vec<Option<Uuid>>,
    pub projection_type: Vec<Option<String>>,
    pub city: Vec<Option<String>>,
    pub country: Vec<Option<String>>,
    pub latitude: Vec<Option<f64>>,
    pub longitude: Vec<Option<f64>>,
}

impl TimeBucketAssets {
    pub fn len(&self) -> usize {
        self.id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }

    /// The camera's wall-clock time of asset `i`.
    pub fn local_date_time(&self, i: usize) -> chrono::NaiveDateTime {
        let offset = chrono::Duration::seconds((self.local_offset_hours[i] * 3600.0).round() as i64);
        (self.file_created_at[i] + offset).naive_utc()
    }
}

/// The first day of the month a `timeBucket` names (`2024-03-01`, `2024-03-01T00:00:00.000Z` or
/// `2024-03`).
pub fn parse_time_bucket(value: &str) -> Option<chrono::NaiveDate> {
    let year_month = value.get(..7)?;
    let date = chrono::NaiveDate::parse_from_str(&format!("{year_month}-01"), "%Y-%m-%d").ok()?;
    let rest = &value[7..];
    let well_formed = rest.is_empty() || rest.starts_with("-01");
    well_formed.then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_buckets_parse_in_every_shape_clients_send() {
        let march = chrono::NaiveDate::from_ymd_opt(2024, 3, 1);
        assert_eq!(parse_time_bucket("2024-03-01"), march);
        assert_eq!(parse_time_bucket("2024-03-01T00:00:00.000Z"), march);
        assert_eq!(parse_time_bucket("2024-03"), march);
        assert_eq!(parse_time_bucket("2024-13-01"), None);
        assert_eq!(parse_time_bucket("2024-03-15"), None);
        assert_eq!(parse_time_bucket("march"), None);
        assert_eq!(parse_time_bucket(""), None);
    }

    #[test]
    fn local_time_adds_the_offset() {
        let mut assets = TimeBucketAssets::default();
        assets.id.push(Uuid::nil());
        assets.file_created_at.push("2024-03-01T23:30:00Z".parse().unwrap_or_default());
        assets.local_offset_hours.push(5.5);
        assert_eq!(assets.local_date_time(0).to_string(), "2024-03-02 05:00:00");
    }
}
