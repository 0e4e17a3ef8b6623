//! Immich's metadata search (`POST /api/search/metadata`): filters that combine freely, and the
//! answer in Immich's `SearchResponseDto`.

use super::albums::AlbumResponse;
use super::assets::{AssetResponse, AssetVisibility};
use super::timeline::AssetOrder;
use crate::media_types::AssetType;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Immich's `MetadataSearchDto`. Text filters on places and cameras match exactly; `null`
/// matches assets without that value. File name and description match any part, ignoring case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = MetadataSearchDto))]
#[serde(rename_all = "camelCase")]
pub struct MetadataSearch {
    #[serde(default)]
    pub id: Option<Uuid>,
    /// SHA-1, hex or base64.
    #[serde(default)]
    pub checksum: Option<String>,
    #[serde(default)]
    pub original_file_name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub city: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub state: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub country: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub make: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub model: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub lens_model: Option<Option<String>>,
    /// Taken at or after (the EXIF date, else the file's).
    #[serde(default)]
    pub taken_after: Option<DateTime<Utc>>,
    #[serde(default)]
    pub taken_before: Option<DateTime<Utc>>,
    #[serde(default)]
    pub created_after: Option<DateTime<Utc>>,
    #[serde(default)]
    pub created_before: Option<DateTime<Utc>>,
    #[serde(default)]
    pub updated_after: Option<DateTime<Utc>>,
    #[serde(default)]
    pub updated_before: Option<DateTime<Utc>>,
    #[serde(default)]
    pub trashed_after: Option<DateTime<Utc>>,
    #[serde(default)]
    pub trashed_before: Option<DateTime<Utc>>,
    #[serde(default, rename = "type")]
    pub asset_type: Option<AssetType>,
    #[serde(default)]
    pub is_favorite: Option<bool>,
    #[serde(default)]
    pub is_offline: Option<bool>,
    /// Absent: the timeline and the archive.
    #[serde(default)]
    pub visibility: Option<AssetVisibility>,
    /// With the trash (only the trash with `trashedAfter`/`trashedBefore`).
    #[serde(default)]
    pub with_deleted: Option<bool>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub rating: Option<Option<i32>>,
    /// In any of these albums.
    #[serde(default)]
    pub album_ids: Option<Vec<Uuid>>,
    #[serde(default)]
    pub is_not_in_album: Option<bool>,
    /// With all of these people (none are recognised before machine learning exists).
    #[serde(default)]
    pub person_ids: Option<Vec<Uuid>>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub tag_ids: Option<Option<Vec<Uuid>>>,
    /// Text found in the photo (none before machine learning exists).
    #[serde(default)]
    pub ocr: Option<String>,
    #[serde(default)]
    pub with_exif: Option<bool>,
    /// 1-based.
    #[serde(default)]
    pub page: Option<u64>,
    /// 1 to 1000; 250 when absent.
    #[serde(default)]
    pub size: Option<u64>,
    /// By date taken; newest first when absent.
    #[serde(default)]
    pub order: Option<AssetOrder>,
}

/// Immich's `SmartSearchDto`: a text (or an asset, for "more like this") matched by CLIP
/// embedding, nearest first, with the same filters as the metadata search.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = SmartSearchDto))]
#[serde(rename_all = "camelCase")]
pub struct SmartSearch {
    #[serde(default)]
    pub query: Option<String>,
    /// Assets like this one.
    #[serde(default)]
    pub query_asset_id: Option<Uuid>,
    /// The query's language (multilingual CLIP models); ignored by English-only models.
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub city: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub state: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub country: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub make: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub model: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub lens_model: Option<Option<String>>,
    #[serde(default)]
    pub taken_after: Option<DateTime<Utc>>,
    #[serde(default)]
    pub taken_before: Option<DateTime<Utc>>,
    #[serde(default)]
    pub created_after: Option<DateTime<Utc>>,
    #[serde(default)]
    pub created_before: Option<DateTime<Utc>>,
    #[serde(default)]
    pub updated_after: Option<DateTime<Utc>>,
    #[serde(default)]
    pub updated_before: Option<DateTime<Utc>>,
    #[serde(default)]
    pub trashed_after: Option<DateTime<Utc>>,
    #[serde(default)]
    pub trashed_before: Option<DateTime<Utc>>,
    #[serde(default, rename = "type")]
    pub asset_type: Option<AssetType>,
    #[serde(default)]
    pub is_favorite: Option<bool>,
    #[serde(default)]
    pub is_offline: Option<bool>,
    #[serde(default)]
    pub visibility: Option<AssetVisibility>,
    #[serde(default)]
    pub with_deleted: Option<bool>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub rating: Option<Option<i32>>,
    #[serde(default)]
    pub album_ids: Option<Vec<Uuid>>,
    #[serde(default)]
    pub is_not_in_album: Option<bool>,
    #[serde(default)]
    pub person_ids: Option<Vec<Uuid>>,
    #[serde(default, deserialize_with = "super::double_option", skip_serializing_if = "Option::is_none")]
    pub tag_ids: Option<Option<Vec<Uuid>>>,
    #[serde(default)]
    pub ocr: Option<String>,
    #[serde(default)]
    pub with_exif: Option<bool>,
    #[serde(default)]
    pub page: Option<u64>,
    /// 1 to 1000; 100 when absent.
    #[serde(default)]
    pub size: Option<u64>,
}

