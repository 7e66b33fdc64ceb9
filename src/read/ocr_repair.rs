//! Repairs OCR confusions in the header lines of a scanned document before extraction.
//!
//! Tesseract mostly gets the letters of a header right and a diacritic wrong: `TÍNH` for `TỈNH`,
//! `Lâm Đông` or `LÂM ĐÒNG` for `Lâm Đồng`, `kỷ hiệu` for `ký hiệu`. The header reader and the
//! agency normalizer compare exact words, so such a line loses its issuer or place. Here a run of
//! words whose letters without diacritics spell a known phrase (a province or city, an agency
//! name, a header formula, a type word), but whose diacritics differ, is rewritten as that phrase,
//! keeping the case of what was read (`LÂM ĐÒNG` → `LÂM ĐỒNG`). Only phrases of two words or more
//! are used, since a single toneless syllable (`tinh`) is ambiguous; only the header lines (before
//! `Kính gửi`, `Căn cứ` or the first body paragraph, at most [`HEADER_LINES`]) are touched.
//! A day written by hand and glued to the word before it (`ngày24 tháng 10`) is split off.

use std::collections::HashMap;

use once_cell::sync::Lazy;
use regex::Regex;

use crate::keys::fold;

/// Lines from the top that may be header lines.
const HEADER_LINES: usize = 25;

/// Provinces and centrally-run cities, before and after the 2025 merger (the names kept are
/// among the old ones), of two syllables or more.
const PLACES: &[&str] = &[
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bạc Liêu",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Định",
    "Bình Dương",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cần Thơ",
    "Cao Bằng",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hoà Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Khánh Hoà",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thanh Hoá",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "Hồ Chí Minh",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
    "Phan Thiết",
    "Đà Lạt",
    "Bảo Lộc",
    "Gia Nghĩa",
];

/// Agency names and header formulas, as written in headers.
const PHRASES: &[&str] = &[
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Cộng hoà xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Đảng Cộng sản Việt Nam",
    "Ủy ban nhân dân",
    "Uỷ ban nhân dân",
    "Hội đồng nhân dân",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Công an tỉnh",
    "Công an thành phố",
    "Bộ Công an",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Tài chính",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Y tế",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Giáo dục và Đào tạo",
    "Sở Khoa học và Công nghệ",
    "Sở Nông nghiệp và Môi trường",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Văn phòng",
    "Chính phủ",
    "Thủ tướng Chính phủ",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Giám đốc",
    "Phó Giám đốc",
    "Chánh Văn phòng",
    "Số và ký hiệu",
    "ký hiệu",
    "Kính gửi",
    "Nơi nhận",
    "Tờ trình",
    "Quyết định",
    "Kế hoạch",
    "Báo cáo",
    "Thông báo",
    "Giấy mời",
    "Công văn",
    "Nghị quyết",
    "Chỉ thị",
    "Hướng dẫn",
    "Công điện",
];

static GLUED_DAY: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\b(ngày)(\d)").expect("static regex"));

/// Known phrases by their folded form (`lam dong`), each with its accepted spellings.
struct Vocabulary {
    by_fold: HashMap<String, Vec<&'static str>>,
    /// Most words in a phrase.
    longest: usize,
}

static VOCABULARY: Lazy<Vocabulary> = Lazy::new(|| {
    let mut phrases: Vec<String> = PHRASES.iter().map(|p| (*p).to_string()).collect();
    for place in PLACES {
        phrases.push((*place).to_string());
        phrases.push(format!("tỉnh {place}"));
        phrases.push(format!("thành phố {place}"));
    }
    let mut by_fold: HashMap<String, Vec<&'static str>> = HashMap::new();
    let mut longest = 0;
    for p in phrases {
        let words = p.split_whitespace().count();
        if words < 2 {
            continue;
        }
        longest = longest.max(words);
        // Leaked once: the vocabulary lives as long as the program.
        let p: &'static str = Box::leak(p.into_boxed_str());
        by_fold.entry(fold(p)).or_default().push(p);
    }
    Vocabulary { by_fold, longest }
});

/// Repairs the header lines of `text` (see the module documentation); the count of phrases
/// rewritten comes with the text.
pub fn repair_header(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut repaired = 0;
    let mut in_header = true;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let f = fold(line);
        if i >= HEADER_LINES
            || f.starts_with("kinh gui")
            || f.starts_with("can cu")
            || f.starts_with("thuc hien")
        {
            in_header = false;
        }
        if in_header {
            let (fixed, n) = repair_line(line);
            // `ngày24`: a handwritten day glued to the word before it.
            let fixed = GLUED_DAY.replace_all(&fixed, "$1 $2");
            out.push_str(&fixed);
            repaired += n;
        } else {
            out.push_str(line);
        }
    }
    (out, repaired)
}

/// One token of a line: leading punctuation, the word, trailing punctuation and space.
struct Token<'a> {
    lead: &'a str,
    core: &'a str,
    trail: &'a str,
}

