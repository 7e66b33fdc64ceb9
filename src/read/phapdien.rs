//! The Pháp điển article table (CSV): columns `demuc_id, demuc_so, demuc_ten, chuong, stt, mapc,
//! dieu_ten, noidung, vbqppl, vbqppl_link, chidan`.
//!
//! Bộ Pháp điển (the national legal code) is organised by đề mục (subject heading); each row is
//! one codified article (`Điều 36.3.LQ.1. Thanh niên`) with the source citation in `vbqppl`.
//! One document per đề mục (id `phapdien-<demuc_id>`, title `<demuc_so> <demuc_ten>`), one
//! passage per row, in file order.

use std::collections::HashMap;

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
        doc.text = doc
            .passages
            .iter()
            .map(|p| match &p.heading {
                Some(h) => format!("{}. {h}\n{}", article_of(&p.path), p.text),
                None => format!("{}\n{}", article_of(&p.path), p.text),
            })
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    if out.docs.is_empty() {
        let first = out.skipped.first().map_or("no rows", String::as_str);
        return Err(read_error(name, format!("no row could be read ({first})")));
    }
    Ok(out)
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
