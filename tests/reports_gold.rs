//! Later reports on plans against `tests/data/reports_gold.json` (issue 25): the real Báo cáo
//! CCHC quý I/2026 of Lâm Đồng names the Thông báo kết luận of 22/01/2026 and the plan CCHC
//! 2026–2030 by description (the drafts have blank numbers). Read in place from
//! `../shared/corpus` through the real readers; skipped without it.

mod http_support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;

use http_support::*;
use vanban::http::ServerOptions;
use vanban::index::VanbanIndex;
use vanban::search::reports::{done_reports, later_reports, Reports};

fn corpus(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(rel)
}

fn gold() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/reports_gold.json"
        ))
        .unwrap(),
    )
    .unwrap()
}

/// What the linking finds over an index of `files`: each link (report file, plan file) with the
/// sentence naming the plan, and each task reported done (plan file, task text).
struct Found {
    links: BTreeMap<(String, String), Option<String>>,
    done: BTreeSet<(String, String)>,
    ids: BTreeMap<String, String>,
    index: VanbanIndex,
}

fn find(files: &[String]) -> Found {
    let index = VanbanIndex::in_memory().unwrap();
    let paths: Vec<PathBuf> = files.iter().map(|f| corpus(f)).collect();
    let refs: Vec<&std::path::Path> = paths.iter().map(PathBuf::as_path).collect();
    let mut file_of: BTreeMap<String, String> = BTreeMap::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for (f, p) in files.iter().zip(&refs) {
        for id in add_files(&index, &[p]) {
            file_of.insert(id.clone(), f.clone());
            ids.insert(f.clone(), id);
        }
    }
    let reports = Reports::default();
    let mut links = BTreeMap::new();
    let mut done = BTreeSet::new();
    for (id, file) in &file_of {
        let plan = index.get(id).unwrap().unwrap();
        if plan.tasks.is_empty() {
            continue;
        }
        for l in later_reports(&index, &plan, &reports).unwrap() {
            links.insert((file_of[&l.doc_id].clone(), file.clone()), l.named_as);
        }
        for (task, d) in plan
            .tasks
            .iter()
            .zip(done_reports(&index, &plan, &reports).unwrap())
        {
            if d.is_some() {
                done.insert((file.clone(), task.text.clone()));
            }
        }
    }
    Found {
        links,
        done,
        ids,
        index,
    }
}

fn s(v: &Value) -> String {
    v.as_str().unwrap().to_string()
}

/// A gold pair: report file, plan file, the sentence naming the plan.
type Pair = (String, String, String);

