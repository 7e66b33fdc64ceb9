//! The header and signature blocks of a Vietnamese administrative document (the layout of Nghị
//! định 30/2020/NĐ-CP, Phụ lục I): issuing agency top left, national motto top right, `Số:` and
//! place-date below them, the type word (`KẾ HOẠCH`) and title, and at the end the recipient list
//! (`Nơi nhận:`) beside the signer's role and name.
//!
//! Extracted text puts the two header columns on separate lines (pdf), on one line separated by
//! a tab (docx tables) or between `|` borders (antiword): every line is read as cells.

use crate::doc_type::DocType;
use chrono::NaiveDate;
use once_cell::sync::Lazy;
use regex::Regex;

use super::dates::{parse_date, WORDS_DATE};
use super::fold;
use super::metadata::normalize_doc_type;

/// What the header and signature blocks state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    /// The agency lines, grouped into levels, top level first (`UBND TỈNH LÂM ĐỒNG`,
    /// `SỞ NỘI VỤ`), as written.
    pub agency_levels: Vec<String>,
    /// The number as written after `Số:` (may be a blank draft number).
    pub number: Option<String>,
    /// Place of issue (`Lạng Sơn`).
    pub place: Option<String>,
    /// Issue date; `None` when the draft leaves the day blank.
    pub issued: Option<NaiveDate>,
    /// Normalized type from the type word (`KẾ HOẠCH` → `Kế hoạch`), or `Công văn` for a `V/v`.
    pub doc_type: Option<String>,
    /// The type word as written (`BỘ LUẬT`), when there is one.
    pub type_word: Option<String>,
    /// The title lines joined (`Về việc ...`), or the `V/v` subject of a letter.
    pub title: Option<String>,
    /// Signer's role lines joined with ` / ` (`KT. CHỦ TỊCH / PHÓ CHỦ TỊCH`).
    pub signer_role: Option<String>,
    /// Signer's name.
    pub signer: Option<String>,
    /// Byte offset in the body where the content starts (after the title block).
    pub content_start: usize,
    /// Byte offset where the closing blocks start (`Nơi nhận:`, the signature).
    pub content_end: usize,
    /// Byte offsets of the appendices after the signature (`PHỤ LỤC`, `Phụ lục II` standing
    /// alone on a line), each with its name (`Phụ lục`, `Phụ lục II`).
    pub appendices: Vec<(usize, String)>,
}

/// An appendix heading standing alone on its line: `PHỤ LỤC`, `Phụ lục II`, `PHỤ LỤC 01`.
static APPENDIX: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:số\s+)?([IVXLC]+|[0-9]{1,2}[a-z]?))?\s*[.:]?\s*$")
        .expect("static regex")
});

/// How many lines from the top the header may span.
const HEADER_LINES: usize = 60;
/// How many lines from the end the signature block may span.
const SIGNATURE_LINES: usize = 40;

/// Reads the header and signature blocks of `body`.
pub fn read_header(body: &str) -> Header {
    let lines = lines_with_offsets(body);
    let mut h = Header {
        content_end: body.len(),
        ..Header::default()
    };
    read_top(&lines, &mut h);
    let appendix_line = lines
        .iter()
        .position(|l| l.start >= h.content_start && APPENDIX.is_match(l.text.trim()))
        .unwrap_or(lines.len());
    for l in lines.iter().skip(appendix_line) {
        if let Some(c) = APPENDIX.captures(l.text.trim()) {
            let name = match c.get(1) {
                Some(n) => format!("Phụ lục {}", n.as_str()),
                None => "Phụ lục".to_string(),
            };
            h.appendices.push((l.start, name));
        }
    }
    // The signature closes the text before the first appendix.
    read_bottom(lines.get(..appendix_line).unwrap_or(&lines), &mut h);
    if let Some(&(first, _)) = h.appendices.first() {
        h.content_end = h.content_end.min(first);
    }
    if h.content_end < h.content_start {
        h.content_end = body.len();
    }
    h
}

/// One line of the body with its byte range.
struct Line<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

