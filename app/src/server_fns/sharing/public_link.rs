//! What the public page of a link shows, for anyone holding its key (and its password).

use crate::error::UiError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicAsset {
    pub id: Uuid,
    pub is_image: bool,
    /// Width over height, 1 until known.
    pub ratio: f64,
    pub file_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkPage {
    pub title: String,
    pub description: Option<String>,
    pub owner_name: String,
    pub expires_at: Option<DateTime<Utc>>,
    pub allow_download: bool,
    /// Visitors may add photos (album links only).
    pub allow_upload: bool,
    pub show_metadata: bool,
    pub assets: Vec<PublicAsset>,
}

#[server(prefix = "/_server", endpoint = "sharing/public")]
pub async fn public_link(key: String) -> Result<LinkPage, UiError> {
    use crate::server_fns::context;
    let services = context::services()?;
    let grant = context::share_grant(&key).await?;
    // The link's own settings are in the grant; only the title and the assets are read here.
    let album_name = services.shared_links().album_name(&grant).await?;
    let assets = services.shared_links().visible_assets(&grant).await?;
    let owner_name = services.users().public_name(grant.link.user_id).await?;
    let link = grant.link;
    let allow_upload = link.allow_upload && album_name.is_some();
    let title = album_name.unwrap_or_else(|| {
        format!("{} shared {} item{}", owner_name, assets.len(), if assets.len() == 1 { "" } else { "s" })
    });
    Ok(LinkPage {
        title,
        description: link.description,
        owner_name,
        expires_at: link.expires_at,
        allow_download: link.allow_download,
        allow_upload,
        show_metadata: link.show_metadata,
        assets: assets
            .into_iter()
            .map(|a| PublicAsset {
                id: a.id,
                is_image: a.asset_type != "VIDEO",
                ratio: match (a.width, a.height) {
                    (Some(w), Some(h)) if w > 0 && h > 0 => f64::from(w) / f64::from(h),
                    _ => 1.0,
                },
                file_name: a.original_file_name,
            })
            .collect(),
    })
}
