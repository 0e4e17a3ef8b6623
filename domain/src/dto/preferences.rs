//! Immich's user preferences (`UserPreferencesResponseDto` and `UserPreferencesUpdateDto`): what
//! Immich's apps read and write per user. Defaults are Immich's.

use super::timeline::AssetOrder;
use super::users::AvatarColor;
use serde::{Deserialize, Serialize};

macro_rules! section {
    ($(#[$doc:meta])* $name:ident as $schema:ident / $update:ident { $($(#[$fdoc:meta])* $field:ident : $ty:ty = $default:expr),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = $schema))]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            $($(#[$fdoc])* pub $field: $ty,)*
        }

        impl Default for $name {
            fn default() -> Self {
                $name { $($field: $default,)* }
            }
        }

        /// Only the fields sent change.
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "camelCase")]
        pub struct $update {
            $($(#[$fdoc])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $field: Option<$ty>,)*
        }
    };
}

section!(AlbumsPreferences as AlbumsResponse / AlbumsUpdate { default_asset_order: AssetOrder = AssetOrder::Desc });
section!(CastPreferences as CastResponse / CastUpdate { g_cast_enabled: bool = false });
section!(
    DownloadPreferences as DownloadResponse
        / DownloadUpdate {
            /// Largest archive, in bytes, before a download is split.
            archive_size: i64 = 4 * 1024 * 1024 * 1024,
            include_embedded_videos: bool = false,
        }
);
section!(
    EmailNotificationsPreferences as EmailNotificationsResponse
        / EmailNotificationsUpdate { enabled: bool = true, album_invite: bool = true, album_update: bool = true }
);
section!(SidebarPreferences as SidebarPreferences / SidebarUpdate { enabled: bool = false, sidebar_web: bool = false });
section!(
    MemoriesPreferences as MemoriesResponse
        / MemoriesUpdate {
            enabled: bool = true,
            /// Seconds each memory shows.
            duration: i64 = 5,
        }
);
section!(PeoplePreferences as PeopleResponse / PeopleUpdate { enabled: bool = true, sidebar_web: bool = false });
section!(
    PurchasePreferences as PurchaseResponse
        / PurchaseUpdate {
            show_support_badge: bool = true,
            hide_buy_button_until: String = "2022-02-12T00:00:00.000Z".into(),
        }
);
section!(RatingsPreferences as RatingsResponse / RatingsUpdate { enabled: bool = false });
section!(RecentlyAddedPreferences as RecentlyAddedResponse / RecentlyAddedUpdate { sidebar_web: bool = false });
section!(
    SharedLinksPreferences as SharedLinksResponse
        / SharedLinksUpdate { enabled: bool = true, sidebar_web: bool = false }
);

/// Immich's `UserPreferencesResponseDto`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = UserPreferencesResponseDto))]
#[serde(rename_all = "camelCase", default)]
pub struct UserPreferences {
    pub albums: AlbumsPreferences,
    pub cast: CastPreferences,
    pub download: DownloadPreferences,
    pub email_notifications: EmailNotificationsPreferences,
    pub folders: SidebarPreferences,
    pub memories: MemoriesPreferences,
    pub people: PeoplePreferences,
    pub purchase: PurchasePreferences,
    pub ratings: RatingsPreferences,
    pub recently_added: RecentlyAddedPreferences,
    pub shared_links: SharedLinksPreferences,
    pub tags: SidebarPreferences,
}

/// Immich's `AvatarUpdate`: the colour lives on the user, not in the preferences.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvatarUpdate {
    #[serde(default)]
    pub color: Option<AvatarColor>,
}

/// Immich's `UserPreferencesUpdateDto`: sections and fields left out stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = UserPreferencesUpdateDto))]
#[serde(rename_all = "camelCase")]
pub struct UserPreferencesUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub albums: Option<AlbumsUpdate>,
    #[serde(default, skip_serializing)]
    pub avatar: Option<AvatarUpdate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cast: Option<CastUpdate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download: Option<DownloadUpdate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_notifications: Option<EmailNotificationsUpdate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folders: Option<SidebarUpdate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memories: Option<MemoriesUpdate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people: Option<PeopleUpdate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase: Option<PurchaseUpdate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratings: Option<RatingsUpdate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recently_added: Option<RecentlyAddedUpdate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_links: Option<SharedLinksUpdate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<SidebarUpdate>,
}