fn lines_with_offsets(body: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in body.split_inclusive('\n') {
        let end = start + piece.len();
        out.push(Line {
            start,
            end,
            text: piece.trim_end_matches(['\n', '\r']),
        });
        start = end;
    }
    out
}

/// Splits a line into table cells: at `|` borders (antiword) or tabs (docx), trimmed. A line
/// without either is one cell.
fn cells(line: &str) -> Vec<&str> {
    if line.contains('|') {
        let trimmed = line.trim();
        let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        inner.split('|').map(str::trim).collect()
    } else if line.contains('\t') {
        line.split('\t').map(str::trim).collect()
    } else {
        vec![line.trim()]
    }
}

/// True for the national motto, the Party's name line and rule lines: never agency lines.
fn is_furniture(cell: &str) -> bool {
    let f = fold(cell);
    f.is_empty()
        || cell
            .chars()
            .all(|c| matches!(c, '-' | '_' | '=' | '*' | ' ' | '–' | '—'))
        || f.starts_with("cong hoa xa hoi")
        || f.starts_with("doc lap")
        || f.starts_with("dang cong san viet nam")
}

/// True for a cell in capitals (at least two letters, no lower-case letter).
fn is_upper(cell: &str) -> bool {
    cell.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !cell.chars().any(char::is_lowercase)
}

static NUMBER_CELL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:(?:bộ\s+luật|luật|pháp\s+lệnh|nghị\s+quyết|lệnh)\s+)?số\s*:\s*(.*)$")
        .expect("static regex")
});

static PLACE_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:^|\s)([\p{L}][\p{L} .'\-]{1,40}?)\s*,\s*ngày\b").expect("static regex")
});

static NUMERIC_DAY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)ngày\s+(\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})").expect("static regex")
});

fn type_word(cell: &str) -> Option<&'static str> {
    if !is_upper(cell) {
        return None;
    }
    let f = fold(cell);
    DocType::header_words().find(|w| fold(w) == f)
}

