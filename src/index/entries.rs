//! Turning a [`Document`] into tantivy entries: its document entry and one per passage, each
//! with the filter keys and facet values searches read, and the [`Summary`] a result list shows.

use tantivy::{DateTime, TantivyDocument};

use super::schema::{self, Fields, KIND_DOC, KIND_PASSAGE};
use crate::document::Document;
use crate::error::Result;
use crate::keys::{agency_term, filter_key};
use crate::text;

/// Longest passage text stored (and indexed) per passage entry.
const MAX_PASSAGE_BYTES: usize = 64 * 1024;

fn to_date(d: chrono::NaiveDate) -> DateTime {
    use crate::keys::{MAX_DATE, MIN_DATE};
    // Outside tantivy's nanosecond range the conversion overflows (a panic in a debug build).
    let secs = d
        .clamp(MIN_DATE, MAX_DATE)
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default();
    DateTime::from_timestamp_secs(secs)
}

/// Text indexed for a passage or body: the text plus, for each abbreviation the document defines,
/// the other form once per occurrence of one form (up to [`MAX_EXPANSIONS`]), so that either form
/// finds it and a document that writes `PBGDPL` thirty times counts as saying `phổ biến, giáo dục
/// pháp luật` thirty times.
fn with_abbreviations(text: &str, doc: &Document) -> String {
    let mut out = text.to_string();
    for a in &doc.abbreviations {
        if a.short.is_empty() || a.long.is_empty() {
            continue;
        }
        // The definition `(sau đây gọi tắt là PBGDPL)` holds both forms: not an extra use.
        let shorts = text.matches(a.short.as_str()).count();
        let longs = text.matches(a.long.as_str()).count();
        let (uses_of_short, uses_of_long) = (shorts.saturating_sub(longs.min(1)), longs);
        for _ in 0..uses_of_short.min(MAX_EXPANSIONS) {
            out.push('\n');
            out.push_str(&a.long);
        }
        for _ in 0..uses_of_long.min(MAX_EXPANSIONS) {
            out.push('\n');
            out.push_str(&a.short);
        }
    }
    out
}

/// Most expansions of one abbreviation added to one indexed text.
const MAX_EXPANSIONS: usize = 30;

