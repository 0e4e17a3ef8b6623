//! The signed-in user's newest assets, for the Photos page until the timeline arrives.

use crate::error::UiError;
use domain::media_types::AssetType;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a tile needs, and no more: the full `AssetResponse` carries server paths and EXIF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentAsset {
    pub id: Uuid,
    pub file_name: String,
    pub asset_type: AssetType,
    /// The thumbnail job has run (it sets the thumbhash with the thumbnail).
    pub has_thumbnail: bool,
    /// Why the ingest jobs could not read the file, when they could not.
    pub processing_error: Option<String>,
}

impl RecentAsset {
    /// Still waiting for its thumbnail, with no failure reported.
    pub fn is_processing(&self) -> bool {
        !self.has_thumbnail && self.processing_error.is_none()
    }
}

#[server(prefix = "/_server", endpoint = "assets/recent")]
pub async fn recent_assets(limit: u64) -> Result<Vec<RecentAsset>, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    let assets = context::services()?.assets().recent(&auth, limit.clamp(1, 500)).await?;
    Ok(assets
        .into_iter()
        .map(|a| RecentAsset {
            id: a.id,
            file_name: a.original_file_name,
            asset_type: a.asset_type,
            has_thumbnail: a.thumbhash.is_some(),
            processing_error: a.processing_error,
        })
        .collect())
}
