use clap::Parser;
use server::cli::{Cli, Command};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let loaded = cli.load_settings()?;
    match cli.command() {
        Command::Config(_) => {
            print!("{}", loaded.settings.to_masked_toml());
            for key in &loaded.unknown_keys {
                eprintln!("warning: unknown configuration key `{key}` ignored");
            }
            Ok(())
        }
        Command::Serve(_) => {
            server::telemetry::init(&loaded.settings);
            for key in &loaded.unknown_keys {
                tracing::warn!(key = %key, "unknown configuration key ignored");
            }
            let addr = format!("{}:{}", loaded.settings.host, loaded.settings.port);
            let listener = tokio::net::TcpListener::bind(&addr)
                .await
                .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
            server::run(loaded.settings, listener, server::shutdown::signal()).await
        }
        Command::Worker(_) => {
            server::telemetry::init(&loaded.settings);
            for key in &loaded.unknown_keys {
                tracing::warn!(key = %key, "unknown configuration key ignored");
            }
            server::run_worker(loaded.settings, server::shutdown::signal()).await
        }
    }
}
