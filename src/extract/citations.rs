//! Citations: references from a document's body to other documents (DESIGN.md section 2).
//!
//! A citation is anchored on a document number (found by [`crate::number::find_all`]); around
//! it we read the type word before it (`Quyết định số`, `Luật Phổ biến, giáo dục pháp luật số`),
//! an article reference before that (`khoản 2 Điều 3`), the date and `của <issuer>` after it, and
//! the relation from the wording of the clause (`Căn cứ` → based on, `Thực hiện` → implements).

use crate::doc_type::DocType;
use std::collections::HashMap;

use chrono::NaiveDate;
use once_cell::sync::Lazy;
use regex::Regex;

use super::agencies::normalize_agency;
use super::dates::{find_dates, DateMatch};
use super::issuer_codes::issuer_for_codes;
use crate::document::{Citation, Passage, Relation};
use crate::number::{self, NumberMatch};

/// How far back from a number a type word or law name may start (bytes).
const LOOKBACK: usize = 160;
/// How far after a number its title, date and issuer may reach (bytes).
const LOOKAHEAD: usize = 400;
/// The longest issuer name we accept after `của`.
const MAX_ISSUER: usize = 140;

/// Type words citing a document, longest first ([`DocType::cited_words`]).
static TYPE_WORDS: Lazy<Vec<&'static str>> = Lazy::new(DocType::cited_words);

/// A type word at the end of the text before a number, with an optional `số`/`Số:`.
static TYPE_BEFORE: Lazy<Regex> = Lazy::new(|| {
    let alts: Vec<String> = TYPE_WORDS
        .iter()
        .map(|w| regex::escape(w).replace(' ', r"\s+"))
        .collect();
    Regex::new(&format!(r"(?i)\b({})\s*(?:số\s*:?\s*)?$", alts.join("|"))).expect("static regex")
});

/// A law named before its number: `Luật Phổ biến, giáo dục pháp luật số`.
static LAW_BY_NAME: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\b(Bộ luật|Luật|Pháp lệnh|BỘ LUẬT|LUẬT|PHÁP LỆNH)\s+\p{Lu}[^;.()\n0-9]{0,100}?\s+(?:số\s*)?$")
        .expect("static regex")
});

/// An article reference just before the type word: `Điều 1`, `khoản 2 Điều 3`, `điểm a khoản 1 Điều 5`.
static ARTICLE_BEFORE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:\b(?:điểm|khoản|điều|chương|mục|phần|phụ lục)\s+[0-9a-zđ]{1,6}(?:\s*(?:,|và|đến)\s*[0-9a-zđ]{1,6})*\s*(?:,\s*)?)+$")
        .expect("static regex")
});

/// `(sau đây gọi tắt là Kết luận số 80-KL/TW)`: an alias of the document just cited.
static ALIAS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\(\s*(?:sau\s+đây\s+)?gọi\s+(?:tắt\s+)?là[^()]*$").expect("static regex")
});

/// The document's own number in its header (`Số: 176/KH-UBND`, `Số hiệu 176/KH-UBND`).
static OWN_NUMBER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\s*(?:số|số\s+hiệu|số\s+ký\s+hiệu)\s*:?\s*$").expect("static regex")
});

/// `của <issuer>` (or `do <issuer> ban hành`) right after the number or date.
static ISSUER_AFTER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)^\s*,?\s*(?:của|do)\s+").expect("static regex"));

/// Where an issuer name ends: the title (`về`, `ban hành`, ...), a clause boundary, or a comma
/// followed by a lower-case word (`, có hiệu lực`, `, thực hiện`).
static ISSUER_END: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\s+(?i:về|v/v|ban hành|quy định|hướng dẫn|phê duyệt|tiếp tục|đã|thì|là|tại|trong|theo|để|nhằm|năm)\b|[;:()\n\[\]“”]|\.(?:\s|$)|,\s*\p{Ll}|\s+và\s+\p{Ll}")
        .expect("static regex")
});

/// Relation keywords; the one nearest the citation decides.
static RELATION: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(căn\s+cứ|thực\s+hiện|triển\s+khai|(?:được|bị)\s+(?:sửa\s+đổi|bổ\s+sung)|sửa\s+đổi|bổ\s+sung|(?:được|bị)\s+thay\s+thế|thay\s+thế|(?:được|bị)\s+bãi\s+bỏ|bãi\s+bỏ|hướng\s+dẫn|quy\s+định\s+chi\s+tiết)\b")
        .expect("static regex")
});

/// Words after a previous citation that start its title: a relation keyword after them belongs to
/// that title (`Quyết định số 1521/QĐ-TTg ... về việc ban hành Kế hoạch thực hiện Kết luận ...`),
/// not to the citing document.
static TITLE_START: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\s(?:về|v/v|ban\s+hành|phê\s+duyệt)\s").expect("static regex"));