impl SmartSearch {
    /// The filters, as the metadata search reads them.
    pub fn filters(&self) -> MetadataSearch {
        MetadataSearch {
            city: self.city.clone(),
            state: self.state.clone(),
            country: self.country.clone(),
            make: self.make.clone(),
            model: self.model.clone(),
            lens_model: self.lens_model.clone(),
            taken_after: self.taken_after,
            taken_before: self.taken_before,
            created_after: self.created_after,
            created_before: self.created_before,
            updated_after: self.updated_after,
            updated_before: self.updated_before,
            trashed_after: self.trashed_after,
            trashed_before: self.trashed_before,
            asset_type: self.asset_type,
            is_favorite: self.is_favorite,
            is_offline: self.is_offline,
            visibility: self.visibility,
            with_deleted: self.with_deleted,
            rating: self.rating,
            album_ids: self.album_ids.clone(),
            is_not_in_album: self.is_not_in_album,
            person_ids: self.person_ids.clone(),
            tag_ids: self.tag_ids.clone(),
            ocr: self.ocr.clone(),
            with_exif: self.with_exif,
            page: self.page,
            size: self.size,
            ..MetadataSearch::default()
        }
    }
}

/// Immich's `SearchFacetCountResponseDto`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = SearchFacetCountResponseDto))]
pub struct SearchFacetCount {
    pub count: i64,
    pub value: String,
}

/// Immich's `SearchFacetResponseDto`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = SearchFacetResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct SearchFacet {
    pub counts: Vec<SearchFacetCount>,
    pub field_name: String,
}

/// Immich's `SearchAssetResponseDto`: one page; `total` and `count` are that page's size, as
/// Immich sends them, and `nextPage` says whether there is more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = SearchAssetResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct SearchAssets {
    pub count: u64,
    pub facets: Vec<SearchFacet>,
    pub items: Vec<AssetResponse>,
    pub next_page: Option<String>,
    pub total: u64,
}

/// Immich's `SearchAlbumResponseDto` (a metadata search finds no albums).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = SearchAlbumResponseDto))]
pub struct SearchAlbums {
    pub count: u64,
    pub facets: Vec<SearchFacet>,
    pub items: Vec<AlbumResponse>,
    pub total: u64,
}

/// Immich's `SearchResponseDto`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = SearchResponseDto))]
pub struct SearchResponse {
    pub albums: SearchAlbums,
    pub assets: SearchAssets,
}

/// Immich's `SearchSuggestionType`: which values `GET /api/search/suggestions` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum SearchSuggestionType {
    Country,
    State,
    City,
    CameraMake,
    CameraModel,
    CameraLensModel,
}

/// The query of `GET /api/search/suggestions`: the values of one field among the caller's
/// assets, narrowed by the fields above it (a country's states, a make's models).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct SearchSuggestionsQuery {
    #[serde(rename = "type")]
    pub suggestion_type: SearchSuggestionType,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub make: Option<String>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub lens_model: Option<String>,
    /// With a `null` entry when some assets have no value.
    #[serde(default)]
    pub include_null: Option<bool>,
}

/// Immich's `SearchExploreItem`: a value (a city, a tag) and one asset that shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchExploreItem {
    pub data: AssetResponse,
    pub value: String,
}

