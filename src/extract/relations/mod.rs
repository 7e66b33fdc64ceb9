//! Relations between documents read from their wording (issue 24): who ends, replaces, repeals,
//! amends, suspends, guides, is based on or implements whom, with the target's articles and the
//! date the change takes effect when the text gives it.
//!
//! One vocabulary, [`RelationKind`], with its written forms beside it ([`WORDINGS`]). A relation
//! has a direction: `source` is the document making the change (`None` = the document the text
//! belongs to), `target` the document changed. A sentence that reports a change made by a third
//! document (`Luật số 25/2008/QH12 đã được sửa đổi, bổ sung một số điều theo Luật số 46/2014/QH13`,
//! or a cited document's title `Nghị định số 11/2012/NĐ-CP … sửa đổi, bổ sung một số điều của Nghị
//! định số 163/2006/NĐ-CP`) records that third document as the source.
//!
//! Three readers: [`relations_in`] for running text (clauses, and lists `Các văn bản sau đây hết
//! hiệu lực …: a) … b) …` whose items inherit the intro's verb), [`relations_in_title`] for a
//! document's own title (trích yếu: `Bãi bỏ Quyết định số …`), and [`relations_in_note`] for a
//! Pháp điển note (`(Điều 29 Nghị định số 63/2010/NĐ-CP, …, bị bãi bỏ bởi Điều 1 Nghị định số
//! 48/2013/NĐ-CP có hiệu lực thi hành kể từ ngày 01/07/2013)`), whose target is the document
//! and article named at its head.

use once_cell::sync::Lazy;
use regex::Regex;

use super::citations::cited;
use super::dates::find_dates;
use crate::document::{Citation, Relation};
use crate::number;
pub use crate::relation::{DocRelation, Effective, RelationKind};
pub use titles::{note_head, own_expiry, plan_period_end, relations_in_note, relations_in_title};

mod titles;

/// The written forms of each kind (regular expressions, case-insensitive). `Bãi bỏ` of named
/// articles is [`RelationKind::PartlyRepeals`], decided from its object, not from the verb.
pub const WORDINGS: &[(RelationKind, &str)] = &[
    (RelationKind::Expires, r"hết\s+hiệu\s+lực"),
    (
        RelationKind::Suspends,
        r"(?:tạm\s+)?ngưng\s+(?:hiệu\s+lực|thi\s+hành)|đình\s+chỉ\s+(?:việc\s+)?thi\s+hành",
    ),
    (
        RelationKind::Amends,
        r"(?:thay\s+thế|bỏ)\s+(?:một\s+số\s+)?(?:từ|cụm\s+từ)|sửa\s+đổi|bổ\s+sung",
    ),
    (RelationKind::Replaces, r"thay\s+thế"),
    (RelationKind::Repeals, r"bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ"),
    (RelationKind::Guides, r"hướng\s+dẫn|quy\s+định\s+chi\s+tiết"),
    (RelationKind::BasedOn, r"căn\s+cứ"),
    (RelationKind::Implements, r"thực\s+hiện|triển\s+khai"),
];

/// Type words that name a document in `<Type> này` (this document).
const THIS: &str = r"(?:Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+quyết(?:\s+liên\s+tịch)?|Nghị\s+định|Thông\s+tư(?:\s+liên\s+tịch)?|Quyết\s+định|Chỉ\s+thị|Quy\s+định|Quy\s+chế|Pháp\s+luật|văn\s+bản)\s+này";

static WORDING: Lazy<Regex> = Lazy::new(|| {
    let alts: Vec<String> = WORDINGS.iter().map(|(_, w)| format!("({w})")).collect();
    Regex::new(&format!(r"(?i)\b(?:{})", alts.join("|"))).expect("static regex")
});

/// Text allowed before a governing verb: a list marker, `Kể từ ngày …,`, `<Type> này`, `có hiệu
/// lực … và`.
static HEAD_START: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)^[\s(]*(?:(?:[a-zđ]|[0-9]{{1,2}}(?:\.[0-9]{{1,2}})?)[).]\s*)?(?:về\s+việc\s+|v/v\s+|về\s+)?(?:(?:kể\s+)?từ\s+ngày[^,;]{{0,80}},\s*)?(?:{THIS}\s+)?(?:(?:có\s+hiệu\s+lực|được\s+áp\s+dụng)[^;:]{{0,120}}?(?:,|\bvà|;)\s*)?(?:tiếp\s+tục\s+)?$"
    ))
    .expect("static regex")
});

/// `hết hiệu lực` only on a condition (`đến khi Nghị quyết … hết hiệu lực`).
static CONDITIONAL: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\b(?:khi|nếu|trường\s+hợp)\s*$").expect("static regex"));

static EXPIRES: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\bhết\s+hiệu\s+lực").expect("static regex"));

/// `(đã) được sửa đổi, bổ sung (một số điều) theo|tại|bởi` right before the amending document.
static PASSIVE_BY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:đã\s+)?(?:được|bị)\s+(sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|thay\s+thế)(?:[\s,]*(?:và\s+)?(?:sửa\s+đổi|bổ\s+sung))*(?:\s+(?:một\s+số\s+điều|một\s+số\s+nội\s+dung))?\s+(?:theo|tại|bởi|bằng)\s*(?:\(\s*)?$")
        .expect("static regex")
});

/// `(đã được sửa đổi tại Khoản 10 Điều 1 Nghị định này)`: amended by the citing document.
static PASSIVE_BY_THIS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)^[^;]{{0,200}}?(?:đã\s+)?được\s+(?:sửa\s+đổi|bổ\s+sung)[^;]{{0,20}}?\s+(?:theo|tại|bởi)\s+(?:(?:điểm|khoản|điều|mục)\s+\S+\s+)*(?:của\s+)?{THIS}"
    ))
    .expect("static regex")
});

/// The end of a cited document's title that amends the next document: `… sửa đổi, bổ sung một số
/// điều của`.
static TITLE_AMENDS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:^|[^\p{L}])(?:về\s+(?:việc\s+)?)?(?:sửa\s+đổi|bổ\s+sung)(?:[\s,]*(?:và\s+)?(?:sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|thay\s+thế))*\s+(?:(?:một\s+số|các)\s+(?:điều|khoản|nội\s+dung|quy\s+định)\s+)?(?:(?:của|tại)\s+)?(?:[^,;()]{0,160}?\sban\s+hành\s+kèm\s+theo\s+)?(?:(?:điểm|khoản|điều)\s+[0-9a-zđ]+\s*(?:,|và)?\s*)*(?:(?:nghị\s+định|thông\s+tư|quyết\s+định)\s+(?:số\s+)?)?$")
        .expect("static regex")
});

