//! Smart search: the caller's photos nearest the words by CLIP embedding, nearest first, among
//! those the other filters let through. A page of ids at a time.

use crate::error::UiError;
use domain::dto::search::SearchFilters;
use leptos::prelude::*;
use uuid::Uuid;

/// Most ids one call answers.
pub const MAX_PAGE: u64 = 500;

#[server(prefix = "/_server", endpoint = "search/smart", input = server_fn::codec::Json)]
pub async fn smart_results(filters: SearchFilters, offset: u64, limit: u64) -> Result<Vec<Uuid>, UiError> {
    use crate::server_fns::context;
    use domain::AppError;
    let auth = context::auth().await?;
    let Some(words) = filters.words.clone().filter(|w| !w.trim().is_empty()) else {
        return Err(AppError::invalid("Smart search needs words to look for").into());
    };
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(AppError::invalid(format!("`limit` must be between 1 and {MAX_PAGE}")).into());
    }
    let services = context::services()?;
    let mut search = services.search().search_for_filters(&auth, &filters).await?;
    // The words are CLIP's to match here, not the file names'.
    search.text = None;
    Ok(services.smart_search().search_ids(&search, words.trim(), offset, limit).await?)
}
