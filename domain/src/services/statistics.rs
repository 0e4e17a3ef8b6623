//! Counts for clients: a user's own assets (`assets/statistics`, shown by the Immich CLI's
//! `server-info`) and every user's usage for the admin (`server/statistics`).

use super::{storage_error, Services};
use crate::auth::AuthContext;
use crate::dto::assets::{AssetStatsQuery, AssetStatsResponse, AssetVisibility};
use crate::dto::server::{ServerStatsResponse, UsageByUser};
use crate::error::AppResult;
use crate::media_types::AssetType;
use crate::repositories::asset_statistics;
use crate::repositories::timeline::Scope;
use crate::repositories::users;
use std::collections::HashMap;
use uuid::Uuid;

pub struct StatisticsService<'a> {
    pub(super) services: &'a Services,
}

impl StatisticsService<'_> {
    pub async fn assets(&self, auth: &AuthContext, query: AssetStatsQuery) -> AppResult<AssetStatsResponse> {
        let scope = Scope {
            owners: vec![auth.user_id()],
            album: None,
            shared_link: None,
            visibilities: AssetVisibility::filter(query.visibility),
            is_favorite: query.is_favorite,
            trashed: query.is_trashed.unwrap_or(false),
            matching: None,
        };
        let rows =
            asset_statistics::count_by_type(self.services.db(), &scope).await.map_err(storage_error("count assets"))?;
        let mut stats = AssetStatsResponse::default();
        for (kind, count) in rows {
            if kind == AssetType::Video.as_str() {
                stats.videos += count;
            } else {
                stats.images += count;
            }
        }
        stats.total = stats.images + stats.videos;
        Ok(stats)
    }

    pub async fn server(&self, auth: &AuthContext) -> AppResult<ServerStatsResponse> {
        auth.require_admin()?;
        let db = self.services.db();
        let rows = asset_statistics::usage_by_owner(db).await.map_err(storage_error("count usage"))?;
        let people = users::list(db, false).await.map_err(storage_error("list users"))?;
        let mut per_user: HashMap<Uuid, UsageByUser> = people
            .into_iter()
            .map(|user| {
                let usage = UsageByUser {
                    user_id: user.id,
                    user_name: user.name,
                    photos: 0,
                    videos: 0,
                    usage: 0,
                    usage_photos: 0,
                    usage_videos: 0,
                    quota_size_in_bytes: user.quota_size_in_bytes,
                };
                (usage.user_id, usage)
            })
            .collect();
        for (owner, kind, count, bytes) in rows {
            // Assets of users deleted but not yet purged still count towards the disk.
            let Some(usage) = per_user.get_mut(&owner) else { continue };
            if kind == AssetType::Video.as_str() {
                usage.videos += count;
                usage.usage_videos += bytes;
            } else {
                usage.photos += count;
                usage.usage_photos += bytes;
            }
            usage.usage += bytes;
        }
        let mut usage_by_user: Vec<UsageByUser> = per_user.into_values().collect();
        usage_by_user.sort_by(|a, b| b.usage.cmp(&a.usage).then_with(|| a.user_name.cmp(&b.user_name)));
        let mut stats = ServerStatsResponse::default();
        for usage in &usage_by_user {
            stats.photos += usage.photos;
            stats.videos += usage.videos;
            stats.usage += usage.usage;
            stats.usage_photos += usage.usage_photos;
            stats.usage_videos += usage.usage_videos;
        }
        stats.usage_by_user = usage_by_user;
        Ok(stats)
    }
}
