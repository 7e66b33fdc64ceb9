//! The outline of a document as passages (DESIGN.md section 2): articles of a legal text
//! (`Chương II > Điều 5`) or numbered sections of a plan (`II > 1`), each a search unit.
//!
//! Legal texts are divided into Phần (part), Chương (chapter), Mục (section) and Điều
//! (article); an Điều into Khoản (numbered clause `1.`) and Điểm (lettered point `a)`). A passage
//! is one Điều. Plans and letters use `I.` / `1.` / `a)` outlines; a passage is one `1.` section
//! with its points, and the text of a `I.` section before its first `1.`.
//! A passage longer than [`MAX_PASSAGE`] is split at its clauses (or lines).

use once_cell::sync::Lazy;
use regex::Regex;

use crate::document::Passage;
pub use crate::keys::article_refs;

/// Passages longer than this (in bytes) are split, so a hit points somewhere useful.
pub const MAX_PASSAGE: usize = 6000;

/// Path of the text before the first heading (preamble, `Căn cứ`, `Thực hiện`).
pub const PREAMBLE: &str = "Mở đầu";

static PART: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^phần\s+(thứ\s+[\p{L}]+|[IVXLC]+|\d+)\s*[.:\-–]?\s*(.*)$")
        .expect("static regex")
});
static CHAPTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^chương\s+([IVXLC]+|\d+)\s*[.:\-–]?\s*(.*)$").expect("static regex")
});
static SECTION: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^mục\s+(\d+|[IVXLC]+)\s*[.:\-–]?\s*(.*)$").expect("static regex")
});
/// `Điều 5. Heading`, `Điều 5a`, and a codified article of Pháp điển with its whole code
/// (`Điều 41.8.NĐ.1.`, `Điều 23.7.TT.1.1. Phạm vi`), which is its number in the code.
static ARTICLE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^Điều\s+(\d+[a-zđ]?(?:\.(?:\d+|[A-ZĐ]+))*)\s*(?:[.:]\s*(.*)|$)")
        .expect("static regex")
});
static ROMAN: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^((?:X{0,3})(?:IX|IV|V?I{0,3}))\s*[.:]\s*(\S.*)$").expect("static regex")
});
static ARABIC: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(\d{1,2})\s*[.)]\s+(\S.*)$").expect("static regex"));
static CLAUSE: Lazy<Regex> = Lazy::new(|| Regex::new(r"^(\d{1,3})\.\s").expect("static regex"));

/// Reads the outline of `content` (the body between header and signature).
pub fn outline(content: &str) -> Vec<Passage> {
    let lines: Vec<&str> = content.lines().collect();
    let legal = lines.iter().any(|l| ARTICLE.is_match(l.trim()));
    let passages = if legal {
        legal_outline(&lines)
    } else {
        plan_outline(&lines)
    };
    passages.into_iter().flat_map(split_long).collect()
}

/// A passage being built.
struct Open {
    path: String,
    heading: Option<String>,
    lines: Vec<String>,
}

impl Open {
    fn close(self, out: &mut Vec<Passage>) {
        let text = self.lines.join("\n").trim().to_string();
        if !text.is_empty() {
            out.push(Passage {
                path: self.path,
                heading: self.heading,
                text,
            });
        }
    }
}