/// `có hiệu lực thi hành kể từ ngày 01/07/2013`: the Pháp điển's effective-date note.
static EFFECTIVE_NOTE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i),?\s*(?:có\s+)?hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+ngày\s+[0-9]{1,2}\s*/\s*[0-9]{1,2}\s*/\s*[0-9]{4}\s*")
        .expect("static regex")
});

/// A list separator between two citations that share one relation (`...; Điều 4 Nghị định ...`).
static LIST_SEPARATOR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)^[\s,;]*(?:và|hoặc)?[\s,;]*$").expect("static regex"));

/// Extracts every reference to another document, with the relation the wording states and the
/// path of the (innermost) passage it sits in; `None` passage when there is no outline.
///
/// One [`Citation`] per (number key, passage, relation): a document cited three times in one
/// passage with the same wording is one citation. A number repeated as an alias
/// (`(sau đây gọi tắt là Kết luận số 80-KL/TW)`) is not a second citation. Dates and issuers
/// missing at one mention are filled from another mention of the same number.
pub fn extract_citations(body: &str, outline: &[Passage]) -> Vec<Citation> {
    let mut found: Vec<Citation> = Vec::new();
    let spans = locate_passages(body, outline);
    if !body.is_empty() && (outline.is_empty() || spans.iter().any(Option::is_some)) {
        for (start, c) in cites_read(body) {
            let passage = innermost(&spans, outline, start);
            found.push(Citation { passage, ..c });
        }
    }
    // Passages whose text is not in the body (or no body at all) are read on their own.
    for (p, span) in outline.iter().zip(&spans) {
        if span.is_none() || body.is_empty() {
            for (_, c) in cites_read(&p.text) {
                found.push(Citation {
                    passage: Some(p.path.clone()),
                    ..c
                });
            }
        }
    }
    fill_from_other_mentions(&mut found);
    dedupe(found)
}

/// Parses one citation string, such as the Pháp điển `vbqppl` column:
/// `(Điều 1 Luật số 57/2020/QH14 Luật Thanh niên ngày 16/06/2020 của Quốc hội, có hiệu lực thi
/// hành kể từ ngày 01/01/2021)` → Luật `57/2020/QH14`, 2020-06-16, Quốc hội.
///
/// Returns the first document the string names (amendment notes after it are further citations,
/// which [`extract_citations`] returns too). A document named without a number
/// (`Pháp lệnh Bảo vệ công trình quốc phòng ... ngày 19/05/1994 của Uỷ ban Thường vụ Quốc hội`)
/// gives a citation with type, date and issuer but no number key.
pub fn parse_citation(s: &str) -> Option<Citation> {
    let Some((_, mut c)) = cites_in(s).into_iter().next() else {
        return unnumbered(s);
    };
    if c.date.is_none() {
        // The Pháp điển form puts the title between number and date, and a title may cite other
        // documents with their own dates: the cited document's date is the last `ngày ... của`
        // before the effective-date note.
        let head = EFFECTIVE_NOTE
            .find(s)
            .map_or(s, |m| s.get(..m.start()).unwrap_or(s));
        let last = find_dates(head)
            .into_iter()
            .rev()
            .find_map(|d| issuer_after(head, d.end).map(|i| (d, i)));
        if let Some((d, (issuer, _))) = last {
            c.date = Some(d.date);
            c.issuer = Some(issuer);
        }
    }
    Some(c)
}

/// A document cited by type (and title) without a number.
fn unnumbered(s: &str) -> Option<Citation> {
    static TYPE_AT: Lazy<Regex> = Lazy::new(|| {
        let alts: Vec<String> = TYPE_WORDS
            .iter()
            .map(|w| regex::escape(w).replace(' ', r"\s+"))
            .collect();
        Regex::new(&format!(
            r"^[\s(]*(?:(?:điểm|khoản|Điều|Chương|Mục)\s+[0-9a-zđ]+\s+)*({})\s",
            alts.join("|")
        ))
        .expect("static regex")
    });
    let caps = TYPE_AT.captures(s)?;
    let type_match = caps.get(1)?;
    let doc_type = canonical_type(type_match.as_str());
    let mut end = type_match.end();
    let head = s.get(..s.len().min(LOOKAHEAD * 2)).unwrap_or(s);
    let mut date = None;
    let mut issuer = None;
    for d in find_dates(head) {
        if d.start < end || is_effective_date(head, &d) {
            continue;
        }
        if let Some((name, issuer_end)) = issuer_after(head, d.end) {
            issuer = Some(name);
            end = issuer_end;
        } else {
            end = d.end;
        }
        date = Some(d.date);
        break;
    }
    Some(Citation {
        raw: s
            .get(caps.get(0)?.start()..end)
            .unwrap_or("")
            .trim_start_matches(['(', ' '])
            .to_string(),
        doc_type,
        number_key: None,
        number: None,
        date,
        issuer,
        relation: Relation::Mentions,
        passage: None,
        resolved_id: None,
    })
}

