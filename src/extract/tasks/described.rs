//! A report naming a plan or notice without its number, as drafts and reports often do: by its
//! type and its title (`Kế hoạch CCHC nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng` for the
//! plan titled `Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng`), or, for a
//! `Thông báo kết luận` of a meeting, by the meeting and its date (`Ngày 22/01/2026, Tỉnh đã tổ
//! chức Hội nghị đánh giá ...; sau Hội nghị, Ủy ban nhân dân tỉnh ban hành Thông báo kết luận`).
//!
//! Strict, since an officer must never see a wrong link: the words after the type word must be
//! the plan's whole title (abbreviations the two documents define expanded: `CCHC` = `cải cách
//! hành chính`), a title of at least [`MIN_TITLE_WORDS`] words with a year in it, in order and
//! without a word between (`kế hoạch CCHC năm 2026` is another plan, `kế hoạch CCHC nhà nước
//! trọng tâm giai đoạn 2026 - 2030` another issuer's); a type word followed by a number (`Kế
//! hoạch số 9669/KH-UBND`) names a numbered document, never this one by description; `của X`
//! after the title must name the plan's issuer or place. The report must come from the same
//! issuer or place, be a report (`Báo cáo`, `Tham luận`), and be dated no earlier than the plan
//! (by month and year when either is a draft without a day).

use chrono::{Datelike, NaiveDate};
use once_cell::sync::Lazy;
use regex::Regex;

use super::{plan_span, REPORT_TYPES};
use crate::document::Document;
use crate::extract::dates::{find_dates, first_date};
use crate::keys::agency::agency_key;
use crate::text::fold;

/// Fewest words of a title that may name a plan by description (with a year among them).
const MIN_TITLE_WORDS: usize = 6;

/// Words that may stand between the type word and the title (`Kế hoạch về ...`).
const CONNECTORS: [&str; 3] = ["ve", "viec", "v"];

/// Where a report names a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Path of the passage it sits in.
    pub path: String,
    /// The sentence.
    pub sentence: String,
}

/// The meeting a notice of conclusions reports on, in its title: `... tại Hội nghị đánh giá
/// công tác cải cách hành chính năm 2025 và triển khai nhiệm vụ năm 2026 tỉnh Lâm Đồng`.
static MEETING_IN_TITLE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\btại\s+(hội\s+nghị|cuộc\s+họp|buổi\s+làm\s+việc)\s+(.+)$")
        .expect("static regex")
});

/// The sentence of `report` that names `plan` without its number, if the report may speak of
/// the plan at all (see the module's rules).
pub fn mention_of(report: &Document, plan: &Document) -> Option<Mention> {
    if report.id == plan.id || !report.doc_type.as_deref().is_some_and(is_report) {
        return None;
    }
    if !same_issuer_or_place(report, plan) || !not_earlier(report, plan) {
        return None;
    }
    let doc_type = plan.doc_type.as_deref()?;
    let title = plan.title.as_deref()?;
    let expand = Expansions::of(report, plan);
    let by_title = title_core(title, plan, &expand).map(|core| (type_words(doc_type), core));
    let by_meeting = meeting_of(plan, &expand);
    if by_title.is_none() && by_meeting.is_none() {
        return None;
    }
    for p in &report.outline {
        for line in p.text.lines() {
            for sentence in line.split(". ") {
                let sentence = sentence.trim().trim_end_matches('.');
                let clause = by_title.as_ref().and_then(|(ty, core)| {
                    sentence
                        .split(';')
                        .find(|c| names_by_title(c, ty, core, plan, &expand))
                });
                let named = clause.or_else(|| {
                    by_meeting
                        .as_ref()
                        .filter(|m| names_meeting(sentence, m, &expand))
                        .map(|_| sentence)
                });
                if let Some(named) = named {
                    return Some(Mention {
                        path: p.path.clone(),
                        sentence: named.trim().to_string(),
                    });
                }
            }
        }
    }
    None
}

/// [`mention_of`], unless the sentence names as well another document among `others` (the
/// indexed documents that assign tasks) as closely: a plan of the report's own issuer is
/// preferred to one of another issuer of the same place; two of the same standing give no link.
pub fn unique_mention_of(
    report: &Document,
    plan: &Document,
    others: &[Document],
) -> Option<Mention> {
    unique_among(report, plan, mention_of(report, plan)?, others)
}