/// Immich's `SearchExploreResponseDto`: one explore section (`exifInfo.city`, `tags`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = SearchExploreResponseDto))]
#[serde(rename_all = "camelCase")]
pub struct SearchExploreResponse {
    pub field_name: String,
    pub items: Vec<SearchExploreItem>,
}

/// A city on the explore page: where, how many photos, and one to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub city: String,
    pub state: Option<String>,
    pub country: Option<String>,
    pub count: u64,
    pub sample: Uuid,
}

/// An object tag on the explore page: how many photos have it and the newest of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExploreTag {
    pub name: String,
    pub count: u64,
    pub sample: Uuid,
}

/// The web app's search, as it stands in the page's URL (`/search?city=Siena&from=2008-01-01`),
/// so a search can be bookmarked and shared. Every filter given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchFilters {
    /// Words found in the file name or the description, ignoring case.
    pub words: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub lens: Option<String>,
    /// Has this object tag (what the explore page's tags open).
    pub tag: Option<String>,
    /// Taken on or after this day (UTC).
    pub from: Option<chrono::NaiveDate>,
    /// Taken on or before this day (UTC).
    pub to: Option<chrono::NaiveDate>,
    pub media: Option<AssetType>,
    pub favorite: bool,
    /// Only archived assets.
    pub archived: bool,
    /// With the trash.
    pub with_trash: bool,
    pub rating: Option<i32>,
    pub album: Option<Uuid>,
    /// Only assets with no known position.
    pub no_location: bool,
    /// All of them must be in the photo.
    pub people: Vec<Uuid>,
    /// Nobody recognised in the photo.
    pub no_people: bool,
    /// The words are matched by CLIP and results come by relevance (when the server has smart
    /// search); changes how, not what, a search finds.
    pub smart: bool,
}

/// A range of days as instants (UTC): from the first day's start through the whole last day.
pub fn day_range(
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let start = |day: chrono::NaiveDate| day.and_time(chrono::NaiveTime::MIN).and_utc();
    let end = to.and_then(|day| day.succ_opt()).map(|next| start(next) - chrono::Duration::milliseconds(1));
    (from.map(start), end)
}

impl SearchFilters {
    /// Every key the URL may hold.
    pub const KEYS: [&'static str; 20] = [
        "q", "city", "state", "country", "make", "model", "lens", "tag", "from", "to", "type", "favorite", "archived",
        "trash", "rating", "album", "noplace", "person", "nopeople", "smart",
    ];

