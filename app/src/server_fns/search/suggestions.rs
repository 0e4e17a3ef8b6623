//! What the search box suggests as you type: the places and cameras in the caller's library.

use crate::error::UiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SuggestionLists {
    pub countries: Vec<String>,
    pub states: Vec<String>,
    pub cities: Vec<String>,
    pub makes: Vec<String>,
    pub models: Vec<String>,
    pub lenses: Vec<String>,
}

#[server(prefix = "/_server", endpoint = "search/suggestions")]
pub async fn search_suggestions() -> Result<SuggestionLists, UiError> {
    use crate::server_fns::context;
    use domain::dto::search::SearchSuggestionType as T;
    let auth = context::auth().await?;
    let kinds = [T::Country, T::State, T::City, T::CameraMake, T::CameraModel, T::CameraLensModel];
    let lists = context::services()?.search().suggestion_lists(&auth, &kinds).await?;
    let mut lists = lists.into_iter();
    let mut next = move || lists.next().unwrap_or_default();
    Ok(SuggestionLists {
        countries: next(),
        states: next(),
        cities: next(),
        makes: next(),
        models: next(),
        lenses: next(),
    })
}
