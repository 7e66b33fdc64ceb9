//! Status (hiệu lực) end to end (issue 24): the seed relies on 619/QĐ-TTg, which Article 8 of
//! 25/2021/QĐ-TTg ended from 01/01/2022; `/api/status`, `vanban status`, the lược đồ and the
//! seed's page must say so. A gazette title that repeals a decision ends it; a Pháp điển note
//! is aimed at the article it names. And the figure against tests/data/status_gold.jsonl.

mod http_support;

use std::io::Write;
use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use chrono::NaiveDate;
use http_support::*;
use vanban::http::ServerOptions;
use vanban::index::VanbanIndex;
use vanban::validity::State;

fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(path)
}

/// The record of 25/2021/QĐ-TTg from the shared corpus, written alone to `dir`.
fn decision_25_2021(dir: &Path) -> PathBuf {
    let all = std::fs::read_to_string(shared("congbao/phapdien_quyetdinh_chithi.jsonl")).unwrap();
    let line = all
        .lines()
        .find(|l| l.contains("\"so_hieu\": \"25/2021/QĐ-TTg\""))
        .expect("the shared corpus holds 25/2021/QĐ-TTg");
    let path = dir.join("qd25.jsonl");
    std::fs::write(&path, format!("{line}\n")).unwrap();
    path
}

