//! A command line that scripts can trust (issue 28 §3): `--index` before or after the
//! subcommand, errors as JSON with the API's codes under `--json`, `cited-by`, `delete` and
//! shell completions.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn vanban() -> Command {
    Command::cargo_bin("vanban").unwrap()
}

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// Runs `args`, expecting exit status `code` and standard output of one JSON document.
fn json_of(args: &[&str], code: i32) -> serde_json::Value {
    let out = vanban().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {:?}", out.stdout))
}

fn error_code(v: &serde_json::Value) -> &str {
    v["error"]["code"].as_str().unwrap_or_else(|| panic!("{v}"))
}

const PLAN: &str = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: 12/KH-UBND\nLạng Sơn, ngày 2 tháng 3 năm 2021\n\nKẾ HOẠCH\nTuyên truyền pháp luật về hòa giải ở cơ sở\n\nTổ chức tuyên truyền pháp luật về hòa giải ở cơ sở trên địa bàn tỉnh.\n";

#[test]
fn index_anywhere_cited_by_and_delete() {
    let tmp = tempfile::tempdir().unwrap();
    let idx = tmp.path().join("index");
    let idx = idx.to_str().unwrap();
    // Before the subcommand.
    vanban()
        .args(["--index", idx, "index", corpus().to_str().unwrap()])
        .assert()
        .success();
    // After it, and before again: the same index.
    let after = json_of(&["search", "176/KH-UBND", "--json", "--index", idx], 0);
    let before = json_of(&["--index", idx, "search", "176/KH-UBND", "--json"], 0);
    assert_eq!(after["hits"][0]["number"], "176/KH-UBND");
    assert_eq!(after["total"], before["total"]);

    // The seed plan implements Kết luận 80-KL/TW, in any spelling of the number.
    let cited = json_of(&["--index", idx, "cited-by", "80 - kl/tw", "--json"], 0);
    assert_eq!(cited["number"], "80-KL/TW");
    let citing = cited["documents"].as_array().unwrap();
    assert!(
        citing
            .iter()
            .any(|d| d["number"] == "176/KH-UBND" && d["relation"] == "implements"),
        "{cited}"
    );
    vanban()
        .args(["cited-by", "80-KL/TW", "--index", idx])
        .assert()
        .success()
        .stdout(predicate::str::contains("176/KH-UBND"))
        .stdout(predicate::str::contains("implements"));

    // Delete by number (one document has it), then it is gone.
    let deleted = json_of(&["delete", "176/KH-UBND", "--json", "--index", idx], 0);
    assert_eq!(deleted["deleted"]["number"], "176/KH-UBND");
    let id = deleted["deleted"]["id"].as_str().unwrap().to_string();
    let gone = json_of(&["show", &id, "--json", "--index", idx], 3);
    assert_eq!(error_code(&gone), "not_found");
    let again = json_of(&["delete", &id, "--json", "--index", idx], 3);
    assert_eq!(error_code(&again), "not_found");
    let found = json_of(&["search", "176/KH-UBND", "--json", "--index", idx], 0);
    assert!(
        found["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["id"] != id.as_str()),
        "{found}"
    );
}

#[test]
fn a_number_of_two_documents_is_deleted_by_id_only() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("a.txt"), PLAN).unwrap();
    // The same number from another province: another document.
    let other = PLAN
        .replace("LẠNG SƠN", "SƠN LA")
        .replace("Lạng Sơn,", "Sơn La,");
    std::fs::write(docs.join("b.txt"), other).unwrap();
    let idx = tmp.path().join("index");
    let idx = idx.to_str().unwrap();
    vanban()
        .args(["index", docs.to_str().unwrap(), "--index", idx])
        .assert()
        .success();
    let refused = json_of(&["delete", "12/KH-UBND", "--json", "--index", idx], 4);
    assert_eq!(error_code(&refused), "ambiguous_number");
    let message = refused["error"]["message"].as_str().unwrap();
    let index = vanban::index::VanbanIndex::open(Path::new(idx)).unwrap();
    let key = vanban::number::key("12/KH-UBND").unwrap();
    let both = index.by_number_key(&key).unwrap();
    assert_eq!(both.len(), 2);
    assert!(both.iter().all(|d| message.contains(&d.id)), "{message}");
    drop(index);
    vanban()
        .args(["delete", &both[0].id, "--index", idx])
        .assert()
        .success()
        .stdout(predicate::str::contains(&both[0].id));
    let index = vanban::index::VanbanIndex::open(Path::new(idx)).unwrap();
    assert_eq!(index.by_number_key(&key).unwrap().len(), 1);
}

#[test]
fn json_errors_carry_the_code_of_the_api() {
    let tmp = tempfile::tempdir().unwrap();
    let none = tmp.path().join("none");
    let none = none.to_str().unwrap();
    assert_eq!(
        error_code(&json_of(&["search", "luật", "--json", "--index", none], 3)),
        "not_found"
    );
    assert_eq!(
        error_code(&json_of(&["cited-by", "xyz", "--json", "--index", none], 4)),
        "bad_number"
    );
    // Usage errors too, with clap's exit status.
    assert_eq!(
        error_code(&json_of(&["search", "x", "--bogus", "--json"], 2)),
        "unknown_parameter"
    );
    assert_eq!(
        error_code(&json_of(&["search", "--json"], 2)),
        "missing_parameter"
    );
    let idx = tmp.path().join("index");
    let idx = idx.to_str().unwrap();
    vanban()
        .args(["index", corpus().to_str().unwrap(), "--index", idx])
        .assert()
        .success();
    let bad_date = json_of(
        &[
            "search",
            "x",
            "--issued-from",
            "2020-13-45",
            "--json",
            "--index",
            idx,
        ],
        4,
    );
    assert_eq!(error_code(&bad_date), "bad_date");
    assert!(bad_date["error"]["message"]
        .as_str()
        .unwrap()
        .contains("2020-13-45"));
    // Locked: this process holds the index writer.
    let index = vanban::index::VanbanIndex::open(Path::new(idx)).unwrap();
    let writer = index.writer().unwrap();
    let locked = json_of(&["delete", "176/KH-UBND", "--json", "--index", idx], 5);
    assert_eq!(error_code(&locked), "index_locked");
    // Standard error keeps the message for a person or a log.
    vanban()
        .args(["delete", "176/KH-UBND", "--json", "--index", idx])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("locked"));
    drop(writer);
    // Without --json, the message goes to standard error as before.
    vanban()
        .args(["search", "luật", "--index", none])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("no index at"));
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    for (shell, marker, flag) in [
        ("bash", "_vanban()", "--index"),
        ("zsh", "#compdef vanban", "--index"),
        ("fish", "complete -c vanban", "-l index"),
    ] {
        vanban()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker))
            .stdout(predicate::str::contains("cited-by"))
            .stdout(predicate::str::contains(flag));
    }
    vanban().args(["completions", "tcsh"]).assert().code(2);
}