    /// Reads the URL's query pairs; unknown keys and unreadable values are ignored, so an old or
    /// hand-edited link still opens. `person` may repeat (what a plain form sends) or list ids
    /// with commas.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut f = SearchFilters::default();
        let text = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        let yes = |v: &str| matches!(v, "1" | "true" | "yes");
        for (key, value) in pairs {
            match key {
                "q" => f.words = text(value),
                "city" => f.city = text(value),
                "state" => f.state = text(value),
                "country" => f.country = text(value),
                "make" => f.make = text(value),
                "model" => f.model = text(value),
                "lens" => f.lens = text(value),
                "tag" => f.tag = text(value).map(|t| t.to_lowercase()),
                "from" => f.from = value.parse().ok(),
                "to" => f.to = value.parse().ok(),
                "type" => {
                    f.media = match value {
                        "image" => Some(AssetType::Image),
                        "video" => Some(AssetType::Video),
                        _ => None,
                    }
                }
                "favorite" => f.favorite = yes(value),
                "archived" => f.archived = yes(value),
                "trash" => f.with_trash = yes(value),
                "rating" => f.rating = value.parse().ok().filter(|r| (0..=5).contains(r)),
                "album" => f.album = value.parse().ok(),
                "noplace" => f.no_location = yes(value),
                "person" => {
                    for id in value.split(',').filter_map(|v| Uuid::parse_str(v.trim()).ok()) {
                        if !f.people.contains(&id) {
                            f.people.push(id);
                        }
                    }
                }
                "nopeople" => f.no_people = yes(value),
                "smart" => f.smart = yes(value),
                _ => {}
            }
        }
        f
    }

    /// The URL's query pairs, in a fixed order, only for the filters that are set.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let texts = [
            ("q", &self.words),
            ("city", &self.city),
            ("state", &self.state),
            ("country", &self.country),
            ("make", &self.make),
            ("model", &self.model),
            ("lens", &self.lens),
            ("tag", &self.tag),
        ];
        for (key, value) in texts {
            if let Some(value) = value {
                pairs.push((key, value.clone()));
            }
        }
        if let Some(from) = self.from {
            pairs.push(("from", from.to_string()));
        }
        if let Some(to) = self.to {
            pairs.push(("to", to.to_string()));
        }
        if let Some(media) = self.media {
            pairs.push(("type", media.as_str().to_ascii_lowercase()));
        }
        for (key, on) in [("favorite", self.favorite), ("archived", self.archived), ("trash", self.with_trash)] {
            if on {
                pairs.push((key, "1".into()));
            }
        }
        if let Some(rating) = self.rating {
            pairs.push(("rating", rating.to_string()));
        }
        if let Some(album) = self.album {
            pairs.push(("album", album.to_string()));
        }
        if self.no_location {
            pairs.push(("noplace", "1".into()));
        }
        pairs.extend(self.people.iter().map(|id| ("person", id.to_string())));
        for (key, on) in [("nopeople", self.no_people), ("smart", self.smart)] {
            if on {
                pairs.push((key, "1".into()));
            }
        }
        pairs
    }

    /// `city=Siena&from=2008-01-01`: the pairs, percent-encoded (UTF-8) for a URL.
    pub fn to_query_string(&self) -> String {
        fn encode(text: &str) -> String {
            let mut out = String::with_capacity(text.len());
            for byte in text.bytes() {
                if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
                    out.push(char::from(byte));
                } else {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
            out
        }
        self.to_pairs().iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
    }

    /// The search page showing these filters.
    pub fn page_url(&self) -> String {
        let query = self.to_query_string();
        if query.is_empty() {
            "/search".into()
        } else {
            format!("/search?{query}")
        }
    }

    /// Whether these narrow nothing (the smart switch alone only says how to rank).
    pub fn is_empty(&self) -> bool {
        self == &SearchFilters { smart: self.smart, ..SearchFilters::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_survive_the_url_and_ignore_what_they_cannot_read() {
        let filters = SearchFilters {
            words: Some("tour & co".into()),
            city: Some("Siena".into()),
            model: Some("PENTAX K10D".into()),
            tag: Some("coffee mug".into()),
            from: chrono::NaiveDate::from_ymd_opt(2008, 10, 1),
            to: chrono::NaiveDate::from_ymd_opt(2008, 10, 31),
            media: Some(AssetType::Image),
            favorite: true,
            rating: Some(4),
            no_location: false,
            ..Default::default()
        };
        let query = filters.to_query_string();
        assert_eq!(
            query,
            "q=tour%20%26%20co&city=Siena&model=PENTAX%20K10D&tag=coffee%20mug&from=2008-10-01&to=2008-10-31&type=image&favorite=1&rating=4"
        );
        let pairs: Vec<(String, String)> = filters.to_pairs().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let back = SearchFilters::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, filters);
        // Tags are stored lower-case, so a hand-typed `tag=Cup` still finds cups.
        assert_eq!(SearchFilters::from_pairs([("tag", " Cup ")]).tag.as_deref(), Some("cup"));
        let odd = SearchFilters::from_pairs([("rating", "9"), ("from", "yesterday"), ("city", "  "), ("x", "1")]);
        assert!(odd.is_empty());
    }

    #[test]
    fn people_repeat_or_list_with_commas_and_the_smart_switch_alone_narrows_nothing() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let filters =
            SearchFilters { words: Some("beach".into()), people: vec![a, b], smart: true, ..Default::default() };
        assert_eq!(filters.page_url(), format!("/search?q=beach&person={a}&person={b}&smart=1"));
        let pairs: Vec<(String, String)> = filters.to_pairs().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        assert_eq!(SearchFilters::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))), filters);
        let listed = format!("{a},{b}, nonsense,{a}");
        let read = SearchFilters::from_pairs([("person", listed.as_str()), ("nopeople", "1"), ("smart", "0")]);
        assert_eq!(read, SearchFilters { people: vec![a, b], no_people: true, ..Default::default() });
        assert!(!read.is_empty());
        assert!(SearchFilters { smart: true, ..Default::default() }.is_empty());
    }
}
