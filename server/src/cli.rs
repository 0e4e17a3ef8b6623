//! The command line. Flags are the last configuration layer: they override the config file and
//! the environment (see `domain::config`).

use clap::{Args, Parser, Subcommand};
use domain::config::{Loaded, Settings, Sources};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "shoebox", version, about = "A self-hosted photo and video library")]
pub struct Cli {
    /// A TOML config file (also `SHOEBOX_CONFIG`).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (and, in embedded mode, the background workers). The default.
    Serve(ServerFlags),
    /// Run background workers only (no HTTP), against the shared database, queue and storage.
    Worker(ServerFlags),
    /// Print the effective configuration, secrets masked.
    Config(ServerFlags),
}

#[derive(Debug, Args, Default, Clone)]
pub struct ServerFlags {
    /// Address to listen on [default: 0.0.0.0]
    #[arg(long)]
    pub host: Option<String>,
    /// Port to listen on [default: 2283]
    #[arg(long)]
    pub port: Option<u16>,
    /// Data directory [default: ./data]
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// PostgreSQL URL (scaled mode)
    #[arg(long)]
    pub database_url: Option<String>,
    /// Redis/Valkey URL
    #[arg(long)]
    pub redis_url: Option<String>,
    /// Folder with the built web assets
    #[arg(long)]
    pub web_root: Option<PathBuf>,
    /// `text` or `json`
    #[arg(long)]
    pub log_format: Option<String>,
}

impl Cli {
    pub fn command(&self) -> Command {
        match &self.command {
            Some(Command::Serve(flags)) => Command::Serve(flags.clone()),
            Some(Command::Worker(flags)) => Command::Worker(flags.clone()),
            Some(Command::Config(flags)) => Command::Config(flags.clone()),
            None => Command::Serve(ServerFlags::default()),
        }
    }

    pub fn load_settings(&self) -> anyhow::Result<Loaded> {
        let flags = match self.command() {
            Command::Serve(flags) | Command::Worker(flags) | Command::Config(flags) => flags,
        };
        let mut overrides = serde_json::Map::new();
        let mut put = |key: &str, value: Option<serde_json::Value>| {
            if let Some(value) = value {
                overrides.insert(key.to_string(), value);
            }
        };
        put("host", flags.host.map(Into::into));
        put("port", flags.port.map(Into::into));
        put("data_dir", flags.data_dir.map(|p| p.display().to_string().into()));
        put("database_url", flags.database_url.map(Into::into));
        put("redis_url", flags.redis_url.map(Into::into));
        put("web_root", flags.web_root.map(|p| p.display().to_string().into()));
        put("log_format", flags.log_format.map(Into::into));
        Ok(Settings::load(Sources { config_file: self.config.clone(), env: None, overrides })?)
    }
}