fn tokens(line: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let space_end = rest
            .get(word_end..)
            .and_then(|r| r.find(|c: char| !c.is_whitespace()))
            .map_or(rest.len(), |p| word_end + p);
        let (word, space) = (&rest[..word_end], &rest[word_end..space_end]);
        let start = word.find(char::is_alphanumeric).unwrap_or(0);
        let end = word.rfind(char::is_alphanumeric).map_or(word.len(), |p| {
            p + word[p..].chars().next().map_or(1, char::len_utf8)
        });
        let (lead, core, after) = if start < end {
            (&word[..start], &word[start..end], &rest[end..space_end])
        } else {
            // A token without letters (`-`) matches as itself.
            ("", word, space)
        };
        out.push(Token {
            lead,
            core,
            trail: after,
        });
        rest = &rest[space_end..];
    }
    out
}

/// Repairs one line; returns it and the number of phrases rewritten.
fn repair_line(line: &str) -> (String, usize) {
    let toks = tokens(line);
    let vocab = &*VOCABULARY;
    let mut out = String::with_capacity(line.len());
    let mut repaired = 0;
    let mut i = 0;
    while i < toks.len() {
        let mut matched = None;
        for n in (2..=vocab.longest.min(toks.len() - i)).rev() {
            let Some(run) = toks.get(i..i + n) else {
                continue;
            };
            // Inner punctuation other than a hyphen token ends a phrase (`Đông, ngày`).
            if run[..n - 1].iter().any(|t| !t.trail.trim().is_empty()) {
                continue;
            }
            if run[1..].iter().any(|t| !t.lead.is_empty()) {
                continue;
            }
            let read: Vec<&str> = run.iter().map(|t| t.core).collect();
            let Some(spellings) = vocab.by_fold.get(&fold(&read.join(" "))) else {
                continue;
            };
            matched = Some((n, read, spellings));
            break;
        }
        let Some((n, read, spellings)) = matched else {
            if let Some(t) = toks.get(i) {
                out.push_str(t.lead);
                out.push_str(t.core);
                out.push_str(t.trail);
            }
            i += 1;
            continue;
        };
        let joined = read.join(" ");
        let already = spellings.iter().any(|s| same_letters(s, &joined));
        let canonical: Vec<&str> = spellings
            .first()
            .map_or_else(Vec::new, |s| s.split_whitespace().collect());
        for (k, t) in toks.iter().enumerate().skip(i).take(n) {
            out.push_str(t.lead);
            match canonical.get(k - i) {
                Some(word) if !already => out.push_str(&with_case_of(word, t.core)),
                _ => out.push_str(t.core),
            }
            out.push_str(t.trail);
        }
        if !already {
            repaired += 1;
        }
        i += n;
    }
    (out, repaired)
}

/// Equal ignoring case (`LÂM ĐỒNG` and `Lâm Đồng`).
fn same_letters(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// `word` in the case of `read`: all capitals when `read` is, else `word` with the first
/// letter's case of `read`.
fn with_case_of(word: &str, read: &str) -> String {
    let letters = || read.chars().filter(|c| c.is_alphabetic());
    if letters().count() > 1 && letters().all(char::is_uppercase) {
        return word.to_uppercase();
    }
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let upper = read.chars().next().is_some_and(char::is_uppercase);
    let mut out: String = if upper {
        first.to_uppercase().collect()
    } else {
        first.to_lowercase().collect()
    };
    out.push_str(chars.as_str());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_confusions_are_repaired() {
        let scan = "BỘ CÔNG AN\tCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                    CÔNG AN TÍNH LÂM ĐÒNG\tĐộc lập - Tự do - Hạnh phúc\n\
                    Số: 233 /TTr-CAT-PC06\tLâm Đông, ngày22 tháng 10 năm 2025\n\
                    Số và kỷ hiệu HS:....\n\
                    Kính gửi: Lãnh đạo UBND tỉnh Lâm Đông.\n";
        let (text, n) = repair_header(scan);
        assert_eq!(
            text,
            "BỘ CÔNG AN\tCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             CÔNG AN TỈNH LÂM ĐỒNG\tĐộc lập - Tự do - Hạnh phúc\n\
             Số: 233 /TTr-CAT-PC06\tLâm Đồng, ngày 22 tháng 10 năm 2025\n\
             Số và ký hiệu HS:....\n\
             Kính gửi: Lãnh đạo UBND tỉnh Lâm Đông.\n",
            "the body from `Kính gửi` on is left alone"
        );
        assert_eq!(n, 4);
    }

    #[test]
    fn correct_headers_are_unchanged() {
        for line in [
            "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
            "UỶ BAN NHÂN DÂN TỈNH KHÁNH HOÀ\n",
            "Đà Lạt, ngày 5 tháng 3 năm 2024\n",
            "tính toán lâm thời\n",
        ] {
            assert_eq!(repair_header(line), (line.to_string(), 0), "{line}");
        }
    }

    #[test]
    fn case_follows_what_was_read() {
        assert_eq!(with_case_of("Đồng", "ĐÒNG"), "ĐỒNG");
        assert_eq!(with_case_of("tỉnh", "Tính"), "Tỉnh");
        assert_eq!(with_case_of("Lâm", "lâm"), "lâm");
    }
}
