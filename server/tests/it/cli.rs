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

/// Even at the most verbose level, no password or token reaches the log.
#[test]
fn secrets_never_reach_the_log() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    drop(listener);
    let mut child = Command::new(env!("CARGO_BIN_EXE_shoebox"))
        .args(["serve", "--host", "127.0.0.1", "--port", &port.to_string(), "--data-dir"])
        .arg(dir.path())
        .env("RUST_LOG", "trace")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    // Read while the server runs: a trace log outgrows the pipe's buffer, and a server blocked
    // writing its log answers nothing.
    let mut stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    let reader = std::thread::spawn(move || {
        let mut log = String::new();
        let _ = stderr.read_to_string(&mut log);
        log
    });
    let base = format!("http://127.0.0.1:{port}");
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("{e}"));
    let (token, key) = runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        for _ in 0..400 {
            if client.get(format!("{base}/api/server/ping")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        let signup = serde_json::json!({"email": "admin@example.com", "password": "Sup3r-Secret-Pw", "name": "Admin"});
        let _ = client.post(format!("{base}/api/auth/admin-sign-up")).json(&signup).send().await;
        let wrong = serde_json::json!({"email": "admin@example.com", "password": "Wr0ng-Secret-Pw"});
        let _ = client.post(format!("{base}/api/auth/login")).json(&wrong).send().await;
        let login = serde_json::json!({"email": "admin@example.com", "password": "Sup3r-Secret-Pw"});
        let body: serde_json::Value = match client.post(format!("{base}/api/auth/login")).json(&login).send().await {
            Ok(reply) => reply.json().await.unwrap_or_default(),
            Err(e) => panic!("{e}"),
        };
        let token = body["accessToken"].as_str().unwrap_or_default().to_string();
        let key: serde_json::Value = match client
            .post(format!("{base}/api/api-keys"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"name": "k", "permissions": ["all"]}))
            .send()
            .await
        {
            Ok(reply) => reply.json().await.unwrap_or_default(),
            Err(e) => panic!("{e}"),
        };
        let key = key["secret"].as_str().unwrap_or_default().to_string();
        let _ = client.get(format!("{base}/api/users/me")).header("x-api-key", &key).send().await;
        let _ =
            client.get(format!("{base}/photos")).header("cookie", format!("immich_access_token={token}")).send().await;
        (token, key)
    });
    assert_eq!(token.len(), 43, "logged in");
    assert_eq!(key.len(), 43, "created an API key");
    let _ = child.kill();
    let _ = child.wait();
    let log = reader.join().unwrap_or_else(|_| panic!("the log reader panicked"));
    assert!(log.contains("login"), "the log has the login events: {log}");
    for secret in ["Sup3r-Secret-Pw", "Wr0ng-Secret-Pw", token.as_str(), key.as_str()] {
        assert!(!log.contains(secret), "a secret reached the log");
    }
}