/// Two gazette-like records: a decision with its status, and a title-only record repealing it.
fn gazette(dir: &Path) -> PathBuf {
    let path = dir.join("gazette.jsonl");
    let mut f = std::fs::File::create(&path).unwrap();
    writeln!(f, r#"{{"so_hieu": "71/2025/QĐ-UBND", "loai_van_ban": "Quyết định", "trich_yeu": "Quy định chức năng, nhiệm vụ của Sở Y tế", "co_quan_ban_hanh": "UBND tỉnh Sơn La", "ngay_ban_hanh": "2025-07-28", "ngay_hieu_luc": "2025-08-10", "tinh_trang": "Đang hiệu lực", "ngay_het_hieu_luc": "None"}}"#).unwrap();
    writeln!(f, r#"{{"so_hieu": "44/2026/QĐ-UBND", "loai_van_ban": "Quyết định", "trich_yeu": "Bãi bỏ Quyết định số 71/2025/QĐ-UBND ngày 28 tháng 7 năm 2025 của Uỷ ban nhân dân tỉnh quy định chức năng, nhiệm vụ của Sở Y tế tỉnh Sơn La", "co_quan_ban_hanh": "UBND tỉnh Sơn La", "ngay_ban_hanh": "2026-08-01", "ngay_hieu_luc": "2026-08-12", "tinh_trang": "Chưa có hiệu lực", "ngay_het_hieu_luc": "None"}}"#).unwrap();
    path
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn decision_619_is_shown_ended_on_the_seed_and_by_number() {
    if !have_seed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let index = VanbanIndex::in_memory().unwrap();
    let ids = add_files(
        &index,
        &[
            &seed_path(),
            &decision_25_2021(dir.path()),
            &gazette(dir.path()),
        ],
    );
    let seed_id = ids[0].clone();

    // The library: any spelling, not indexed, with the changing document and its date.
    let s = vanban::status::status_of_number(&index, "619/QĐ-TTG", ymd(2026, 12, 6)).unwrap();
    assert_eq!((s.state, s.since), (State::Expired, Some(ymd(2022, 1, 1))));
    assert!(!s.indexed);
    assert_eq!(s.events.len(), 1, "{:?}", s.events);
    assert_eq!(s.events[0].by.display.as_deref(), Some("25/2021/QĐ-TTg"));
    assert!(s.events[0].evidence.contains("hết hiệu lực kể từ ngày"));
    // Before the ending date nothing says whether it was in force: unknown, never a guess.
    let before = vanban::status::status_of_number(&index, "619/QĐ-TTG", ymd(2021, 6, 1)).unwrap();
    assert_eq!(before.state, State::Unknown);
    assert_eq!(before.later.len(), 1);

    // The gazette title repeals 71/2025/QĐ-UBND from the day the repealing decision takes
    // effect; the record's own status text is shown beside it (they disagree).
    let g = vanban::status::status_of_number(&index, "71/2025/QĐ-UBND", ymd(2026, 12, 6)).unwrap();
    assert_eq!((g.state, g.since), (State::Expired, Some(ymd(2026, 8, 12))));
    assert!(g.indexed && g.disagrees);
    let g = vanban::status::status_of_number(&index, "71/2025/QĐ-UBND", ymd(2026, 1, 1)).unwrap();
    assert_eq!(g.state, State::InForce);

    let app = app(index, &ServerOptions::default());
    // The API, any spelling.
    let a = get(&app, "/api/status?number=619%2Fqd-ttg&on=2026-12-06").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["number"], "619/QĐ-TTG");
    assert_eq!(a.json["display"], "619/QĐ-TTg");
    assert_eq!(a.json["indexed"], false);
    assert_eq!(a.json["state"], "expired");
    assert_eq!(a.json["since"], "2022-01-01");
    assert_eq!(a.json["events"][0]["kind"], "expires");
    assert_eq!(a.json["events"][0]["by"]["number"], "25/2021/QĐ-TTG");
    assert!(a.json["events"][0]["by"]["id"].is_string());
    let a = get(&app, "/api/status?number=619%2FQĐ-TTg&on=31/12/2021").await;
    assert_eq!(a.json["state"], "unknown");
    let a = get(&app, "/api/status?number=abc").await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "bad_number")
    );
    let a = get(&app, "/api/status?number=619/QĐ-TTg&on=2021-13-01").await;
    assert_eq!((a.status, a.code()), (StatusCode::BAD_REQUEST, "bad_date"));
    let a = get(&app, "/api/status").await;
    assert_eq!(a.code(), "missing_parameter");

    // Search: the status of every hit, a status filter and documents in force on a date.
    let numbers = |a: &Answer| -> Vec<String> {
        a.json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["number"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let a = get(&app, "/api/search?status=expired").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(numbers(&a), ["71/2025/QĐ-UBND"], "{}", a.text);
    assert_eq!(a.json["hits"][0]["status"], "expired");
    let a = get(
        &app,
        "/api/search?issuer=UBND+tinh+Son+La&status=in_force,expired",
    )
    .await;
    let mut found = numbers(&a);
    found.sort();
    assert_eq!(found, ["44/2026/QĐ-UBND", "71/2025/QĐ-UBND"], "{}", a.text);
    // The status facet counts the matching documents by state (today).
    let a = get(&app, "/api/search?issuer=UBND+tinh+Son+La").await;
    let facet = &a.json["facets"]["status"];
    let today = vanban::status::today();
    if today >= ymd(2026, 8, 12) {
        assert_eq!(facet["expired"], 1, "{}", a.text);
        assert_eq!(facet["in_force"], 1, "{}", a.text);
    }
    let all = get(&app, "/api/search?q=quyet+dinh").await;
    let counted: u64 = all.json["facets"]["status"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(counted, all.json["total"].as_u64().unwrap(), "{}", all.text);
    let a = get(
        &app,
        "/api/search?issuer=UBND+tinh+Son+La&in_force_on=2026-01-01",
    )
    .await;
    assert_eq!(numbers(&a), ["71/2025/QĐ-UBND"], "{}", a.text);
    let a = get(
        &app,
        "/api/search?issuer=UBND+tinh+Son+La&in_force_on=2026-09-01",
    )
    .await;
    assert_eq!(numbers(&a), ["44/2026/QĐ-UBND"], "{}", a.text);
    let a = get(&app, "/api/search?status=bogus").await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "bad_status")
    );

    // The seed's lược đồ names 619/QĐ-TTg with its own status.
    let a = get(
        &app,
        &format!("/api/documents/{seed_id}/lineage?on=2026-12-06"),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let cited: Vec<&serde_json::Value> = a.json["outgoing"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["documents"].as_array().unwrap())
        .filter(|d| d["number"] == "619/QĐ-TTG")
        .collect();
    assert_eq!(cited.len(), 1, "619/QĐ-TTg once: {}", a.text);
    assert_eq!(cited[0]["state"], "expired");
    assert_eq!(cited[0]["since"], "2022-01-01");
    assert!(cited[0]["ended_by"]
        .as_str()
        .unwrap()
        .contains("25/2021/QĐ-TTg"));

    // The document itself carries its status and the address of its lược đồ: the seed (a plan
    // with no period in its title: in force), and the repealed gazette decision with its reason.
    let a = get(&app, &format!("/api/documents/{seed_id}")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(
        a.json["number"], "176/KH-UBND",
        "the document's fields stay at the top"
    );
    assert_eq!(
        a.json["status"]["state"], "in_force",
        "{}",
        a.json["status"]
    );
    assert_eq!(a.json["status"]["since"], "2020-10-27");
    assert_eq!(
        a.json["status"]["lineage"],
        format!("/api/documents/{seed_id}/lineage")
    );
    let lineage = get(&app, a.json["status"]["lineage"].as_str().unwrap()).await;
    assert_eq!(lineage.status, StatusCode::OK);
    // The OpenAPI document describes it.
    let api = get(&app, "/api/openapi.json").await;
    let schemas = &api.json["components"]["schemas"];
    let with_status = serde_json::to_string(&schemas["DocumentWithStatus"]).unwrap();
    assert!(
        with_status.contains("#/components/schemas/Summary"),
        "{with_status}"
    );
    for field in ["state", "since", "reason", "evidence", "lineage"] {
        assert!(
            schemas["Summary"]["properties"][field].is_object(),
            "{field}: {}",
            schemas["Summary"]
        );
    }
    let g_id = g.id.clone().unwrap();
    let a = get(&app, &format!("/api/documents/{g_id}")).await;
    let st = &a.json["status"];
    if vanban::status::today() >= ymd(2026, 8, 12) {
        assert_eq!(st["state"], "expired", "{st}");
        assert_eq!(st["since"], "2026-08-12");
        assert!(
            st["reason"].as_str().unwrap().contains("44/2026/QĐ-UBND"),
            "{st}"
        );
        assert!(
            st["evidence"]
                .as_str()
                .unwrap()
                .starts_with("Bãi bỏ Quyết định"),
            "{st}"
        );
        assert_eq!(st["disagrees"], true);
    }

    // The page: a badge, and the lược đồ with 619/QĐ-TTg ended.
    let a = get(&app, "/van-ban/176-KH-UBND").await;
    assert_eq!(a.status, StatusCode::OK);
    let h = &a.text;
    assert!(h.contains("class=\"hieu-luc hieu-luc-"), "badge");
    assert!(
        h.contains("Dẫn chiếu văn bản đã hết hiệu lực: 619/QĐ-TTg"),
        "the warning under the badge"
    );
    assert!(h.contains("<h2>Lược đồ</h2>"));
    let at = h.find("619/QĐ-TTg</a>").expect("619 in the lược đồ");
    let line = &h[at..at + 400];
    assert!(line.contains("Hết hiệu lực toàn bộ"), "{line}");
    assert!(line.contains("25/2021/QĐ-TTg"), "{line}");
    // The decision that ended it lists what it ended.
    let a = get(&app, "/van-ban/25-2021-QĐ-TTg").await;
    assert!(a.text.contains("data-kind=\"expires\""), "its lược đồ");
}

/// A plan whose title states its period (`năm 2025`, `giai đoạn 2021-2025`) is spent after it:
/// `expired` with the reason `hết thời kỳ kế hoạch`, on the API, the document and the page; a
/// decision with the same years in its title is not.
#[tokio::test]
async fn a_plan_past_its_period_is_spent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plans.jsonl");
    std::fs::write(
        &path,
        concat!(
            r#"{"so_hieu": "12/KH-UBND", "loai_van_ban": "Kế hoạch", "trich_yeu": "Kiểm soát thủ tục hành chính năm 2025", "co_quan_ban_hanh": "UBND tỉnh Lạng Sơn", "ngay_ban_hanh": "2025-01-10", "ngay_hieu_luc": "2025-01-10", "noi_dung": "I. MỤC ĐÍCH\nKiểm soát thủ tục hành chính trên địa bàn tỉnh."}"#,
            "\n",
            r#"{"so_hieu": "30/KH-UBND", "loai_van_ban": "Kế hoạch", "trich_yeu": "Cải cách hành chính nhà nước giai đoạn 2026 - 2030", "co_quan_ban_hanh": "UBND tỉnh Lạng Sơn", "ngay_ban_hanh": "2026-02-01", "ngay_hieu_luc": "2026-02-01", "noi_dung": "I. MỤC ĐÍCH\nĐẩy mạnh cải cách hành chính."}"#,
            "\n",
            r#"{"so_hieu": "5/2021/QĐ-UBND", "loai_van_ban": "Quyết định", "trich_yeu": "Quy định hỗ trợ doanh nghiệp giai đoạn 2021-2025", "co_quan_ban_hanh": "UBND tỉnh Lạng Sơn", "ngay_ban_hanh": "2021-03-01", "ngay_hieu_luc": "2021-03-15", "noi_dung": "Điều 1. Phạm vi\nQuy định này ..."}"#,
            "\n"
        ),
    )
    .unwrap();
    let index = VanbanIndex::in_memory().unwrap();
    let ids = add_files(&index, &[&path]);
    let on = ymd(2026, 12, 6);
    let spent = vanban::status::status_of_number(&index, "12/KH-UBND", on).unwrap();
    assert_eq!(
        (spent.state, spent.since),
        (State::Expired, Some(ymd(2026, 1, 1))),
        "{spent:?}"
    );
    assert!(vanban::status::reason(&spent)
        .0
        .unwrap()
        .starts_with("hết thời kỳ kế hoạch"));
    let during = vanban::status::status_of_number(&index, "12/KH-UBND", ymd(2025, 6, 1)).unwrap();
    assert_eq!(during.state, State::InForce);
    let running = vanban::status::status_of_number(&index, "30/KH-UBND", on).unwrap();
    assert_eq!(running.state, State::InForce);
    assert_eq!(running.period_ends, Some(ymd(2030, 12, 31)));
    let decision = vanban::status::status_of_number(&index, "5/2021/QĐ-UBND", on).unwrap();
    assert_eq!(
        decision.state,
        State::InForce,
        "a decision does not end with its title's years"
    );
    let app = app(index, &ServerOptions::default());
    let a = get(&app, "/api/status?number=12/KH-UBND&on=2026-12-06").await;
    assert_eq!(a.json["state"], "expired");
    assert_eq!(a.json["period_ends"], "2025-12-31");
    let a = get(&app, &format!("/api/documents/{}", ids[0])).await;
    if vanban::status::today() > ymd(2025, 12, 31) {
        assert_eq!(a.json["status"]["state"], "expired", "{}", a.json["status"]);
        let reason = a.json["status"]["reason"].as_str().unwrap();
        assert!(reason.contains("hết thời kỳ kế hoạch"), "{reason}");
        let page = get(&app, "/van-ban/12-KH-UBND").await;
        assert!(
            page.text.contains("hết thời kỳ kế hoạch"),
            "the badge says why"
        );
    }
}

/// A Pháp điển note is aimed at the document and the article at its head: the article lists
/// the change, and the document is partly ended.
#[tokio::test]
async fn a_note_changes_the_article_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let law = dir.path().join("law.jsonl");
    std::fs::write(
        &law,
        r#"{"so_hieu": "93/2016/NĐ-CP", "loai_van_ban": "Nghị định", "trich_yeu": "Quy định về điều kiện sản xuất mỹ phẩm", "co_quan_ban_hanh": "Chính phủ", "ngay_ban_hanh": "2016-07-01", "ngay_hieu_luc": "2016-07-01", "noi_dung": "Điều 1. Phạm vi\nNghị định này quy định ...\nĐiều 3. Điều kiện\nCơ sở sản xuất ...\nĐiều 4. Hồ sơ\nHồ sơ gồm ..."}
"#,
    )
    .unwrap();
    let csv = dir.path().join("phapdien_dieu.csv");
    std::fs::write(
        &csv,
        "demuc_id,demuc_so,demuc_ten,chuong,stt,mapc,dieu_ten,noidung,vbqppl,vbqppl_link,chidan\n\
         11111111-2222-3333-4444-555555555555,45.1,Mỹ phẩm,Chương I,1,0100,Điều 45.1.NĐ.1.3. Điều kiện,Cơ sở sản xuất ...,\"(Điều 3 Nghị định số 93/2016/NĐ-CP, có hiệu lực thi hành kể từ ngày 01/07/2016, có nội dung bị bãi bỏ bởi Điều 12 Nghị định số 155/2018/NĐ-CP có hiệu lực thi hành kể từ ngày 12/11/2018)\",,\n",
    )
    .unwrap();
    let index = VanbanIndex::in_memory().unwrap();
    let ids = add_files(&index, &[&law, &csv]);
    let s = vanban::status::status_of_number(&index, "93/2016/NĐ-CP", ymd(2026, 1, 1)).unwrap();
    assert_eq!(
        (s.state, s.since),
        (State::PartlyExpired, Some(ymd(2018, 11, 12))),
        "{s:?}"
    );
    assert_eq!(s.events[0].by.number.as_deref(), Some("155/2018/NĐ-CP"));
    assert_eq!(s.events[0].articles, ["Điều 3"]);
    let app = app(index, &ServerOptions::default());
    let a = get(&app, &format!("/api/documents/{}/lineage", ids[0])).await;
    assert_eq!(a.json["articles"][0]["article"], "3", "{}", a.text);
    assert_eq!(a.json["articles"][0]["path"], "Điều 3");
    let a = get(&app, "/van-ban/93-2016-NĐ-CP").await;
    assert!(
        a.text.contains("class=\"thay-doi\""),
        "the note under Điều 3"
    );
    assert!(a.text.contains("bị bãi bỏ một phần bởi 155/2018/NĐ-CP"));
}

/// The status of every labelled target (tests/data/status_gold.jsonl, labelled by reading the
/// corpus before the status code ran on them) as `/api/status` reports it. Needs an index of
/// the shared corpus: `VANBAN_STATUS_INDEX=DIR` (built by `vanban index ../shared/corpus
/// --index DIR`), else one is built here (minutes in a debug build).
/// `cargo test --test status -- --ignored --nocapture`
#[test]
#[ignore]
fn status_gold_agreement() {
    let gold = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/status_gold.jsonl"
    ))
    .unwrap();
    let heldout = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/status_heldout.jsonl"
    ))
    .unwrap();
    let _dir;
    let index = match std::env::var("VANBAN_STATUS_INDEX") {
        Ok(d) => VanbanIndex::open(Path::new(&d)).unwrap(),
        Err(_) => {
            _dir = tempfile::tempdir().unwrap();
            let index = VanbanIndex::open_or_create(_dir.path()).unwrap();
            vanban::ingest::ingest(
                &index,
                &[shared("")],
                vanban::ingest::IngestOptions::default(),
                &mut |_| {},
            )
            .unwrap();
            index
        }
    };
    let mut overall = (0, 0);
    for (name, gold) in [("development", &gold), ("held-out", &heldout)] {
        let (n, ok) = agreement(&index, name, gold);
        overall = (overall.0 + n, overall.1 + ok);
    }
    assert!(overall.1 * 100 >= overall.0 * 95, "below 95 %");
}

