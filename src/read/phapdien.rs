//! The Pháp điển article table (CSV): columns `demuc_id, demuc_so, demuc_ten, chuong, stt, mapc,
//! dieu_ten, noidung, vbqppl, vbqppl_link, chidan`.
//!
//! Bộ Pháp điển (the national legal code) is organised by đề mục (subject heading); each row is
//! one codified article (`Điều 36.3.LQ.1. Thanh niên`) with the source citation in `vbqppl`.
//! One document per đề mục (id `phapdien-<demuc_id>`, title `<demuc_so> <demuc_ten>`), one
//! passage per row, in file order.
//!
//! The same đề mục published as a page (`BoPhapDienDienTu/demuc/<guid>.html`) is read by
//! [`from_page`] into the same document: same id, title, type and passage paths (`Chương I >
//! Điều 41.8.NĐ.1`), so that ingest merges the page and the CSV into one document.

use std::collections::HashMap;

use once_cell::sync::Lazy;
use regex::Regex;

use super::{read_error, text, FileRead};
use crate::document::{RawDoc, RawFields, RawPassage};
use crate::error::{Error, Result};

/// The document type given to a đề mục.
pub const DOC_TYPE: &str = "Đề mục Pháp điển";

/// Columns a Pháp điển CSV must have.
const REQUIRED: [&str; 4] = ["demuc_id", "demuc_ten", "dieu_ten", "noidung"];

/// Reads the CSV; a malformed row is skipped with its line number.
pub fn read(name: &str, bytes: &[u8]) -> Result<FileRead> {
    let decoded = text::decode(bytes).map_err(|reason| read_error(name, reason))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(decoded.text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| read_error(name, format!("malformed CSV header: {e}")))?
        .clone();
    let column = |c: &str| headers.iter().position(|h| h.trim() == c);
    if let Some(missing) = REQUIRED.iter().find(|c| column(c).is_none()) {
        return Err(Error::Unsupported {
            path: name.into(),
            reason: format!(
                "a CSV is read as the Pháp điển article table, which needs a `{missing}` column"
            ),
        });
    }
    let cols = Columns {
        demuc_id: column("demuc_id"),
        demuc_so: column("demuc_so"),
        demuc_ten: column("demuc_ten"),
        chuong: column("chuong"),
        dieu_ten: column("dieu_ten"),
        noidung: column("noidung"),
        vbqppl: column("vbqppl"),
    };
    let mut out = FileRead::default();
    let mut by_demuc: HashMap<String, usize> = HashMap::new();
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                out.skipped
                    .push(format!("{name}#L{line}: malformed CSV row: {e}"));
                continue;
            }
        };
        let get = |c: Option<usize>| c.and_then(|i| row.get(i)).map(str::trim).unwrap_or("");
        let line = row.position().map_or(0, csv::Position::line);
        let (demuc_id, body) = (get(cols.demuc_id), get(cols.noidung));
        // Some codified articles carry their whole text in `dieu_ten` and leave `noidung` empty.
        if demuc_id.is_empty() || (body.is_empty() && get(cols.dieu_ten).is_empty()) {
            out.skipped.push(format!(
                "{name}#L{line}: row without demuc_id, or without dieu_ten and noidung"
            ));
            continue;
        }
        let index = *by_demuc.entry(demuc_id.to_string()).or_insert_with(|| {
            out.docs.push(demuc_doc(
                name,
                demuc_id,
                get(cols.demuc_so),
                get(cols.demuc_ten),
            ));
            out.docs.len() - 1
        });
        let (article, heading) = split_dieu(get(cols.dieu_ten));
        let chapter = chapter(get(cols.chuong));
        let path = match (chapter.is_empty(), article.is_empty()) {
            (false, false) => format!("{chapter} > {article}"),
            (true, false) => article.to_string(),
            (false, true) => chapter.to_string(),
            (true, true) => format!("#L{line}"),
        };
        let cites = Some(get(cols.vbqppl)).filter(|c| !c.is_empty());
        let passage = RawPassage {
            path,
            heading: (!heading.is_empty()).then(|| heading.to_string()),
            text: body.to_string(),
            cites: cites.map(str::to_string),
        };
        if let Some(doc) = out.docs.get_mut(index) {
            doc.passages.push(passage);
        }
    }
    for doc in &mut out.docs {
        doc.text = body_of(&doc.passages);
    }
    if out.docs.is_empty() {
        let first = out.skipped.first().map_or("no rows", String::as_str);
        return Err(read_error(name, format!("no row could be read ({first})")));
    }
    Ok(out)
}

