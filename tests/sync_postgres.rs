//! `vanban sync` against a real PostgreSQL server that the test starts (initdb + postgres in a
//! temp folder on a loopback port): the provincial records in a table with Vietnamese column
//! names, then inserts, updates and deletes between syncs, a bad row, and a run whose database
//! is gone. Skipped with a message when PostgreSQL is not installed.

mod deploy_support;

use std::path::Path;
use std::process::Command;

use deploy_support::{test_certificates, Postgres, ServerTls};
use serde_json::Value;

const RECORDS: &str = "../shared/corpus/provincial/provincial.dev.jsonl";

fn sync(pg_url: &str, index: &Path, extra: &[&str]) -> (bool, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["sync", pg_url, "--table", "van_ban", "--key-column", "ma"])
        .args(["--updated-column", "cap_nhat", "--json", "--index"])
        .arg(index)
        .args(extra)
        .env_remove("VANBAN_SYNC_URL")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let report = serde_json::from_str(stdout.trim()).unwrap_or(Value::Null);
    (
        out.status.success(),
        report,
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn count(r: &Value, key: &str) -> u64 {
    r[key].as_u64().unwrap_or_else(|| panic!("no {key} in {r}"))
}

fn search_ids(index: &Path, query: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["search", query, "--json", "--index"])
        .arg(index)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn inserts_updates_and_deletes_reach_the_index_and_a_failed_run_loses_nothing() {
    let Some(mut pg) = Postgres::start() else {
        return;
    };
    let Ok(text) = std::fs::read_to_string(RECORDS) else {
        eprintln!("SKIPPED: {RECORDS} is absent");
        return;
    };
    let mut db = pg.client();
    db.batch_execute(
        "CREATE TABLE van_ban (ma integer PRIMARY KEY, so_hieu text, loai_van_ban text,
           co_quan_ban_hanh text, ngay_ban_hanh date, nguoi_ky text, trich_yeu text,
           noi_dung text, tep text, cap_nhat timestamptz NOT NULL)",
    )
    .unwrap();
    let records: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let s = |v: &Value, k: &str| v[k].as_str().map(str::to_string);
    for (i, r) in records.iter().enumerate() {
        let date = s(r, "ngay_ban_hanh");
        // Each row a second apart, a day ago.
        db.execute(
            "INSERT INTO van_ban VALUES ($1::int, $2, $3, $4, $5::text::date, $6, $7, $8, $9,
               now() - interval '1 day' + $1::int * interval '1 second')",
            &[
                &(i as i32 + 1),
                &s(r, "so_hieu"),
                &s(r, "loai_van_ban"),
                &s(r, "co_quan_ban_hanh"),
                &date,
                &s(r, "nguoi_ky"),
                &s(r, "trich_yeu"),
                &s(r, "text"),
                &s(r, "file"),
            ],
        )
        .unwrap();
    }
    let n = records.len() as u64;
    // Rows with a text, a number or a title are documents; the others are reported.
    let empty = records
        .iter()
        .filter(|r| {
            ["so_hieu", "trich_yeu", "text"]
                .iter()
                .all(|k| s(r, k).is_none_or(|t| t.trim().is_empty()))
        })
        .count() as u64;
    // A row with nothing to index: reported, not fatal.
    db.execute(
        "INSERT INTO van_ban (ma, tep, cap_nhat) VALUES (999, 'x.pdf', now() - interval '2 days')",
        &[],
    )
    .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let (ok, r, err) = sync(&pg.url(), &index, &[]);
    assert!(ok, "{err}");
    assert_eq!(count(&r, "rows"), n + 1, "{r}");
    assert_eq!(count(&r, "created"), n - empty, "{r}");
    let errors = r["errors"].as_array().unwrap();
    assert_eq!(errors.len() as u64, empty + 1, "{r}");
    assert!(errors.iter().any(|e| e["key"] == "999"), "{r}");
    assert_eq!(r["ignored_columns"], serde_json::json!(["tep"]));
    assert_eq!(r["source"], "postgres:van_ban");
    // Read by the Vietnamese names: a number typed by an officer finds its row.
    let number = s(&records[0], "so_hieu").unwrap();
    assert_eq!(
        search_ids(&index, &number).first().map(String::as_str),
        Some("1")
    );

    // Between two syncs: one row changed, one deleted, one added.
    db.batch_execute(
        "UPDATE van_ban SET trich_yeu = 'Kế hoạch chuyển đổi số kho lưu trữ hồ sơ địa chính',
           cap_nhat = now() WHERE ma = 1;
         DELETE FROM van_ban WHERE ma = 2;
         INSERT INTO van_ban (ma, so_hieu, loai_van_ban, co_quan_ban_hanh, ngay_ban_hanh,
           trich_yeu, noi_dung, cap_nhat)
         VALUES (500, '88/KH-UBND', 'Kế hoạch', 'UBND tỉnh Sơn La', '2026-03-02',
           'Kế hoạch phòng chống cháy rừng mùa khô',
           'Điều 1. Giao Sở Nông nghiệp và Môi trường chủ trì, hoàn thành trước ngày 30/4/2026.',
           now());",
    )
    .unwrap();
    let (ok, r, err) = sync(&pg.url(), &index, &[]);
    assert!(ok, "{err}");
    // Only the rows changed since the last run (and the last row of that run) are read.
    assert!(count(&r, "rows") <= 3, "{r}");
    assert_eq!(
        (
            count(&r, "created"),
            count(&r, "updated"),
            count(&r, "deleted")
        ),
        (1, 1, 1),
        "{r}"
    );
    assert!(search_ids(&index, "\"kho lưu trữ hồ sơ địa chính\"").contains(&"1".to_string()));
    assert_eq!(
        search_ids(&index, "88/KH-UBND").first().map(String::as_str),
        Some("500")
    );
    let show = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["show", "2", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    assert!(
        !show.status.success(),
        "row 2 was deleted but its document stays"
    );

    // Nothing changed: nothing written.
    let (ok, r, err) = sync(&pg.url(), &index, &[]);
    assert!(ok, "{err}");
    assert_eq!(
        (
            count(&r, "created"),
            count(&r, "updated"),
            count(&r, "deleted")
        ),
        (0, 0, 0),
        "{r}"
    );

    // TLS asked of a server that does not offer it: refused, with what to do.
    let (ok, _, err) = sync(&format!("{}?sslmode=require", pg.url()), &index, &[]);
    assert!(!ok);
    assert!(err.contains("server does not support TLS"), "{err}");
    assert!(err.contains("ssl = off"), "{err}");

    // The database goes away: the run fails with a clear error; the index keeps everything.
    let state = std::fs::read_to_string(index.join("vanban-sync.json")).unwrap();
    pg.stop();
    let (ok, _, err) = sync(&pg.url(), &index, &[]);
    assert!(!ok);
    assert!(err.contains("PostgreSQL"), "{err}");
    assert_eq!(
        std::fs::read_to_string(index.join("vanban-sync.json")).unwrap(),
        state
    );
    let idx = vanban::index::VanbanIndex::open(&index).unwrap();
    assert_eq!(idx.document_count().unwrap() as u64, n - empty);
}