/// Reads agency, number, place and date, type and title from the top of the document.
fn read_top(lines: &[Line<'_>], h: &mut Header) {
    let mut agency_lines: Vec<String> = Vec::new();
    let mut agency_done = false;
    let mut subject: Option<String> = None;
    let mut subject_open = false;
    let mut last_used = 0usize;
    let mut type_at: Option<usize> = None;
    let limit = lines.len().min(HEADER_LINES);
    let first = stamp_lines(&lines[..limit]);
    for (i, line) in lines.iter().enumerate().take(limit).skip(first) {
        let row = cells(line.text);
        let blank_row = row.iter().all(|c| c.is_empty());
        if blank_row {
            subject_open = false;
            continue;
        }
        if let Some(word) = row.first().and_then(|c| type_word(c)) {
            // A type word before any agency line is the first line of a paper without a
            // header (`THAM LUẬN`); the issuer may follow its title.
            let leading = agency_lines.is_empty() && h.number.is_none() && i < 3;
            if agency_done || !agency_lines.is_empty() || h.number.is_some() || leading {
                h.doc_type = normalize_doc_type(word);
                h.type_word = row.first().map(|c| (*c).to_string());
                type_at = Some(i);
                break;
            }
        }
        let first_word = fold(row.first().copied().unwrap_or(""));
        if first_word.starts_with("kinh gui")
            || first_word.starts_with("can cu")
            || first_word.starts_with("dieu 1")
        {
            break;
        }
        for (col, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            if let Some(c) = NUMBER_CELL.captures(cell) {
                if h.number.is_none() {
                    let rest = c.get(1).map_or("", |m| m.as_str());
                    h.number = Some(number_text(rest));
                    // Place and date may follow on the same cell in pdf text.
                    read_place_date(rest, h);
                }
                agency_done = true;
                last_used = i;
                continue;
            }
            if fold(cell).starts_with("v/v") {
                let text = cell.get(3..).unwrap_or("").trim();
                subject = Some(text.to_string());
                subject_open = true;
                agency_done = true;
                last_used = i;
                continue;
            }
            if read_place_date(cell, h) {
                agency_done = true;
                subject_open = false;
                last_used = i;
                continue;
            }
            if is_furniture(cell) {
                continue;
            }
            if col == 0 && subject_open {
                if let Some(s) = subject.as_mut() {
                    s.push(' ');
                    s.push_str(cell);
                }
                continue;
            }
            let cell = cut_motto(cell);
            if cell.is_empty() {
                continue;
            }
            if col == 0 && !agency_done && is_upper(cell) && agency_lines.len() < 5 {
                agency_lines.push(cell.to_string());
                last_used = i;
                continue;
            }
            if col == 0 && !agency_lines.is_empty() {
                agency_done = true;
            }
        }
    }
    h.agency_levels = agency_levels(&agency_lines);
    if let Some(s) = subject.filter(|s| !s.is_empty()) {
        h.title = Some(collapse_spaces(&s));
        if h.doc_type.is_none() {
            h.doc_type = Some("Công văn".to_string());
        }
    }
    let mut content_line = if h.number.is_some() || !agency_lines.is_empty() {
        last_used + 1
    } else {
        0
    };
    if let Some(t) = type_at {
        let (title, mut next) = title_after(lines, t + 1);
        if title.is_some() {
            h.title = title;
        }
        if h.agency_levels.is_empty() {
            // `UBND Thành phố Hà Nội` under the title of a paper.
            while lines.get(next).is_some_and(|l| l.text.trim().is_empty()) {
                next += 1;
            }
            if let Some(l) = lines.get(next).filter(|l| is_agency_line(l.text)) {
                h.agency_levels = vec![l.text.trim().to_string()];
                next += 1;
            }
        }
        content_line = next;
    }
    while lines
        .get(content_line)
        .is_some_and(|l| l.text.trim().is_empty())
    {
        content_line += 1;
    }
    h.content_start = lines
        .get(content_line)
        .map_or_else(|| lines.last().map_or(0, |l| l.end), |l| l.start);
}

/// The lines of an incoming-mail stamp above the header of a scanned letter (`VP.UBND TỈNH
/// BÌNH THUẬN` / `Số: 9838` / `ĐẾN Ngày 19/05/2025` / `Chuyển: ...` / `Số và ký hiệu`): when a
/// line before the national motto is a stamp's, the header starts at the motto's line, so that
/// the stamp's office, number and date are not read as the issuer's. Returns how many lines to
/// skip (0 without a stamp).
fn stamp_lines(lines: &[Line<'_>]) -> usize {
    static STAMP: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:den|đen)(?:\s|$)|^chuyen\s*:|so\s+va\s+ky\s+hieu|^luu\s+ho\s+so")
            .expect("static regex")
    });
    let Some(motto) = lines.iter().position(|l| MOTTO.is_match(l.text)) else {
        return 0;
    };
    let stamped = lines[..motto].iter().any(|l| {
        cells(l.text)
            .iter()
            .any(|c| STAMP.is_match(&fold(c.trim_matches(|ch: char| !ch.is_alphanumeric()))))
    });
    if stamped {
        motto
    } else {
        0
    }
}

static MOTTO: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\s*(?:CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM|Độc\s+lập\s*[-–—]).*$")
        .expect("static regex")
});

/// The part of a cell before the national motto, when pdf text put both columns on one line
/// (`ỦY BAN NHÂN DÂN    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`).
fn cut_motto(cell: &str) -> &str {
    match MOTTO.find(cell) {
        Some(m) => cell.get(..m.start()).unwrap_or("").trim(),
        None => cell,
    }
}

/// The number part of a `Số:` cell: up to a wide gap (the other column in pdf text). A gap
/// before any number (`Số:      /UBND-NC`) or inside it (`176   / KH`) does not end it.
fn number_text(rest: &str) -> String {
    let rest = rest.trim();
    let mut from = 0;
    while let Some(p) = rest.get(from..).and_then(|r| r.find("   ")) {
        let i = from + p;
        let before = rest.get(..i).unwrap_or("");
        let after = rest.get(i..).unwrap_or("").trim_start();
        if !before.trim().is_empty() && !after.starts_with(['/', '-']) {
            return collapse_spaces(before);
        }
        // The gap is ASCII spaces, so `i + 3` is a char boundary.
        from = i + 3;
    }
    collapse_spaces(rest)
}

