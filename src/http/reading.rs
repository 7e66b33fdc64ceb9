//! The reading view of a document's body: its lines, each heading found (Phần, Chương, Mục,
//! Điều, Khoản, Điểm; in plans `I.`, `1.`, `a)`) with a stable anchor (`dieu-5`,
//! `dieu-5-khoan-2`, `chuong-ii`, `ii-1`), and the table of contents they make.

use std::collections::HashSet;

use once_cell::sync::Lazy;
use regex::Regex;

/// What a line of the body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Phần (part).
    Part,
    /// Chương (chapter).
    Chapter,
    /// Mục (section of a chapter).
    Section,
    /// Điều (article).
    Article,
    /// Khoản (clause `1.` inside an article).
    Clause,
    /// Điểm (point `a)` inside a clause).
    Point,
    /// A plan's top section `I.`.
    Roman,
    /// A plan's `1.` under a roman section.
    Numbered,
    /// A plan's `a)`.
    Lettered,
    /// Any other line.
    Text,
}

impl Kind {
    /// Depth in the table of contents (0 for lines not listed there).
    pub fn toc_level(self) -> usize {
        match self {
            Kind::Part => 1,
            Kind::Chapter | Kind::Roman => 2,
            Kind::Section | Kind::Numbered => 3,
            Kind::Article => 4,
            _ => 0,
        }
    }

    /// The CSS class of its line.
    pub fn class(self) -> &'static str {
        match self {
            Kind::Part => "phan",
            Kind::Chapter => "chuong",
            Kind::Section => "muc",
            Kind::Article => "dieu",
            Kind::Clause => "khoan",
            Kind::Point => "diem",
            Kind::Roman => "la-ma",
            Kind::Numbered => "so",
            Kind::Lettered => "chu",
            Kind::Text => "doan",
        }
    }
}

/// One line of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// What it is.
    pub kind: Kind,
    /// Its anchor, for headings.
    pub anchor: Option<String>,
    /// The line as written (trimmed).
    pub text: &'a str,
    /// For a chapter, part or section whose title is on the next line: that title.
    pub subtitle: Option<&'a str>,
}

static PART: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)^phần\s+(thứ\s+)?([\p{L}\d]+)").expect("regex"));
static CHAPTER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)^chương\s+([IVXLC]+|\d+)\b").expect("regex"));
static SECTION: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)^mục\s+(\d+)\b").expect("regex"));
static ARTICLE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^Điều\s+(\d+[a-zđ]?)\s*[.:]").expect("regex"));
static ROMAN: Lazy<Regex> = Lazy::new(|| Regex::new(r"^([IVXLC]+)\s*[./]\s*\S").expect("regex"));
static NUMBERED: Lazy<Regex> = Lazy::new(|| Regex::new(r"^(\d{1,3})\s*\.\s*\S").expect("regex"));
static LETTERED: Lazy<Regex> = Lazy::new(|| Regex::new(r"^([a-zđ])\s*\)\s*\S").expect("regex"));

/// The anchor form of a label: lower-case ASCII (`II` → `ii`, `đ` → `d`).
fn anchor_part(s: &str) -> String {
    crate::http::slug::slugify(s)
}

