pub mod places;
pub mod smart_results;
pub mod smart_search_available;
pub mod suggestions;
pub mod tags;