/// [`cites_in`] with each relation read by [`relations`](super::relations) (issue 24): the one
/// place where citations take their relation from the relation reader.
fn cites_read(text: &str) -> Vec<(usize, Citation)> {
    let mut found = cites_in(text);
    super::relations::refine_citations(text, &mut found);
    found
}

/// Every numbered citation in one text with the byte offset where it starts, relations from
/// the keyword before each only; for the relation reader.
pub(crate) fn cited(text: &str) -> Vec<(usize, Citation)> {
    cites_in(text)
}

/// Every numbered citation in one text, with the byte offset where it starts.
fn cites_in(text: &str) -> Vec<(usize, Citation)> {
    let matches = number::find_all(text);
    let mut out: Vec<(usize, Citation)> = Vec::new();
    let mut prev_end = 0usize;
    let mut prev_relation: Option<Relation> = None;
    for (i, m) in matches.iter().enumerate() {
        let Some(before) =
            text.get(floor_boundary(text, m.start.saturating_sub(LOOKBACK).max(prev_end))..m.start)
        else {
            continue;
        };
        let line_before = text.get(line_start(text, m.start)..m.start).unwrap_or("");
        if OWN_NUMBER.is_match(line_before) || ALIAS.is_match(before) {
            prev_end = m.end;
            continue;
        }
        let next_start = matches.get(i + 1).map_or(text.len(), |n| n.start);
        let (doc_type, type_start) = type_before(before, m);
        let type_start = m.start - (before.len() - type_start);
        let raw_start = article_start(text, type_start, prev_end);
        let after_limit = next_start.min(floor_boundary(text, m.end.saturating_add(LOOKAHEAD)));
        let (date, mut end) = date_after(text, m.end, after_limit);
        let issuer_from_text = issuer_after(text.get(..after_limit).unwrap_or(""), end);
        let issuer = match issuer_from_text {
            Some((name, issuer_end)) => {
                end = issuer_end;
                Some(name)
            }
            None => issuer_for_codes(&m.number.issuer_codes),
        };
        let relation = relation_before(text, raw_start, prev_end, prev_relation);
        out.push((
            raw_start,
            Citation {
                raw: text.get(raw_start..end).unwrap_or("").trim().to_string(),
                doc_type,
                number_key: Some(m.number.key.clone()),
                number: Some(crate::number::display_as_written(
                    text.get(m.start..m.end).unwrap_or(""),
                    &m.number.key,
                )),
                date: date.map(|d| d.date),
                issuer,
                relation,
                passage: None,
                resolved_id: None,
            },
        ));
        prev_end = end;
        prev_relation = Some(relation);
    }
    out
}

/// The type of the cited document and the offset (in `before`) where its name starts.
fn type_before(before: &str, m: &NumberMatch) -> (Option<String>, usize) {
    if let Some(c) = TYPE_BEFORE.captures(before).and_then(|c| c.get(1)) {
        // `pháp luật số 14/...` is not `Luật số`: a type word is written with a capital.
        if c.as_str().chars().next().is_some_and(char::is_uppercase) {
            let by_code = code_type(m);
            let written = canonical_type(c.as_str());
            // `Văn bản số 1234/UBND-NC` is a công văn; `Văn bản số 10/VBHN-BTP` is what its code says.
            let doc_type = if written.as_deref() == Some("Văn bản") {
                by_code.or(Some("Công văn".into()))
            } else {
                written
            };
            return (doc_type, c.start());
        }
    }
    if let Some(c) = LAW_BY_NAME.captures(before).and_then(|c| c.get(1)) {
        return (canonical_type(c.as_str()), c.start());
    }
    (code_type(m), before.len())
}

/// The type a number's code implies (`NĐ` → Nghị định; a `QH` number without code is a Luật).
fn code_type(m: &NumberMatch) -> Option<String> {
    let n = &m.number;
    if let Some(t) = n.type_code.as_deref().and_then(number::doc_type_for_code) {
        return Some(t.to_string());
    }
    let qh = n
        .issuer_codes
        .iter()
        .any(|c| c.to_uppercase().starts_with("QH"));
    (n.type_code.is_none() && qh && n.year.is_some()).then(|| "Luật".to_string())
}

/// The type word in its display form (`THÔNG TƯ LIÊN TỊCH` → `Thông tư liên tịch`).
fn canonical_type(written: &str) -> Option<String> {
    let folded: String = written
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    TYPE_WORDS
        .iter()
        .find(|w| w.to_lowercase() == folded)
        .map(|w| w.to_string())
}