fn legal_outline(lines: &[&str]) -> Vec<Passage> {
    let mut out = Vec::new();
    let mut part: Option<String> = None;
    let mut chapter: Option<String> = None;
    let mut section: Option<String> = None;
    let mut current = Open {
        path: PREAMBLE.to_string(),
        heading: None,
        lines: Vec::new(),
    };
    // A `Chương II` line is often followed by its title on the next line.
    let mut pending_title: Option<usize> = None;
    for raw in lines {
        let line = raw.trim();
        if let Some(c) = PART.captures(line) {
            current.close(&mut out);
            part = Some(format!("Phần {}", title_case_ordinal(&c[1])));
            chapter = None;
            section = None;
            current = Open {
                path: join_path(&[&part, &None, &None], ""),
                heading: non_empty(&c[2]),
                lines: vec![line.to_string()],
            };
            pending_title = c[2].trim().is_empty().then_some(1);
            continue;
        }
        if let Some(c) = CHAPTER.captures(line) {
            current.close(&mut out);
            chapter = Some(format!("Chương {}", c[1].to_uppercase()));
            section = None;
            current = Open {
                path: join_path(&[&part, &chapter, &None], ""),
                heading: non_empty(&c[2]),
                lines: vec![line.to_string()],
            };
            pending_title = c[2].trim().is_empty().then_some(1);
            continue;
        }
        if let Some(c) = SECTION.captures(line) {
            current.close(&mut out);
            section = Some(format!("Mục {}", &c[1]));
            current = Open {
                path: join_path(&[&part, &chapter, &section], ""),
                heading: non_empty(&c[2]),
                lines: vec![line.to_string()],
            };
            pending_title = c[2].trim().is_empty().then_some(1);
            continue;
        }
        if let Some(c) = ARTICLE.captures(line) {
            current.close(&mut out);
            let article = format!("Điều {}", &c[1]);
            current = Open {
                path: join_path(&[&part, &chapter, &section], &article),
                heading: c.get(2).and_then(|m| non_empty(m.as_str())),
                lines: vec![line.to_string()],
            };
            pending_title = None;
            continue;
        }
        if pending_title.take().is_some() && !line.is_empty() && current.heading.is_none() {
            current.heading = Some(line.to_string());
        }
        current.lines.push(raw.to_string());
    }
    current.close(&mut out);
    out
}

fn plan_outline(lines: &[&str]) -> Vec<Passage> {
    let mut out = Vec::new();
    let mut roman: Option<String> = None;
    let mut current = Open {
        path: PREAMBLE.to_string(),
        heading: None,
        lines: Vec::new(),
    };
    let mut expected_roman = 1usize;
    for raw in lines {
        let line = raw.trim();
        if let Some(c) = ROMAN.captures(line) {
            let numeral = &c[1];
            // Only the next numeral in sequence (or a restart at I) opens a section, so a
            // sentence starting `V.` in a list does not.
            if let Some(value) = roman_value(numeral) {
                if value == expected_roman || value == 1 {
                    current.close(&mut out);
                    roman = Some(numeral.to_string());
                    expected_roman = value + 1;
                    current = Open {
                        path: numeral.to_string(),
                        heading: non_empty(&c[2]),
                        lines: vec![line.to_string()],
                    };
                    continue;
                }
            }
        }
        if let Some(c) = ARABIC.captures(line) {
            current.close(&mut out);
            let path = match &roman {
                Some(r) => format!("{r} > {}", &c[1]),
                None => c[1].to_string(),
            };
            current = Open {
                path,
                heading: Some(short_heading(&c[2])),
                lines: vec![line.to_string()],
            };
            continue;
        }
        current.lines.push(raw.to_string());
    }
    current.close(&mut out);
    out
}

/// The value of a Roman numeral up to 39, if it is one.
fn roman_value(s: &str) -> Option<usize> {
    const NUMERALS: [&str; 39] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI",
        "XXVII", "XXVIII", "XXIX", "XXX", "XXXI", "XXXII", "XXXIII", "XXXIV", "XXXV", "XXXVI",
        "XXXVII", "XXXVIII", "XXXIX",
    ];
    NUMERALS.iter().position(|n| *n == s).map(|i| i + 1)
}

