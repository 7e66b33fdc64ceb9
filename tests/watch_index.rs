//! `vanban index --watch`: a folder watched in the foreground, by file events and by polling
//! (as on a network share). Files added, changed and removed reach the index within seconds;
//! a file still being copied is not read until it stops changing; SIGTERM stops the watch.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn plan(number: &str, body: &str) -> String {
    format!(
        "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: {number}\nLạng Sơn, ngày 27 tháng 10 năm 2025\n\n\
         KẾ HOẠCH\nThực hiện nhiệm vụ năm 2026\n\nĐiều 1. {body}\n"
    )
}

/// Documents found for `query`.
fn total(index: &Path, query: &str) -> u64 {
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["search", query, "--json", "--index"])
        .arg(index)
        .output()
        .unwrap();
    if !out.status.success() {
        return 0;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    v["total"].as_u64().unwrap_or(0)
}

fn until(limit: Duration, what: impl Fn() -> bool) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if what() {
            return Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    None
}

struct Watching(Child);

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn watch_a_folder(poll: bool) {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let index = dir.path().join("index");
    std::fs::write(
        docs.join("a.txt"),
        plan("101/KH-UBND", "Phòng chống cháy rừng mùa khô."),
    )
    .unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vanban"));
    cmd.args(["index", "--watch", "--index"])
        .arg(&index)
        .arg(&docs)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if poll {
        cmd.arg("--watch-poll");
    }
    let mut child = Watching(cmd.spawn().unwrap());
    // The first indexing is done once the watch starts.
    let stderr = child.0.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let started = rx
        .iter()
        .find(|l| l.starts_with("watching "))
        .expect("the watch never started");
    let mode = if poll {
        "a walk every second"
    } else {
        "file events"
    };
    assert!(started.contains(mode), "{started}");
    assert_eq!(total(&index, "101/KH-UBND"), 1);

    // Added.
    std::fs::write(
        docs.join("b.txt"),
        plan("102/KH-UBND", "Tuyên truyền pháp luật."),
    )
    .unwrap();
    let t = until(Duration::from_secs(10), || {
        total(&index, "102/KH-UBND") == 1
    })
    .expect("an added file was not indexed");
    eprintln!("added: searchable after {t:?}");
    assert!(t < Duration::from_secs(5), "{t:?}");

    // Changed: the new text is found, the old is not.
    std::fs::write(
        docs.join("a.txt"),
        plan("101/KH-UBND", "Phòng chống lũ quét và sạt lở đất."),
    )
    .unwrap();
    let t = until(Duration::from_secs(10), || {
        total(&index, "\"lũ quét\"") == 1 && total(&index, "\"cháy rừng\"") == 0
    })
    .expect("a changed file was not re-indexed");
    eprintln!("changed: searchable after {t:?}");

    // Removed.
    std::fs::remove_file(docs.join("b.txt")).unwrap();
    let t = until(Duration::from_secs(10), || {
        total(&index, "102/KH-UBND") == 0
    })
    .expect("a removed file was not pruned");
    eprintln!("removed: gone after {t:?}");

    // A file copied slowly: not read while it grows, read whole once it stops.
    let text = plan(
        "103/KH-UBND",
        &"Điều tra hiện trạng rừng phòng hộ đầu nguồn. ".repeat(40),
    ) + "Điều 2. Tổ chức thực hiện kiểm kê đất rừng.\n";
    let path = docs.join("c.txt");
    let writing = std::thread::spawn(move || {
        let bytes = text.as_bytes();
        let mut f = std::fs::File::create(path).unwrap();
        for chunk in bytes.chunks(bytes.len().div_ceil(12)) {
            f.write_all(chunk).unwrap();
            f.flush().unwrap();
            std::thread::sleep(Duration::from_millis(250));
        }
    });
    while !writing.is_finished() {
        assert_eq!(
            total(&index, "103/KH-UBND"),
            0,
            "a file still being written was indexed"
        );
    }
    writing.join().unwrap();
    until(Duration::from_secs(10), || {
        total(&index, "103/KH-UBND") == 1
    })
    .expect("the copied file was not indexed");
    assert_eq!(total(&index, "\"kiểm kê đất rừng\""), 1, "indexed partly");

    // SIGTERM: stops at the end of a look, exit 0.
    unsafe {
        libc::kill(child.0.id() as i32, libc::SIGTERM);
    }
    let status = child.0.wait().unwrap();
    assert!(status.success(), "{status}");
}

#[test]
fn a_folder_watched_by_file_events() {
    watch_a_folder(false);
}

#[test]
fn a_folder_watched_by_polling() {
    watch_a_folder(true);
}