/// `… hướng dẫn (thi hành) (một số điều của)` ending a cited document's title.
static TITLE_GUIDES: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:^|[^\p{L}])(?:hướng\s+dẫn|quy\s+định\s+chi\s+tiết)(?:\s+(?:và\s+hướng\s+dẫn\s+)?(?:thi\s+hành|thực\s+hiện|và\s+biện\s+pháp\s+thi\s+hành))?(?:\s+(?:một\s+số|các)\s+(?:điều|nội\s+dung|quy\s+định))?(?:\s+(?:của|tại))?\s+(?:(?:điểm|khoản|điều)\s+[0-9a-zđ]+\s*(?:,|và)?\s*)*(?:(?:nghị\s+định|thông\s+tư|quyết\s+định)\s+(?:số\s+)?)?$")
        .expect("static regex")
});

/// `… thực hiện` ending a cited document's title (`Kế hoạch số … thực hiện Nghị quyết …`).
static TITLE_IMPLEMENTS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:^|[^\p{L}])(?:thực\s+hiện|triển\s+khai)\s+$").expect("static regex")
});

/// A list separator between two coordinated citations (`…, Quyết định số`, `… và số`).
static SEPARATOR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:^|[,;]|\svà|\svà\s+các|\shoặc)\s*(?:số\s*)?(?:các\s+)?(?:(?:nội\s+dung|quy\s+định)[^,;]{0,120}?\s+tại\s+)?$")
        .expect("static regex")
});

/// `kể từ ngày Nghị định này có hiệu lực`: the source's effective date.
static WITH_SOURCE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\btừ\s+ngày\s+(?:\p{L}+\s+){1,3}này\s+có\s+hiệu\s+lực").expect("static regex")
});

/// `(có) hiệu lực (thi hành) (kể) từ ngày <date>`.
static ON_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+(?:ngày\s+)?|\bkể\s+từ\s+(?:ngày\s+)?)$")
        .expect("static regex")
});

/// `<Type> này thay thế …`: replaced when this document takes effect.
static THIS_REPLACES: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)^[\s(]*(?:[0-9]{{1,2}}\.\s*)?{THIS}\s+thay\s+thế"
    ))
    .expect("static regex")
});

/// A list item marker: `a)`, `đ)`, `1.`, `2)`.
static ITEM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)^\s*(?:[a-zđ]|[0-9]{1,2})[).]\s").expect("static regex"));

/// Article references: `khoản 2 Điều 3`, `Các Điều 24, 25 và 34`, `Chương IV-A`, `Phụ lục IIa`.
static ARTICLES: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:(?:điểm|khoản)\s+[0-9a-zđ]+(?:\s*(?:,|và)\s*[0-9a-zđ]+)*\s+(?:của\s+)?)*(?:điều|chương|mục|phần|phụ\s+lục|biểu\s+mẫu|khoản|điểm)\s+(?:số\s+)?(?-i:[0-9]+|[IVXLC]+\b)[a-zđA-Z]?(?:-[A-Z])?(?:\s*(?:,|và|đến)\s*(?:điều\s+)?[0-9IVXLC]+[a-zđ]?)*")
        .expect("static regex")
});

/// Words that make a repeal partial: the object is part of the document.
static PART: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:điểm|khoản|điều|chương|mục|phần|phụ\s+lục|biểu\s+mẫu|danh\s+mục|quy\s+định|nội\s+dung|quy\s+chế|định\s+mức|cụm\s+từ)\b")
        .expect("static regex")
});

/// A citation located in a text.
struct Cite {
    start: usize,
    end: usize,
    /// Where the number or its type word starts (after an article prefix).
    name_start: usize,
    key: String,
    doc_type: Option<String>,
}

fn cites(text: &str) -> Vec<Cite> {
    let mut out: Vec<Cite> = Vec::new();
    for (start, c) in cited(text) {
        let Some(key) = c.number_key.clone() else {
            continue;
        };
        let from = text.get(start..).and_then(|t| t.find(c.raw.as_str()));
        let start = from.map_or(start, |i| start + i);
        let end = (start + c.raw.len()).min(text.len());
        let raw = text.get(start..end).unwrap_or("");
        let name_start = start + name_offset(raw, &c);
        // `… một số điều theo Luật số …` is not an article prefix: keep only a real one.
        let start = match text.get(start..name_start).and_then(|p| ARTICLES.find(p)) {
            Some(a) => start + a.start(),
            None => name_start,
        };
        // A title or clause read as the issuer (`của Chính phủ sửa đổi bổ sung …`) ends the
        // citation at its first relation wording.
        let num_end = number::find_all(raw)
            .first()
            .map_or(name_start, |m| start.max(end - raw.len()) + m.end);
        let end = text
            .get(num_end.min(end)..end)
            .and_then(|tail| WORDING.find(tail))
            .map_or(end, |w| num_end.min(end) + w.start());
        if out.last().is_some_and(|p| p.end > start) {
            continue;
        }
        out.push(Cite {
            start,
            end,
            name_start,
            key,
            doc_type: c.doc_type,
        });
    }
    out
}

/// Offset in the citation's raw text where the article prefix ends.
fn name_offset(raw: &str, c: &Citation) -> usize {
    let num = number::find_all(raw).first().map_or(0, |m| m.start);
    let words = c
        .doc_type
        .as_deref()
        .and_then(|t| raw.to_lowercase().find(&t.to_lowercase()));
    match words {
        Some(w) if w <= num => w,
        _ => num,
    }
}

