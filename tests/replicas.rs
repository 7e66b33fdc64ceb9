//! Deployment end to end, with the real binary on loopback ports: `serve --watch DIR` indexing
//! files dropped into, changed in and removed from a folder; one writer and two `--read-only`
//! replicas on the same index behind nginx (started by the test; skipped with a message when
//! nginx is not installed); `vanban snapshot` taken while the writer serves.

mod deploy_support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use deploy_support::{free_port, get, serve, Proc};
use serde_json::Value;

const SEED: &str = "../shared/corpus/seed/176-KH-UBND-2020-lang-son.txt";
const KEY: &str = "a-test-key-of-thirty-two-characters!";

/// The number of hits of `q` on `port`, `None` when the request failed.
fn total(port: u16, q: &str) -> Option<u64> {
    let path = format!("/api/search?q={}", q.replace('/', "%2F").replace(' ', "+"));
    match get(port, &path)? {
        (200, body) => serde_json::from_str::<Value>(&body).ok()?["total"].as_u64(),
        _ => None,
    }
}

/// Waits until `check` holds, at most `limit`; the time it took.
fn until(limit: Duration, mut check: impl FnMut() -> bool) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if check() {
            return Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn a_watched_folder_is_indexed_re_indexed_and_pruned_while_serving() {
    let Ok(plan) = std::fs::read_to_string(SEED) else {
        eprintln!("SKIPPED: {SEED} is absent");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let index = dir.path().join("index");
    let port = free_port();
    // With an API key: the watcher shares the server's writer with the write API.
    let _server = serve(
        port,
        &[
            "--index",
            index.to_str().unwrap(),
            "--watch",
            docs.to_str().unwrap(),
            "--api-key",
            KEY,
        ],
        &dir.path().join("serve.log"),
    );
    assert_eq!(total(port, "176/KH-UBND"), Some(0));

    // Dropped in, written in two halves (a copy in progress), then a broken file beside it.
    let half = plan.len() / 2;
    let half = (0..=half)
        .rev()
        .find(|i| plan.is_char_boundary(*i))
        .unwrap();
    std::fs::write(docs.join("ke-hoach.txt"), &plan[..half]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(docs.join("ke-hoach.txt"), &plan).unwrap();
    std::fs::write(docs.join("hong.docx"), b"PK\x03\x04 not really a docx").unwrap();
    let took = until(Duration::from_secs(15), || {
        total(port, "176/KH-UBND") == Some(1)
    });
    let took = took.expect("the dropped file was not indexed");
    eprintln!("dropped file searchable after {took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    // The whole file, not the half that was there first.
    let (_, body) = get(
        port,
        "/api/search?q=kinh+ph%C3%AD+th%E1%BB%B1c+hi%E1%BB%87n",
    )
    .unwrap();
    assert!(body.contains("176/KH-UBND"), "{body}");

    // Changed: the new number replaces the old one.
    std::fs::write(
        docs.join("ke-hoach.txt"),
        plan.replace("176/KH-UBND", "179/KH-UBND"),
    )
    .unwrap();
    until(Duration::from_secs(15), || {
        total(port, "179/KH-UBND") == Some(1) && total(port, "176/KH-UBND") == Some(0)
    })
    .expect("the changed file was not re-indexed");

    // Removed: pruned.
    std::fs::remove_file(docs.join("ke-hoach.txt")).unwrap();
    until(Duration::from_secs(15), || {
        total(port, "179/KH-UBND") == Some(0)
    })
    .expect("the removed file stayed searchable");
    let log = std::fs::read_to_string(dir.path().join("serve.log")).unwrap();
    assert!(
        log.contains("hong.docx"),
        "the broken file is not logged: {log}"
    );
}

fn nginx() -> Option<std::path::PathBuf> {
    ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists())
}

/// nginx on `port` in front of `upstreams`, retrying a request on the next one when one fails.
fn start_nginx(bin: &Path, dir: &Path, port: u16, upstreams: &[u16]) -> Proc {
    let d = dir.display();
    let servers: String = upstreams
        .iter()
        .map(|p| format!("    server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n"))
        .collect();
    let conf = format!(
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
           fastcgi_temp_path {d}/fcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
           upstream vanban {{\n{servers}  }}\n\
           server {{\n    listen 127.0.0.1:{port};\n    location / {{\n      proxy_pass http://vanban;\n\
               proxy_next_upstream error timeout http_502 http_503;\n      proxy_connect_timeout 1s;\n    }}\n  }}\n}}\n"
    );
    let path = dir.join("nginx.conf");
    std::fs::write(&path, conf).unwrap();
    let child = Command::new(bin)
        .args(["-e", &format!("{d}/error.log"), "-p"])
        .arg(dir)
        .arg("-c")
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut p = Proc(child);
    deploy_support::wait_healthy(port, &mut p);
    p
}

#[test]
fn a_writer_and_two_replicas_behind_nginx() {
    let Some(nginx_bin) = nginx() else {
        eprintln!("SKIPPED: nginx is not installed (apt-get install nginx; .ci/run does)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let idx = index.to_str().unwrap();
    let (w, r1, r2, lb) = (free_port(), free_port(), free_port(), free_port());
    let log = |n: &str| dir.path().join(n);
    let writer = serve(
        w,
        &[
            "--index",
            idx,
            "--corpus",
            empty.to_str().unwrap(),
            "--api-key",
            KEY,
        ],
        &log("writer.log"),
    );
    let replica1 = serve(r1, &["--index", idx, "--read-only"], &log("r1.log"));
    let _replica2 = serve(r2, &["--index", idx, "--read-only"], &log("r2.log"));
    let _nginx = start_nginx(&nginx_bin, dir.path(), lb, &[r1, r2]);
    assert_eq!(total(lb, "1521/QĐ-TTg"), Some(0));

    // A document written through the writer is found through nginx within 2 s.
    let record = serde_json::json!({
        "id": "qd-1521-ttg-2020", "number": "1521/QĐ-TTg", "doc_type": "Quyết định",
        "title": "Ban hành Kế hoạch thực hiện Kết luận số 80-KL/TW của Ban Bí thư",
        "issuer": "Thủ tướng Chính phủ", "issued": "2020-10-06",
        "body": "Ban hành kèm theo Quyết định này Kế hoạch thực hiện Kết luận số 80-KL/TW."
    });
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(10))
        .build();
    let written = agent
        .post(&format!("http://127.0.0.1:{w}/api/documents"))
        .set("Authorization", &format!("Bearer {KEY}"))
        .send_json(record.clone());
    assert!(written.is_ok(), "{written:?}");
    let seen = until(Duration::from_secs(10), || {
        total(lb, "1521/QĐ-TTg") == Some(1)
    })
    .expect("the replicas never served the new document");
    eprintln!("written document found through nginx after {seen:?}");
    assert!(seen < Duration::from_secs(2), "{seen:?}");
    // Both replicas serve it within 2 s of the write (each follows the commits on its own).
    let both = until(Duration::from_secs(10), || {
        total(r1, "1521/QĐ-TTg") == Some(1) && total(r2, "1521/QĐ-TTg") == Some(1)
    })
    .expect("a replica never served the new document");
    eprintln!("both replicas serve it after a further {both:?}");
    assert!(seen + both < Duration::from_secs(2), "{seen:?} + {both:?}");

    // A replica refuses writes, even with the key, and says where to send them.
    let refused = agent
        .put(&format!(
            "http://127.0.0.1:{lb}/api/documents/qd-1521-ttg-2020"
        ))
        .set("Authorization", &format!("Bearer {KEY}"))
        .send_json(record);
    match refused {
        Err(ureq::Error::Status(403, r)) => {
            let body = r.into_string().unwrap();
            assert!(
                body.contains("writes_disabled") && body.contains("read-only replica"),
                "{body}"
            );
        }
        other => panic!("a replica accepted a write: {other:?}"),
    }

    // One replica dies: nginx retries on the other; no request is lost.
    drop(replica1);
    for i in 0..20 {
        assert_eq!(
            total(lb, "1521/QĐ-TTg"),
            Some(1),
            "request {i} after a replica died"
        );
    }

    // A snapshot while the writer serves: a consistent index a replica elsewhere serves.
    let snap = dir.path().join("snapshot");
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["snapshot", snap.to_str().unwrap(), "--json", "--index", idx])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["documents"], 1, "{report}");
    let r3 = free_port();
    let _replica3 = serve(
        r3,
        &["--index", snap.to_str().unwrap(), "--read-only"],
        &log("r3.log"),
    );
    assert_eq!(total(r3, "1521/QĐ-TTg"), Some(1));
    drop(writer);
}
