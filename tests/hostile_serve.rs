//! The real server on a loopback port, under a low open-file limit: idle connections are closed
//! after the header-read timeout, the connection cap keeps the server accepting, and SIGTERM
//! stops it with exit status 0 (issue 23 §3 and §11).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn vanban() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Indexes the repository's corpus into `dir`.
fn small_index(dir: &std::path::Path) {
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let out = vanban()
        .args(["index", corpus, "--index", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Starts `vanban serve` under `ulimit -n files` and waits until it answers.
fn start(index: &std::path::Path, port: u16, files: u32, extra: &str) -> Child {
    let exe = env!("CARGO_BIN_EXE_vanban");
    let script = format!(
        "ulimit -n {files}; exec '{exe}' serve --addr 127.0.0.1:{port} --index '{}' {extra}",
        index.display()
    );
    let child = Command::new("sh")
        .args(["-c", &script])
        .env_remove("VANBAN_API_KEY")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while health(port, Duration::from_secs(2)).is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    child
}

/// `GET /api/health` on a fresh connection: the status line, or `None` on failure.
fn health(port: u16, timeout: Duration) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(timeout)).ok()?;
    s.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    out.lines().next().map(str::to_string)
}

fn sigterm(child: &Child) {
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

fn wait_exit(child: &mut Child, bound: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > bound {
            let _ = child.kill();
            panic!("server did not exit within {bound:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn idle_connections_are_closed_and_the_server_keeps_accepting() {
    let dir = tempfile::tempdir().unwrap();
    small_index(dir.path());
    let port = free_port();
    // 64 files: before issue 23, 60 idle sockets exhausted them and nobody else got in.
    let mut server = start(dir.path(), port, 64, "--header-timeout 2");
    let mut idle = Vec::new();
    for _ in 0..150 {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(s) => idle.push(s),
            Err(_) => break,
        }
    }
    assert!(idle.len() >= 100, "only {} connections opened", idle.len());
    // A real client gets its answer once the idle ones time out, in bounded time.
    let started = Instant::now();
    let answer = health(port, Duration::from_secs(60));
    assert_eq!(answer.as_deref(), Some("HTTP/1.1 200 OK"));
    assert!(started.elapsed() < Duration::from_secs(60));
    // The idle sockets were closed by the server (end of stream, not a read timeout).
    std::thread::sleep(Duration::from_secs(3));
    let mut closed = 0;
    for s in &mut idle {
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut buf = [0u8; 64];
        if matches!(s.read(&mut buf), Ok(0)) {
            closed += 1;
        }
    }
    assert!(
        closed >= idle.len() / 2,
        "{closed} of {} closed",
        idle.len()
    );
    // A slow client sending half its headers is cut off too.
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    assert!(!String::from_utf8_lossy(&rest).contains("200 OK"));

    sigterm(&server);
    let status = wait_exit(&mut server, Duration::from_secs(30));
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn sigterm_lets_a_request_in_flight_finish_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    small_index(dir.path());
    let port = free_port();
    let mut server = start(dir.path(), port, 1024, "");
    // A request whose headers are not complete yet is in flight when SIGTERM arrives.
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(b"GET /api/search?q=ph%E1%BB%95+bi%E1%BA%BFn HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    sigterm(&server);
    std::thread::sleep(Duration::from_millis(300));
    s.write_all(b"Connection: close\r\n\r\n").unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    assert!(
        out.starts_with("HTTP/1.1 200"),
        "{}",
        out.lines().next().unwrap_or("")
    );
    let status = wait_exit(&mut server, Duration::from_secs(30));
    assert_eq!(status.code(), Some(0), "{status:?}");
    // New connections are refused after the shutdown.
    assert!(health(port, Duration::from_secs(2)).is_none());
}