/// A server that accepts only TLS over TCP (`hostssl` in pg_hba.conf), with a certificate for
/// `localhost` signed by a test CA: `require` syncs without checking the certificate,
/// `verify-full` checks it against the CA and the host name, `verify-ca` the CA only; a plain
/// connection, a wrong CA and a host name the certificate does not carry are refused with
/// what to do.
#[test]
fn sync_over_tls_checks_the_certificate_and_plain_connections_are_refused() {
    let (ca, cert, key) = test_certificates(&["localhost"]);
    let Some(pg) = Postgres::start_with(Some(ServerTls {
        cert_pem: cert,
        key_pem: key,
        only_tls: true,
    })) else {
        return;
    };
    pg.client()
        .batch_execute(
            "CREATE TABLE van_ban (ma integer PRIMARY KEY, so_hieu text, trich_yeu text,
               noi_dung text, cap_nhat timestamptz NOT NULL);
             INSERT INTO van_ban VALUES
               (1, '12/KH-UBND', 'Kế hoạch chuyển đổi số năm 2026',
                'Điều 1. Giao Sở Khoa học và Công nghệ chủ trì.', now()),
               (2, '34/QĐ-UBND', 'Quyết định ban hành quy chế lưu trữ hồ sơ điện tử',
                'Điều 1. Ban hành kèm theo Quyết định này Quy chế.', now());",
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca).unwrap();
    let (other_ca, _, _) = test_certificates(&["localhost"]);
    let other_ca_file = dir.path().join("other-ca.pem");
    std::fs::write(&other_ca_file, other_ca).unwrap();
    let ca_arg = ca_file.display().to_string();
    let other_arg = other_ca_file.display().to_string();
    let by_ip = |mode: &str| {
        format!(
            "postgres://postgres@127.0.0.1:{}/postgres?sslmode={mode}",
            pg.port
        )
    };
    let by_name = |mode: &str| {
        format!(
            "postgres://postgres@localhost:{}/postgres?sslmode={mode}",
            pg.port
        )
    };
    let index = dir.path().join("index");

    // Plain: the server refuses; the message says to ask for TLS.
    let (ok, _, err) = sync(&by_ip("disable"), &index, &[]);
    assert!(!ok);
    assert!(err.contains("no pg_hba.conf entry"), "{err}");
    assert!(err.contains("sslmode=require"), "{err}");
    assert!(!index.join("vanban-sync.json").exists());

    // require: encrypted, the certificate not checked (libpq's meaning).
    let (ok, r, err) = sync(&by_ip("require"), &index, &[]);
    assert!(ok, "{err}");
    assert_eq!(count(&r, "created"), 2, "{r}");
    assert_eq!(
        search_ids(&index, "12/KH-UBND").first().map(String::as_str),
        Some("1")
    );
    // The default (prefer) uses TLS when the server offers it, as libpq.
    let plain = format!("postgres://postgres@127.0.0.1:{}/postgres", pg.port);
    let (ok, _, err) = sync(&plain, &index, &["--full"]);
    assert!(ok, "{err}");

    // verify-full: the CA and the name; the CA given by flag or in the URL.
    let (ok, r, err) = sync(
        &by_name("verify-full"),
        &index,
        &["--full", "--ssl-root-cert", &ca_arg],
    );
    assert!(ok, "{err}");
    assert_eq!(count(&r, "unchanged"), 2, "{r}");
    let in_url = format!("{}&sslrootcert={ca_arg}", by_name("verify-full"));
    let (ok, _, err) = sync(&in_url, &index, &[]);
    assert!(ok, "{err}");
    // Without a CA, verify-full is refused before connecting.
    let (ok, _, err) = sync(&by_name("verify-full"), &index, &[]);
    assert!(!ok);
    assert!(err.contains("--ssl-root-cert"), "{err}");
    // Another CA: refused.
    let (ok, _, err) = sync(
        &by_name("verify-full"),
        &index,
        &["--ssl-root-cert", &other_arg],
    );
    assert!(!ok);
    // (A CA of the same name: the signature does not match; another name: UnknownIssuer.)
    assert!(err.contains("invalid peer certificate"), "{err}");
    assert!(err.contains("--ssl-root-cert"), "{err}");
    // The certificate names localhost, not 127.0.0.1: verify-full refuses, verify-ca accepts.
    let (ok, _, err) = sync(&by_ip("verify-full"), &index, &["--ssl-root-cert", &ca_arg]);
    assert!(!ok);
    assert!(err.contains("not valid for name"), "{err}");
    assert!(err.contains("verify-ca"), "{err}");
    let (ok, _, err) = sync(&by_ip("verify-ca"), &index, &["--ssl-root-cert", &ca_arg]);
    assert!(ok, "{err}");
    let (ok, _, err) = sync(
        &by_ip("verify-ca"),
        &index,
        &["--ssl-root-cert", &other_arg],
    );
    assert!(!ok, "{err}");
}

