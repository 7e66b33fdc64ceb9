//! What a document says about itself in few words: its own end date (`Thông tư này có hiệu lực
//! … đến hết ngày …`), the relations its title (trích yếu) states, and those of a Pháp điển note,
//! whose target is the document and article named at its head. The clause reader of running
//! text is the parent module's.

use chrono::{Datelike, NaiveDate};
use once_cell::sync::Lazy;
use regex::Regex;

use super::*;

/// The day a document says it ends itself: `Thông tư này có hiệu lực thi hành kể từ ngày … đến
/// hết ngày 31 tháng 12 năm 2020`, `Nghị định này được thực hiện đến hết ngày …`, `Quyết định này
/// hết hiệu lực vào ngày …`. Only where `<Type> này` opens a clause, so that a transitional rule
/// (`… theo Thông tư này được tiếp tục sử dụng đến hết ngày …`) is not taken for it.
pub fn own_expiry(text: &str) -> Option<NaiveDate> {
    static OWN: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"(?im)(?:^|[.:]\s)\s*(?:Điều\s+\d+\.\s*)?(?:\d+\.\s*)?{THIS}\s+(?:(?:có\s+hiệu\s+lực(?:\s+thi\s+hành)?|được\s+(?:thực\s+hiện|áp\s+dụng)|áp\s+dụng)\b[^.;:\n]{{0,90}}?)?(?:\s(?:đến\s+hết|đến)\s+ngày|\bhết\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:(?:kể\s+)?từ|vào)\s+ngày)\s*$"
        ))
        .expect("static regex")
    });
    find_dates(text).into_iter().find_map(|d| {
        let prefix = text.get(..d.start)?;
        // The clause's line: `^` is a line's start, never a cut inside one.
        let before = &prefix[prefix.rfind('\n').map_or(0, |i| i + 1)..];
        if before.len() > 2_000 {
            return None;
        }
        let before = before.trim_end().trim_end_matches("ngày").trim_end();
        let with_day = format!("{before} ngày");
        OWN.is_match(&with_day).then_some(d.date)
    })
}

/// The last day of the period a plan or programme (Kế hoạch, Chương trình) states in its title:
/// `giai đoạn 2021-2025` → 31/12/2025, `đến năm 2030` → 31/12/2030, `năm 2026` → 31/12/2026.
/// A plan past its period is spent (hết thời kỳ kế hoạch); a law or a decision does not end with
/// the years its title names, so other types give `None`. A year inside a date (`ngày 20 tháng 6
/// năm 2020`) or after a number (`176/KH-UBND năm 2020`) is no period, nor one before the plan
/// was issued.
pub fn plan_period_end(
    doc_type: Option<&str>,
    title: Option<&str>,
    issued: Option<NaiveDate>,
) -> Option<NaiveDate> {
    static SPAN: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)\bgiai\s+đoạn\s+(?:từ\s+)?(?:năm\s+)?(?:19|20)\d{2}\s*(?:-|–|—|đến(?:\s+năm)?)\s*((?:19|20)\d{2})\b")
            .expect("static regex")
    });
    static UNTIL: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?i)\bđến\s+năm\s+((?:19|20)\d{2})\b").expect("static regex"));
    static YEAR: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?i)\bnăm\s+((?:19|20)\d{2})\b").expect("static regex"));
    static NOT_A_PERIOD: Lazy<Regex> = Lazy::new(|| {
        Regex::new(
            r"(?i)(?:tháng\s+\d{1,2}\s*,?|\d/\S+|ngày\s+\d{1,2}\S*|tầm\s+nhìn(?:\s+đến)?)\s*$",
        )
        .expect("static regex")
    });
    let kind = crate::keys::fold(doc_type?);
    if !(kind.starts_with("ke hoach") || kind.starts_with("chuong trinh")) {
        return None;
    }
    let title = title?;
    let year = |c: regex::Captures| -> Option<(i32, usize)> {
        let m = c.get(1)?;
        Some((m.as_str().parse().ok()?, c.get(0)?.start()))
    };
    let found = SPAN
        .captures(title)
        .and_then(year)
        .or_else(|| {
            UNTIL
                .captures_iter(title)
                .filter_map(year)
                .find(|(_, at)| !NOT_A_PERIOD.is_match(&title[..*at]))
        })
        .or_else(|| {
            YEAR.captures_iter(title)
                .filter_map(year)
                .find(|(_, at)| !NOT_A_PERIOD.is_match(&title[..*at]))
        });
    let (y, _) = found.filter(|(y, _)| issued.is_none_or(|d| *y >= d.year()))?;
    NaiveDate::from_ymd_opt(y, 12, 31)
}

/// The number key of the document a Pháp điển note names at its head (`(Điều 29 Nghị định số
/// 63/2010/NĐ-CP, …)` → `63/2010/NĐ-CP`): the document the article's text belongs to.
pub fn note_head(note: &str) -> Option<String> {
    cites(note).into_iter().next().map(|c| c.key)
}

