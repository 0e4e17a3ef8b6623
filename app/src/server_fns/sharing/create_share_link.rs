//! A shared link for a selection or an album, with the visitor's options.

use crate::error::UiError;
use domain::dto::shared_links::SharedLinkResponse;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What the share dialog asks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkOptions {
    pub password: Option<String>,
    /// Days from now; none for a link that does not expire.
    pub expires_in_days: Option<u32>,
    pub allow_download: bool,
    pub show_metadata: bool,
    /// Visitors may add photos (album links only).
    pub allow_upload: bool,
}

#[server(prefix = "/_server", endpoint = "sharing/create-link", input = server_fn::codec::Json)]
pub async fn create_share_link(
    assets: Vec<Uuid>,
    album: Option<Uuid>,
    options: LinkOptions,
) -> Result<SharedLinkResponse, UiError> {
    use crate::server_fns::context;
    use domain::dto::shared_links::{SharedLinkCreate, SharedLinkType};
    let auth = context::auth().await?;
    let dto = SharedLinkCreate {
        link_type: if album.is_some() { SharedLinkType::Album } else { SharedLinkType::Individual },
        album_id: album,
        asset_ids: album.is_none().then_some(assets),
        description: None,
        password: options.password.filter(|p| !p.is_empty()),
        slug: None,
        expires_at: options.expires_in_days.map(|d| chrono::Utc::now() + chrono::Duration::days(i64::from(d))),
        allow_upload: Some(options.allow_upload && album.is_some()),
        allow_download: options.allow_download,
        show_metadata: options.show_metadata,
    };
    Ok(context::services()?.shared_links().create(&auth, dto).await?)
}
