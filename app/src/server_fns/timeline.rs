pub mod month_assets;
pub mod month_buckets;
pub mod on_this_day;
