//! The explore page's places: cities with a photo and how many were taken there.

use crate::error::UiError;
use domain::dto::search::Place;
use leptos::prelude::*;

#[server(prefix = "/_server", endpoint = "search/places")]
pub async fn places() -> Result<Vec<Place>, UiError> {
    use crate::server_fns::context;
    let auth = context::auth().await?;
    Ok(context::services()?.search().places(&auth).await?)
}