/// The body of a đề mục: each article's code and heading, then its text.
fn body_of(passages: &[RawPassage]) -> String {
    passages
        .iter()
        .map(|p| match &p.heading {
            Some(h) => format!("{}. {h}\n{}", article_of(&p.path), p.text),
            None => format!("{}\n{}", article_of(&p.path), p.text),
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `Đề mục 41.8`, the first line of a đề mục page.
static DEMUC: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)^Đề mục\s+(\d+(?:\.\d+)*)$").expect("static regex"));
/// A codified article's line: `Điều 41.8.NĐ.1.` or `Điều 41.8.TT.2.3. Quy định cấm ...`.
static CODED_ARTICLE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^Điều\s+(\d+(?:\.(?:\d+|[A-ZĐ]+))+)\.?(?:\s+(.*))?$").expect("static regex")
});
/// `Chương II`, a chapter of the đề mục (its name is on the next line).
static CHAPTER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^Chương\s+([IVXLC]+|\d+)$").expect("static regex"));
/// The đề mục GUID in the page's (hidden) link to its list of source documents.
static PAGE_GUID: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"ViewDanhSachVB\(\s*this\s*,\s*'([0-9A-Fa-f]{8}-[0-9A-Fa-f-]{27})'")
        .expect("static regex")
});

/// A Pháp điển đề mục page, from its markup (for the đề mục GUID) and its visible text (one
/// line per block, as the HTML reader gives it): `None` when the page is not one (no
/// `Đề mục N.N` first line, or no codified article).
///
/// Each codified article is a passage whose path carries its full code (`Chương I > Điều
/// 23.7.NĐ.1`, as in the CSV), the citation line below it (`(Điều 1 Nghị định số ...)`) is the
/// passage's source citation, and the cross-reference note (`(Điều này có nội dung liên quan
/// đến ...)`) is left out, as the CSV leaves out its `chidan` column.
pub(crate) fn from_page(name: &str, markup: &str, visible: &str) -> Option<RawDoc> {
    let mut lines = visible.lines().map(str::trim).filter(|l| !l.is_empty());
    let so = DEMUC.captures(lines.next()?)?.get(1)?.as_str().to_string();
    let mut ten = String::new();
    let mut chapter = String::new();
    let mut chapter_name_next = false;
    let mut passages: Vec<RawPassage> = Vec::new();
    for line in lines {
        if let Some(c) = CODED_ARTICLE.captures(line) {
            let article = format!("Điều {}", &c[1]);
            passages.push(RawPassage {
                path: if chapter.is_empty() {
                    article
                } else {
                    format!("{chapter} > {article}")
                },
                heading: c
                    .get(2)
                    .map(|m| m.as_str().trim().to_string())
                    .filter(|h| !h.is_empty()),
                text: String::new(),
                cites: None,
            });
            chapter_name_next = false;
            continue;
        }
        if let Some(c) = CHAPTER.captures(line) {
            chapter = format!("Chương {}", &c[1]);
            chapter_name_next = true;
            continue;
        }
        if std::mem::take(&mut chapter_name_next) {
            continue;
        }
        let Some(current) = passages.last_mut() else {
            if ten.is_empty() {
                ten = line.to_string();
            }
            continue;
        };
        if line.starts_with('(') && current.text.is_empty() && current.cites.is_none() {
            current.cites = Some(line.to_string());
        } else if line.starts_with("(Điều này có nội dung liên quan") {
            continue;
        } else {
            if !current.text.is_empty() {
                current.text.push('\n');
            }
            current.text.push_str(line);
        }
    }
    if passages.is_empty() {
        return None;
    }
    let guid = PAGE_GUID
        .captures(markup)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_ascii_lowercase());
    let mut doc = demuc_doc(name, guid.as_deref().unwrap_or(""), &so, &ten);
    doc.source = name.to_string();
    if guid.is_none() {
        doc.fields.id = None;
    }
    doc.text = body_of(&passages);
    doc.passages = passages;
    Some(doc)
}

struct Columns {
    demuc_id: Option<usize>,
    demuc_so: Option<usize>,
    demuc_ten: Option<usize>,
    chuong: Option<usize>,
    dieu_ten: Option<usize>,
    noidung: Option<usize>,
    vbqppl: Option<usize>,
}

