//! `vanban serve --config FILE` and `--log-format`: the real binary on a loopback port, its
//! options from a TOML file with flags winning, and its log lines as JSON or plain text.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn health(port: u16) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    s.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    out.lines().next().map(str::to_string)
}

/// Starts the server with `args`, waits for /api/health on `port`, stops it with SIGTERM and
/// returns what it wrote to standard error.
fn run_server(args: &[&str], port: u16) -> String {
    let mut child: Child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .arg("serve")
        .args(args)
        .env_remove("VANBAN_API_KEY")
        .env_remove("VANBAN_CONFIG")
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(line) = health(port) {
            assert!(line.contains("200"), "{line}");
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("server exited ({status}): {err}");
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no start");
        std::thread::sleep(Duration::from_millis(100));
    }
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    child.wait().unwrap();
    err
}

#[test]
fn the_config_file_sets_the_options_and_json_logs_are_json() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let port = free_port();
    let config = dir.path().join("vanban.toml");
    std::fs::write(
        &config,
        format!(
            "addr = \"127.0.0.1:{port}\"\nindex = \"{}\"\ncorpus = \"{}\"\nlog_format = \"json\"\n",
            dir.path().join("index").display(),
            corpus.display()
        ),
    )
    .unwrap();
    let err = run_server(&["--config", config.to_str().unwrap()], port);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "no log lines");
    for line in &lines {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(
            v.get("level").is_some() && v.get("timestamp").is_some(),
            "{line}"
        );
    }
    assert!(dir.path().join("index").is_dir(), "the index of the file");
}

#[test]
fn flags_win_over_the_file_and_piped_text_logs_have_no_colour() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let port = free_port();
    let config = dir.path().join("vanban.toml");
    // The file names a port nobody listens on and JSON logs; the flags override both.
    std::fs::write(
        &config,
        "addr = \"127.0.0.1:1\"\nlog_format = \"json\"\nrequest_timeout = 5\n",
    )
    .unwrap();
    let addr = format!("127.0.0.1:{port}");
    let index = dir.path().join("index");
    let err = run_server(
        &[
            "--config",
            config.to_str().unwrap(),
            "--addr",
            &addr,
            "--log-format",
            "text",
            "--index",
            index.to_str().unwrap(),
            "--corpus",
            corpus.to_str().unwrap(),
        ],
        port,
    );
    assert!(err.contains("INFO"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "colour codes in piped logs: {err:?}"
    );
    assert!(!err.trim_start().starts_with('{'), "{err}");
}

#[test]
fn a_bad_config_file_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bad.toml");
    std::fs::write(&config, "adress = \"127.0.0.1:8080\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["serve", "--config", config.to_str().unwrap()])
        .env_remove("VANBAN_CONFIG")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml") && err.contains("adress"), "{err}");
}

/// A sync half configured is refused at start, with what is missing: a database without a
/// table or query, a table without a database, a sync on a read-only replica.
#[test]
fn a_half_configured_sync_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index").display().to_string();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(["serve", "--addr", "127.0.0.1:1", "--index", &index])
            .args(args)
            .env_remove("VANBAN_CONFIG")
            .env_remove("VANBAN_SYNC_URL")
            .env_remove("VANBAN_API_KEY")
            .output()
            .unwrap();
        assert!(!out.status.success());
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let err = run(&["--sync-from", "postgres://db/vanthu"]);
    assert!(err.contains("sync_table nor sync_query"), "{err}");
    let err = run(&["--sync-table", "van_ban"]);
    assert!(err.contains("VANBAN_SYNC_URL"), "{err}");
    let err = run(&[
        "--sync-table",
        "van_ban",
        "--sync-every",
        "soon",
        "--sync-from",
        "x",
    ]);
    assert!(err.contains("sync_every"), "{err}");
    let err = run(&["--sync-table", "van_ban", "--sync-from", "x", "--read-only"]);
    assert!(err.contains("read-only replica cannot sync"), "{err}");
}
