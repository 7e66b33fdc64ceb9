//! Abbreviations a document defines, in the two ways Vietnamese documents do it:
//! an acronym in parentheses after its long form (`phổ biến, giáo dục pháp luật (PBGDPL)`), and
//! a short name announced in parentheses (`(sau đây gọi tắt là Kết luận số 80-KL/TW)`).

use once_cell::sync::Lazy;
use regex::Regex;

use super::fold;
use crate::document::Abbreviation;

static ACRONYM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\(([A-ZĐ][A-ZĐ0-9&]{1,11})\)").expect("static regex"));

static SHORT_NAME: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r#"(?i)\((?:sau\s+đây\s+)?(?:được\s+)?(?:gọi|viết)\s+tắt\s+(?:là\s+)?[:"“]?\s*([^)"”]{1,80}?)\s*["”]?\)"#,
    )
    .expect("static regex")
});

/// Words that may sit inside a long form without a letter in the acronym
/// (`Giáo dục và Đào tạo (GDĐT)`).
const CONNECTORS: &[&str] = &["va", "cua", "cac", "ve", "trong", "voi", "-", "&"];

/// How far back (in bytes) a long form may start.
const LOOKBACK: usize = 600;

/// Finds every abbreviation `text` defines, first definition of each short form only.
pub fn extract_abbreviations(text: &str) -> Vec<Abbreviation> {
    let mut out: Vec<Abbreviation> = Vec::new();
    let mut push = |a: Abbreviation| {
        if !out.iter().any(|o| o.short == a.short) {
            out.push(a);
        }
    };
    let mut found: Vec<(usize, Abbreviation)> = Vec::new();
    for c in ACRONYM.captures_iter(text) {
        let (Some(whole), Some(short)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if let Some(long) = acronym_long_form(before(text, whole.start()), short.as_str()) {
            found.push((
                whole.start(),
                Abbreviation {
                    short: short.as_str().to_string(),
                    long,
                },
            ));
        }
    }
    for c in SHORT_NAME.captures_iter(text) {
        let (Some(whole), Some(short)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let short = short.as_str().trim();
        if let Some(long) = named_long_form(before(text, whole.start()), short) {
            found.push((
                whole.start(),
                Abbreviation {
                    short: short.to_string(),
                    long,
                },
            ));
        }
    }
    found.sort_by_key(|(pos, _)| *pos);
    for (_, a) in found {
        push(a);
    }
    out
}

/// The text of the same sentence before `end`, at most [`LOOKBACK`] bytes.
fn before(text: &str, end: usize) -> &str {
    let mut start = end.saturating_sub(LOOKBACK);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let span = text.get(start..end).unwrap_or("");
    // Sentence boundaries: a full stop followed by space, a semicolon, a line break.
    let cut = span
        .rfind(['\n', ';'])
        .map(|i| i + 1)
        .into_iter()
        .chain(span.rfind(". ").map(|i| i + 2))
        .max()
        .unwrap_or(0);
    span.get(cut..).unwrap_or("")
}

/// The words before an acronym whose initials spell it (folded: `Đ` = `D`).
fn acronym_long_form(before: &str, short: &str) -> Option<String> {
    let letters: Vec<char> = fold(short)
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect();
    if letters.len() < 2 {
        return None;
    }
    let words: Vec<(usize, &str)> = before
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| (w.as_ptr() as usize - before.as_ptr() as usize, w))
        .collect();
    let mut remaining = letters.len();
    let mut start = None;
    for (offset, word) in words.iter().rev() {
        if remaining == 0 {
            break;
        }
        let folded = fold(word);
        let initial = folded.chars().next();
        if initial == letters.get(remaining - 1).map(|c| c.to_ascii_lowercase()) {
            remaining -= 1;
            start = Some(*offset);
        } else if start.is_some() && CONNECTORS.contains(&folded.as_str()) {
            continue;
        } else {
            return None;
        }
    }
    if remaining > 0 {
        return None;
    }
    let long = before.get(start?..)?.trim().trim_end_matches([',', ':']);
    Some(long.to_string())
}

/// The long form of a short name: from where the short name itself (or its first two words)
/// last appears in the sentence, else the clause before the parenthesis.
fn named_long_form(before: &str, short: &str) -> Option<String> {
    let lower_before = before.to_lowercase();
    let lower_short = short.to_lowercase();
    // Lower-casing Vietnamese keeps byte lengths in practice, but check before slicing.
    let same_len = lower_before.len() == before.len();
    let head: String = lower_short
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let start = if same_len {
        lower_before
            .rfind(&lower_short)
            .or_else(|| lower_before.rfind(&head).filter(|_| !head.is_empty()))
    } else {
        None
    };
    let long = match start {
        Some(s) => before.get(s..)?,
        None => {
            // The clause after the last comma-free stretch of at most 200 bytes.
            let mut s = before.len().saturating_sub(200);
            while !before.is_char_boundary(s) {
                s += 1;
            }
            let tail = before.get(s..)?;
            let first_space = if s > 0 {
                tail.find(' ').map_or(0, |i| i + 1)
            } else {
                0
            };
            tail.get(first_space..)?
        }
    };
    let long = long.trim().trim_end_matches([',', ':']).trim();
    (!long.is_empty() && fold(long) != fold(short)).then(|| long.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronym_after_its_long_form() {
        let text = "tạo chuyển biến mạnh mẽ về chất lượng, hiệu quả công tác phổ biến, giáo dục pháp luật (PBGDPL), nâng cao ý thức";
        assert_eq!(
            extract_abbreviations(text),
            [Abbreviation {
                short: "PBGDPL".into(),
                long: "phổ biến, giáo dục pháp luật".into()
            }]
        );
        let text = "Sở Giáo dục và Đào tạo (GDĐT) chủ trì; Ủy ban nhân dân (UBND) các huyện";
        let a = extract_abbreviations(text);
        assert_eq!(a[0].long, "Giáo dục và Đào tạo");
        assert_eq!(a[1].long, "Ủy ban nhân dân");
    }

    #[test]
    fn parentheses_that_are_not_acronyms() {
        assert!(extract_abbreviations("chỉ số cải cách hành chính (PAR INDEX)").is_empty());
        assert!(extract_abbreviations("Hội nghị trực tuyến (TW) ngày").is_empty());
    }

    #[test]
    fn short_name_announced() {
        let text = "Thực hiện Quyết định số 1521/QĐ-TTg ngày 06/10/2020 của Thủ tướng Chính phủ về việc ban hành Kế hoạch thực hiện Kết luận số 80-KL/TW, ngày 20 tháng 6 năm 2020 của Ban Bí thư về tiếp tục thực hiện Chỉ thị số 32-CT/TW của cán bộ, Nhân dân (sau đây gọi tắt là Kết luận số 80-KL/TW), Uỷ ban nhân dân tỉnh Lạng Sơn ban hành";
        let a = extract_abbreviations(text);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].short, "Kết luận số 80-KL/TW");
        assert!(a[0]
            .long
            .starts_with("Kết luận số 80-KL/TW, ngày 20 tháng 6 năm 2020 của Ban Bí thư"));
        assert!(a[0].long.ends_with("của cán bộ, Nhân dân"));

        let text =
            "Bộ Lao động - Thương binh và Xã hội (sau đây viết tắt là “Bộ LĐTBXH”) hướng dẫn";
        let a = extract_abbreviations(text);
        assert_eq!(a[0].short, "Bộ LĐTBXH");
        assert_eq!(a[0].long, "Bộ Lao động - Thương binh và Xã hội");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "(\\PC|\\(gọi tắt là |\\(PB\\)|\\)){0,120}") {
            let _ = extract_abbreviations(&s);
        }
    }
}