fn demuc_doc(name: &str, id: &str, so: &str, ten: &str) -> RawDoc {
    let title = format!("{so} {ten}").trim().to_string();
    RawDoc {
        source: format!("{name}#{id}"),
        text: String::new(),
        fields: RawFields {
            id: Some(format!("phapdien-{id}")),
            doc_type: Some(DOC_TYPE.to_string()),
            title: (!title.is_empty()).then_some(title),
            issuer: None,
            ..RawFields::default()
        },
        passages: Vec::new(),
        warnings: Vec::new(),
        ocr: None,
    }
}

/// `Điều 36.3.LQ.1. Thanh niên` → (`Điều 36.3.LQ.1`, `Thanh niên`).
fn split_dieu(dieu_ten: &str) -> (&str, &str) {
    // The article code is dotted (`36.3.LQ.1`); the heading starts after the first `. `.
    match dieu_ten.split_once(". ") {
        Some((article, heading)) => (article.trim(), heading.trim()),
        None => (dieu_ten.trim_end_matches('.').trim(), ""),
    }
}

/// `Chương I - NHỮNG QUY ĐỊNH CHUNG` → `Chương I`.
fn chapter(chuong: &str) -> &str {
    chuong.split_once(" - ").map_or(chuong, |(c, _)| c).trim()
}

