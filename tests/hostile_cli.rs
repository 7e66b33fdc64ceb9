//! The command line against hostile setups (issue 23 §8, §11): symbolic links out of the indexed
//! folder, a missing path, and exit codes that tell usage, not found, bad input, locked and I/O
//! apart.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn vanban() -> Command {
    let mut c = Command::cargo_bin("vanban").unwrap();
    c.env_remove("VANBAN_API_KEY");
    c
}

fn seed() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/176-KH-UBND-2020-lang-son.txt")
}

fn index_at(dir: &Path) -> String {
    dir.join("index").to_str().unwrap().to_string()
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_folder_are_left_out_unless_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    let outside = tmp.path().join("secret");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::copy(seed(), outside.join("plan.txt")).unwrap();
    std::os::unix::fs::symlink(outside.join("plan.txt"), root.join("link.txt")).unwrap();
    std::fs::write(
        root.join("inside.txt"),
        "Kế hoạch số 5/KH-UBND về phổ biến pháp luật",
    )
    .unwrap();
    // A link that stays inside the folder is followed.
    std::os::unix::fs::symlink(root.join("inside.txt"), root.join("same.txt")).unwrap();
    let idx = index_at(tmp.path());
    vanban()
        .args(["index", root.to_str().unwrap(), "--index", &idx])
        .assert()
        .success()
        .stdout(predicate::str::contains("outside the indexed folder"));
    vanban()
        .args(["search", "176/KH-UBND", "--json", "--index", &idx])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"total\": 0"));
    vanban()
        .args([
            "index",
            root.to_str().unwrap(),
            "--follow-links",
            "--index",
            &idx,
        ])
        .assert()
        .success();
    vanban()
        .args(["search", "176/KH-UBND", "--json", "--index", &idx])
        .assert()
        .success()
        .stdout(predicate::str::contains("176/KH-UBND"));
}

#[test]
fn exit_codes_tell_failures_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let idx = index_at(tmp.path());
    // Usage.
    vanban().args(["index", "--no-such-flag"]).assert().code(2);
    // Not found: a missing path is an error, not an empty index.
    vanban()
        .args(["index", "/no/such/path", "--index", &idx])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("/no/such/path"));
    vanban()
        .args(["inspect", "/no/such/file.txt"])
        .assert()
        .code(3);
    vanban()
        .args(["index", seed().to_str().unwrap(), "--index", &idx])
        .assert()
        .success();
    // Bad input.
    vanban()
        .args([
            "search",
            "x",
            "--issued-from",
            "9999-12-31",
            "--index",
            &idx,
        ])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("9999-12-31"));
    let bad = tmp.path().join("bad.json");
    std::fs::write(&bad, "{").unwrap();
    vanban()
        .args(["inspect", bad.to_str().unwrap()])
        .assert()
        .code(4);
    // Locked: this process holds the index writer.
    let index = vanban::index::VanbanIndex::open(Path::new(&idx)).unwrap();
    let writer = index.writer().unwrap();
    vanban()
        .args([
            "index",
            seed().to_str().unwrap(),
            "--force",
            "--index",
            &idx,
        ])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("locked"));
    drop(writer);
    // I/O: the index folder is a file.
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    vanban()
        .args([
            "index",
            seed().to_str().unwrap(),
            "--index",
            file.join("index").to_str().unwrap(),
        ])
        .assert()
        .code(6);
}