/// Reads the body's lines, headings with their anchors; blank lines are dropped. Each anchor is
/// unique within the document (a repeated one gets `-2`, `-3`).
pub fn lines(body: &str) -> Vec<Line<'_>> {
    let mut out: Vec<Line<'_>> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    // Where we are: the enclosing chapter, article, clause, roman section and its number.
    let mut chapter = String::new();
    let mut article: Option<String> = None;
    let mut clause: Option<String> = None;
    let mut roman: Option<String> = None;
    let mut numbered: Option<String> = None;
    let raw: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut i = 0;
    while i < raw.len() {
        let mut text = raw[i];
        let mut subtitle = None;
        let (kind, anchor) = if let Some(c) = PART.captures(text).filter(|_| is_heading(text)) {
            article = None;
            roman = None;
            (Kind::Part, Some(format!("phan-{}", anchor_part(&c[2]))))
        } else if let Some(c) = CHAPTER.captures(text).filter(|_| is_heading(text)) {
            chapter = format!("chuong-{}", anchor_part(&c[1]));
            article = None;
            roman = None;
            (Kind::Chapter, Some(chapter.clone()))
        } else if let Some(c) = SECTION.captures(text).filter(|_| is_heading(text)) {
            article = None;
            let a = if chapter.is_empty() {
                format!("muc-{}", &c[1])
            } else {
                format!("{chapter}-muc-{}", &c[1])
            };
            (Kind::Section, Some(a))
        } else if let Some(c) = ARTICLE.captures(text) {
            let a = format!("dieu-{}", anchor_part(&c[1]));
            article = Some(a.clone());
            clause = None;
            // Pháp điển's records write an untitled article `Điều 1. 1.`: read `Điều 1.`.
            let head = c.get(0).map_or(text.len(), |m| m.end());
            let rest = text[head..].trim().trim_end_matches('.');
            if rest == &c[1] {
                text = &text[..head];
            }
            (Kind::Article, Some(a))
        } else if let (Some(art), Some(c)) = (&article, NUMBERED.captures(text)) {
            let a = format!("{art}-khoan-{}", &c[1]);
            clause = Some(a.clone());
            (Kind::Clause, Some(a))
        } else if let (Some(_), Some(c)) = (&article, LETTERED.captures(text)) {
            let parent = clause
                .clone()
                .or_else(|| article.clone())
                .unwrap_or_default();
            (
                Kind::Point,
                Some(format!("{parent}-diem-{}", anchor_part(&c[1]))),
            )
        } else if let Some(c) = ROMAN.captures(text).filter(|_| text.len() < 400) {
            let a = anchor_part(&c[1]);
            roman = Some(a.clone());
            numbered = None;
            (Kind::Roman, Some(a))
        } else if let (Some(r), Some(c)) = (&roman, NUMBERED.captures(text)) {
            let a = format!("{r}-{}", &c[1]);
            numbered = Some(a.clone());
            (Kind::Numbered, Some(a))
        } else if let (Some(n), Some(c)) = (&numbered, LETTERED.captures(text)) {
            (Kind::Lettered, Some(format!("{n}-{}", anchor_part(&c[1]))))
        } else {
            (Kind::Text, None)
        };
        // `Chương I` alone on its line: the title follows.
        if matches!(kind, Kind::Part | Kind::Chapter | Kind::Section)
            && label_only(text)
            && i + 1 < raw.len()
            && is_heading(raw[i + 1])
            && !is_structure(raw[i + 1])
        {
            subtitle = Some(raw[i + 1]);
            i += 1;
        }
        let anchor = anchor.map(|a| unique(a, &mut seen));
        out.push(Line {
            kind,
            anchor,
            text,
            subtitle,
        });
        i += 1;
    }
    out
}

/// A line that is only a label (`Chương I`, `PHẦN THỨ NHẤT`, `Mục 2.`), its title elsewhere.
fn label_only(line: &str) -> bool {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ':' || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    (words.len() <= 3 && !line.contains(':')) || words.len() <= 2
}

/// A line that starts a unit of its own (so it is no one's title).
fn is_structure(line: &str) -> bool {
    ARTICLE.is_match(line)
        || CHAPTER.is_match(line)
        || SECTION.is_match(line)
        || PART.is_match(line)
}

/// A heading line of a part, chapter or section: short, with no sentence end.
fn is_heading(line: &str) -> bool {
    line.chars().count() <= 300 && !line.ends_with(';') && !line.ends_with(',')
}

fn unique(anchor: String, seen: &mut HashSet<String>) -> String {
    if seen.insert(anchor.clone()) {
        return anchor;
    }
    (2..)
        .map(|n| format!("{anchor}-{n}"))
        .find(|a| seen.insert(a.clone()))
        .unwrap_or(anchor)
}

