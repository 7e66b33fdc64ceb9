//! The legal graph and the plan tracker on the shipped corpus, as issue 4 asks: citations both
//! ways, tasks by period and agency, agencies by role.

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::NaiveDate;
use vanban::document::Period;
use vanban::index::VanbanIndex;
use vanban::ingest::{self, IngestOptions};
use vanban::search::{self, graph, tasks, SearchRequest};

fn shipped() -> &'static VanbanIndex {
    static INDEX: OnceLock<(tempfile::TempDir, VanbanIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
            let dir = tempfile::tempdir().unwrap();
            let index = VanbanIndex::open_or_create(dir.path()).unwrap();
            ingest::ingest(&index, &[corpus], IngestOptions::default(), &mut |_| {}).unwrap();
            (dir, index)
        })
        .1
}

fn seed_id() -> String {
    let docs = shipped().by_number_key("176/KH-UBND").unwrap();
    assert_eq!(docs.len(), 1, "the seed is indexed once");
    docs[0].id.clone()
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn every_document_the_seed_cites_lists_the_seed_as_citing_it() {
    let seed = seed_id();
    for written in [
        "1521/QĐ-TTg",
        "80-KL/TW",
        "32-CT/TW",
        "619/QĐ-TTg",
        "80- KL/TW",
    ] {
        let key = vanban::number::key(written).unwrap();
        let citing = graph::cited_by(shipped(), &key).unwrap();
        assert!(
            citing.iter().any(|c| c.id == seed),
            "cited-by {written}: {citing:?}"
        );
    }
    // And the search filter says the same.
    let mut req = SearchRequest::new("");
    req.cites = Some("1521/qd-ttg".into());
    let res = search::search(shipped(), &req).unwrap();
    assert!(res.hits.iter().any(|h| h.id == seed));
}

#[test]
fn tasks_due_in_the_fourth_quarter_of_2020_include_task_ii_1_and_the_yearly_ones() {
    let seed = seed_id();
    let due = tasks::tasks(shipped(), None, ymd(2020, 10, 1), ymd(2020, 12, 31)).unwrap();
    let of_seed: Vec<_> = due.iter().filter(|t| t.doc_id == seed).collect();
    assert!(
        of_seed.iter().any(|t| t.task.path == "II > 1"
            && t.task.period
                == Some(Period::Range {
                    from: ymd(2020, 10, 1),
                    to: ymd(2020, 12, 31).unwrap()
                })),
        "{of_seed:#?}"
    );
    assert!(
        of_seed
            .iter()
            .any(|t| t.task.period == Some(Period::Yearly)),
        "{of_seed:#?}"
    );
    // Nothing of the seed is due before it was issued.
    let before = tasks::tasks(shipped(), None, ymd(2019, 1, 1), ymd(2019, 12, 31)).unwrap();
    assert!(before.iter().all(|t| t.doc_id != seed));
}

#[test]
fn an_agency_finds_the_plan_through_its_tasks_in_any_spelling() {
    let seed = seed_id();
    for (agency, role) in [
        ("Sở Tư pháp", None),
        ("so tu phap", None),
        ("SỞ TƯ PHÁP", Some(vanban::document::Role::Lead)),
        (
            "Ủy ban nhân dân tỉnh Lạng Sơn",
            Some(vanban::document::Role::Issuer),
        ),
        (
            "uy ban nhan dan tinh lang son",
            Some(vanban::document::Role::Issuer),
        ),
    ] {
        let mut req = SearchRequest::new("");
        req.agency = Some(agency.into());
        req.role = role;
        let res = search::search(shipped(), &req).unwrap();
        assert!(
            res.hits.iter().any(|h| h.id == seed),
            "agency={agency} role={role:?}: {:?}",
            res.hits.iter().map(|h| &h.number).collect::<Vec<_>>()
        );
    }
    // The seed does not name Sở Tư pháp as its issuer.
    let mut req = SearchRequest::new("");
    req.agency = Some("Sở Tư pháp".into());
    req.role = Some(vanban::document::Role::Issuer);
    let res = search::search(shipped(), &req).unwrap();
    assert!(res.hits.iter().all(|h| h.id != seed));
}

#[test]
fn facets_count_agencies_by_role() {
    let res = search::search(
        shipped(),
        &SearchRequest::new("phổ biến giáo dục pháp luật"),
    )
    .unwrap();
    let agency = &res.facets.agency;
    assert!(
        agency
            .get("issuer")
            .is_some_and(|m| m.get("UBND tỉnh Lạng Sơn") == Some(&1)),
        "{agency:#?}"
    );
    assert!(
        agency
            .get("lead")
            .is_some_and(|m| m.contains_key("Sở Tư pháp")),
        "{agency:#?}"
    );
    // Every count is at most the number of matching documents.
    assert!(agency
        .values()
        .flat_map(|m| m.values())
        .all(|&n| n as usize <= res.total));
}