/// Reads `Place, ngày ... tháng ... năm ...` from a cell; true when the cell is a place-date.
fn read_place_date(cell: &str, h: &mut Header) -> bool {
    let Some(date_match) = WORDS_DATE.find(cell).or_else(|| NUMERIC_DAY.find(cell)) else {
        return false;
    };
    let Some(pd) = PLACE_DATE.captures(cell) else {
        return false;
    };
    if h.place.is_none() {
        if let Some(p) = pd.get(1) {
            let place = p.as_str().trim();
            if !place.is_empty() && !fold(place).starts_with("so") {
                h.place = Some(place.to_string());
            }
        }
    }
    if h.issued.is_none() {
        h.issued = parse_date(date_match.as_str());
    }
    true
}

/// Groups agency lines into levels: a line that names a place (`TỈNH LẠNG SƠN`) or follows an
/// unfinished name (`ỦY BAN NHÂN DÂN`) continues the level above.
fn agency_levels(lines: &[String]) -> Vec<String> {
    let mut levels: Vec<String> = Vec::new();
    for line in lines {
        let f = fold(line);
        let continues_place = [
            "tinh ",
            "thanh pho ",
            "huyen ",
            "quan ",
            "thi xa ",
            "xa ",
            "phuong ",
        ]
        .iter()
        .any(|p| f.starts_with(p))
            && !f.starts_with("tinh uy");
        let continues_name = ["ve ", "va ", "("].iter().any(|p| f.starts_with(p));
        let unfinished = continues_name
            || levels.last().is_some_and(|prev| {
                let p = fold(prev);
                p.ends_with("uy ban nhan dan")
                    || p.ends_with("hoi dong nhan dan")
                    || p == "ubnd"
                    || p == "hdnd"
                    || p.ends_with(" va")
                    || p.ends_with('-')
                    || p.ends_with(',')
            });
        match levels.last_mut() {
            Some(prev) if continues_place || unfinished => {
                prev.push(' ');
                prev.push_str(line);
            }
            _ => levels.push(line.clone()),
        }
    }
    levels
}

/// A short line naming a people's committee (`UBND Thành phố Hà Nội`).
fn is_agency_line(text: &str) -> bool {
    let f = fold(text);
    text.trim().chars().count() < 60
        && (f.starts_with("ubnd ") || f.starts_with("uy ban nhan dan "))
}

/// A line that is an appendix's heading alone (`PHỤ LỤC`, `Phụ lục II`, `PHỤ LỤC 01`), folded:
/// a plan with nothing but its title before its appendix starts the appendix there, not a
/// longer title.
fn is_appendix_heading(folded: &str) -> bool {
    let Some(rest) = folded.trim().strip_prefix("phu luc") else {
        return false;
    };
    let rest = rest.trim().trim_end_matches(['.', ':']);
    rest.is_empty()
        || rest.chars().all(|c| c.is_ascii_digit())
        || rest.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l'))
}

/// The title lines after the type word, and the index of the first content line.
fn title_after(lines: &[Line<'_>], from: usize) -> (Option<String>, usize) {
    let mut i = from;
    while lines.get(i).is_some_and(|l| {
        cells(l.text)
            .iter()
            .all(|c| c.is_empty() || is_furniture(c))
    }) {
        i += 1;
    }
    let mut parts: Vec<String> = Vec::new();
    while let Some(line) = lines.get(i) {
        let text = cells(line.text).join(" ");
        let text = text.trim();
        let f = fold(text);
        // A title in capitals may itself start `THỰC HIỆN ...`; the stop words apply to the
        // mixed-case lines that follow a title.
        let stop = text.is_empty()
            || parts.len() >= 8
            || is_agency_line(text)
            || !is_upper(text)
                && [
                    "can cu",
                    "thuc hien",
                    "kinh gui",
                    "xet de nghi",
                    "theo de nghi",
                    "dieu 1",
                    "quyet dinh:",
                    "ngay ",
                ]
                .iter()
                .any(|p| f.starts_with(p))
            || text
                .chars()
                .all(|c| matches!(c, '-' | '_' | '=' | '*' | ' '))
            || is_appendix_heading(&f);
        if stop {
            break;
        }
        parts.push(text.to_string());
        i += 1;
    }
    let title = (!parts.is_empty()).then(|| collapse_spaces(&parts.join(" ")));
    (title, i)
}

static ROLE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^(?:(?:KT|TM|TL|Q|T/M|K/T|TUQ)\.?\s|.*(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG|THỦ TƯỚNG|CHÁNH VĂN PHÒNG|CHỦ NHIỆM|BÍ THƯ|CHÁNH ÁN|THỐNG ĐỐC|TỔNG KIỂM TOÁN|CHỈ HUY))",
    )
    .expect("static regex")
});

