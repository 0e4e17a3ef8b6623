//! The caller's groups of near-duplicates, each with the photos to keep that Immich would
//! suggest.

use crate::error::UiError;
use domain::dto::duplicates::DuplicateResponse;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateReview {
    /// Whether duplicate detection runs on this server.
    pub enabled: bool,
    pub groups: Vec<DuplicateResponse>,
}

#[server(prefix = "/_server", endpoint = "duplicates/groups")]
pub async fn duplicate_groups() -> Result<DuplicateReview, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    let services = context::services()?;
    let mut groups = services.duplicates().list(&auth).await?;
    // The page compares file sizes and camera details, which the list leaves out: each photo is
    // read with them (groups are few and small).
    for group in &mut groups {
        for asset in group.assets.iter_mut().filter(|a| a.exif_info.is_none()) {
            *asset = services.assets().get((&auth).into(), asset.id).await?;
        }
    }
    Ok(DuplicateReview { enabled: services.duplicates().enabled(), groups })
}