/// Extends the citation's start back over an article reference (`khoản 2 Điều 3 `), never
/// before the previous citation's end.
fn article_start(text: &str, type_start: usize, prev_end: usize) -> usize {
    let from = floor_boundary(text, type_start.saturating_sub(60).max(prev_end));
    match text
        .get(from..type_start)
        .and_then(|w| ARTICLE_BEFORE.find(w))
    {
        Some(a) => from + a.start(),
        None => type_start,
    }
}

/// The cited document's date after its number: right after it (`số 80-KL/TW, ngày 20 tháng 6
/// năm 2020`), or after a title when a `của <issuer>` follows (the Pháp điển form
/// `Nghị định số 17/2021/NĐ-CP Quy định về ... ngày 09/03/2021 của Chính phủ`). Returns the date
/// and where the citation now ends.
fn date_after(text: &str, from: usize, limit: usize) -> (Option<DateMatch>, usize) {
    let Some(window) = text.get(from..limit) else {
        return (None, from);
    };
    // Only the first date after the number can be its date.
    let Some(d) = find_dates(window).into_iter().next() else {
        return (None, from);
    };
    let between = window.get(..d.start).unwrap_or("");
    if is_effective_date(window, &d) || between.contains([';', '\n']) {
        return (None, from);
    }
    let adjacent = between
        .trim_matches(|c: char| c.is_whitespace() || c == ',')
        .is_empty();
    let titled = between
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
        && ISSUER_AFTER.is_match(window.get(d.end..).unwrap_or(""));
    if adjacent || titled {
        let d = DateMatch {
            start: from + d.start,
            end: from + d.end,
            date: d.date,
        };
        return (Some(d), d.end);
    }
    (None, from)
}

/// Whether the date is an effective date (`có hiệu lực thi hành kể từ ngày ...`).
fn is_effective_date(text: &str, d: &DateMatch) -> bool {
    let before = text.get(..d.start).unwrap_or("").to_lowercase();
    let tail: String = before
        .chars()
        .rev()
        .take(30)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    tail.contains("hiệu lực") || tail.contains("kể từ") || tail.ends_with("từ ")
}

/// `của <issuer>` starting at `from`: the normalized name and where it ends.
fn issuer_after(text: &str, from: usize) -> Option<(String, usize)> {
    let rest = text.get(from..)?;
    let lead = ISSUER_AFTER.find(rest)?;
    let name_start = from + lead.end();
    let name_text = text.get(name_start..)?;
    let mut len = ISSUER_END
        .find(name_text)
        .map_or(name_text.len(), |e| e.start());
    if len > MAX_ISSUER {
        return None;
    }
    len = name_text
        .get(..len)?
        .trim_end_matches([',', ' ', '.'])
        .len();
    let name = name_text.get(..len)?;
    // `của cán bộ` or `của mình` is not an issuer: names of bodies are capitalized.
    if !name.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    Some((normalize_agency(name), name_start + len))
}

/// The relation the wording before a citation states.
fn relation_before(
    text: &str,
    raw_start: usize,
    prev_end: usize,
    prev: Option<Relation>,
) -> Relation {
    // `..., có nội dung được sửa đổi bởi Điều 1 Nghị định A ...; Điều 4 Nghị định B ...`: B is in
    // the same list as A.
    if let (Some(prev), Some(between)) = (prev, text.get(prev_end.min(raw_start)..raw_start)) {
        let between = EFFECTIVE_NOTE.replace_all(between, " ");
        if prev_end > 0 && LIST_SEPARATOR.is_match(&between) {
            return prev;
        }
    }
    let clause_start = clause_start(text, raw_start);
    let from = clause_start.max(prev_end.min(raw_start));
    let Some(window) = text.get(from..raw_start) else {
        return Relation::Mentions;
    };
    let Some(kw) = RELATION.find_iter(window).last() else {
        return Relation::Mentions;
    };
    // A keyword inside the previous document's title is that document's business.
    if from == prev_end
        && prev_end > 0
        && TITLE_START
            .find(window)
            .is_some_and(|t| t.start() < kw.start())
    {
        return Relation::Mentions;
    }
    match super::relations::keyword_kind(kw.as_str()) {
        Some((kind, passive)) => {
            use super::relations::RelationKind as K;
            match (kind, passive) {
                (K::Replaces, true) => Relation::ReplacedBy,
                (K::Repeals | K::PartlyRepeals, true) => Relation::RepealedBy,
                (K::Amends, true) => Relation::AmendedBy,
                (kind, _) => kind.as_citation_relation(),
            }
        }
        None => Relation::Mentions,
    }
}

