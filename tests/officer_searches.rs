//! The officer search gold set (`tests/data/officer_searches.json`, issue 22 "Measuring"): the
//! shared corpus is indexed once and every search is run through the `vanban` program (`vanban
//! search --json` with its filters), so that the set measures whatever the search pipeline
//! becomes. A search passes when one of its wanted documents is in the top 3; a `not_indexed`
//! search passes when the response names what the index does not hold. Prints the pass rate
//! per kind and overall; it measures, it does not assert a floor.
//!
//! `cargo test --release --test officer_searches -- --ignored --nocapture`

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const TOP: usize = 3;

fn vanban(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .output()
        .expect("vanban runs");
    assert!(
        out.status.success(),
        "vanban {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("vanban --json prints JSON")
}

/// Whether `hit` is the document `want` names (`number`, `id:...` or `title:...`).
fn is_wanted(hit: &Value, want: &str) -> bool {
    let field = |name: &str| hit.get(name).and_then(Value::as_str).unwrap_or("");
    if let Some(id) = want.strip_prefix("id:") {
        return field("id") == id;
    }
    if let Some(words) = want.strip_prefix("title:") {
        return field("title")
            .to_lowercase()
            .contains(&words.to_lowercase());
    }
    let key = vanban::number::key(want);
    key.is_some() && vanban::number::key(field("number")) == key
}

/// Runs one search; `(passed, what the top 3 were)`.
fn run(index: &Path, search: &Value) -> (bool, String) {
    let query = search["query"].as_str().unwrap_or("");
    let index = index.to_string_lossy();
    let limit = TOP.to_string();
    let mut args: Vec<String> = [
        "search", query, "--json", "--limit", &limit, "--index", &index,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(filters) = search.get("filters").and_then(Value::as_object) {
        for (name, value) in filters {
            args.push(format!("--{name}"));
            args.push(value.as_str().unwrap_or("").to_string());
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let res = vanban(&args);
    let hits: Vec<&Value> = res["hits"]
        .as_array()
        .map(|h| h.iter().take(TOP).collect())
        .unwrap_or_default();
    let shown = hits
        .iter()
        .map(|h| {
            h.get("number")
                .and_then(Value::as_str)
                .or_else(|| h.get("id").and_then(Value::as_str))
                .unwrap_or("?")
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(", ");
    if let Some(missing) = search.get("not_indexed").and_then(Value::as_str) {
        let named = res
            .get("not_indexed")
            .map(|v| v.to_string().to_lowercase())
            .is_some_and(|v| v.contains(&missing.to_lowercase()));
        return (named, format!("not_indexed: {:?}", res.get("not_indexed")));
    }
    let wanted: Vec<&str> = search["want"]
        .as_array()
        .map(|w| w.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let passed = hits.iter().any(|h| wanted.iter().any(|w| is_wanted(h, w)));
    (passed, shown)
}

#[test]
#[ignore = "indexes the whole shared corpus; run with --ignored --nocapture"]
fn officer_searches() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus");
    if !corpus.exists() {
        eprintln!("note: {} is absent; skipping", corpus.display());
        return;
    }
    let set: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/data/officer_searches.json")).unwrap(),
    )
    .unwrap();
    let searches = set["searches"].as_array().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let corpus = corpus.to_string_lossy();
    let indexed = vanban(&[
        "index",
        &corpus,
        "--json",
        "--index",
        &index.to_string_lossy(),
    ]);
    eprintln!("indexed {} documents", indexed["documents"]);
    let mut by_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for s in searches {
        let kind = s["kind"].as_str().unwrap_or("?").to_string();
        let (passed, shown) = run(&index, s);
        let slot = by_kind.entry(kind.clone()).or_default();
        slot.0 += usize::from(passed);
        slot.1 += 1;
        eprintln!(
            "{} {kind:<13} {:<60} top {TOP}: {shown}",
            if passed { "pass" } else { "FAIL" },
            s["query"].as_str().unwrap_or("")
        );
    }
    eprintln!("\n| kind | searches | pass in top {TOP} |\n|---|---|---|");
    let (mut pass, mut all) = (0, 0);
    for (kind, (p, n)) in &by_kind {
        eprintln!(
            "| {kind} | {n} | {p} ({:.0} %) |",
            100.0 * *p as f64 / *n as f64
        );
        pass += p;
        all += n;
    }
    eprintln!(
        "| all | {all} | {pass} ({:.0} %) |",
        100.0 * pass as f64 / all as f64
    );
    assert_eq!(all, searches.len());
}