/// A heading from a numbered line: its first sentence, cut at a word boundary near 160
/// characters.
fn short_heading(s: &str) -> String {
    let s = s.trim();
    let sentence_end = s
        .char_indices()
        .find(|(i, c)| *c == '.' && s.get(i + 1..).is_some_and(|r| r.starts_with(' ')))
        .map_or(s.len(), |(i, _)| i);
    let sentence = s.get(..sentence_end).unwrap_or(s);
    let heading = match sentence.char_indices().nth(160) {
        Some((limit, _)) => sentence
            .get(..limit)
            .and_then(|h| h.rfind(' ').and_then(|sp| h.get(..sp)))
            .unwrap_or(sentence),
        None => sentence,
    };
    heading.trim_end_matches([';', ':', ',', '.']).to_string()
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// `thứ nhất` → `thứ nhất`, `I` → `I`: part names as written, Roman numerals upper case.
fn title_case_ordinal(s: &str) -> String {
    if s.chars().all(|c| c.is_ascii_alphabetic()) {
        s.to_uppercase()
    } else {
        s.to_lowercase()
    }
}

fn join_path(levels: &[&Option<String>], last: &str) -> String {
    let mut parts: Vec<&str> = levels.iter().filter_map(|l| l.as_deref()).collect();
    if !last.is_empty() {
        parts.push(last);
    }
    parts.join(" > ")
}

/// Splits a passage longer than [`MAX_PASSAGE`]: at its clauses (`Điều 5 > Khoản 2`) when it
/// has them, else into runs of lines (`Điều 5 [2]`).
fn split_long(p: Passage) -> Vec<Passage> {
    if p.text.len() <= MAX_PASSAGE {
        return vec![p];
    }
    let lines: Vec<&str> = p.text.lines().collect();
    let is_article = p
        .path
        .rsplit(" > ")
        .next()
        .is_some_and(|l| l.starts_with("Điều"));
    let clause_starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| CLAUSE.is_match(l.trim_start()))
        .map(|(i, _)| i)
        .collect();
    let mut pieces: Vec<(String, Vec<&str>)> = Vec::new();
    if is_article && clause_starts.len() >= 2 {
        let mut current: (String, Vec<&str>) = (p.path.clone(), Vec::new());
        for (i, line) in lines.iter().enumerate() {
            if clause_starts.contains(&i) {
                if !current.1.is_empty() {
                    pieces.push(current);
                }
                let n = CLAUSE
                    .captures(line.trim_start())
                    .map_or_else(String::new, |c| c[1].to_string());
                current = (format!("{} > Khoản {n}", p.path), Vec::new());
            }
            current.1.push(line);
        }
        pieces.push(current);
    } else {
        pieces.push((p.path.clone(), lines));
    }
    // Any piece still too long is cut into runs of lines.
    let mut out = Vec::new();
    for (path, piece_lines) in pieces {
        let mut run: Vec<&str> = Vec::new();
        let mut size = 0;
        let mut part = 1;
        let mut runs: Vec<Vec<&str>> = Vec::new();
        for line in piece_lines {
            if size + line.len() > MAX_PASSAGE && !run.is_empty() {
                runs.push(std::mem::take(&mut run));
                size = 0;
            }
            size += line.len() + 1;
            run.push(line);
        }
        if !run.is_empty() {
            runs.push(run);
        }
        let many = runs.len() > 1;
        for r in runs {
            let text = r.join("\n");
            for chunk in cut_bytes(&text, MAX_PASSAGE) {
                let path = if many || part > 1 {
                    format!("{path} [{part}]")
                } else {
                    path.clone()
                };
                out.push(Passage {
                    path,
                    heading: p.heading.clone(),
                    text: chunk.trim().to_string(),
                });
                part += 1;
            }
        }
    }
    out.retain(|p| !p.text.is_empty());
    out
}