fn add_analyzed(entry: &mut TantivyDocument, fields: [tantivy::schema::Field; 3], value: &str) {
    for f in fields {
        entry.add_text(f, value);
    }
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// An agency name with `UBND`/`HĐND` spelled out (`UBND tỉnh Lạng Sơn` → `Ủy ban nhân dân tỉnh
/// Lạng Sơn`), as questions write it; empty when there is nothing to spell out.
fn in_full(agency: &str) -> String {
    let mut changed = false;
    let words: Vec<&str> = agency
        .split_whitespace()
        .map(|w| match w {
            "UBND" => {
                changed = true;
                "Ủy ban nhân dân"
            }
            "HĐND" => {
                changed = true;
                "Hội đồng nhân dân"
            }
            w => w,
        })
        .collect();
    if changed {
        words.join(" ")
    } else {
        String::new()
    }
}

/// The keys every filter of a search looks at (number, type, issuer, agencies by role, citations,
/// tasks flag, field, dates), on the document entry and on each passage, so that filtered
/// passages can be ranked without a join.
fn add_filter_keys(e: &mut TantivyDocument, f: &Fields, doc: &Document) {
    if let Some(key) = &doc.number_key {
        e.add_text(f.number_key, key);
    }
    if let Some(t) = &doc.doc_type {
        e.add_text(f.doc_type_key, filter_key(t));
    }
    if let Some(i) = &doc.issuer {
        e.add_text(f.issuer_key, crate::keys::agency_key(i));
    }
    let mut agency_terms = std::collections::BTreeSet::new();
    if let Some(i) = &doc.issuer {
        agency_terms.insert(agency_term("issuer", i));
        agency_terms.insert(agency_term("any", i));
    }
    for a in &doc.agencies {
        agency_terms.insert(agency_term(a.role.as_str(), &a.name));
        agency_terms.insert(agency_term("any", &a.name));
    }
    for t in agency_terms {
        e.add_text(f.agency, t);
    }
    // The numbers its relations aim at count as cited (a gazette title `Bãi bỏ Quyết định số …`
    // has no body to cite from): `/api/status` finds what changed a number through them.
    let cited: std::collections::BTreeSet<&str> = doc
        .citations
        .iter()
        .filter_map(|c| c.number_key.as_deref())
        .chain(doc.relations.iter().map(|r| r.target.as_str()))
        .collect();
    for key in cited {
        e.add_text(f.cites, key);
    }
    if !doc.tasks.is_empty() {
        e.add_text(f.flags, schema::FLAG_TASKS);
    }
    if let Some(field) = &doc.field {
        e.add_text(f.field_key, filter_key(field));
    }
    if let Some(issued) = doc.issued {
        e.add_date(f.issued, to_date(issued));
    }
    if let Some(eff) = doc.effective {
        e.add_date(f.effective, to_date(eff));
    }
}

/// A document's facet values (type, issuer, agencies by role, year), given to its entry and to
/// each of its passages: facets count document entries only, but a column every entry has a
/// value in is read without a search per entry.
struct FacetValues {
    doc_type: String,
    issuer: String,
    agencies: Vec<String>,
    year: u64,
}

impl FacetValues {
    fn of(doc: &Document) -> Self {
        let mut agencies = std::collections::BTreeSet::new();
        if let Some(i) = &doc.issuer {
            agencies.insert(format!("issuer:{i}"));
        }
        // One name per facet bucket and role (`Sở GD&ĐT` and `Sở Giáo dục và Đào tạo` are one
        // bucket), so that a document counts once in it.
        let mut buckets = std::collections::HashSet::new();
        for a in &doc.agencies {
            let role = a.role.as_str();
            if role != "issuer" || doc.issuer.is_none() {
                let value = format!("{role}:{}", a.name);
                if buckets.insert(crate::keys::agency_bucket(&value)) {
                    agencies.insert(value);
                }
            }
        }
        let or_none = |s: &Option<String>| s.clone().unwrap_or_else(|| schema::NO_FACET.into());
        FacetValues {
            doc_type: or_none(&doc.doc_type),
            issuer: or_none(&doc.issuer),
            agencies: if agencies.is_empty() {
                vec![schema::NO_FACET.into()]
            } else {
                agencies.into_iter().collect()
            },
            year: doc
                .issued
                .map(|d| chrono::Datelike::year(&d).max(0) as u64)
                .unwrap_or(0),
        }
    }

    fn add_to(&self, e: &mut TantivyDocument, f: &Fields) {
        e.add_text(f.doc_type, &self.doc_type);
        e.add_text(f.issuer, &self.issuer);
        for a in &self.agencies {
            e.add_text(f.agency_facet, a);
        }
        e.add_u64(f.year, self.year);
    }
}

/// What a result list shows of a document, stored on each of its passages.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// Number as written.
    pub number: Option<String>,
    /// Document type.
    pub doc_type: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Issuer.
    pub issuer: Option<String>,
    /// Issue date.
    pub issued: Option<chrono::NaiveDate>,
    /// The abbreviations the document defines, so that a snippet can mark `PBGDPL` where it
    /// matched as what it stands for (absent from indexes written before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub abbreviations: Vec<crate::document::Abbreviation>,
}