/// `vanban serve --sync-from` beside the write API: the server holds the writer, syncs every
/// second, and the API's writes and the sync's share it; a row inserted, changed or deleted in
/// the database is served within seconds, and a document written through the API stays.
#[test]
fn a_serving_writer_syncs_on_a_schedule_beside_its_write_api() {
    use deploy_support::{free_port, get, serve};
    use std::time::{Duration, Instant};
    let Some(pg) = Postgres::start() else {
        return;
    };
    let mut db = pg.client();
    db.batch_execute(
        "CREATE TABLE van_ban (ma integer PRIMARY KEY, so_hieu text, trich_yeu text,
           noi_dung text, cap_nhat timestamptz NOT NULL);
         INSERT INTO van_ban VALUES
           (1, '12/KH-UBND', 'Kế hoạch chuyển đổi số năm 2026',
            'Điều 1. Giao Sở Khoa học và Công nghệ chủ trì.', now()),
           (2, '34/QĐ-UBND', 'Quyết định ban hành quy chế lưu trữ hồ sơ điện tử',
            'Điều 1. Ban hành kèm theo Quyết định này Quy chế.', now());",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let port = free_port();
    const KEY: &str = "a-test-key-of-at-least-32-characters-0123";
    let url = pg.url();
    let index_arg = index.display().to_string();
    let _server = serve(
        port,
        &[
            "--index",
            &index_arg,
            "--api-key",
            KEY,
            "--sync-from",
            &url,
            "--sync-table",
            "van_ban",
            "--sync-key-column",
            "ma",
            "--sync-updated-column",
            "cap_nhat",
            "--sync-every",
            "1s",
        ],
        &dir.path().join("serve.log"),
    );
    let total = |q: &str| -> Option<u64> {
        let path = format!("/api/search?q={}", urlencode(q));
        let (status, body) = get(port, &path)?;
        (status == 200).then(|| serde_json::from_str::<Value>(&body).ok())??["total"].as_u64()
    };
    let until = |what: &dyn Fn() -> bool| {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            if what() {
                return Some(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    };
    until(&|| total("12/KH-UBND") == Some(1)).expect("the first sync never showed");

    // A write through the API while the sync runs: both go through the one writer.
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(10))
        .build();
    let written = agent
        .put(&format!("http://127.0.0.1:{port}/api/documents/api-1"))
        .set("Authorization", &format!("Bearer {KEY}"))
        .send_json(serde_json::json!({
            "so_hieu": "77/TB-UBND", "trich_yeu": "Thông báo lịch tiếp công dân tháng 12",
            "noi_dung": "Chủ tịch UBND tỉnh tiếp công dân vào ngày 15 hằng tháng."
        }));
    assert!(written.is_ok(), "{written:?}");

    db.batch_execute(
        "UPDATE van_ban SET trich_yeu = 'Kế hoạch số hóa kho lưu trữ địa chính', cap_nhat = now()
           WHERE ma = 1;
         DELETE FROM van_ban WHERE ma = 2;
         INSERT INTO van_ban VALUES (3, '88/KH-UBND', 'Kế hoạch phòng chống cháy rừng mùa khô',
           'Điều 1. Giao Sở Nông nghiệp và Môi trường chủ trì.', now());",
    )
    .unwrap();
    let seen = until(&|| {
        total("88/KH-UBND") == Some(1)
            && total("34/QĐ-UBND") == Some(0)
            && total("\"kho lưu trữ địa chính\"") == Some(1)
    })
    .expect("the changes in the database never reached the server");
    eprintln!("database changes served after {seen:?}");
    assert!(seen < Duration::from_secs(5), "{seen:?}");
    assert_eq!(total("77/TB-UBND"), Some(1), "the API's document is gone");
    let log = std::fs::read_to_string(dir.path().join("serve.log")).unwrap();
    assert!(log.contains("sync done"), "{log}");
}

fn urlencode(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