/// The last step of a passage path (`Chương I > Điều 1.2.LQ.1` → `Điều 1.2.LQ.1`).
fn article_of(path: &str) -> &str {
    path.rsplit(" > ").next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/phapdien/phapdien_dieu.csv"
    );

    /// A đề mục page as published: the same document as its CSV rows.
    #[test]
    fn page_is_read_as_its_csv_document() {
        let markup = "<h3>Đề mục 41.8<br />Hoạt động văn hóa</h3><p style='display: none'>\
            <a onclick=\"ViewDanhSachVB(this,'B8F68141-2d67-4c85-886c-58a9bbf45472')\"></a></p>";
        let visible = "Đề mục 41.8\nHoạt động văn hóa\nĐiều 41.8.NĐ.1.\n(Điều 1 Nghị định số \
            103/2009/NĐ-CP, có hiệu lực thi hành kể từ ngày 01/01/2010)\nBan hành kèm theo Nghị \
            định này Quy chế.\n(Điều này có nội dung liên quan đến Điều 1 của Luật 61/2020/QH14)\n\
            Chương II\nQUY ĐỊNH CHUNG\nĐiều 41.8.TT.2.3. Quy định cấm\n(Điều 3 Thông tư số \
            04/2009/TT-BVHTTDL)\n1. Các hoạt động.\n2. Nghiêm cấm.";
        let doc = from_page("p.html", markup, visible).unwrap();
        assert_eq!(
            doc.fields.id.as_deref(),
            Some("phapdien-b8f68141-2d67-4c85-886c-58a9bbf45472")
        );
        assert_eq!(doc.fields.title.as_deref(), Some("41.8 Hoạt động văn hóa"));
        assert_eq!(doc.fields.doc_type.as_deref(), Some(DOC_TYPE));
        let paths: Vec<&str> = doc.passages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["Điều 41.8.NĐ.1", "Chương II > Điều 41.8.TT.2.3"]);
        assert_eq!(
            doc.passages[0].text,
            "Ban hành kèm theo Nghị định này Quy chế."
        );
        assert!(doc.passages[0]
            .cites
            .as_deref()
            .unwrap()
            .contains("103/2009/NĐ-CP"));
        assert_eq!(doc.passages[1].heading.as_deref(), Some("Quy định cấm"));
        assert_eq!(doc.passages[1].text, "1. Các hoạt động.\n2. Nghiêm cấm.");
        assert!(doc.text.starts_with("Điều 41.8.NĐ.1\nBan hành"));
        // Not a đề mục page: no `Đề mục` first line, or no codified article.
        assert!(from_page("p.html", "", "Luật Thanh niên\nĐiều 1. Phạm vi").is_none());
        assert!(from_page("p.html", "", "Đề mục 41.8\nHoạt động văn hóa\nĐiều 1. X").is_none());
    }

    /// The three shared pages give the documents the CSV gives for the same đề mục: same id,
    /// title and article paths.
    #[test]
    fn shared_pages_match_the_csv() {
        let html = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/html");
        let (Ok(dir), Ok(bytes)) = (std::fs::read_dir(html), std::fs::read(CSV)) else {
            eprintln!("note: ../shared/corpus not found, test skipped");
            return;
        };
        let csv = read("phapdien_dieu.csv", &bytes).unwrap().docs;
        let mut n = 0;
        for entry in dir {
            let path = entry.unwrap().path();
            let page = crate::read::read_file(&path).unwrap().docs.remove(0);
            let id = page.fields.id.clone().unwrap();
            let twin = csv
                .iter()
                .find(|d| d.fields.id.as_deref() == Some(&id))
                .unwrap_or_else(|| panic!("{id} of {path:?} is not in the CSV"));
            assert_eq!(page.fields.title, twin.fields.title);
            let paths = |d: &RawDoc| {
                d.passages
                    .iter()
                    .map(|p| p.path.clone())
                    .collect::<Vec<_>>()
            };
            let (mut a, mut b) = (paths(&page), paths(twin));
            a.sort();
            b.sort();
            assert_eq!(a, b, "{path:?}");
            n += 1;
        }
        assert_eq!(n, 3);
    }

    #[test]
    fn article_and_chapter_split() {
        assert_eq!(
            split_dieu("Điều 36.3.LQ.1. Thanh niên"),
            ("Điều 36.3.LQ.1", "Thanh niên")
        );
        assert_eq!(split_dieu("Điều 23.7.NĐ.1. "), ("Điều 23.7.NĐ.1", ""));
        assert_eq!(chapter("Chương I - NHỮNG QUY ĐỊNH CHUNG"), "Chương I");
    }

    #[test]
    fn small_table_with_a_bad_row() {
        let csv = "demuc_id,demuc_so,demuc_ten,chuong,stt,mapc,dieu_ten,noidung,vbqppl,vbqppl_link,chidan\n\
                   g1,1.2,Bảo vệ bí mật nhà nước,Chương I - NHỮNG QUY ĐỊNH CHUNG,1,01,Điều 1.2.LQ.1. Phạm vi điều chỉnh,\"Luật này quy định về bí mật nhà nước.\",(Điều 1 Luật số 29/2018/QH14),,\n\
                   g1,1.2,Bảo vệ bí mật nhà nước,\n\
                   g2,1.3,Cơ yếu,,1,02,Điều 1.3.LQ.1. Phạm vi,Nội dung,,,\n";
        let r = read("p.csv", csv.as_bytes()).unwrap();
        assert_eq!(r.docs.len(), 2);
        let d = &r.docs[0];
        assert_eq!(d.fields.id.as_deref(), Some("phapdien-g1"));
        assert_eq!(
            d.fields.title.as_deref(),
            Some("1.2 Bảo vệ bí mật nhà nước")
        );
        assert_eq!(d.passages[0].path, "Chương I > Điều 1.2.LQ.1");
        assert_eq!(
            d.passages[0].cites.as_deref(),
            Some("(Điều 1 Luật số 29/2018/QH14)")
        );
        assert!(d
            .text
            .starts_with("Điều 1.2.LQ.1. Phạm vi điều chỉnh\nLuật này"));
        assert_eq!(r.docs[1].passages[0].path, "Điều 1.3.LQ.1");
        assert_eq!(r.skipped.len(), 1);
        assert!(
            r.skipped[0].starts_with("p.csv#L3: malformed CSV row"),
            "{:?}",
            r.skipped
        );
    }

    #[test]
    fn other_csv_is_unsupported() {
        let err = read("x.csv", b"a,b\n1,2\n").unwrap_err();
        assert!(matches!(err, Error::Unsupported { .. }), "{err}");
    }

    #[test]
    fn shared_phapdien_csv() {
        let Ok(bytes) = std::fs::read(CSV) else {
            eprintln!("note: {CSV} not found, test skipped");
            return;
        };
        let r = read(CSV, &bytes).unwrap();
        assert!(
            r.skipped.is_empty(),
            "{:?}",
            &r.skipped[..r.skipped.len().min(3)]
        );
        assert_eq!(r.docs.len(), 75);
        assert_eq!(r.docs.iter().map(|d| d.passages.len()).sum::<usize>(), 5243);
        let with_cites = r
            .docs
            .iter()
            .flat_map(|d| &d.passages)
            .filter(|p| p.cites.is_some())
            .count();
        assert!(with_cites > 5000, "{with_cites}");
        assert!(r
            .docs
            .iter()
            .all(|d| d.fields.doc_type.as_deref() == Some(DOC_TYPE)));
    }
}