/// Relations stated by a document's own title (trích yếu): `Bãi bỏ Quyết định số …`,
/// `Về việc sửa đổi Điều 3 Quyết định số …`, `… thực hiện Nghị quyết số …`.
pub fn relations_in_title(title: &str) -> Vec<DocRelation> {
    static LEADING: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^\s*(?:về\s+việc\s+|v/v\s+|về\s+)?(?:phê\s+duyệt\s+)?(bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ|sửa\s+đổi|bổ\s+sung|điều\s+chỉnh|thay\s+đổi|thay\s+thế|(?:tạm\s+)?ngưng\s+hiệu\s+lực|hướng\s+dẫn|quy\s+định\s+chi\s+tiết)\b")
            .expect("static regex")
    });
    let cs = cites(title);
    let Some(first) = cs.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (nested, consumed) = third_party(title, &cs, None, &mut out);
    let head = title.get(..first.start).unwrap_or("");
    let last = WORDING.captures_iter(head).last().and_then(|c| kind_of(&c));
    let leading = LEADING.is_match(title);
    let kind = if TITLE_IMPLEMENTS.is_match(head)
        || (!leading && last == Some(RelationKind::Implements))
    {
        Some(RelationKind::Implements)
    } else {
        LEADING.captures(title).and_then(|c| {
            let verb = c.get(1)?.as_str().to_lowercase();
            let verb: String = verb.split_whitespace().collect::<Vec<_>>().join(" ");
            Some(match verb.as_str() {
                "bãi bỏ" | "hủy bỏ" | "huỷ bỏ" => RelationKind::Repeals,
                "thay thế" => RelationKind::Replaces,
                "hướng dẫn" | "quy định chi tiết" => RelationKind::Guides,
                v if v.contains("ngưng") => RelationKind::Suspends,
                _ => RelationKind::Amends,
            })
        })
    };
    if let Some(kind) = kind {
        let object_start = LEADING.find(title).map_or(0, |m| m.end());
        for (i, c) in subjects(title, &cs, &nested, &consumed) {
            let object = if i == 0 {
                title
                    .get(object_start.min(c.start)..c.name_start)
                    .unwrap_or("")
            } else {
                title.get(c.start..c.name_start).unwrap_or("")
            };
            push_self(&mut out, kind, c, object, None, title);
        }
    }
    dedupe(out)
}

/// Relations of a Pháp điển note: the amendments and repeals it lists, aimed at the document and
/// article named at its head, each with its effective date; and what the head document's title
/// says it changes.
pub fn relations_in_note(note: &str) -> Vec<DocRelation> {
    static PART_NOTE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)(?:được|bị)\s+(sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|thay\s+thế)")
            .expect("static regex")
    });
    static NEXT_SOURCE: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?i)^\s*(?:có\s+hiệu\s+lực[^;]*)?;\s*$").expect("static regex"));
    // `… bị bãi bỏ bởi`, `… được bổ sung theo quy định tại`, `… được sửa đổi theo`.
    static BY: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)(?:\bbởi|\btheo(?:\s+quy\s+định\s+(?:tại|của))?)\s*$")
            .expect("static regex")
    });
    let cs = cites(note);
    let Some(head) = cs.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let head_articles = articles_in(note.get(head.start..head.name_start).unwrap_or(""));
    // The head document's own effective date: the first `có hiệu lực … từ ngày` after its
    // number and before the changes the note lists (`có nội dung …`, `… bởi`).
    let changes_at = ["có nội dung", " bởi "]
        .iter()
        .filter_map(|w| note.get(head.start..)?.find(w).map(|i| head.start + i))
        .min()
        .unwrap_or(note.len());
    let head_span = note.get(head.start..changes_at).unwrap_or("");
    let head_effective = find_dates(head_span)
        .into_iter()
        .find(|d| ON_DATE.is_match(tail(head_span.get(..d.start).unwrap_or(""), 80)))
        .map(|d| Effective::On(d.date));
    // Title of the head document: `Thông tư số 11/2021/TT-BTP Sửa đổi, bổ sung … Thông tư số …`.
    let mut title_rels = Vec::new();
    let (_, _) = third_party(note, &cs, None, &mut title_rels);
    for mut r in title_rels {
        if r.source.as_deref() == Some(head.key.as_str()) && r.kind != RelationKind::Guides {
            r.effective = head_effective;
        }
        out.push(r);
    }
    // `có nội dung được sửa đổi, có nội dung bị bãi bỏ bởi Điều 1 Nghị định … có hiệu lực …;
    // Điều 4 Nghị định …`
    let mut kinds: Vec<RelationKind> = Vec::new();
    let mut in_by = false;
    for (i, c) in cs.iter().enumerate().skip(1) {
        let gap = tail(note.get(cs[i - 1].end..c.start).unwrap_or(""), 400);
        if BY.is_match(gap) {
            kinds = PART_NOTE
                .captures_iter(gap)
                .filter_map(|m| {
                    let v = m.get(1)?.as_str().to_lowercase();
                    Some(if v.starts_with("bãi") {
                        RelationKind::PartlyRepeals
                    } else if v.starts_with("thay") {
                        RelationKind::Replaces
                    } else {
                        RelationKind::Amends
                    })
                })
                .collect();
            kinds.dedup();
            in_by = !kinds.is_empty();
        } else if !in_by
            || !gap
                .trim_start()
                .starts_with(|ch: char| ch == ';' || ch.is_whitespace())
        {
            let continues = in_by && NEXT_SOURCE.is_match(gap);
            if !continues {
                in_by = false;
                continue;
            }
        }
        if !in_by {
            continue;
        }
        let after = note.get(c.end..).unwrap_or("");
        let effective = find_dates(after)
            .into_iter()
            .next()
            .filter(|d| ON_DATE.is_match(tail(after.get(..d.start).unwrap_or(""), 80)))
            .map(|d| Effective::On(d.date));
        for &kind in &kinds {
            out.push(DocRelation {
                kind,
                source: Some(c.key.clone()),
                target: head.key.clone(),
                articles: head_articles.clone(),
                effective,
                evidence: note.trim().to_string(),
                passage: None,
                target_effective: match head_effective {
                    Some(Effective::On(d)) => Some(d),
                    _ => None,
                },
            });
        }
    }
    dedupe(out)
}