/// `m` (the report's mention of `plan`), unless another document among `others` is named by
/// the same sentence as closely (see [`unique_mention_of`]).
pub fn unique_among(
    report: &Document,
    plan: &Document,
    m: Mention,
    others: &[Document],
) -> Option<Mention> {
    let own = |d: &Document| same_issuer(report, d);
    let rival = others.iter().any(|o| {
        o.id != plan.id
            && o.doc_type == plan.doc_type
            && (own(o) || !own(plan))
            && mention_of(report, o).is_some_and(|om| om.sentence == m.sentence)
    });
    (!rival).then_some(m)
}

fn is_report(t: &str) -> bool {
    REPORT_TYPES.contains(&t)
}

/// The folded words a type is named by in running text (`thong bao` for `Thông báo`).
fn type_words(doc_type: &str) -> Vec<String> {
    words(&fold(doc_type))
}

/// True when the two documents have one issuer (by agency key).
fn same_issuer(a: &Document, b: &Document) -> bool {
    let issuer = |d: &Document| d.issuer.as_deref().map(agency_key);
    matches!((issuer(a), issuer(b)), (Some(x), Some(y)) if x == y)
}

/// True when the two documents share an issuer or a place (`Lâm Đồng`).
fn same_issuer_or_place(report: &Document, plan: &Document) -> bool {
    let place = |d: &Document| {
        d.place
            .as_deref()
            .map(fold)
            .filter(|p| !p.trim().is_empty())
    };
    same_issuer(report, plan)
        || matches!((place(report), place(plan)), (Some(a), Some(b)) if a == b)
}

/// The month a document starts: its issue date, else a draft's date line (`ngày ... tháng 3
/// năm 2026`).
fn start_month(d: &Document) -> Option<(i32, u32)> {
    let (start, _) = plan_span(&d.body, None, d.issued);
    start.map(|s| (s.year(), s.month()))
}

/// True when the report is dated no earlier than the plan: by day when both have one, else by
/// month and year. Undated documents are never linked by description.
fn not_earlier(report: &Document, plan: &Document) -> bool {
    if let (Some(r), Some(p)) = (report.issued, plan.issued) {
        return r >= p;
    }
    matches!((start_month(report), start_month(plan)), (Some(r), Some(p)) if r >= p)
}

/// The abbreviations either document defines, folded: `cchc` → `cai cach hanh chinh`.
struct Expansions(Vec<(String, Vec<String>)>);

impl Expansions {
    fn of(report: &Document, plan: &Document) -> Expansions {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for a in report.abbreviations.iter().chain(&plan.abbreviations) {
            let short = fold(&a.short).to_lowercase();
            let single = !short.is_empty() && short.chars().all(|c| c.is_alphanumeric());
            if single && !out.iter().any(|(s, _)| *s == short) {
                out.push((short, words(&fold(&a.long))));
            }
        }
        Expansions(out)
    }

    /// The folded words of `text`, each defined abbreviation replaced by its long form.
    fn words(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for w in words(&fold(text)) {
            match self.0.iter().find(|(s, _)| *s == w) {
                Some((_, long)) => out.extend(long.iter().cloned()),
                None => out.push(w),
            }
        }
        out
    }
}