/// Cuts one over-long line into pieces of at most `max` bytes, at char boundaries (at spaces
/// when there are any).
fn cut_bytes(text: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > max {
        let mut cut = max;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(space) = rest[..cut].rfind(' ').filter(|s| *s > max / 2) {
            cut = space;
        }
        if cut == 0 {
            break;
        }
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    out.push(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(ps: &[Passage]) -> Vec<&str> {
        ps.iter().map(|p| p.path.as_str()).collect()
    }

    #[test]
    fn law_outline() {
        let text = "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\nQuốc hội ban hành Bộ luật dân sự.\nPhần thứ nhất:QUY ĐỊNH CHUNG\nChương I:NHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nBộ luật này quy định địa vị pháp lý.\nĐiều 2. Công nhận, tôn trọng, bảo vệ và bảo đảm quyền dân sự\n1. Ở nước Cộng hòa xã hội chủ nghĩa Việt Nam, các quyền dân sự được công nhận.\n2. Quyền dân sự chỉ có thể bị hạn chế theo quy định của luật.\nChương II\nXÁC LẬP, THỰC HIỆN VÀ BẢO VỆ QUYỀN DÂN SỰ\nĐiều 8. Căn cứ xác lập quyền dân sự\nQuyền dân sự được xác lập từ các căn cứ sau đây:\na) Hợp đồng;\n";
        let o = outline(text);
        assert_eq!(
            paths(&o),
            [
                "Mở đầu",
                "Phần thứ nhất",
                "Phần thứ nhất > Chương I",
                "Phần thứ nhất > Chương I > Điều 1",
                "Phần thứ nhất > Chương I > Điều 2",
                "Phần thứ nhất > Chương II",
                "Phần thứ nhất > Chương II > Điều 8",
            ]
        );
        assert_eq!(o[3].heading.as_deref(), Some("Phạm vi điều chỉnh"));
        assert_eq!(
            o[5].heading.as_deref(),
            Some("XÁC LẬP, THỰC HIỆN VÀ BẢO VỆ QUYỀN DÂN SỰ")
        );
        assert!(o[6].text.ends_with("a) Hợp đồng;"));
    }

    /// Pháp điển article codes are kept whole, not cut at their first dot.
    #[test]
    fn codified_articles_keep_their_code() {
        let text = "Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 23.7.NĐ.1.\n(Điều 1 Nghị định số 06/2005/NĐ-CP)\nNghị định này quy định.\nĐiều 23.7.TT.1.1. Phạm vi và đối tượng điều chỉnh\nThông tư này.\nĐiều 5.Phạm vi\nNội dung.\n";
        let o = outline(text);
        assert_eq!(
            paths(&o),
            [
                "Chương I",
                "Chương I > Điều 23.7.NĐ.1",
                "Chương I > Điều 23.7.TT.1.1",
                "Chương I > Điều 5"
            ]
        );
        assert_eq!(
            o[2].heading.as_deref(),
            Some("Phạm vi và đối tượng điều chỉnh")
        );
        assert_eq!(o[3].heading.as_deref(), Some("Phạm vi"));
    }

    #[test]
    fn congbao_articles() {
        let text = "Điều 1. Phạm vi điều chỉnh\nNghị định này quy định.\nĐiều 2. Đối tượng áp dụng\nCơ quan, tổ chức theo Điều 1 Nghị định này.\n";
        let o = outline(text);
        assert_eq!(paths(&o), ["Điều 1", "Điều 2"]);
        assert_eq!(
            o[1].text,
            "Điều 2. Đối tượng áp dụng\nCơ quan, tổ chức theo Điều 1 Nghị định này."
        );
    }

    #[test]
    fn plan_outline_of_the_seed() {
        let text = "Thực hiện Quyết định số 1521/QĐ-TTg, UBND tỉnh ban hành Kế hoạch như sau:\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Kịp thời tổ chức phổ biến.\n\n2. Thể chế hóa kịp thời.\n\nII. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU\n\n1. Nâng cao nhận thức. Trong triển khai.\n\na) Thủ trưởng các sở, ban, ngành.\n\nThời gian thực hiện: Hoàn thành trong Quý IV năm 2020.\n\n2. Đổi mới, đa dạng hóa các hình thức.\n";
        let o = outline(text);
        assert_eq!(
            paths(&o),
            ["Mở đầu", "I", "I > 1", "I > 2", "II", "II > 1", "II > 2"]
        );
        assert_eq!(o[1].heading.as_deref(), Some("MỤC ĐÍCH, YÊU CẦU"));
        assert_eq!(o[5].heading.as_deref(), Some("Nâng cao nhận thức"));
        assert!(o[5].text.contains("Quý IV năm 2020"));
    }

    #[test]
    fn long_articles_are_split_at_clauses() {
        let clause = "x".repeat(4000);
        let text = format!("Điều 3. Giải thích từ ngữ\n1. {clause}\n2. {clause}\n");
        let o = outline(&text);
        assert_eq!(
            paths(&o),
            ["Điều 3", "Điều 3 > Khoản 1", "Điều 3 > Khoản 2"]
        );
        assert!(o.iter().all(|p| p.text.len() <= MAX_PASSAGE));
    }

    #[test]
    fn one_huge_line_is_cut() {
        let text = "ý ".repeat(10_000);
        let o = outline(&text);
        assert!(o.len() >= 3);
        assert!(o.iter().all(|p| p.text.len() <= MAX_PASSAGE));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "(\\PC|\n|Điều 1\\. |I\\. |1\\. ){0,200}") {
            for p in outline(&s) {
                proptest::prop_assert!(p.text.len() <= MAX_PASSAGE);
            }
        }
    }
}
