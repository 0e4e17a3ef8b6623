use std::process::Command;

/// `shoebox config` prints the effective configuration: flags over environment over file over
/// defaults, with secrets masked and unknown keys warned about.
#[test]
fn config_command_layers_and_masks() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("shoebox.toml");
    std::fs::write(&file, "port = 2400\nlog_level = \"debug\"\ncolour = \"blue\"\n").unwrap_or_else(|e| panic!("{e}"));
    let output = Command::new(env!("CARGO_BIN_EXE_shoebox"))
        .args(["config", "--config"])
        .arg(&file)
        .args(["--data-dir", "/srv/photos"])
        .env("SHOEBOX_LOG_LEVEL", "warn")
        .env("SHOEBOX_PORT", "2500")
        .env("DB_HOSTNAME", "db")
        .env("DB_PASSWORD", "hunter2")
        .env("REDIS_HOSTNAME", "cache")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.contains("port = 2500"), "env beats file: {stdout}");
    assert!(stdout.contains("log_level = \"warn\""), "{stdout}");
    assert!(stdout.contains("data_dir = \"/srv/photos\""), "flags beat everything: {stdout}");
    assert!(stdout.contains("database_url = \"postgres://postgres:****@db:5432/immich\""), "{stdout}");
    assert!(stdout.contains("redis_url = \"redis://cache:6379/0\""), "{stdout}");
    assert!(!stdout.contains("hunter2") && !stderr.contains("hunter2"));
    assert!(stderr.contains("unknown configuration key `colour`"), "{stderr}");
}

#[test]
fn a_missing_database_server_is_a_clear_startup_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = Command::new(env!("CARGO_BIN_EXE_shoebox"))
        .args(["serve", "--port", "0", "--host", "127.0.0.1", "--data-dir"])
        .arg(dir.path())
        .args(["--database-url", "postgres://postgres:secret@127.0.0.1:1/none"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot connect to the database at postgres://postgres:****@127.0.0.1:1/none"), "{stderr}");
    assert!(!stderr.contains("secret"));
}
