//! "Cùng chủ đề" on the seed plan among the provincial files of the shared corpus (issue 26 §9):
//! a document with no true neighbour lists none; documents of one subject list each other.

mod http_support;

use std::collections::HashSet;
use std::path::PathBuf;

use http_support::*;
use vanban::document::Document;
use vanban::index::VanbanIndex;

fn provincial() -> Vec<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/provincial/originals");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn same_subject_among_the_provincial_files() {
    let files = provincial();
    if !have_seed() || files.is_empty() {
        return;
    }
    let index = VanbanIndex::in_memory().unwrap();
    let mut all: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let seed = seed_path();
    all.push(&seed);
    // Files a reader cannot read are left out (as `vanban index` reports them).
    let mut w = index.writer().unwrap();
    for f in &all {
        let Ok(read) = vanban::read::read_file(f) else {
            continue;
        };
        for raw in read.docs {
            let doc = vanban::extract::extract(raw);
            w.add(&doc, &f.to_string_lossy()).unwrap();
        }
    }
    w.commit().unwrap();
    drop(w);
    index.reload().unwrap();
    let docs: Vec<Document> = index.all_documents(10_000).unwrap();
    let none = HashSet::new();
    let title = |d: &Document| d.title.clone().unwrap_or_default();
    let near = |start: &str| -> (String, Vec<(f64, String)>) {
        let d = docs
            .iter()
            .find(|d| title(d).starts_with(start))
            .unwrap_or_else(|| panic!("no document `{start}`"));
        let got = vanban::http::related::similar_with_shares(&index, d, &none, 6).unwrap();
        (
            title(d),
            got.into_iter()
                .map(|(s, h)| (s, h.title.unwrap_or_default()))
                .collect(),
        )
    };
    for d in &docs {
        let (t, n) = near(&title(d));
        println!("## {t}");
        for (share, h) in &n {
            println!("   {share:.2} {h}");
        }
    }
    // The seed plan (legal education) has no neighbour among the provincial files: the long
    // administrative-reform reports it used to list hold its pairs only as much as chance.
    let (_, seed_near) = near("Kế hoạch 176/KH-UBND");
    assert!(seed_near.is_empty(), "{seed_near:?}");
    // A letter on land-tax files has none either.
    let (_, land) = near("xây dựng báo cáo tình hình ban hành quy định về quy trình luân chuyển");
    assert!(land.is_empty(), "{land:?}");
    // Documents of one subject list each other: the two reform reports, the telegram on cutting
    // procedures and the reports, the three drug-prevention talks.
    let has = |n: &[(f64, String)], start: &str| n.iter().any(|(_, t)| t.starts_with(start));
    let (_, q1) = near("Công tác cải cách hành chính quý I năm 2026");
    assert!(has(&q1, "Công tác cải cách hành chính năm 2025"), "{q1:?}");
    let (_, y2025) = near("Công tác cải cách hành chính năm 2025");
    assert!(
        has(&y2025, "Công tác cải cách hành chính quý I năm 2026"),
        "{y2025:?}"
    );
    let (_, telegram) = near("triển khai Công điện số 131/CĐ-TTg");
    assert!(
        has(&telegram, "Công tác cải cách hành chính quý I năm 2026"),
        "{telegram:?}"
    );
    let (_, drugs) = near("Xây dựng mô hình thôn, tổ dân phố không ma túy");
    assert!(has(&drugs, "Giải pháp phát huy hiệu quả"), "{drugs:?}");
    assert!(has(&drugs, "Tình hình công tác đấu tranh"), "{drugs:?}");
    // Associations: the fish-sauce association's statute and its congress.
    let (_, statute) = near("Phê duyệt Điều lệ (sửa đổi, bổ sung) Hiệp hội Nước mắm");
    assert!(
        has(&statute, "kết quả Đại hội Hiệp hội Nước mắm"),
        "{statute:?}"
    );
}