/// Start of the clause holding `at`: after the last line break, `;` or sentence end.
fn clause_start(text: &str, at: usize) -> usize {
    let before = text.get(..at).unwrap_or("");
    let mut start = 0;
    for (i, c) in before.char_indices() {
        let boundary = c == '\n'
            || c == ';'
            || (c == '.'
                && before
                    .get(i + 1..)
                    .is_some_and(|r| r.starts_with(' ') || r.is_empty()));
        if boundary {
            start = i + c.len_utf8();
        }
    }
    start
}

fn line_start(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// The largest char boundary not after `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte span of each passage's text inside the body, found in order; `None` when not found.
fn locate_passages(body: &str, outline: &[Passage]) -> Vec<Option<(usize, usize)>> {
    let mut cursor = 0;
    outline
        .iter()
        .map(|p| {
            let needle = p.text.trim();
            if needle.is_empty() {
                return None;
            }
            let found = body
                .get(cursor..)
                .and_then(|b| b.find(needle))
                .map(|i| i + cursor)
                .or_else(|| body.find(needle));
            found.map(|s| {
                cursor = s;
                (s, s + needle.len())
            })
        })
        .collect()
}

/// The path of the smallest located passage containing `at`.
fn innermost(spans: &[Option<(usize, usize)>], outline: &[Passage], at: usize) -> Option<String> {
    spans
        .iter()
        .zip(outline)
        .filter_map(|(s, p)| {
            s.filter(|(a, b)| *a <= at && at < *b)
                .map(|(a, b)| (b - a, p))
        })
        .min_by_key(|(len, _)| *len)
        .map(|(_, p)| p.path.clone())
}

/// What the mentions of one number say: date, issuer, type.
type Known = (Option<NaiveDate>, Option<String>, Option<String>);

/// A number names one document: a date, issuer or type read at one mention completes the others.
fn fill_from_other_mentions(found: &mut [Citation]) {
    let mut known: HashMap<String, Known> = HashMap::new();
    for c in found.iter() {
        let Some(k) = &c.number_key else { continue };
        let e = known.entry(k.clone()).or_default();
        e.0 = e.0.or(c.date);
        // A name from an upper-case title (`CỦA BAN BÍ THƯ`) yields to one written normally.
        let shouting = |n: &Option<String>| n.as_ref().is_some_and(|n| n.to_uppercase() == *n);
        if e.1.is_none() || (shouting(&e.1) && c.issuer.is_some() && !shouting(&c.issuer)) {
            e.1.clone_from(&c.issuer);
        }
        if e.2.is_none() {
            e.2.clone_from(&c.doc_type);
        }
    }
    for c in found.iter_mut() {
        let Some((date, issuer, doc_type)) = c.number_key.as_ref().and_then(|k| known.get(k))
        else {
            continue;
        };
        c.date = c.date.or(*date);
        if c.issuer.is_none() || c.issuer.as_ref().is_some_and(|n| n.to_uppercase() == *n) {
            c.issuer.clone_from(issuer);
        }
        if c.doc_type.is_none() {
            c.doc_type.clone_from(doc_type);
        }
    }
}

/// One citation per (number key, passage, relation), in first-seen order.
fn dedupe(found: Vec<Citation>) -> Vec<Citation> {
    let mut seen = std::collections::HashSet::new();
    found
        .into_iter()
        .filter(|c| {
            c.number_key.is_none()
                || seen.insert((c.number_key.clone(), c.passage.clone(), c.relation))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SEED: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/seed/176-KH-UBND-2020-lang-son.txt"
    );
    const PHAPDIEN: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/phapdien/phapdien_dieu.csv"
    );

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn by_key<'a>(cs: &'a [Citation], key: &str) -> Vec<&'a Citation> {
        cs.iter()
            .filter(|c| c.number_key.as_deref() == Some(key))
            .collect()
    }

    #[test]
    fn implements_a_decision_of_the_prime_minister() {
        let s = "Thực hiện Quyết định số 1521/QĐ-TTg ngày 06/10/2020 của Thủ tướng Chính phủ về việc ban hành \
                 Kế hoạch thực hiện Kết luận số 80-KL/TW, ngày 20 tháng 6 năm 2020 của Ban Bí thư về tiếp tục \
                 thực hiện Chỉ thị số 32-CT/TW, ngày 09 tháng 12 năm 2003 của Ban Bí thư về tăng cường sự lãnh đạo \
                 của Đảng (sau đây gọi tắt là Kết luận số 80-KL/TW), Uỷ ban nhân dân tỉnh Lạng Sơn ban hành Kế hoạch";
        let cs = extract_citations(s, &[]);
        assert_eq!(cs.len(), 3, "{cs:#?}");
        let q = &cs[0];
        assert_eq!(q.number_key.as_deref(), Some("1521/QĐ-TTG"));
        assert_eq!(q.doc_type.as_deref(), Some("Quyết định"));
        assert_eq!(q.relation, Relation::Implements);
        assert_eq!(q.date, ymd(2020, 10, 6));
        assert_eq!(q.issuer.as_deref(), Some("Thủ tướng Chính phủ"));
        assert_eq!(
            q.raw,
            "Quyết định số 1521/QĐ-TTg ngày 06/10/2020 của Thủ tướng Chính phủ"
        );
        let kl = &cs[1];
        assert_eq!(kl.number_key.as_deref(), Some("80-KL/TW"));
        assert_eq!(kl.doc_type.as_deref(), Some("Kết luận"));
        assert_eq!(
            (kl.date, kl.issuer.as_deref()),
            (ymd(2020, 6, 20), Some("Ban Bí thư"))
        );
        // `thực hiện` inside 1521's title is not this plan's wording.
        assert_eq!(kl.relation, Relation::Mentions);
        let ct = &cs[2];
        assert_eq!(
            (ct.number_key.as_deref(), ct.date),
            (Some("32-CT/TW"), ymd(2003, 12, 9))
        );
        assert_eq!(ct.doc_type.as_deref(), Some("Chỉ thị"));
        assert_eq!(cs.iter().filter(|c| c.passage.is_none()).count(), 3);
    }

    #[test]
    fn based_on_list_and_law_by_name() {
        let s = "Căn cứ Luật Phổ biến, giáo dục pháp luật số 14/2012/QH13 ngày 20 tháng 6 năm 2012;\n\
                 Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể;";
        let cs = extract_citations(s, &[]);
        assert_eq!(cs.len(), 2, "{cs:#?}");
        assert_eq!(cs[0].doc_type.as_deref(), Some("Luật"));
        assert_eq!(cs[0].number_key.as_deref(), Some("14/2012/QH13"));
        assert_eq!(cs[0].relation, Relation::BasedOn);
        assert!(cs[0]
            .raw
            .starts_with("Luật Phổ biến, giáo dục pháp luật số"));
        assert_eq!(
            cs[0].issuer.as_deref(),
            Some("Quốc hội"),
            "inferred from QH13"
        );
        assert_eq!(cs[1].issuer.as_deref(), Some("Chính phủ"));
        assert_eq!(cs[1].relation, Relation::BasedOn);
        assert_eq!(cs[1].date, ymd(2021, 7, 15));
    }

    #[test]
    fn references_without_so_and_article_ranges() {
        let cs = extract_citations("tiếp tục thực hiện Chỉ thị 32-CT/TW của Ban Bí thư", &[]);
        assert_eq!(cs[0].number_key.as_deref(), Some("32-CT/TW"));
        assert_eq!(cs[0].relation, Relation::Implements);
        assert_eq!(cs[0].issuer.as_deref(), Some("Ban Bí thư"));
        let cs = extract_citations(
            "theo quy định tại khoản 2 Điều 3 Luật số 80/2015/QH13 và",
            &[],
        );
        assert_eq!(cs[0].raw, "khoản 2 Điều 3 Luật số 80/2015/QH13");
        assert_eq!(cs[0].doc_type.as_deref(), Some("Luật"));
    }

    #[test]
    fn relations_from_wording() {
        let r = |s: &str| extract_citations(s, &[]).first().map(|c| c.relation);
        assert_eq!(
            r("Sửa đổi, bổ sung một số điều của Nghị định số 63/2010/NĐ-CP"),
            Some(Relation::Amends)
        );
        assert_eq!(
            r("Quyết định này thay thế Quyết định số 20/2015/QĐ-UBND"),
            Some(Relation::Replaces)
        );
        assert_eq!(
            r("Bãi bỏ Thông tư số 35/2014/TT-BCA"),
            Some(Relation::Repeals)
        );
        assert_eq!(
            r("Thông tư này hướng dẫn Nghị định số 105/2015/NĐ-CP"),
            Some(Relation::Guides)
        );
        assert_eq!(
            r("Quy định chi tiết một số điều của Luật số 58/2020/QH14"),
            Some(Relation::Guides)
        );
        assert_eq!(
            r("theo Quyết định số 619/QĐ- TTg ngày 08/5/2017"),
            Some(Relation::Mentions)
        );
    }

    #[test]
    fn parses_a_phap_dien_citation() {
        let s = "(Điều 1 Luật số 57/2020/QH14 Luật Thanh niên ngày 16/06/2020 của Quốc hội, có hiệu lực thi hành kể từ ngày 01/01/2021)";
        let c = parse_citation(s).unwrap();
        assert_eq!(c.number_key.as_deref(), Some("57/2020/QH14"));
        assert_eq!(c.doc_type.as_deref(), Some("Luật"));
        assert_eq!(c.date, ymd(2020, 6, 16));
        assert_eq!(c.issuer.as_deref(), Some("Quốc hội"));
        assert!(c.raw.starts_with("Điều 1 Luật số 57/2020/QH14"));
    }

    #[test]
    fn effective_date_is_not_the_issue_date() {
        let c = parse_citation(
            "(Điều 35 Luật số 52/2010/QH12, có hiệu lực thi hành kể từ ngày 01/01/2011)",
        )
        .unwrap();
        assert_eq!(c.date, None);
        assert_eq!(c.number_key.as_deref(), Some("52/2010/QH12"));
    }

    #[test]
    fn amendment_notes_are_citations_too() {
        let s = "(Điều 11 Nghị định số 63/2010/NĐ-CP, có hiệu lực thi hành kể từ ngày 14/10/2010, có nội dung được sửa đổi \
                 bởi Điều 1 Nghị định số 48/2013/NĐ-CP có hiệu lực thi hành kể từ ngày 01/07/2013; Điều 1 Nghị định số \
                 92/2017/NĐ-CP có hiệu lực thi hành kể từ ngày 25/09/2017)";
        let cs = extract_citations(s, &[]);
        let keys: Vec<_> = cs
            .iter()
            .map(|c| (c.number_key.as_deref().unwrap(), c.relation))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("63/2010/NĐ-CP", Relation::Mentions),
                ("48/2013/NĐ-CP", Relation::AmendedBy),
                ("92/2017/NĐ-CP", Relation::AmendedBy)
            ]
        );
        assert!(cs
            .iter()
            .all(|c| c.issuer.as_deref() == Some("Chính phủ") && c.date.is_none()));
    }

    #[test]
    fn unnumbered_ordinance_with_date_and_issuer() {
        let c = parse_citation("((Điều 1 Pháp lệnh Bảo vệ công trình quốc phòng và khu quân sự ngày 19/05/1994 của Uỷ ban Thường vụ Quốc hội, có hiệu lực thi hành kể từ ngày 03/06/1994))").unwrap();
        assert_eq!(c.number_key, None);
        assert_eq!(c.doc_type.as_deref(), Some("Pháp lệnh"));
        assert_eq!(c.date, ymd(1994, 5, 19));
        assert!(c.issuer.is_some());
    }

    #[test]
    fn seed_citations() {
        let Ok(text) = std::fs::read_to_string(SEED) else {
            eprintln!("note: {SEED} missing, skipped");
            return;
        };
        let cs = extract_citations(&text, &[]);
        let q = by_key(&cs, "1521/QĐ-TTG");
        assert!(
            q.iter().any(|c| c.relation == Relation::Implements),
            "{cs:#?}"
        );
        assert!(q
            .iter()
            .all(|c| c.date == ymd(2020, 10, 6)
                && c.issuer.as_deref() == Some("Thủ tướng Chính phủ")));
        let kl = by_key(&cs, "80-KL/TW");
        assert!(
            !kl.is_empty()
                && kl.iter().all(
                    |c| c.date == ymd(2020, 6, 20) && c.issuer.as_deref() == Some("Ban Bí thư")
                )
        );
        assert!(
            kl.iter().any(|c| c.relation == Relation::Implements),
            "the plan implements 80-KL/TW: {kl:#?}"
        );
        let ct = by_key(&cs, "32-CT/TW");
        assert!(!ct.is_empty() && ct.iter().all(|c| c.date == ymd(2003, 12, 9)));
        let d = by_key(&cs, "619/QĐ-TTG");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].date, ymd(2017, 5, 8));
        assert_eq!(d[0].issuer.as_deref(), Some("Thủ tướng Chính phủ"));
        // The plan's own number in its header is not a citation.
        assert!(by_key(&cs, "176/KH-UBND")
            .iter()
            .all(|c| !c.raw.starts_with("Số")));
    }

    #[test]
    fn passages_get_the_innermost_path() {
        let body = "II. NHIỆM VỤ\n1. Triển khai.\na) Tổ chức quán triệt Kết luận số 80-KL/TW.\n2. Khác, theo Quyết định số 619/QĐ-TTg.";
        let outline = vec![
            Passage {
                path: "II".into(),
                heading: None,
                text: body.to_string(),
            },
            Passage {
                path: "II > 1".into(),
                heading: None,
                text: "1. Triển khai.\na) Tổ chức quán triệt Kết luận số 80-KL/TW.".into(),
            },
            Passage {
                path: "II > 2".into(),
                heading: None,
                text: "2. Khác, theo Quyết định số 619/QĐ-TTg.".into(),
            },
        ];
        let cs = extract_citations(body, &outline);
        assert_eq!(cs.len(), 2);
        assert_eq!(cs[0].passage.as_deref(), Some("II > 1"));
        assert_eq!(cs[1].passage.as_deref(), Some("II > 2"));
    }

    /// Pháp điển `vbqppl` figures: (rows, number, type, date, issuer, all four, date stated,
    /// issuer stated, date found where stated, issuer found where stated). Most rows state only
    /// an effective date (`có hiệu lực thi hành kể từ ...`), which is not the issue date, so the
    /// date is measured against the rows that state one (`ngày ... của ...`).
    fn phapdien_figures() -> Option<[usize; 10]> {
        let Ok(mut rdr) = csv::Reader::from_path(PHAPDIEN) else {
            return None;
        };
        let stated_date = Regex::new(r"ngày [0-9]{1,2}/[0-9]{1,2}/[0-9]{4} của").unwrap();
        let mut f = [0usize; 10];
        for rec in rdr.deserialize::<HashMap<String, String>>() {
            let rec = rec.ok()?;
            let s = rec.get("vbqppl")?;
            f[0] += 1;
            let has_date = stated_date.is_match(s);
            // `ngày ... của <issuer>` is how the column states both; a bare ` của ` is often
            // inside a title (`... của tổ chức quốc tế`).
            let has_issuer = has_date;
            f[6] += has_date as usize;
            f[7] += has_issuer as usize;
            let Some(c) = parse_citation(s) else { continue };
            let n = c.number_key.is_some();
            let t = c.doc_type.is_some();
            let d = c.date.is_some();
            let i = c.issuer.is_some();
            f[1] += n as usize;
            f[2] += t as usize;
            f[3] += d as usize;
            f[4] += i as usize;
            f[5] += (n && t && d && i) as usize;
            f[8] += (has_date && d) as usize;
            f[9] += (has_issuer && i) as usize;
        }
        Some(f)
    }

    #[test]
    #[ignore = "prints figures over the Pháp điển CSV"]
    fn phapdien_report() {
        let Some(f) = phapdien_figures() else { return };
        let pct = |x: usize, of: usize| 100.0 * x as f64 / of.max(1) as f64;
        println!("rows {}", f[0]);
        for (name, i) in [
            ("number", 1),
            ("type", 2),
            ("date", 3),
            ("issuer", 4),
            ("all four", 5),
        ] {
            println!("{name:10} {:5} {:5.1}%", f[i], pct(f[i], f[0]));
        }
        println!(
            "date stated {} found {} ({:.1}%)",
            f[6],
            f[8],
            pct(f[8], f[6])
        );
        println!(
            "issuer stated {} found {} ({:.1}%)",
            f[7],
            f[9],
            pct(f[9], f[7])
        );
        // The misses, to read.
        let mut rdr = csv::Reader::from_path(PHAPDIEN).unwrap();
        let mut shown = 0;
        for rec in rdr.deserialize::<HashMap<String, String>>().flatten() {
            let s = &rec["vbqppl"];
            let c = parse_citation(s);
            let miss = c.as_ref().is_none_or(|c| {
                c.number_key.is_none()
                    || c.doc_type.is_none()
                    || c.issuer.is_none()
                    || (s.contains(" của ") && c.date.is_none())
            });
            if miss && shown < 40 {
                shown += 1;
                println!("MISS {s}\n  -> {c:?}");
            }
        }
    }

    #[test]
    fn phapdien_floor() {
        let Some(f) = phapdien_figures() else {
            eprintln!("note: {PHAPDIEN} missing, skipped");
            return;
        };
        assert_eq!(f[0], 5243);
        assert!(f[1] * 100 >= f[0] * 97, "number {f:?}");
        assert!(f[2] * 100 >= f[0] * 97, "type {f:?}");
        assert!(f[4] * 100 >= f[0] * 90, "issuer {f:?}");
        assert!(f[8] * 100 >= f[6] * 95, "date where stated {f:?}");
        assert!(f[9] * 100 >= f[7] * 95, "issuer where stated {f:?}");
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            let _ = extract_citations(&s, &[]);
            let _ = parse_citation(&s);
        }

        #[test]
        fn never_panics_on_citation_like_text(s in "(Căn cứ|Quyết định|số|ngày|của|Thủ tướng|\\(|\\)|;|,|[0-9]{1,4}|/|-|QĐ|TTg|KL|TW|Điều|khoản|gọi tắt là|bởi|được sửa đổi| |\n){0,30}") {
            let cs = extract_citations(&s, &[Passage { path: "I".into(), heading: None, text: s.clone() }]);
            for c in cs {
                prop_assert_eq!(c.passage.as_deref(), Some("I"));
            }
            let _ = parse_citation(&s);
        }
    }
}