/// The anchor of a passage path as search hits give it (`Chương II > Điều 5 > Khoản 2` →
/// `dieu-5-khoan-2`; `II > 1` → `ii-1`), `None` when it names nothing this view anchors.
pub fn passage_anchor(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('>').map(str::trim).collect();
    let mut article = None;
    let mut clause = None;
    for p in &parts {
        let lower = p.to_lowercase();
        if let Some(n) = lower.strip_prefix("điều ") {
            article = Some(format!("dieu-{}", anchor_part(n)));
        } else if let Some(n) = lower.strip_prefix("khoản ") {
            clause = Some(anchor_part(n));
        }
    }
    if let Some(a) = article {
        return Some(match clause {
            Some(c) => format!("{a}-khoan-{c}"),
            None => a,
        });
    }
    let plan: Vec<String> = parts
        .iter()
        .filter(|p| !p.is_empty() && p.split_whitespace().count() == 1)
        .map(|p| anchor_part(p))
        .collect();
    (!plan.is_empty() && plan.len() == parts.len()).then(|| plan.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_untitled_article_does_not_repeat_its_number() {
        let l = lines("Điều 1. 1.\nTổ chức, cá nhân ...\nĐiều 12. 12\nĐiều 6. 6. Diện tích\n");
        let texts: Vec<&str> = l.iter().map(|l| l.text).collect();
        assert_eq!(
            texts,
            [
                "Điều 1.",
                "Tổ chức, cá nhân ...",
                "Điều 12.",
                "Điều 6. 6. Diện tích"
            ]
        );
        assert_eq!(l[0].anchor.as_deref(), Some("dieu-1"));
    }

    const LAW: &str = "QUỐC HỘI\nBỘ LUẬT\nLAO ĐỘNG\n\nChương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nBộ luật này quy định ...\nĐiều 2. Đối tượng áp dụng\n1. Người lao động;\n2. Người sử dụng lao động;\na) Doanh nghiệp;\nb) Hộ gia đình.\nChương II\nVIỆC LÀM\nMục 1\nHỢP ĐỒNG\nĐiều 3. Hợp đồng\nChương III:TIỀN LƯƠNG\nĐiều 4. Tiền lương\n";

    #[test]
    fn a_law_has_chapters_articles_clauses_and_points() {
        let ls = lines(LAW);
        let anchors: Vec<(Kind, &str)> = ls
            .iter()
            .filter_map(|l| l.anchor.as_deref().map(|a| (l.kind, a)))
            .collect();
        assert_eq!(
            anchors,
            vec![
                (Kind::Chapter, "chuong-i"),
                (Kind::Article, "dieu-1"),
                (Kind::Article, "dieu-2"),
                (Kind::Clause, "dieu-2-khoan-1"),
                (Kind::Clause, "dieu-2-khoan-2"),
                (Kind::Point, "dieu-2-khoan-2-diem-a"),
                (Kind::Point, "dieu-2-khoan-2-diem-b"),
                (Kind::Chapter, "chuong-ii"),
                (Kind::Section, "chuong-ii-muc-1"),
                (Kind::Article, "dieu-3"),
                (Kind::Chapter, "chuong-iii"),
                (Kind::Article, "dieu-4"),
            ]
        );
        let chapter = ls.iter().find(|l| l.kind == Kind::Chapter).unwrap();
        assert_eq!(chapter.subtitle, Some("NHỮNG QUY ĐỊNH CHUNG"));
    }

    #[test]
    fn a_plan_has_roman_numbered_and_lettered_sections() {
        let ls = lines("I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\na) Nâng cao\nII. NHIỆM VỤ\n1. Tuyên truyền\n1. Lặp lại\n");
        let anchors: Vec<&str> = ls.iter().filter_map(|l| l.anchor.as_deref()).collect();
        assert_eq!(anchors, vec!["i", "i-1", "i-1-a", "ii", "ii-1", "ii-1-2"]);
    }

    #[test]
    fn passages_map_to_anchors() {
        assert_eq!(
            passage_anchor("Chương II > Điều 5 > Khoản 2").as_deref(),
            Some("dieu-5-khoan-2")
        );
        assert_eq!(passage_anchor("Điều 12").as_deref(), Some("dieu-12"));
        assert_eq!(passage_anchor("II > 1").as_deref(), Some("ii-1"));
        assert_eq!(passage_anchor("").as_deref(), None);
    }
}