/// The last `n` bytes of `s` (at a char boundary): end-anchored patterns look no further, so a
/// long line costs linear time.
fn tail(s: &str, n: usize) -> &str {
    let mut i = s.len().saturating_sub(n);
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

/// The first `n` bytes of `s` (at a char boundary).
fn head_of(s: &str, n: usize) -> &str {
    let mut i = n.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

fn articles_in(s: &str) -> Vec<String> {
    ARTICLES
        .find_iter(s)
        .map(|m| m.as_str().trim().to_string())
        .collect()
}

/// The kind a wording match stands for.
fn kind_of(caps: &regex::Captures) -> Option<RelationKind> {
    WORDINGS
        .iter()
        .enumerate()
        .find(|(i, _)| caps.get(i + 1).is_some())
        .map(|(_, (k, _))| *k)
}

/// The kind a relation keyword stands for, and whether it is passive (`được sửa đổi`): how
/// [`super::citations`] names a keyword it found before a citation.
pub fn keyword_kind(keyword: &str) -> Option<(RelationKind, bool)> {
    let caps = WORDING.captures(keyword)?;
    let kind = kind_of(&caps)?;
    let lower = keyword.to_lowercase();
    let passive = lower.starts_with("được") || lower.starts_with("bị");
    Some((kind, passive))
}

/// The governing verb of a clause head: the last wording in `head`, written where a clause's
/// verb stands. Returns its kind and where its object starts.
fn governing(head: &str) -> Option<(RelationKind, usize)> {
    // A clause's verb stands near its start (after at most a list marker and `… này có hiệu lực
    // … và`).
    let head = head_of(head, 400);
    static RUN: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)(?:(?:sửa\s+đổi|bổ\s+sung|thay\s+thế|bãi\s+bỏ|bỏ)\s*(?:,|và)?\s*)+$")
            .expect("static regex")
    });
    static BASED: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?i)^[\s(]*(?:[a-zđ]\)\s*)?$").expect("static regex"));
    static IMPL: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^[\s(]*(?:[a-zđ]\)\s*)?(?:(?:tiếp\s+tục|triển\s+khai)\s*,?\s*)?$")
            .expect("static regex")
    });
    for caps in WORDING.captures_iter(head) {
        let (Some(m), Some(kind)) = (caps.get(0), kind_of(&caps)) else {
            continue;
        };
        let before = head.get(..m.start())?;
        let ok = match kind {
            RelationKind::BasedOn => BASED.is_match(before),
            RelationKind::Implements => IMPL.is_match(before),
            _ => {
                let stripped = RUN.find(before).map_or(before, |r| &before[..r.start()]);
                HEAD_START.is_match(stripped)
            }
        };
        if ok {
            return Some((kind, m.end()));
        }
    }
    None
}

/// Whether the object between a verb and its citation suits the kind.
fn object_fits(kind: RelationKind, object: &str) -> bool {
    static BASED: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^\s*(?:vào\s+)?(?:(?:các\s+)?quy\s+định\s+(?:tại\s+)?)?(?:\p{Lu}\p{Ll}*\s+){0,2}(?:số\s+)?$").expect("static regex")
    });
    static IMPL: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^\s*(?:,?\s*thực\s+hiện\s+)?(?:nhiệm\s+vụ[^;]{0,160}?\s+theo\s+)?(?:\p{Lu}\p{Ll}*\s+){0,2}(?:số\s+)?$")
            .expect("static regex")
    });
    match kind {
        RelationKind::BasedOn => BASED.is_match(object),
        RelationKind::Implements => IMPL.is_match(object),
        _ => object.len() <= 700 && !object.contains(". "),
    }
}

/// Effective date stated in a clause (or its list intro).
fn effective_in(clause: &str) -> Option<Effective> {
    if WITH_SOURCE.is_match(clause) {
        return Some(Effective::WithSource);
    }
    for d in find_dates(clause) {
        if ON_DATE.is_match(tail(clause.get(..d.start).unwrap_or(""), 80)) {
            return Some(Effective::On(d.date));
        }
    }
    None
}

/// The verb a list intro gives its items.
#[derive(Clone, Copy)]
struct Intro {
    kind: RelationKind,
    effective: Option<Effective>,
    /// The intro's own list marker (`2.` → digit): an item with the same kind of marker is
    /// its sibling, not its child, and ends it.
    marker: Option<bool>,
}

/// The kind of a line's list marker: `Some(true)` for `2.`/`2)`, `Some(false)` for `a)`.
fn marker_of(line: &str) -> Option<bool> {
    ITEM.find(line).map(|m| {
        m.as_str()
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
    })
}

/// The sentences of a line: split after `. ` before a capital (`… kể từ ngày 01 tháng 01 năm
/// 2007. Bãi bỏ Quyết định số …`), so that a verb opening the second sentence governs it.
fn sentences(line: &str) -> Vec<&str> {
    static END: Lazy<Regex> = Lazy::new(|| Regex::new(r"\.\s+\p{Lu}").expect("static regex"));
    let mut out = Vec::new();
    let mut start = 0;
    for m in END.find_iter(line) {
        let cut = m.start() + 1;
        // Not after an abbreviation of one or two letters (`TP. Hồ Chí Minh`) or a list or
        // article number (`2. Định mức …`, `Điều 2. Quyết định …`, `1.2. Bãi bỏ …`).
        let word = line[start..m.start()].rsplit(' ').next().unwrap_or("");
        let short = word.chars().count() <= 2 && word.chars().all(char::is_uppercase);
        let marker = !word.is_empty()
            && word
                .split('.')
                .all(|p| p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()));
        if short || marker {
            continue;
        }
        out.push(&line[start..cut]);
        start = cut;
    }
    out.push(&line[start..]);
    out
}

/// Every relation stated in running text.
pub fn relations_in(text: &str) -> Vec<DocRelation> {
    let mut out = Vec::new();
    let mut intro: Option<Intro> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let is_item = ITEM.is_match(line);
        if is_item && intro.is_some_and(|i| i.marker.is_some() && i.marker == marker_of(line)) {
            intro = None;
        }
        let inherited = if is_item { intro } else { None };
        // An item's verb comes from its intro for its first sentence only.
        for (i, sentence) in sentences(line).into_iter().enumerate() {
            read_clause(sentence, inherited.filter(|_| i == 0), &mut out);
        }
        if trimmed.ends_with(':') {
            let kind = if EXPIRES.is_match(line) {
                Some(RelationKind::Expires)
            } else {
                governing(line).map(|(k, _)| k).filter(|k| {
                    matches!(
                        k,
                        RelationKind::Replaces
                            | RelationKind::Repeals
                            | RelationKind::Amends
                            | RelationKind::Suspends
                    )
                })
            };
            intro = kind.map(|kind| Intro {
                kind,
                effective: effective_in(line),
                marker: marker_of(line),
            });
        } else if !is_item {
            intro = None;
        }
    }
    dedupe(out)
}

