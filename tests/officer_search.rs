//! Issue 22 §2–4 end to end, on a small corpus written here as a gazette export (JSON records):
//! records with only a title compete on it, numbers as officers paste them (whole, in part, with
//! a date, cited but not held), a type word preferring its type, typo correction, and what the
//! index does not hold.

use std::sync::OnceLock;

use vanban::index::VanbanIndex;
use vanban::ingest::{self, IngestOptions};
use vanban::search::{self, SearchRequest, SearchResponse};

/// Words every decision repeats, so that they do not tell documents apart.
const FILLER: &str = "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân \
    tỉnh, Thủ trưởng các sở, ban, ngành chịu trách nhiệm thi hành Quyết định này theo quy định \
    của Thủ tướng Chính phủ.";

fn record(number: &str, doc_type: &str, title: &str, issued: &str, body: Option<&str>) -> String {
    serde_json::json!({
        "so_hieu": number,
        "loai_van_ban": doc_type,
        "trich_yeu": title,
        "co_quan_ban_hanh": "UBND tỉnh",
        "ngay_ban_hanh": issued,
        "noi_dung": body,
    })
    .to_string()
}

fn records() -> Vec<String> {
    let mut out = vec![
        // Cites 1521/QĐ-TTg, which the index does not hold.
        record(
            "176/KH-UBND",
            "Kế hoạch",
            "Thực hiện Kết luận số 80-KL/TW của Ban Bí thư",
            "2020-10-27",
            Some(
                "Thực hiện Quyết định số 1521/QĐ-TTg ngày 06/10/2020 của Thủ tướng Chính phủ, \
                 Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau.\n\
                 Điều 1. Lồng ghép với hoạt động hòa giải ở cơ sở, tư vấn pháp luật và trợ giúp \
                 pháp lý cho người dân.",
            ),
        ),
        record(
            "25/2021/QĐ-TTg",
            "Quyết định",
            "Quy định về xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật",
            "2021-07-22",
            Some("Điều 1. Xã đạt chuẩn tiếp cận pháp luật khi đạt các tiêu chí."),
        ),
        record(
            "25/2021/QH15",
            "Nghị quyết",
            "Về việc tổ chức kỳ họp",
            "2021-07-28",
            Some("Điều 1. Quốc hội quyết định tổ chức kỳ họp thứ hai vào ngày 20/10/2021."),
        ),
        record(
            "41/2022/NĐ-CP",
            "Nghị định",
            "Sửa đổi, bổ sung Nghị định quy định về hóa đơn, chứng từ",
            "2022-06-20",
            Some("Điều 1. Hóa đơn điện tử được lập theo định dạng chuẩn."),
        ),
        // A title with nothing else.
        record(
            "1922/QĐ-UBND",
            "Quyết định",
            "Về việc phê duyệt Đề cương dự án Sửa đổi một số nội dung Bảng giá đất",
            "2026-08-01",
            None,
        ),
    ];
    // Documents with a body that mention the title-only record's words once in many, and
    // decisions that talk about e-invoices more than the one decree does.
    for i in 0..12 {
        out.push(record(
            &format!("{}/QĐ-UBND", 2000 + i),
            "Quyết định",
            &format!("Về việc giao đất và lập hóa đơn điện tử cho dự án số {i}"),
            "2026-03-01",
            Some(&format!(
                "Điều 1. Giao đất cho dự án theo bảng giá đất của tỉnh và giá đất cụ thể.\n\
                 Điều 2. Hóa đơn điện tử về hóa đơn điện tử được nộp kèm hồ sơ, bảo đảm \
                 tiếp cận pháp luật của người dân.\n\
                 Điều 3. {FILLER} Quyết định của Thủ tướng Chính phủ ngày 06/10/2020."
            )),
        ));
    }
    out
}

