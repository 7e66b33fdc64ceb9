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

/// A one-page PDF whose FlateDecode content stream inflates to `inflated` bytes of `0 0 m`
/// (issue 23: 77 KB, 50 MB inflated, took the helper past 4 GB).
fn pdf_bomb(inflated: usize) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = "0 0 m\n".repeat(100_000);
    for _ in 0..inflated / chunk.len() {
        z.write_all(chunk.as_bytes()).unwrap();
    }
    let stream = z.finish().unwrap();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec(),
        [
            format!(
                "<< /Length {} /Filter /FlateDecode >>\nstream\n",
                stream.len()
            )
            .into_bytes(),
            stream,
            b"\nendstream".to_vec(),
        ]
        .concat(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// The PDF helper runs under a 1 GiB address-space limit: the bomb ends in a clear error naming
/// the limit (or the timeout), never gigabytes. `vanban inspect` itself stays small.
#[test]
fn pdf_helper_is_memory_limited() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.pdf");
    std::fs::write(&path, pdf_bomb(50 * 1024 * 1024)).unwrap();
    let (out, peak_kb) = inspect(&path);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(stderr.contains("bomb.pdf"), "{stderr}");
    assert!(
        stderr.contains("memory limit")
            || stderr.contains("no text layer")
            || stderr.contains("longer than"),
        "{stderr}"
    );
    assert!(peak_kb < 300_000, "inspect itself peaked at {peak_kb} KB");
}

/// A 200 KB `.docx` inflating to 49 MB of real words: refused at the 16 MB inflated budget
/// (before: 400 MB and 2 min in `vanban inspect`, 1.4 GB in the server).
#[test]
fn docx_inflated_budget() {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><Types/>"#).unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><w:document xmlns:w="w"><w:body>"#)
        .unwrap();
    let para = format!(
        "<w:p><w:r><w:t>{}</w:t></w:r></w:p>",
        "quy định pháp luật ".repeat(20)
    );
    for _ in 0..(49 << 20) / para.len() {
        zip.write_all(para.as_bytes()).unwrap();
    }
    zip.write_all(b"</w:body></w:document>").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 1 << 20);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.docx");
    std::fs::write(&path, bytes).unwrap();
    let (out, peak_kb) = inspect(&path);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("16 MB"), "{stderr}");
    assert!(peak_kb < 150_000, "peak {peak_kb} KB");
}