/// Third-party relations in a clause: passive reports (`X đã được sửa đổi, bổ sung theo Y và Z`)
/// and cited titles (`Y … sửa đổi, bổ sung một số điều của X`). Returns which citations sit in
/// another's title (`nested`) and which are the amending documents of a passive report
/// (`consumed`); neither is a subject of the clause's own verb.
fn third_party(
    clause: &str,
    cs: &[Cite],
    evidence: Option<&str>,
    out: &mut Vec<DocRelation>,
) -> (Vec<bool>, Vec<bool>) {
    let evidence = evidence.unwrap_or(clause).trim().to_string();
    let mut nested = vec![false; cs.len()];
    let mut consumed = vec![false; cs.len()];
    for i in 0..cs.len() {
        let next_start = cs.get(i + 1).map_or(clause.len(), |n| n.start);
        let full_gap = clause.get(cs[i].end..next_start).unwrap_or("");
        let gap = tail(full_gap, 400);
        let target_articles = articles_in(clause.get(cs[i].start..cs[i].name_start).unwrap_or(""));
        if let Some(m) = PASSIVE_BY_THIS.find(head_of(full_gap, 400)) {
            let _ = m;
            out.push(DocRelation {
                kind: RelationKind::Amends,
                source: None,
                target: cs[i].key.clone(),
                articles: target_articles.clone(),
                effective: None,
                evidence: evidence.clone(),
                passage: None,
                target_effective: None,
            });
        }
        if i + 1 >= cs.len() {
            continue;
        }
        if let Some(caps) = PASSIVE_BY.captures(gap) {
            let verb = caps
                .get(1)
                .map(|v| v.as_str().to_lowercase())
                .unwrap_or_default();
            let kind = if verb.starts_with("bãi") {
                RelationKind::PartlyRepeals
            } else if verb.starts_with("thay") {
                RelationKind::Replaces
            } else {
                RelationKind::Amends
            };
            let mut j = i + 1;
            loop {
                consumed[j] = true;
                out.push(DocRelation {
                    kind,
                    source: Some(cs[j].key.clone()),
                    target: cs[i].key.clone(),
                    articles: target_articles.clone(),
                    effective: None,
                    evidence: evidence.clone(),
                    passage: None,
                    target_effective: None,
                });
                let Some(n) = cs.get(j + 1) else { break };
                let between = clause.get(cs[j].end..n.start).unwrap_or("");
                if !pure_separator(between) {
                    break;
                }
                j += 1;
            }
            continue;
        }
        let titled = [
            (RelationKind::Amends, &*TITLE_AMENDS),
            (RelationKind::Guides, &*TITLE_GUIDES),
            (RelationKind::Implements, &*TITLE_IMPLEMENTS),
        ]
        .into_iter()
        .find(|(_, re)| re.is_match(gap) && !passive_just_before(gap));
        if let Some((kind, re)) = titled {
            nested[i + 1] = true;
            let articles = articles_in(
                clause
                    .get(cs[i + 1].start..cs[i + 1].name_start)
                    .unwrap_or(""),
            );
            // `… sửa đổi, bổ sung và bãi bỏ một số điều của Thông tư số …` repeals part too.
            static ALSO_REPEALS: Lazy<Regex> =
                Lazy::new(|| Regex::new(r"(?i)\bbãi\s+bỏ\b").expect("static regex"));
            let also_repeals = kind == RelationKind::Amends
                && re
                    .find(gap)
                    .is_some_and(|m| ALSO_REPEALS.is_match(m.as_str()));
            for kind in
                std::iter::once(kind).chain(also_repeals.then_some(RelationKind::PartlyRepeals))
            {
                out.push(DocRelation {
                    kind,
                    source: Some(cs[i].key.clone()),
                    target: cs[i + 1].key.clone(),
                    articles: articles.clone(),
                    effective: None,
                    evidence: evidence.clone(),
                    passage: None,
                    target_effective: None,
                });
            }
        }
    }
    (nested, consumed)
}

/// `được sửa đổi …` at the end of a gap is a passive report, not a title.
fn passive_just_before(gap: &str) -> bool {
    static P: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)(?:được|bị)\s+(?:sửa\s+đổi|bổ\s+sung)[^.;]{0,40}$").expect("static regex")
    });
    P.is_match(gap)
}

fn pure_separator(between: &str) -> bool {
    static P: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^[\s,;]*(?:và|hoặc)?[\s,;]*(?:số\s*)?$").expect("static regex")
    });
    P.is_match(between)
}

/// The citations a clause's own verb governs: the first, and those coordinated with it (`A, B
/// và C`), but not those inside another's title nor the amending documents of a passive report.
fn subjects<'a>(
    clause: &str,
    cs: &'a [Cite],
    nested: &[bool],
    consumed: &[bool],
) -> Vec<(usize, &'a Cite)> {
    let mut out = Vec::new();
    let mut depth = vec![0usize; cs.len()];
    let first_type = cs.first().and_then(|c| c.doc_type.clone());
    for i in 0..cs.len() {
        if i > 0 {
            let gap = tail(clause.get(cs[i - 1].end..cs[i].start).unwrap_or(""), 400);
            let coordinated = !nested[i] && (pure_separator(gap) || SEPARATOR.is_match(gap));
            depth[i] = if !coordinated {
                depth[i - 1] + 1
            } else if depth[i - 1] == 0 || cs[i].doc_type == first_type {
                0
            } else {
                depth[i - 1]
            };
        }
        if depth[i] == 0 && !consumed[i] {
            out.push((i, &cs[i]));
        }
    }
    out
}

/// Records that the citing document does `kind` to citation `c`; `object` is the text between
/// the verb and the cited document's name (`các Điều 24, 25 của Quy chế … ban hành kèm theo`).
fn push_self(
    out: &mut Vec<DocRelation>,
    kind: RelationKind,
    c: &Cite,
    object: &str,
    effective: Option<Effective>,
    evidence: &str,
) {
    let mut articles = articles_in(object);
    // `Luật sửa đổi, bổ sung một số điều của …` names a whole document, not a part.
    static AMENDING_TITLE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)(?:sửa\s+đổi|bổ\s+sung)[,\s]*(?:(?:và\s+)?(?:sửa\s+đổi|bổ\s+sung)\s*)?một\s+số\s+(?:điều|nội\s+dung)(?:\s+của)?")
            .expect("static regex")
    });
    let partial = PART.is_match(&AMENDING_TITLE.replace_all(object, " "));
    if articles.is_empty() && partial && kind != RelationKind::Guides {
        articles.push("part".into());
    }
    let kind = match kind {
        RelationKind::Repeals if partial => RelationKind::PartlyRepeals,
        k => k,
    };
    out.push(DocRelation {
        kind,
        source: None,
        target: c.key.clone(),
        articles,
        effective,
        evidence: evidence.trim().to_string(),
        passage: None,
        target_effective: None,
    });
}