fn index() -> &'static VanbanIndex {
    static INDEX: OnceLock<(tempfile::TempDir, VanbanIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let corpus = dir.path().join("corpus");
            std::fs::create_dir(&corpus).unwrap();
            std::fs::write(corpus.join("gazette.jsonl"), records().join("\n")).unwrap();
            let index = VanbanIndex::open_or_create(&dir.path().join("index")).unwrap();
            let report =
                ingest::ingest(&index, &[corpus], IngestOptions::default(), &mut |_| {}).unwrap();
            assert!(report.problems.is_empty(), "{:?}", report.problems);
            (dir, index)
        })
        .1
}

fn run(q: &str) -> SearchResponse {
    search::search(index(), &SearchRequest::new(q)).unwrap()
}

fn numbers(res: &SearchResponse) -> Vec<String> {
    res.hits
        .iter()
        .map(|h| h.number.clone().unwrap_or_default())
        .collect()
}

fn rank(q: &str, number: &str) -> Option<usize> {
    numbers(&run(q)).iter().position(|n| n == number)
}

#[test]
fn a_record_with_only_a_title_competes_on_it() {
    let r = rank("bảng giá đất", "1922/QĐ-UBND");
    assert!(
        r.is_some_and(|r| r < 3),
        "{:?}",
        numbers(&run("bảng giá đất"))
    );
    let res = run("bang gia dat");
    assert!(numbers(&res)[..3].contains(&"1922/QĐ-UBND".to_string()));
    // It shows its title as its passage.
    let hit = res
        .hits
        .iter()
        .find(|h| h.number.as_deref() == Some("1922/QĐ-UBND"));
    assert!(hit.is_some_and(|h| h.passages.iter().any(|p| p.text.contains("Bảng giá đất"))));
}

#[test]
fn a_cited_number_finds_the_documents_citing_it_first_in_every_spelling() {
    for q in [
        "Quyết định số 1521/QĐ-TTg",
        "1521/QĐ-TTg ngày 06/10/2020",
        "quyet dinh 1521 ttg",
        "quyết định 1521 thủ tướng",
        "QĐ1521",
    ] {
        let res = run(q);
        assert_eq!(
            numbers(&res).first().map(String::as_str),
            Some("176/KH-UBND"),
            "{q}"
        );
        assert!(
            res.not_indexed.iter().any(|n| n.contains("1521")),
            "{q}: {:?}",
            res.not_indexed
        );
    }
}

#[test]
fn a_type_word_and_year_narrow_a_partial_number() {
    assert_eq!(rank("quyết định 25/2021", "25/2021/QĐ-TTg"), Some(0));
    assert_eq!(rank("nghị quyết 25/2021", "25/2021/QH15"), Some(0));
    assert_eq!(rank("nghị định 41/2022", "41/2022/NĐ-CP"), Some(0));
    assert!(run("quyết định 25/2021").not_indexed.is_empty());
    let res = run("thông tư 89/2021");
    assert_eq!(res.not_indexed, ["thông tư 89/2021"]);
}

#[test]
fn a_type_word_prefers_its_type() {
    assert_eq!(
        rank("nghị định về hóa đơn điện tử", "41/2022/NĐ-CP"),
        Some(0)
    );
    // Without the type word the decisions that say it more often come first.
    assert_ne!(rank("hóa đơn điện tử", "41/2022/NĐ-CP"), Some(0));
}

#[test]
fn a_law_the_index_does_not_hold_is_named() {
    let res = run("luật đất đai 2013 điều 100");
    assert_eq!(res.not_indexed, ["Luật đất đai 2013"]);
    // What it holds is still answered.
    assert!(!res.hits.is_empty());
}

#[test]
fn a_typo_is_corrected_from_the_index() {
    // `tiepp` is no syllable; `tiep can` is a pair the index holds.
    let res = run("tiepp can phap luat");
    let shown = res.did_you_mean.as_deref().map(vanban::text::fold);
    assert_eq!(shown.as_deref(), Some("tiep can phap luat"));
    assert!(!res.corrected, "the query as typed finds enough");
    // The query as typed finds nothing: the corrected one is searched.
    let res = run("tiepp can");
    assert!(res.corrected, "{:?}", res.did_you_mean);
    assert!(res.total > 0);
    let res = run("xa dat chuan tiepp can");
    assert!(numbers(&res).contains(&"25/2021/QĐ-TTg".to_string()));
}
