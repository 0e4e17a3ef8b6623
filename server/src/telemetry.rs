//! Structured logs: human-readable text by default, JSON lines for log collectors. `RUST_LOG`
//! overrides the configured level.

use domain::config::{LogFormat, Settings};
use tracing_subscriber::EnvFilter;

pub fn init(settings: &Settings) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        let level = &settings.log_level;
        // sqlx logs every statement at info; keep it at warn unless asked for.
        EnvFilter::new(format!("{level},sqlx=warn,sea_orm=warn,hyper=warn"))
    });
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let result = match settings.log_format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
    // A second init (tests start several servers) is harmless.
    let _ = result;
}
