pub mod dismiss_duplicates;
pub mod duplicate_groups;
pub mod resolve_duplicates;