impl Summary {
    /// The heading of the document as a reader sees it, as its title fields index it: number,
    /// type, title and issuer (a question often names the agency: `Ủy ban nhân dân tỉnh Lạng
    /// Sơn`, so an issuer written `UBND` is also spelled out).
    pub fn heading(&self) -> String {
        let issuer_in_full = self.issuer.as_deref().map(in_full);
        [
            self.number.as_deref(),
            self.doc_type.as_deref(),
            self.title.as_deref(),
            self.issuer.as_deref(),
            issuer_in_full.as_deref(),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
    }

    /// The summary of `doc`.
    pub fn of(doc: &Document) -> Self {
        Summary {
            number: doc.number.clone(),
            doc_type: doc.doc_type.clone(),
            title: doc.title.clone(),
            issuer: doc.issuer.clone(),
            issued: doc.issued,
            abbreviations: doc.abbreviations.clone(),
        }
    }
}

/// The tantivy entries of one document: the document entry and one per passage.
pub(super) fn entries(
    f: &Fields,
    doc: &Document,
    source_file: &str,
) -> Result<Vec<TantivyDocument>> {
    let mut d = TantivyDocument::default();
    d.add_text(f.kind, KIND_DOC);
    d.add_text(f.id, &doc.id);
    d.add_text(f.source_file, source_file);
    let summary = Summary::of(doc);
    let title = summary.heading();
    // Title and whole body decide which documents match; ranking is by passages. Deciding what
    // matches asks only whether a document holds a term (phrases are matched in passages): each
    // distinct term once, a tenth of the body's tokens. The accented pairs are the statistics
    // diacritics are restored from.
    add_analyzed(
        &mut d,
        [f.doc_title, f.doc_title_folded, f.doc_title_pairs],
        &title,
    );
    let body = with_abbreviations(&doc.body, doc);
    // The title comes first, a blank line apart, so that no pair spans the two.
    let terms = text::Distinct::of(&format!("{title}\n\n{body}"));
    d.add_text(f.doc_body, terms.accented);
    d.add_text(f.doc_body_folded, terms.folded);
    d.add_text(f.doc_pairs, terms.pairs);
    // Filter keys and facet values are the same on the document entry and on every passage.
    let mut shared = TantivyDocument::default();
    add_filter_keys(&mut shared, f, doc);
    FacetValues::of(doc).add_to(&mut shared, f);
    for (field, value) in shared.field_values() {
        d.add_field_value(field, value);
    }
    d.add_text(f.doc_json, serde_json::to_string(doc)?);

    let summary = serde_json::to_string(&summary)?;
    let mut out = vec![d];
    let whole_body;
    let passages: Vec<(&str, Option<&str>, &str)> = if doc.outline.is_empty() {
        whole_body = doc.body.as_str();
        vec![("", None, whole_body)]
    } else {
        doc.outline
            .iter()
            .map(|p| (p.path.as_str(), p.heading.as_deref(), p.text.as_str()))
            .collect()
    };
    // A document with no text (a gazette record giving only its number and title) competes on
    // its heading as a passage of its own, on the same scale as other documents' passages.
    let heading_only = !passages.iter().any(|(_, _, t)| !t.trim().is_empty());
    let passages = match heading_only {
        false => passages,
        true => vec![("", None, title.as_str())],
    };
    for (ordinal, (path, heading, text)) in passages.into_iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let text = truncate(text, MAX_PASSAGE_BYTES);
        let mut p = shared.clone();
        p.add_text(f.kind, KIND_PASSAGE);
        if heading_only {
            p.add_text(f.flags, schema::FLAG_HEADING);
        }
        p.add_text(f.id, &doc.id);
        p.add_text(f.source_file, source_file);
        p.add_text(f.summary, &summary);
        add_analyzed(
            &mut p,
            [f.body, f.body_folded, f.body_folded_pairs],
            &with_abbreviations(text, doc),
        );
        // A passage's title views hold its own heading (`điều kiện kết hôn`); its document's
        // title (`theo Luật Trọng tài thương mại`) is scored once, on the document entry.
        if let Some(h) = heading {
            add_analyzed(&mut p, [f.title, f.title_folded, f.title_folded_pairs], h);
        }
        p.add_text(f.path, path);
        for n in crate::keys::article_refs(path) {
            p.add_text(f.article, n);
        }
        p.add_u64(f.ordinal, ordinal as u64);
        p.add_text(f.text, text);
        out.push(p);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::index_of;

    #[test]
    fn councils_are_spelled_out_for_the_context() {
        assert_eq!(
            in_full("UBND tỉnh Lạng Sơn"),
            "Ủy ban nhân dân tỉnh Lạng Sơn"
        );
        assert_eq!(in_full("HĐND tỉnh Sơn La"), "Hội đồng nhân dân tỉnh Sơn La");
        assert_eq!(in_full("Sở Tư pháp"), "");
    }

    /// Every entry, passages and documents without a type, issuer or date included, has a
    /// value in each facet column: the columns are dense, read without a search per entry.
    #[test]
    fn facet_columns_have_a_value_on_every_entry() {
        let typed = Document {
            id: "a".into(),
            doc_type: Some("Kế hoạch".into()),
            issuer: Some("UBND tỉnh Lạng Sơn".into()),
            issued: chrono::NaiveDate::from_ymd_opt(2020, 10, 1),
            body: "Điều 1. Kế hoạch này.\nĐiều 2. Cán bộ.".into(),
            outline: ["Điều 1. Kế hoạch này.", "Điều 2. Cán bộ."]
                .iter()
                .enumerate()
                .map(|(i, t)| crate::document::Passage {
                    path: format!("Điều {}", i + 1),
                    heading: None,
                    text: t.to_string(),
                })
                .collect(),
            ..Document::default()
        };
        let bare = Document {
            id: "b".into(),
            body: "hòa giải ở cơ sở".into(),
            ..Document::default()
        };
        let index = index_of(&[typed, bare]);
        let searcher = index.searcher();
        let entries: u32 = searcher.segment_readers().iter().map(|r| r.max_doc()).sum();
        assert_eq!(entries, 5, "two documents and three passages");
        use tantivy::columnar::ColumnIndex;
        for reader in searcher.segment_readers() {
            let fast = reader.fast_fields();
            for name in [schema::names::DOC_TYPE, schema::names::ISSUER] {
                let column = fast.str(name).unwrap().unwrap();
                assert!(
                    matches!(column.ords().index, ColumnIndex::Full),
                    "{name} is dense"
                );
            }
            let year = fast.u64(schema::names::YEAR).unwrap();
            assert!(matches!(year.index, ColumnIndex::Full));
            let agency = fast.str(schema::names::AGENCY_FACET).unwrap().unwrap();
            for doc in 0..reader.max_doc() {
                assert!(
                    agency.term_ords(doc).next().is_some(),
                    "agency of entry {doc}"
                );
            }
        }
    }
}