/// Relations of one line of running text.
fn read_clause(line: &str, inherited: Option<Intro>, out: &mut Vec<DocRelation>) {
    let cs = cites(line);
    if cs.is_empty() {
        return;
    }
    let (nested, consumed) = third_party(line, &cs, None, out);
    let subs = subjects(line, &cs, &nested, &consumed);
    let Some(&(_, first)) = subs.first() else {
        return;
    };
    let head = line.get(..first.start).unwrap_or("");
    let stated = effective_in(line).or(inherited.and_then(|i| i.effective));
    // `X, Y … hết hiệu lực (kể từ …)`: the subjects before the phrase end.
    let expiry = EXPIRES
        .find_iter(line)
        .find(|m| m.start() >= first.end)
        .map(|m| m.start());
    if let Some(p) = expiry {
        let near = tail(head, 80);
        let conditional = CONDITIONAL
            .is_match(near.trim_end_matches(|c: char| !c.is_alphanumeric()))
            || CONDITIONAL.is_match(near);
        if !conditional {
            for (i, c) in &subs {
                if c.end > p {
                    continue;
                }
                let object = if *i == 0 {
                    line.get(..c.name_start).unwrap_or("")
                } else {
                    after_separator(line.get(cs[i - 1].end..c.name_start).unwrap_or(""))
                };
                push_self(out, RelationKind::Expires, c, object, stated, line);
            }
        }
        return;
    }
    if let Some(intro) = inherited.filter(|i| i.kind == RelationKind::Expires) {
        for (i, c) in &subs {
            let object = if *i == 0 {
                line.get(..c.name_start).unwrap_or("")
            } else {
                after_separator(line.get(cs[i - 1].end..c.name_start).unwrap_or(""))
            };
            push_self(out, RelationKind::Expires, c, object, intro.effective, line);
        }
        return;
    }
    let (kind, object_start) = match guide_scope(head).or_else(|| governing(head)) {
        Some(g) => g,
        None => match inherited {
            Some(i) => (i.kind, ITEM.find(head).map_or(0, |m| m.end())),
            None => return,
        },
    };
    if matches!(kind, RelationKind::Mentions | RelationKind::Expires) {
        return;
    }
    let object = head.get(object_start..).unwrap_or("");
    if !object_fits(kind, object) {
        return;
    }
    if kind == RelationKind::Guides && !guides_this(head) {
        return;
    }
    let effective = match kind {
        RelationKind::Replaces if THIS_REPLACES.is_match(line) && effective_in(line).is_none() => {
            Some(Effective::WithSource)
        }
        RelationKind::Replaces
        | RelationKind::Repeals
        | RelationKind::Amends
        | RelationKind::Suspends => stated,
        _ => None,
    };
    for (i, c) in &subs {
        let object = if *i == 0 {
            line.get(object_start..c.name_start).unwrap_or("")
        } else {
            after_separator(line.get(cs[i - 1].end..c.name_start).unwrap_or(""))
        };
        push_self(out, kind, c, object, effective, line);
    }
}

/// The part of a gap between two coordinated citations that belongs to the second (after the
/// last `,`, `;` or `và`): the first one's title is not the second's object.
fn after_separator(gap: &str) -> &str {
    static SEP: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?i)[,;]|\svà\s|\shoặc\s").expect("static regex"));
    SEP.find_iter(gap)
        .last()
        .map_or(gap, |m| gap.get(m.end()..).unwrap_or(gap))
}

/// `Thông tư này hướng dẫn (thực hiện) …`: the document's scope, whatever verbs its object holds.
fn guide_scope(head: &str) -> Option<(RelationKind, usize)> {
    static G: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"(?i)^[\s(]*(?:[0-9]{{1,2}}\.\s*)?{THIS}\s+(?:hướng\s+dẫn|quy\s+định\s+chi\s+tiết)"
        ))
        .expect("static regex")
    });
    G.find(head).map(|m| (RelationKind::Guides, m.end()))
}

/// `Thông tư này hướng dẫn …`, or a clause opening with `Hướng dẫn` / `Quy định chi tiết`: the
/// document's own scope, not `theo hướng dẫn tại …`.
fn guides_this(head: &str) -> bool {
    static G: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"(?i)^[\s(]*(?:[0-9]{{1,2}}\.\s*)?(?:{THIS}\s+)?(?:hướng\s+dẫn|quy\s+định\s+chi\s+tiết)(?:\s|$)"
        ))
        .expect("static regex")
    });
    G.is_match(head)
}

/// One relation per (kind, source, target), articles merged, in first-seen order.
fn dedupe(found: Vec<DocRelation>) -> Vec<DocRelation> {
    let mut out: Vec<DocRelation> = Vec::new();
    for r in found {
        match out
            .iter_mut()
            .find(|o| o.kind == r.kind && o.source == r.source && o.target == r.target)
        {
            Some(o) => {
                for a in r.articles {
                    if !o.articles.contains(&a) {
                        o.articles.push(a);
                    }
                }
                o.effective = o.effective.or(r.effective);
                o.target_effective = o.target_effective.or(r.target_effective);
            }
            None => out.push(r),
        }
    }
    out
}