/// Prints the agreement of `/api/status` with one labelled file; returns (labels, agreeing).
fn agreement(index: &VanbanIndex, name: &str, gold: &str) -> (usize, usize) {
    println!("== {name}");
    let (mut n, mut state_ok, mut since_ok) = (0, 0, 0);
    let mut by_state: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for line in gold.lines() {
        let g: serde_json::Value = serde_json::from_str(line).unwrap();
        let key = vanban::number::key(g["number"].as_str().unwrap()).unwrap();
        let on: NaiveDate = g["on"].as_str().unwrap().parse().unwrap();
        let s = vanban::status::status_of_number(index, &key, on).unwrap();
        let state = vanban::status::state_name(s.state);
        let since = s.since.map(|d| d.to_string());
        n += 1;
        let entry = by_state
            .entry(g["state"].as_str().unwrap().to_string())
            .or_default();
        entry.0 += 1;
        if state == g["state"] {
            state_ok += 1;
            entry.1 += 1;
            if since.as_deref() == g["since"].as_str() {
                since_ok += 1;
            } else {
                println!(
                    "since differs {}: gold {} got {:?}",
                    g["number"], g["since"], since
                );
            }
        } else {
            println!(
                "MISS {}: gold {} ({}) got {} {:?} — {}",
                g["number"], g["state"], g["since"], state, since, g["why"]
            );
        }
    }
    println!(
        "status agreement: {state_ok}/{n} = {:.3}; same date too: {since_ok}/{n} = {:.3}",
        state_ok as f64 / n as f64,
        since_ok as f64 / n as f64
    );
    for (k, (t, ok)) in by_state {
        println!("  {k}: {ok}/{t}");
    }
    (n, state_ok)
}