/// Lower-case alphanumeric words of folded text (`2026 - 2030` → `2026`, `2030`).
fn words(folded: &str) -> Vec<String> {
    folded
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when one of the words is a year (`2026`).
fn has_year(words: &[String]) -> bool {
    words
        .iter()
        .any(|x| x.len() == 4 && x.chars().all(|c| c.is_ascii_digit()))
}

/// The words of `place` after its place unit (`tinh lam dong` → `lam dong`).
fn place_words(d: &Document) -> Vec<String> {
    d.place
        .as_deref()
        .map(|p| words(&fold(p)))
        .unwrap_or_default()
}

/// A title's words without a leading `về việc` and a trailing place (`của tỉnh Lâm Đồng`,
/// `tỉnh Lâm Đồng`, `trên địa bàn tỉnh`): the words a mention must hold in order. `None` when
/// too short or without a year to tell it from the same plan of another year.
fn title_core(title: &str, plan: &Document, expand: &Expansions) -> Option<Vec<String>> {
    let mut w = expand.words(title);
    while w.first().is_some_and(|f| CONNECTORS.contains(&f.as_str())) {
        w.remove(0);
    }
    strip_place(&mut w, plan);
    (w.len() >= MIN_TITLE_WORDS && has_year(&w)).then_some(w)
}

/// Drops a trailing `của tỉnh Lâm Đồng`, `tỉnh Lâm Đồng`, `trên địa bàn tỉnh [Lâm Đồng]`.
fn strip_place(w: &mut Vec<String>, plan: &Document) {
    let place = place_words(plan);
    if !place.is_empty() && w.ends_with(&place) {
        w.truncate(w.len() - place.len());
        if w.last()
            .is_some_and(|l| matches!(l.as_str(), "tinh" | "pho"))
        {
            let unit = if w.ends_with(&["thanh".to_string(), "pho".to_string()]) {
                2
            } else {
                1
            };
            w.truncate(w.len() - unit);
        }
    }
    for tail in [&["tren", "dia", "ban", "tinh"][..], &["cua"][..]] {
        if w.len() > tail.len()
            && w.ends_with(&tail.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        {
            w.truncate(w.len() - tail.len());
        }
    }
}

/// True when a clause (a sentence's part between `;`) names the plan by its type and title:
/// the type word, then (after `về`, `việc`) the title's core words in order, then nothing
/// naming another body (`của Thủ tướng Chính phủ`); never when the type word is followed by a
/// number or is what a numbered document issues (`Quyết định số 282/QĐ-TTg ... ban hành kế
/// hoạch ...`).
fn names_by_title(
    clause: &str,
    type_words: &[String],
    core: &[String],
    plan: &Document,
    expand: &Expansions,
) -> bool {
    let w = expand.words(clause);
    (0..w.len()).any(|i| {
        if !w[i..].starts_with(type_words) {
            return false;
        }
        if names_numbered_content(&w[..i]) {
            return false;
        }
        let mut j = i + type_words.len();
        while w.get(j).is_some_and(|x| CONNECTORS.contains(&x.as_str())) {
            j += 1;
        }
        if w.get(j).is_some_and(|x| x == "so") || !w[j..].starts_with(core) {
            return false;
        }
        owner_fits(&w[j + core.len()..], plan)
    })
}

/// True when the words before a type word end in `ban hành` after a numbered citation
/// (`Quyết định số 282/QĐ-TTg ... ban hành kế hoạch ...`): the type word then names what that
/// numbered document issues.
fn names_numbered_content(before: &[String]) -> bool {
    let numbered = before
        .windows(2)
        .any(|p| p[0] == "so" && p[1].chars().all(|c| c.is_ascii_digit()));
    numbered && before.ends_with(&["ban".to_string(), "hanh".to_string()])
}

/// True unless the words after a title say it is another body's (`của Thủ tướng Chính phủ`):
/// after `của` must come the plan's place (`của tỉnh Lâm Đồng`, `của UBND tỉnh Lâm Đồng`) or its
/// issuer's whole name.
fn owner_fits(after: &[String], plan: &Document) -> bool {
    if after.first().map(String::as_str) != Some("cua") {
        return true;
    }
    let owner = after[1..]
        .iter()
        .take(8)
        .cloned()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("uy ban nhan dan", "ubnd");
    let issuer = plan.issuer.as_deref().map(agency_key).unwrap_or_default();
    if !issuer.is_empty() && owner.starts_with(&issuer) {
        return true;
    }
    let place = place_words(plan).join(" ");
    let mut rest = owner.as_str();
    for unit in ["ubnd ", "tinh ", "thanh pho "] {
        rest = rest.strip_prefix(unit).unwrap_or(rest);
    }
    !place.is_empty() && rest.starts_with(&place)
}

/// What a notice of conclusions is known by: the meeting's subject words and its date.
struct Meeting {
    subject: Vec<String>,
    date: NaiveDate,
}

/// The meeting a `Thông báo` whose title is a conclusion (`Kết luận của ... tại Hội nghị X`)
/// reports on, with its date from the notice's body (the first date of the sentence that names
/// the meeting).
fn meeting_of(plan: &Document, expand: &Expansions) -> Option<Meeting> {
    if plan.doc_type.as_deref() != Some("Thông báo") {
        return None;
    }
    let title = plan.title.as_deref()?;
    if !fold(title).to_lowercase().starts_with("ket luan") {
        return None;
    }
    let c = MEETING_IN_TITLE.captures(title)?;
    let kind = words(&fold(c.get(1)?.as_str()));
    let mut subject = kind.clone();
    let mut rest = expand.words(c.get(2)?.as_str());
    strip_place(&mut rest, plan);
    subject.extend(rest);
    if subject.len() < kind.len() + MIN_TITLE_WORDS - 2 || !has_year(&subject) {
        return None;
    }
    let meeting_word = c.get(1)?.as_str().to_lowercase();
    let date = plan
        .body
        .split(['.', '\n'])
        .filter(|s| s.to_lowercase().contains(&meeting_word) && !s.contains(title))
        .find_map(|s| first_date(s).map(|d| d.date))?;
    Some(Meeting { subject, date })
}

/// True when `sentence` says a `Thông báo kết luận` was issued on the meeting: it holds those
/// words, the meeting's subject in order, and the meeting's date.
fn names_meeting(sentence: &str, m: &Meeting, expand: &Expansions) -> bool {
    let w = expand.words(sentence);
    let holds = |seq: &[String]| (0..w.len()).any(|i| w[i..].starts_with(seq));
    let notice: Vec<String> = ["thong", "bao", "ket", "luan"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    holds(&notice) && holds(&m.subject) && find_dates(sentence).iter().any(|d| d.date == m.date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Abbreviation, Passage};

    fn doc(
        id: &str,
        doc_type: &str,
        title: &str,
        date_line: &str,
        text: &[(&str, &str)],
    ) -> Document {
        let body = format!(
            "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: /KH-UBND\tLâm Đồng, {date_line}\n{title}\n{}",
            text.iter().map(|(_, t)| *t).collect::<Vec<_>>().join("\n")
        );
        Document {
            id: id.into(),
            doc_type: Some(doc_type.into()),
            title: Some(title.into()),
            issuer: Some("UBND tỉnh Lâm Đồng".into()),
            place: Some("Lâm Đồng".into()),
            body,
            outline: text
                .iter()
                .map(|(path, t)| Passage {
                    path: (*path).into(),
                    heading: None,
                    text: (*t).into(),
                })
                .collect(),
            abbreviations: vec![Abbreviation {
                short: "CCHC".into(),
                long: "cải cách hành chính".into(),
            }],
            ..Default::default()
        }
    }

    fn plan() -> Document {
        doc(
            "plan",
            "Kế hoạch",
            "Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng",
            "ngày   tháng 3 năm 2026",
            &[("I", "I. MỤC ĐÍCH")],
        )
    }

    fn report(sentence: &str, date_line: &str) -> Document {
        doc(
            "report",
            "Báo cáo",
            "Công tác cải cách hành chính quý I năm 2026",
            date_line,
            &[("IV > 1", sentence)],
        )
    }

    #[test]
    fn a_plan_named_by_type_and_title() {
        let r = report(
            "1. Triển khai Quyết định số 282/QĐ-TTg ngày 12/02/2026 của Thủ tướng Chính phủ; Kế hoạch CCHC nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng và Kế hoạch số 9669/KH-UBND ngày 24/12/2025.",
            "ngày   tháng 3 năm 2026",
        );
        let m = mention_of(&r, &plan()).expect("named");
        assert_eq!(m.path, "IV > 1");
    }

    #[test]
    fn look_alikes_do_not_name_the_plan() {
        for s in [
            // Another plan of the province (9669/KH-UBND).
            "Trên cơ sở kế hoạch CCHC năm 2026 của tỉnh, các cơ quan đã xây dựng kế hoạch.",
            // Another issuer's plan, a word between.
            "Quyết định số 282/QĐ-TTg ngày 12/02/2026 của Thủ tướng Chính phủ ban hành kế hoạch CCHC nhà nước trọng tâm giai đoạn 2026 - 2030.",
            // The same words as another issuer's.
            "Kế hoạch CCHC nhà nước giai đoạn 2026 - 2030 của Bộ Nội vụ.",
            // A number after the type word names a numbered document.
            "Kế hoạch số 12/KH-UBND về cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng.",
            // The type word alone; the title without the type word.
            "Kế hoạch đã được ban hành.",
            "Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng được quan tâm.",
        ] {
            let r = report(s, "ngày   tháng 3 năm 2026");
            assert_eq!(mention_of(&r, &plan()), None, "{s}");
        }
    }

    #[test]
    fn an_earlier_or_undated_report_or_another_province_does_not_name_it() {
        let s = "Kế hoạch CCHC nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng.";
        assert!(mention_of(&report(s, "ngày   tháng 4 năm 2026"), &plan()).is_some());
        assert_eq!(
            mention_of(&report(s, "ngày   tháng 2 năm 2026"), &plan()),
            None
        );
        let mut undated = report(s, "");
        undated.body = s.into();
        assert_eq!(mention_of(&undated, &plan()), None);
        let mut elsewhere = report(s, "ngày   tháng 4 năm 2026");
        elsewhere.issuer = Some("UBND tỉnh Sơn La".into());
        elsewhere.place = Some("Sơn La".into());
        assert_eq!(mention_of(&elsewhere, &plan()), None);
        let mut not_a_report = report(s, "ngày   tháng 4 năm 2026");
        not_a_report.doc_type = Some("Tờ trình".into());
        assert_eq!(mention_of(&not_a_report, &plan()), None);
    }

    #[test]
    fn a_title_two_plans_share_names_the_report_issuer_s_or_none() {
        let s = "Kế hoạch CCHC nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng.";
        let r = report(s, "ngày   tháng 4 năm 2026");
        let own = plan();
        let mut department = plan();
        department.id = "department".into();
        department.issuer = Some("Sở Nội vụ tỉnh Lâm Đồng".into());
        let both = [own.clone(), department.clone()];
        assert!(unique_mention_of(&r, &own, &both).is_some());
        assert_eq!(unique_mention_of(&r, &department, &both), None);
        let mut twin = plan();
        twin.id = "twin".into();
        assert_eq!(unique_mention_of(&r, &own, &[own.clone(), twin]), None);
    }

    fn notice() -> Document {
        doc(
            "notice",
            "Thông báo",
            "Kết luận của đồng chí Nguyễn Ngọc Phúc - Tỉnh ủy viên, Phó Chủ tịch Ủy ban nhân dân tỉnh tại Hội nghị đánh giá công tác cải cách hành chính năm 2025 và triển khai nhiệm vụ năm 2026 tỉnh Lâm Đồng",
            "ngày     tháng 01 năm 2026",
            &[("", "Ngày 22/01/2026, đồng chí Nguyễn Ngọc Phúc đã chủ trì Hội nghị đánh giá công tác cải cách hành chính năm 2025 và triển khai nhiệm vụ năm 2026 của tỉnh Lâm Đồng.")],
        )
    }

    #[test]
    fn a_notice_named_by_its_meeting_and_date() {
        let s = "Ngày 22/01/2026, Tỉnh đã tổ chức Hội nghị đánh giá công tác cải cách hành chính năm 2025 và triển khai nhiệm vụ năm 2026; sau Hội nghị, Ủy ban nhân dân tỉnh ban hành Thông báo kết luận giao nhiệm vụ cụ thể cho các sở, ngành, địa phương.";
        let r = report(s, "ngày   tháng 3 năm 2026");
        assert!(mention_of(&r, &notice()).is_some());
        // Another date, no date, no `Thông báo kết luận`, another meeting: no link.
        for s in [
            "Ngày 23/01/2026, Tỉnh đã tổ chức Hội nghị đánh giá công tác cải cách hành chính năm 2025 và triển khai nhiệm vụ năm 2026; sau Hội nghị, Ủy ban nhân dân tỉnh ban hành Thông báo kết luận.",
            "Tỉnh đã tổ chức Hội nghị đánh giá công tác cải cách hành chính năm 2025 và triển khai nhiệm vụ năm 2026; sau Hội nghị, Ủy ban nhân dân tỉnh ban hành Thông báo kết luận.",
            "Ngày 22/01/2026, Tỉnh đã tổ chức Hội nghị đánh giá công tác cải cách hành chính năm 2025 và triển khai nhiệm vụ năm 2026.",
            "Ngày 22/01/2026, Tỉnh đã tổ chức Hội nghị đối thoại với doanh nghiệp năm 2026; Ủy ban nhân dân tỉnh ban hành Thông báo kết luận.",
        ] {
            assert_eq!(mention_of(&report(s, "ngày   tháng 3 năm 2026"), &notice()), None, "{s}");
        }
    }
}