/// The gold pairs, the files of the negative examples, and the gold done tasks' text starts.
fn gold_pairs() -> (Vec<Pair>, Vec<String>, BTreeSet<(String, String)>) {
    let g = gold();
    let tasks_gold: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/tasks_gold.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut pairs = Vec::new();
    let mut done = BTreeSet::new();
    for p in g["pairs"].as_array().unwrap() {
        pairs.push((s(&p["report"]), s(&p["plan"]), s(&p["sentence"])));
        let plan_tasks = tasks_gold["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["file"] == p["plan"])
            .unwrap()["tasks"]
            .clone();
        for i in p["done"].as_array().unwrap() {
            let t = &plan_tasks[i.as_u64().unwrap() as usize];
            done.insert((s(&p["plan"]), s(&t["text_start"])));
        }
    }
    let negatives = g["not_links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| s(&n["report"]))
        .collect();
    (pairs, negatives, done)
}

/// The reports of the gold table with their plans and the look-alikes: exactly the gold links,
/// each through the sentence the gold table quotes, and no task reported done.
#[tokio::test]
async fn the_quarterly_report_names_the_notice_and_the_plan_by_description() {
    let (pairs, negatives, gold_done) = gold_pairs();
    let mut files: BTreeSet<String> = BTreeSet::new();
    for (r, p, _) in &pairs {
        files.insert(r.clone());
        files.insert(p.clone());
    }
    files.extend(negatives);
    // The notice the Tờ trình proposes (it must not be linked to it).
    files.insert(
        "provincial/originals/8f71f3c2_UB_Thong_bao_ve_viec_giai_the_06_hoi_vi_pham_1.doc".into(),
    );
    if !files.iter().all(|f| corpus(f).exists()) {
        return;
    }
    let files: Vec<String> = files.into_iter().collect();
    let found = find(&files);
    let expected: BTreeSet<(String, String)> = pairs
        .iter()
        .map(|(r, p, _)| (r.clone(), p.clone()))
        .collect();
    let got: BTreeSet<(String, String)> = found.links.keys().cloned().collect();
    assert_eq!(got, expected, "{:#?}", found.links);
    for (r, p, sentence) in &pairs {
        let named = found.links[&(r.clone(), p.clone())].clone().unwrap();
        assert!(
            named.contains(sentence.as_str()) || sentence.contains(named.as_str()),
            "{named}"
        );
    }
    assert_eq!(found.done.len(), gold_done.len(), "{:#?}", found.done);
    for (plan, text) in &found.done {
        assert!(
            gold_done
                .iter()
                .any(|(p, start)| p == plan && text.starts_with(start.as_str())),
            "{plan}: {text}"
        );
    }

    // Through the board: the notice's task due in 02/2026 stays overdue, no task is done.
    let notice = &pairs[0].1;
    let id = found.ids[notice].clone();
    let app = app(found.index, &ServerOptions::default());
    let a = get(
        &app,
        &format!(
            "/api/tasks?document={}&sort=document&today=2026-12-06",
            enc(&id)
        ),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let tasks = a.json["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 23, "{}", a.text);
    assert!(tasks.iter().all(|t| t["status"] != "done"), "{}", a.text);
    let portal = tasks
        .iter()
        .find(|t| t["task"]["path"] == "II > 5 > c")
        .unwrap();
    assert_eq!(portal["status"], "overdue", "{portal}");
    // The notice's page lists the report under its tasks, with the sentence naming it.
    let mut page = get(&app, &vanban::http::pages::id_path(&id)).await;
    if page.status == 308 {
        let to = page.headers["location"].to_str().unwrap().to_string();
        page = get(&app, &to).await;
    }
    assert_eq!(page.status, 200, "{}", page.text);
    let later_html = page
        .text
        .split("Báo cáo sau về văn bản này")
        .nth(1)
        .expect("a list of later reports");
    assert!(
        later_html.contains("Công tác cải cách hành chính quý I năm 2026"),
        "{later_html}"
    );
    assert!(
        later_html.contains("sau Hội nghị, Ủy ban nhân dân tỉnh ban hành Thông báo kết luận"),
        "{later_html}"
    );
    // The page of the notice's tasks names the later report and its sentence.
    let later = a.json["later_reports"].as_array().unwrap();
    assert_eq!(later.len(), 1, "{}", a.text);
    assert!(
        later[0]["named_as"]
            .as_str()
            .unwrap()
            .contains(pairs[0].2.as_str()),
        "{}",
        a.text
    );
}

/// The figures of the README: every provincial original indexed, every link between them, set
/// against the gold table. `cargo test --test reports_gold every -- --ignored --nocapture`.
#[test]
#[ignore]
fn every_provincial_original() {
    let dir = corpus("provincial/originals");
    if !dir.exists() {
        return;
    }
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            format!(
                "provincial/originals/{}",
                e.unwrap().file_name().to_string_lossy()
            )
        })
        .collect();
    files.sort();
    let found = find(&files);
    let (pairs, _, gold_done) = gold_pairs();
    let expected: BTreeSet<(String, String)> = pairs
        .iter()
        .map(|(r, p, _)| (r.clone(), p.clone()))
        .collect();
    let right = found.links.keys().filter(|k| expected.contains(k)).count();
    println!(
        "links: {} found, {} expected, {} right, {} false",
        found.links.len(),
        expected.len(),
        right,
        found.links.len() - right
    );
    for ((r, p), named) in &found.links {
        println!(
            "  {} {r} -> {p}: {named:?}",
            if expected.contains(&(r.clone(), p.clone())) {
                "ok   "
            } else {
                "FALSE"
            }
        );
    }
    for id in found.ids.values() {
        let d = found.index.get(id).unwrap().unwrap();
        let statements = vanban::extract::tasks::done_statements(&d.outline, d.doc_type.as_deref());
        if !statements.is_empty() {
            println!(
                "{}: {} sentence(s) saying something was completed",
                d.source,
                statements.len()
            );
            for st in &statements {
                println!("  {} | {}", st.path, st.text);
            }
        }
    }
    println!(
        "tasks reported done: {} found, {} in the gold table",
        found.done.len(),
        gold_done.len()
    );
    for (p, t) in &found.done {
        println!("  {p}: {t}");
    }
}