/// Sets each citation's relation from what [`relations_in`] reads in the same text: the kind of
/// the citing document's own relation to that number, else `mentions` when the keyword-based
/// guess claimed the citing document acts on it. The reverse relations of Pháp điển notes
/// (`amended_by`, ...) are left as they are.
pub(crate) fn refine_citations(text: &str, found: &mut [(usize, Citation)]) {
    // Reading the relations scans the whole text again: skip it where no citation has a number
    // to refine (most passages, and long texts that cite nothing).
    if found.iter().all(|(_, c)| c.number_key.is_none()) {
        return;
    }
    let rels = relations_in(text);
    for (_, c) in found.iter_mut() {
        let Some(key) = c.number_key.as_deref() else {
            continue;
        };
        let own = rels
            .iter()
            .find(|r| r.source.is_none() && r.target == key)
            .map(|r| r.kind.as_citation_relation());
        match own {
            Some(rel) => c.relation = rel,
            None => {
                if matches!(
                    c.relation,
                    Relation::Amends
                        | Relation::Replaces
                        | Relation::Repeals
                        | Relation::Guides
                        | Relation::BasedOn
                        | Relation::Implements
                ) {
                    c.relation = Relation::Mentions;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_note_states_its_head_documents_effective_date() {
        let rels = super::relations_in_note("(Điều 7 Thông tư số 152/2015/TT-BTC, có hiệu lực thi hành kể từ ngày 20/11/2015, có nội dung được sửa đổi bởi Điều 1 Thông tư số 12/2016/TT-BTC có hiệu lực thi hành kể từ ngày 01/07/2016)");
        let r = rels.iter().find(|r| r.target == "152/2015/TT-BTC").unwrap();
        assert_eq!(
            r.target_effective,
            chrono::NaiveDate::from_ymd_opt(2015, 11, 20)
        );
        assert_eq!(
            r.effective,
            chrono::NaiveDate::from_ymd_opt(2016, 7, 1).map(super::Effective::On)
        );
    }

    #[test]
    fn an_amending_laws_title_is_not_a_part() {
        let rels = super::relations_in("2. Luật này thay thế các luật sau đây:\nb) Luật sửa đổi, bổ sung một số điều của Luật thuế giá trị gia tăng số 07/2003/QH11;");
        let r = rels
            .iter()
            .find(|r| r.target == "7/2003/QH11")
            .expect("{rels:?}");
        assert_eq!(r.kind, super::RelationKind::Replaces);
        assert!(r.articles.is_empty(), "{r:?}");
    }

    #[test]
    fn a_sibling_item_ends_the_list() {
        let rels = super::relations_in("2. Thông tư này bãi bỏ:\na) Thông tư số 185/2016/TT-BTC ngày 08 tháng 11 năm 2016.\n3. Các nội dung khác thực hiện theo Nghị định số 91/2022/NĐ-CP ngày 30 tháng 10 năm 2022.");
        assert!(rels
            .iter()
            .any(|r| r.target == "185/2016/TT-BTC" && r.kind == super::RelationKind::Repeals));
        assert!(
            !rels.iter().any(|r| r.target == "91/2022/NĐ-CP"),
            "{rels:?}"
        );
    }

    #[test]
    fn own_expiry_clauses() {
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(
            super::own_expiry("Điều 5. Thông tư này có hiệu lực thi hành kể từ ngày 29 tháng 02 năm 2020 đến hết ngày 31 tháng 12 năm 2020."),
            d(2020, 12, 31)
        );
        assert_eq!(
            super::own_expiry("Nghị định này được thực hiện đến hết ngày 31 tháng 12 năm 2023."),
            d(2023, 12, 31)
        );
        assert_eq!(
            super::own_expiry("1. Quyết định này hết hiệu lực kể từ ngày 01/01/2027."),
            d(2027, 1, 1)
        );
        // A transitional rule about what the document allows, not its own end.
        assert_eq!(
            super::own_expiry("Giấy phép cấp theo Thông tư này được tiếp tục sử dụng đến hết ngày 31 tháng 12 năm 2021."),
            None
        );
        assert_eq!(
            super::own_expiry("Quyết định này có hiệu lực kể từ ngày 01/01/2022."),
            None
        );
    }

    #[test]
    fn a_plans_period_from_its_title() {
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        let end =
            |t: &str, title: &str, issued| super::plan_period_end(Some(t), Some(title), issued);
        let kh = "Kế hoạch";
        assert_eq!(
            end(
                kh,
                "Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng",
                None
            ),
            d(2030, 12, 31)
        );
        assert_eq!(
            end(
                kh,
                "Phát triển du lịch giai đoạn 2021-2025, định hướng đến năm 2030",
                d(2021, 3, 1)
            ),
            d(2025, 12, 31)
        );
        assert_eq!(
            end(kh, "Kiểm soát thủ tục hành chính năm 2026", d(2026, 1, 5)),
            d(2026, 12, 31)
        );
        assert_eq!(
            end(
                "Chương trình",
                "Phổ biến, giáo dục pháp luật từ nay đến năm 2025",
                d(2022, 1, 1)
            ),
            d(2025, 12, 31)
        );
        assert_eq!(
            end(
                kh,
                "Thực hiện Chiến lược quốc gia, tầm nhìn đến năm 2045",
                d(2022, 1, 1)
            ),
            None
        );
        // The seed: years inside dates and after its number are no period.
        assert_eq!(
            end(
                kh,
                "Kế hoạch 176/KH-UBND năm 2020 thực hiện Kết luận 80-KL/TW",
                d(2020, 10, 27)
            ),
            None
        );
        assert_eq!(
            end(kh, "THỰC HIỆN KẾT LUẬN SỐ 80-KL/TW, NGÀY 20 THÁNG 6 NĂM 2020 CỦA BAN BÍ THƯ VỀ TIẾP TỤC THỰC HIỆN CHỈ THỊ SỐ 32-CT/TW NGÀY 09 THÁNG 12 NĂM 2003", d(2020, 10, 27)),
            None
        );
        // A year before the plan was issued is what it reviews, not its period.
        assert_eq!(end(kh, "Tổng kết công tác năm 2025", d(2026, 1, 10)), None);
        // Laws and decisions do not end with the years their titles name.
        assert_eq!(
            super::plan_period_end(
                Some("Nghị quyết"),
                Some("Kế hoạch đầu tư công trung hạn giai đoạn 2021-2025"),
                d(2021, 7, 28)
            ),
            None
        );
        assert_eq!(
            end("Quyết định", "Phê duyệt Đề án giai đoạn 2021-2025", None),
            None
        );
    }

    use super::*;
    use chrono::NaiveDate;

    fn triples(rs: &[DocRelation]) -> Vec<(RelationKind, Option<&str>, &str)> {
        rs.iter()
            .map(|r| (r.kind, r.source.as_deref(), r.target.as_str()))
            .collect()
    }

    #[test]
    fn expires_from_the_day_this_takes_effect() {
        let rs = relations_in("Quyết định số 619/QĐ-TTg ngày 08 tháng 5 năm 2017 của Thủ tướng Chính phủ ban hành Quy định về xây dựng xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật hết hiệu lực kể từ ngày Quyết định này có hiệu lực thi hành.");
        assert_eq!(
            triples(&rs),
            vec![(RelationKind::Expires, None, "619/QĐ-TTG")]
        );
        assert_eq!(rs[0].effective, Some(Effective::WithSource));
    }

    #[test]
    fn expires_only_the_listed_documents_not_those_in_their_titles() {
        let rs = relations_in("Nghị quyết số 109/2015/QH13 ngày 27 tháng 11 năm 2015 của Quốc hội về việc thi hành Bộ luật Hình sự số 100/2015/QH13 và Nghị quyết số 144/2016/QH13 ngày 29 tháng 6 năm 2016 của Quốc hội về việc lùi hiệu lực thi hành của Bộ luật Hình sự số 100/2015/QH13, Bộ luật Tố tụng hình sự số 101/2015/QH13 hết hiệu lực kể từ ngày Nghị quyết này có hiệu lực thi hành.");
        let t = triples(&rs);
        assert!(t.contains(&(RelationKind::Expires, None, "109/2015/QH13")));
        assert!(t.contains(&(RelationKind::Expires, None, "144/2016/QH13")));
        assert!(
            !t.iter()
                .any(|x| x.2 == "100/2015/QH13" || x.2 == "101/2015/QH13"),
            "{t:?}"
        );
    }

    #[test]
    fn conditional_expiry_is_not_a_relation() {
        let rs = relations_in(
            "Quyết định này được thực hiện cho đến khi Nghị quyết số 55/2022/QH15 hết hiệu lực.",
        );
        assert!(rs.is_empty(), "{rs:?}");
    }

    #[test]
    fn replaces_every_item() {
        let rs = relations_in("Quyết định này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2014 và thay thế Quyết định số 63/2010/QĐ-TTg ngày 15 tháng 10 năm 2010 và Quyết định số 65/2011/QĐ-TTg ngày 02 tháng 12 năm 2011 của Thủ tướng Chính phủ.");
        assert_eq!(
            triples(&rs),
            vec![
                (RelationKind::Replaces, None, "63/2010/QĐ-TTG"),
                (RelationKind::Replaces, None, "65/2011/QĐ-TTG")
            ]
        );
        assert_eq!(
            rs[1].effective,
            Some(Effective::On(NaiveDate::from_ymd_opt(2014, 1, 1).unwrap()))
        );
    }

    #[test]
    fn list_items_inherit_the_intro() {
        let rs = relations_in("2. Bãi bỏ các nội dung quy định tại:\na) Các Điều 24, 25 và 34, khoản 2 Điều 37 của Quy chế ban hành kèm theo Nghị định số 103/2009/NĐ-CP ngày 06 tháng 11 năm 2009 của Chính phủ;\nb) Điều 1 Nghị định số 11/2019/NĐ-CP ngày 30 tháng 01 năm 2019 của Chính phủ.");
        let t = triples(&rs);
        assert_eq!(
            t,
            vec![
                (RelationKind::PartlyRepeals, None, "103/2009/NĐ-CP"),
                (RelationKind::PartlyRepeals, None, "11/2019/NĐ-CP")
            ]
        );
        assert!(rs[0].articles.iter().any(|a| a.contains("khoản 2 Điều 37")));
        let rs = relations_in("2. Các văn bản sau hết hiệu lực kể từ ngày Nghị định này có hiệu lực:\na) Nghị định số 40/2004/NĐ-CP ngày 13 tháng 02 năm 2004 của Chính phủ;\nb) Quyết định số 34/2013/QĐ-TTg ngày 04 tháng 6 năm 2013.");
        assert_eq!(
            triples(&rs),
            vec![
                (RelationKind::Expires, None, "40/2004/NĐ-CP"),
                (RelationKind::Expires, None, "34/2013/QĐ-TTG")
            ]
        );
    }

    #[test]
    fn a_reported_amendment_has_the_third_document_as_source() {
        let rs = relations_in(
            "Nghị định số 163/2018/NĐ-CP đã được sửa đổi, bổ sung bởi Nghị định số 81/2020/NĐ-CP.",
        );
        assert_eq!(
            triples(&rs),
            vec![(
                RelationKind::Amends,
                Some("81/2020/NĐ-CP"),
                "163/2018/NĐ-CP"
            )]
        );
        let rs = relations_in("d) Bãi bỏ khoản 4 Điều 18 của Luật bảo hiểm y tế số 25/2008/QH12 đã được sửa đổi, bổ sung một số điều theo Luật số 46/2014/QH13;");
        assert_eq!(
            triples(&rs),
            vec![
                (RelationKind::Amends, Some("46/2014/QH13"), "25/2008/QH12"),
                (RelationKind::PartlyRepeals, None, "25/2008/QH12")
            ]
        );
    }

    #[test]
    fn a_cited_title_that_amends() {
        let rs = relations_in("Bãi bỏ Nghị định số 123/2004/NĐ-CP ngày 18 tháng 5 năm 2004 của Chính phủ và Nghị định số 112/2015/NĐ-CP ngày 03 tháng 11 năm 2015 của Chính phủ sửa đổi, bổ sung Điều 5 Nghị định số 123/2004/NĐ-CP ngày 18 tháng 5 năm 2004 của Chính phủ.");
        let t = triples(&rs);
        assert!(t.contains(&(RelationKind::Repeals, None, "123/2004/NĐ-CP")));
        assert!(t.contains(&(RelationKind::Repeals, None, "112/2015/NĐ-CP")));
        assert!(t.contains(&(
            RelationKind::Amends,
            Some("112/2015/NĐ-CP"),
            "123/2004/NĐ-CP"
        )));
    }

    #[test]
    fn titles_give_relations_of_the_record() {
        let t = relations_in_title("Bãi bỏ Quyết định số 71/2025/QĐ-UBND ngày 28 tháng 7 năm 2025 của Uỷ ban nhân dân tỉnh quy định chức năng, nhiệm vụ của Sở Y tế tỉnh Sơn La.");
        assert_eq!(
            triples(&t),
            vec![(RelationKind::Repeals, None, "71/2025/QĐ-UBND")]
        );
        let t = relations_in_title(
            "Sửa đổi khoản 2 Điều 3 của Quyết định số 99/2025/QĐ-UBND ngày 10/9/2025 của UBND tỉnh",
        );
        assert_eq!(t[0].kind, RelationKind::Amends);
        assert_eq!(t[0].articles, vec!["khoản 2 Điều 3".to_string()]);
        // A list of procedures amended by a resolution is not an amendment by the record.
        assert!(relations_in_title("Về việc công bố Danh mục thủ tục hành chính được sửa đổi, bổ sung quy định tại Nghị quyết số 21/2026/NQ-CP ngày 29/4/2026 của Chính phủ").is_empty());
    }

    #[test]
    fn notes_are_aimed_at_the_head_document_and_article() {
        let mut rs = relations_in_note("(Điều 4 Nghị định số 93/2016/NĐ-CP, có hiệu lực thi hành kể từ ngày 01/07/2016, có nội dung bị bãi bỏ, có nội dung được sửa đổi bởi Điều 12, Điều 13 Nghị định số 155/2018/NĐ-CP có hiệu lực thi hành kể từ ngày 12/11/2018)");
        rs.sort_by_key(|r| r.kind);
        assert_eq!(
            triples(&rs),
            vec![
                (
                    RelationKind::PartlyRepeals,
                    Some("155/2018/NĐ-CP"),
                    "93/2016/NĐ-CP"
                ),
                (
                    RelationKind::Amends,
                    Some("155/2018/NĐ-CP"),
                    "93/2016/NĐ-CP"
                )
            ]
        );
        assert_eq!(rs[0].articles, vec!["Điều 4".to_string()]);
        assert_eq!(
            rs[0].effective,
            Some(Effective::On(
                NaiveDate::from_ymd_opt(2018, 11, 12).unwrap()
            ))
        );
        let rs = relations_in_note("(Điều 9 Nghị định số 63/2010/NĐ-CP, có hiệu lực thi hành kể từ ngày 14/10/2010, có nội dung được sửa đổi bởi Điều 1 Nghị định số 48/2013/NĐ-CP có hiệu lực thi hành kể từ ngày 01/07/2013; Điều 1 Nghị định số 92/2017/NĐ-CP có hiệu lực thi hành kể từ ngày 25/09/2017)");
        assert_eq!(
            triples(&rs),
            vec![
                (RelationKind::Amends, Some("48/2013/NĐ-CP"), "63/2010/NĐ-CP"),
                (RelationKind::Amends, Some("92/2017/NĐ-CP"), "63/2010/NĐ-CP")
            ]
        );
        // A title that amends and repeals part: both.
        let mut rs = relations_in_note("(Điều 4 Thông tư số 33/2021/TT-BYT, có hiệu lực kể từ ngày 01/07/2022) Nước sinh hoạt phải bảo đảm Quy chuẩn ban hành kèm theo Thông tư số 41/2018/TT- BYT ngày 14 tháng 12 năm 2018 và Thông tư số 26/2021/TT-BYT ngày 15 tháng 12 năm 2021 của Bộ trưởng Bộ Y tế sửa đổi, bổ sung và bãi bỏ một số điều của Thông tư số 41/2018/TT-BYT của Bộ trưởng Bộ Y tế.");
        rs.retain(|r| r.source.as_deref() == Some("26/2021/TT-BYT"));
        rs.sort_by_key(|r| r.kind);
        assert_eq!(
            triples(&rs),
            vec![
                (
                    RelationKind::PartlyRepeals,
                    Some("26/2021/TT-BYT"),
                    "41/2018/TT-BYT"
                ),
                (
                    RelationKind::Amends,
                    Some("26/2021/TT-BYT"),
                    "41/2018/TT-BYT"
                )
            ]
        );
        // `theo quy định tại` in place of `bởi`.
        let rs = relations_in_note("(Điều 7 Thông tư số 152/2011/TT-BTC, có hiệu lực thi hành kể từ ngày 01/01/2012, có nội dung được bổ sung theo quy định tại Điều 4, Điều 5 Thông tư số 159/2012/TT-BTC , có hiệu lực thi hành kể từ ngày 15/11/2012.)");
        assert_eq!(
            triples(&rs),
            vec![(
                RelationKind::Amends,
                Some("159/2012/TT-BTC"),
                "152/2011/TT-BTC"
            )]
        );
        assert_eq!(rs[0].articles, ["Điều 7"]);
    }

    #[test]
    fn guides_and_suspends() {
        let rs = relations_in("Thông tư này hướng dẫn thi hành một số điều của Nghị định số 15/2018/NĐ-CP ngày 02 tháng 02 năm 2018 của Chính phủ.");
        assert_eq!(
            triples(&rs),
            vec![(RelationKind::Guides, None, "15/2018/NĐ-CP")]
        );
        let rs = relations_in("Ngưng hiệu lực thi hành Quyết định số 12/2020/QĐ-UBND ngày 10/3/2020 của Ủy ban nhân dân tỉnh kể từ ngày 01/01/2021.");
        assert_eq!(
            triples(&rs),
            vec![(RelationKind::Suspends, None, "12/2020/QĐ-UBND")]
        );
        assert_eq!(
            rs[0].effective,
            Some(Effective::On(NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()))
        );
        // A document only named changes nothing: no change relation.
        let rs = relations_in("Thực hiện chế độ báo cáo theo quy định tại Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ.");
        assert!(
            rs.iter().all(|r| matches!(
                r.kind,
                RelationKind::Mentions | RelationKind::BasedOn | RelationKind::Implements
            )),
            "{:?}",
            triples(&rs)
        );
    }

    #[test]
    fn based_on_and_implements_open_the_clause() {
        let rs = relations_in("Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể;\nThực hiện Quyết định số 1521/QĐ-TTg ngày 06/10/2020 của Thủ tướng Chính phủ;\nCăn cứ tình hình thực tế tại Nghị định số 34/2019/NĐ-CP;\nHướng dẫn, kiểm tra các cơ quan thực hiện Quyết định số 1441/QĐ-UBND.");
        assert_eq!(
            triples(&rs),
            vec![
                (RelationKind::BasedOn, None, "76/NQ-CP"),
                (RelationKind::Implements, None, "1521/QĐ-TTG")
            ]
        );
    }

    #[test]
    fn kinds_round_trip_their_names() {
        for k in RelationKind::ALL {
            assert_eq!(RelationKind::from_name(k.name()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.name());
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "(Bãi bỏ|hết hiệu lực|thay thế|được sửa đổi bởi|Điều 2|khoản 1|Nghị định số|123/2020/NĐ-CP|45/QĐ-TTg|, |; |và |:\n|a\\) |kể từ ngày|này có hiệu lực|\\(|\\)|\\PC){0,40}") {
            let _ = relations_in(&s);
            let _ = relations_in_title(&s);
            let _ = relations_in_note(&s);
        }
    }
}
