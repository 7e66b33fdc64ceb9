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

/// A report on the CCHC plan 2026–2030 written for this test (no real report says one of the
/// plan's tasks was done): its frame follows the Báo cáo CCHC quý I/2026, it names the plan only
/// by description, and its one result is the plan's row VII.1 (`Xây dựng và tổ chức thực hiện
/// Kế hoạch cải cách hành chính giai đoạn 2026 - 2030 của cơ quan, đơn vị, địa phương`, due
/// 15/4/2026) put in the past. `named` says whether its opening names the plan.
fn report_on_the_plan(named: bool) -> String {
    let basis = if named {
        "Thực hiện Kế hoạch CCHC nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng"
    } else {
        "Thực hiện kế hoạch CCHC năm 2026 của tỉnh"
    };
    format!(
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n\
         Số: 52/BC-UBND\n\nLâm Đồng, ngày 20 tháng 4 năm 2026\n\nBÁO CÁO\n\
         Kết quả triển khai công tác cải cách hành chính tháng 4 năm 2026\n\n\
         Ủy ban nhân dân tỉnh Lâm Đồng báo cáo kết quả thực hiện công tác cải cách hành chính (CCHC) như sau:\n\n\
         I. KẾT QUẢ THỰC HIỆN\n\n\
         1. Công tác chỉ đạo, điều hành\n\n\
         {basis}, các cơ quan, đơn vị, địa phương đã hoàn thành xây dựng Kế hoạch cải cách hành chính giai đoạn 2026 - 2030 của cơ quan, đơn vị, địa phương.\n\n\
         Đến nay, tỉnh đã triển khai thực hiện hoàn thành 11/49 nhiệm vụ kế hoạch đề ra (đạt 22,45% kế hoạch).\n\n\
         II. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 5 NĂM 2026\n\n\
         1. Tập trung triển khai thực hiện các nhiệm vụ và giải pháp nâng cao các chỉ số PAR INDEX, PAPI, SIPAS trên địa bàn tỉnh.\n\n\
         Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Ngọc Phúc\n"
    )
}

/// A report naming the plan by description counts like one citing its number: its result marks
/// the plan's row VII.1 `done` with the sentence that names the plan; naming another plan
/// (`kế hoạch CCHC năm 2026`), it leaves the row `overdue`.
#[tokio::test]
async fn a_report_naming_the_plan_by_description_marks_its_task_done() {
    let plan = corpus("provincial/originals/5a984d5c_Ke_hoach_CCHC_giai_doan_2026_2030.docx");
    if !plan.exists() {
        return;
    }
    for named in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("bao-cao-52.txt");
        std::fs::write(&report, report_on_the_plan(named)).unwrap();
        let index = VanbanIndex::in_memory().unwrap();
        let ids = add_files(&index, &[&plan, &report]);
        let app = app(index, &ServerOptions::default());
        let a = get(
            &app,
            &format!(
                "/api/tasks?document={}&sort=document&today=2026-12-06&limit=500",
                enc(&ids[0])
            ),
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.text);
        let tasks = a.json["tasks"].as_array().unwrap();
        let row = tasks
            .iter()
            .find(|t| t["task"]["path"] == "Phụ lục > VII > 1")
            .unwrap();
        let done: Vec<&Value> = tasks.iter().filter(|t| t["status"] == "done").collect();
        if named {
            assert_eq!(row["status"], "done", "{row}");
            assert_eq!(row["done_in"]["number"], "52/BC-UBND", "{row}");
            assert!(
                row["done_in"]["named_as"]
                    .as_str()
                    .unwrap()
                    .contains("Kế hoạch CCHC nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng"),
                "{row}"
            );
            assert_eq!(done.len(), 1, "{done:#?}");
            assert_eq!(a.json["later_reports"].as_array().unwrap().len(), 1);
        } else {
            assert_eq!(row["status"], "overdue", "{row}");
            assert!(done.is_empty(), "{done:#?}");
            assert!(a.json.get("later_reports").is_none(), "{}", a.text);
        }
    }
}
