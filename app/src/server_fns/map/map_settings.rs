//! Whether the admin turned the map on, and the background styles it draws on.

use crate::error::UiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapOptions {
    pub enabled: bool,
    pub light_style: String,
    pub dark_style: String,
}

#[server(prefix = "/_server", endpoint = "map/settings")]
pub async fn map_settings() -> Result<MapOptions, UiError> {
    use crate::server_fns::context;
    context::auth().await?;
    let settings = context::services()?.settings().map.clone();
    Ok(MapOptions { enabled: settings.enabled, light_style: settings.light_style, dark_style: settings.dark_style })
}
