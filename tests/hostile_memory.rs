//! Memory bombs measured from outside: `vanban inspect` runs as a child process and its peak
//! resident memory (`VmHWM` in `/proc/<pid>/status`, sampled until it exits) must stay under a
//! bound. Before the bounds of issue 23 the HTML page below took 1.56 GB.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `command`, returning its output and its peak resident memory in KB (Linux; 0 elsewhere).
fn run_measured(mut command: Command) -> (Output, u64) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    let started = Instant::now();
    // The pipes are small: drain them on threads so that the child never blocks on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut b).unwrap();
        b
    });
    let err = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut b).unwrap();
        b
    });
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            if let Some(kb) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = peak.max(kb);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            child.kill().unwrap();
            panic!("child ran over 120 s (peak so far {peak} KB)");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let output = Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    (output, peak)
}

fn inspect(path: &Path) -> (Output, u64) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vanban"));
    command.args(["inspect", path.to_str().unwrap(), "--json"]);
    run_measured(command)
}

/// The page of issue 23: N distinct unclosed `<b id>` closed by `</div>`, then M paragraphs.
fn formatting_bomb(n: usize, m: usize) -> String {
    let open: String = (0..n).map(|i| format!("<b id=\"{i}\">")).collect();
    format!(
        "<html><body><div>{open}</div>{}</body></html>",
        "<p>x</p>".repeat(m)
    )
}

#[test]
fn html_formatting_bomb_is_refused_with_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fmt.html");
    std::fs::write(&path, formatting_bomb(3000, 3000)).unwrap();
    let (out, peak_kb) = inspect(&path);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("elements"), "{stderr}");
    assert!(stderr.contains("fmt.html"), "{stderr}");
    assert!(peak_kb < 200_000, "peak {peak_kb} KB");

    // A real page beside it is still read, also within the bound.
    let page = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/html/phapdien-demuc-7d8d6ae7-3937-4b64-aa21-9f5260ea2a31.html");
    if page.exists() {
        let (out, peak_kb) = inspect(&page);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(peak_kb < 200_000, "peak {peak_kb} KB");
    }
}