/// Reads the signature block (role and name) and where the closing blocks start. A role-like
/// line followed by content (`CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH` above the `Căn cứ` of a short
/// decision) is not the signature.
fn read_bottom(lines: &[Line<'_>], h: &mut Header) {
    let from = lines.len().saturating_sub(SIGNATURE_LINES);
    let from_content = lines
        .iter()
        .position(|l| l.start >= h.content_start)
        .unwrap_or(lines.len());
    let from = from.max(from_content);
    let mut roles: Vec<String> = Vec::new();
    let mut role_start: Option<usize> = None;
    let mut last_role_row: Option<usize> = None;
    let mut name: Option<String> = None;
    let mut recipients: Option<usize> = None;
    for (i, line) in lines.iter().enumerate().skip(from) {
        for cell in cells(line.text) {
            if cell.is_empty() {
                continue;
            }
            let f = fold(cell);
            if f.starts_with("noi nhan") {
                recipients.get_or_insert(i);
                continue;
            }
            let (upper_part, tail) = split_upper_prefix(cell);
            if !upper_part.is_empty() && ROLE.is_match(&upper_part) && upper_part.len() < 80 {
                if last_role_row.is_some_and(|r| i > r + 3) || name.is_some() {
                    roles.clear();
                    name = None;
                    role_start = None;
                }
                roles.push(collapse_spaces(&upper_part));
                last_role_row = Some(i);
                role_start.get_or_insert(i);
                if let Some(n) = tail.filter(|t| is_person_name(t)) {
                    name = Some(n.to_string());
                }
                continue;
            }
            let content_like = cell.chars().count() > 100
                || f.starts_with("can cu")
                || f.starts_with("dieu ")
                || f.starts_with("xet de nghi");
            if content_like && recipients.is_none() {
                roles.clear();
                name = None;
                role_start = None;
                last_role_row = None;
                continue;
            }
            if let Some(r) = last_role_row {
                if name.is_none() && i <= r + 8 && is_person_name(cell) {
                    name = Some(collapse_spaces(cell));
                }
            }
        }
    }
    if !roles.is_empty() {
        h.signer_role = Some(roles.join(" / "));
        h.signer = name;
    }
    let closing = match (recipients, role_start) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if let Some(l) = closing.and_then(|i| lines.get(i)) {
        h.content_end = l.start;
    }
}

/// Splits `CHỦ TỊCH QUỐC HỘI Nguyễn Văn A` into its capitals and the rest.
fn split_upper_prefix(cell: &str) -> (String, Option<&str>) {
    let mut upper_end = 0;
    for word in cell.split_whitespace() {
        // `split_whitespace` yields subslices of `cell`: their offset is a char boundary.
        let offset = word.as_ptr() as usize - cell.as_ptr() as usize;
        if word.chars().any(char::is_lowercase) {
            let head = cell.get(..upper_end).unwrap_or("").trim().to_string();
            return (head, cell.get(offset..).map(str::trim));
        }
        upper_end = offset + word.len();
    }
    (cell.trim().to_string(), None)
}

/// A person's name: two to six capitalized words of letters (`Nguyễn Văn A`).
fn is_person_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.all(char::is_alphabetic)
                && w.chars().any(char::is_lowercase)
        })
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_HEADER: &str = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\n-------\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n\nSố: 176/KH-UBND\n\nLạng Sơn, ngày 27 tháng 10 năm 2020\n\n \n\nKẾ HOẠCH\n\nTHỰC HIỆN KẾT LUẬN SỐ 80-KL/TW, NGÀY 20 THÁNG 6 NĂM 2020 CỦA BAN BÍ THƯ\n\nThực hiện Quyết định số 1521/QĐ-TTg ngày 06/10/2020 của Thủ tướng Chính phủ\n\nI. MỤC ĐÍCH, YÊU CẦU\n";

    #[test]
    fn seed_header() {
        let h = read_header(SEED_HEADER);
        assert_eq!(h.agency_levels, ["ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"]);
        assert_eq!(h.number.as_deref(), Some("176/KH-UBND"));
        assert_eq!(h.place.as_deref(), Some("Lạng Sơn"));
        assert_eq!(h.issued, NaiveDate::from_ymd_opt(2020, 10, 27));
        assert_eq!(h.doc_type.as_deref(), Some("Kế hoạch"));
        assert_eq!(
            h.title.as_deref(),
            Some("THỰC HIỆN KẾT LUẬN SỐ 80-KL/TW, NGÀY 20 THÁNG 6 NĂM 2020 CỦA BAN BÍ THƯ")
        );
        assert!(SEED_HEADER[h.content_start..].starts_with("Thực hiện Quyết định"));
    }

    #[test]
    fn an_appendix_right_after_the_title_is_not_part_of_it() {
        let text = "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nKẾ HOẠCH\nTriển khai công tác năm 2026\nPHỤ LỤC\nSTT\tNhiệm vụ\n";
        let h = read_header(text);
        assert_eq!(h.title.as_deref(), Some("Triển khai công tác năm 2026"));
        assert!(text[h.content_start..].starts_with("PHỤ LỤC"));
        // A title line that only starts with the word stays in the title.
        let text = "BỘ TÀI CHÍNH\nTHÔNG TƯ\nSửa đổi, bổ sung\nPhụ lục ban hành kèm theo Thông tư số 01/2024/TT-BTC\n\nCăn cứ Luật Ngân sách nhà nước;\n";
        let h = read_header(text);
        assert_eq!(
            h.title.as_deref(),
            Some("Sửa đổi, bổ sung Phụ lục ban hành kèm theo Thông tư số 01/2024/TT-BTC")
        );
        assert!(is_appendix_heading("phu luc ii") && is_appendix_heading("phu luc 01."));
        assert!(!is_appendix_heading("phu luc ban hanh kem theo"));
    }

    #[test]
    fn two_level_agency_in_pdf_text() {
        let text = "UBND TỈNH BÌNH THUẬN\nSỞ NỘI VỤ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n\nSố:   123/TTr-SNV\n\nBình Thuận, ngày 28 tháng 11 năm 2024\n\nTỜ TRÌNH\nVề việc đề nghị phê duyệt một đề án\n\nKính gửi: Chủ tịch Ủy ban nhân dân tỉnh\n\nNội dung.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nGIÁM ĐỐC\n\nTrần Văn An\n";
        let h = read_header(text);
        assert_eq!(h.agency_levels, ["UBND TỈNH BÌNH THUẬN", "SỞ NỘI VỤ"]);
        assert_eq!(h.number.as_deref(), Some("123/TTr-SNV"));
        assert_eq!(h.doc_type.as_deref(), Some("Tờ trình"));
        assert_eq!(h.issued, NaiveDate::from_ymd_opt(2024, 11, 28));
        assert_eq!(h.signer_role.as_deref(), Some("GIÁM ĐỐC"));
        assert_eq!(h.signer.as_deref(), Some("Trần Văn An"));
        assert!(text[h.content_start..h.content_end].starts_with("Kính gửi"));
        assert!(text[h.content_end..].starts_with("Nơi nhận"));
    }

    #[test]
    fn docx_tabs_blank_draft_number_and_letter_subject() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH BÌNH THUẬN\n\nSố:            /UBND-NCKSTTHC\nV/v góp ý dự thảo văn bản\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n\nBình Thuận, ngày       tháng 02 năm 2025\n\n              Kính gửi: Sở Tư pháp\n\nNội dung.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\tKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn Bình\n";
        let h = read_header(text);
        assert_eq!(h.agency_levels, ["ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN"]);
        assert_eq!(h.number.as_deref(), Some("/UBND-NCKSTTHC"));
        assert_eq!(h.place.as_deref(), Some("Bình Thuận"));
        assert_eq!(h.issued, None);
        assert_eq!(h.doc_type.as_deref(), Some("Công văn"));
        assert_eq!(h.title.as_deref(), Some("góp ý dự thảo văn bản"));
        assert_eq!(
            h.signer_role.as_deref(),
            Some("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")
        );
        assert_eq!(h.signer.as_deref(), Some("Lê Văn Bình"));
    }

    #[test]
    fn antiword_table_header() {
        let text = "|UBND TỈNH BÌNH THUẬN        |CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM    |\n|VĂN PHÒNG                   |Độc lập - Tự do - Hạnh phúc          |\n|Số:            /VP-NCKS     |Bình Thuận, ngày     tháng 4 năm 2025 |\n|V/v trả lời Tờ trình số      |                                     |\n|45/TTr-STP của              |                                     |\n\n        Kính gửi: Sở Tư pháp\n";
        let h = read_header(text);
        assert_eq!(h.agency_levels, ["UBND TỈNH BÌNH THUẬN", "VĂN PHÒNG"]);
        assert_eq!(h.number.as_deref(), Some("/VP-NCKS"));
        assert_eq!(
            h.title.as_deref(),
            Some("trả lời Tờ trình số 45/TTr-STP của")
        );
        assert_eq!(h.place.as_deref(), Some("Bình Thuận"));
    }

    #[test]
    fn an_incoming_mail_stamp_above_the_header_is_not_the_issuer() {
        // OCR of a scanned Tờ trình with the Văn phòng's "ĐẾN" stamp at the top left.
        let text = "VP.UBND TỈNH BÌNH THUẬN\n\nSố:...9838..........\nĐẾN\tNgày 19/05/2025..\nChuyển:...\n\nUBND TỈNH BÌNH THUẬN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ TƯ PHÁP\tĐộc lập - Tự do - Hạnh phúc\nSố: 788/STP-HCBT\tBình Thuận, ngày 16 tháng 5 năm 2025\nV/v trình hồ sơ phê chuẩn kết quả\n\nKính gửi: Ủy ban nhân dân tỉnh.\n";
        let h = read_header(text);
        assert_eq!(h.agency_levels, ["UBND TỈNH BÌNH THUẬN", "SỞ TƯ PHÁP"]);
        assert_eq!(h.number.as_deref(), Some("788/STP-HCBT"));
        // Without a stamp, agency lines above the motto are the issuer.
        let h = read_header(
            "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 176/KH-UBND\n",
        );
        assert_eq!(h.agency_levels, ["ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"]);
    }

    #[test]
    fn law_header_and_one_line_signature() {
        let text = "QUỐC HỘI \nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc \nLuật số: 91/2015/QH13\nHà Nội, ngày 24 tháng 11 năm 2015\n\nBỘ LUẬT\nDÂN SỰ\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\nĐiều 1. Phạm vi điều chỉnh\nBộ luật này quy định.\n\nCHỦ TỊCH QUỐC HỘI Nguyễn Văn An\n";
        let h = read_header(text);
        assert_eq!(h.agency_levels, ["QUỐC HỘI"]);
        assert_eq!(h.number.as_deref(), Some("91/2015/QH13"));
        assert_eq!(h.place.as_deref(), Some("Hà Nội"));
        assert_eq!(h.doc_type.as_deref(), Some("Luật"));
        assert_eq!(h.title.as_deref(), Some("DÂN SỰ"));
        assert_eq!(h.signer_role.as_deref(), Some("CHỦ TỊCH QUỐC HỘI"));
        assert_eq!(h.signer.as_deref(), Some("Nguyễn Văn An"));
    }
}
