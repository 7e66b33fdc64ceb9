//! Document numbers (số hiệu), DESIGN.md section 4: parsing every written shape into parts and a
//! canonical key, and finding numbers inside running text.
//!
//! A number is a sequence number followed by code segments joined by `/` and `-`:
//! `176/KH-UBND`, `80-KL/TW` (Party style), `159/2020/NĐ-CP` (with a year), `45/2019/QH14`,
//! `02/2015/TTLT-BTP-BTC`, `1234/UBND-NC` (công văn, no type code), old style `74/CP`, `619/TTg`.
//!
//! **The key** is fully upper case with `Đ`, has no spaces, drops the sequence number's leading
//! zeros and keeps the `/` `-` structure as written: `1521/QĐ-TTG`, `80-KL/TW`,
//! `1/2023/TT-BLĐTBXH`. Upper-casing everything (rather than keeping `TTg`) is the one rule that
//! makes `1521/qd-ttg` and `1521/QĐ-TTg` the same key without a list of exceptions in the key
//! itself. The mixed-case standard spelling (`TTg`, `QĐi`, `TTr`, `CTr`) is kept for display:
//! [`DocNumber::type_code`] and [`DocNumber::issuer_codes`] use it, and [`display_key`] restores
//! it from a key.
//!
//! Codes written without `đ` (`qd`, `nd`, `bldtbxh`, `hdnd`) are folded back to their standard
//! spelling through the tables [`type_codes`] and [`ISSUER_CODES_WITH_D`], by position: the
//! type table only for the first code, the issuer table only for the others, so that an issuer
//! code `ND` is never taken for the type `NĐ`.

use crate::doc_type::DocType;
use once_cell::sync::Lazy;
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// A parsed document number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumber {
    /// Sequence number without leading zeros (`176`).
    pub seq: u32,
    /// Year when written (`2020` in `159/2020/NĐ-CP`).
    pub year: Option<u16>,
    /// Type code in its standard spelling (`KH`, `QĐ`, `QĐi`): upper case with `Đ`, except the
    /// standard mixed-case codes of [`type_codes`].
    pub type_code: Option<String>,
    /// Issuer codes in their standard spelling (`UBND`, `TTg`, `QH14`, `BLĐTBXH`).
    pub issuer_codes: Vec<String>,
    /// Canonical key (`176/KH-UBND`, `1521/QĐ-TTG`): see the module documentation.
    pub key: String,
}

impl DocNumber {
    /// The document type the number itself implies: from the type code (`KH` → `Kế hoạch`), or,
    /// without one, from the issuer (`45/2019/QH14` → `Luật`, `74/CP` → `Nghị định`), or
    /// `Công văn` for the `SEQ/ISSUER-UNIT` shape (`1234/UBND-NC`).
    pub fn doc_type(&self) -> Option<&'static str> {
        if let Some(code) = &self.type_code {
            return doc_type_for_code(code);
        }
        let first = self.issuer_codes.first()?;
        let letters = first.trim_end_matches(|c: char| c.is_ascii_digit());
        match letters.to_uppercase().as_str() {
            // A Quốc hội number without a type code is a Luật (Nghị quyết of Quốc hội carry `NQ`
            // only since 2013 in some series; Luật is by far the common case).
            "QH" => Some("Luật"),
            "UBTVQH" => Some("Nghị quyết"),
            // Old-style government decrees: `74/CP`, `73-CP`.
            "CP" if self.issuer_codes.len() == 1 => Some("Nghị định"),
            // `619/TTg` alone may be a Quyết định, a Chỉ thị or a letter: do not guess.
            "TTG" if self.issuer_codes.len() == 1 => None,
            _ if self.year.is_none() => Some("Công văn"),
            _ => None,
        }
    }

    /// The number in its standard display spelling (`1521/QĐ-TTg`).
    pub fn display(&self) -> String {
        display_key(&self.key)
    }
}

/// Why a string is not a document number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// A draft or blank number (`   /KH-UBND`): "no number yet".
    #[error("draft number with no sequence number yet")]
    Blank,
    /// Not a document number at all.
    #[error("not a document number")]
    Invalid,
}

/// A number found in running text, with byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberMatch {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The parsed number.
    pub number: DocNumber,
}

/// Type codes in their standard spelling, with the document type each stands for: the codes of
/// [`DocType`], in its table's order.
pub fn type_codes() -> impl Iterator<Item = (&'static str, &'static str)> {
    DocType::all_codes()
}

/// Issuer codes that contain `Đ`, so that a spelling without it (`bldtbxh`, `HDND`) folds back.
/// Only codes whose `Đ`-less form is not itself a real code belong here.
pub const ISSUER_CODES_WITH_D: &[&str] = &[
    "BLĐTBXH", "SLĐTBXH", "LĐTBXH", "BGDĐT", "SGDĐT", "PGDĐT", "GDĐT", "BKHĐT", "SKHĐT", "KHĐT",
    "HĐND", "HĐBT", "HĐBP", "HĐTP", "HĐNN", "HĐQT", "HĐTĐKT", "BTĐKT", "BCĐ", "BCSĐ", "TLĐ",
    "LĐLĐ", "ĐHQG", "ĐTN", "TWĐTN", "BĐBP", "TCĐBVN", "ĐU", "ĐĐ", "VPĐU",
];

/// Codes whose standard spelling is mixed case; every other code is upper case.
const MIXED_CASE: &[&str] = &["TTg", "TTr", "QĐi", "CTr"];

/// The document type a type code stands for (`KH` → `Kế hoạch`), in any case and with or
/// without `đ` (`qd` → `Quyết định`). `QH` (and `QH14`) → `Luật`.
pub fn doc_type_for_code(code: &str) -> Option<&'static str> {
    let code = code.trim();
    let code = if code.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("QH")) {
        code.trim_end_matches(|c: char| c.is_ascii_digit())
    } else {
        code
    };
    let standard = known_type_code(code)?;
    type_codes().find(|(c, _)| *c == standard).map(|(_, t)| t)
}

/// Restores the standard mixed-case spelling of a key's codes (`1521/QĐ-TTG` → `1521/QĐ-TTg`).
pub fn display_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut seg = String::new();
    for c in key.chars() {
        if c == '/' || c == '-' {
            out.push_str(&display_code(&seg));
            seg.clear();
            out.push(c);
        } else {
            seg.push(c);
        }
    }
    out.push_str(&display_code(&seg));
    out
}

/// Parses one written number (`Số: 176/KH-UBND`, `176 / kh - ubnd`).
///
/// Blank or draft numbers (`   /KH-UBND`, `…/QĐ-UBND`, `/2020/QĐ-UBND`, `Số:     /UBND-NC`)
/// give [`NumberError::Blank`]; anything else that is not a number gives
/// [`NumberError::Invalid`].
pub fn parse(s: &str) -> Result<DocNumber, NumberError> {
    let cleaned = clean(s);
    let body = strip_number_prefix(&cleaned);
    let body = before_date(body);
    let body = body.trim_end_matches(['.', ',', ';', ':', ' ']);
    if is_blank_shape(body) {
        return Err(NumberError::Blank);
    }
    let parts = split_segments(body).ok_or(NumberError::Invalid)?;
    build(&parts, false).ok_or(NumberError::Invalid)
}

/// `body` up to the first word that follows a number without being part of it: `ngày` or `của`
/// (`1521/QĐ-TTg ngày 06/10/2020`, `176/KH-UBND của UBND tỉnh`), or a date (`1521/QĐ-TTg
/// 06/10/2020`).
fn before_date(body: &str) -> &str {
    static DATE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-][0-9]{4}").expect("static regex")
    });
    let mut at = 0;
    for word in body.split(' ') {
        let folded = crate::letters::fold::fold(word).to_lowercase();
        if at > 0 && (matches!(folded.as_str(), "ngay" | "cua") || DATE.is_match(word)) {
            return body[..at].trim_end();
        }
        at += word.len() + 1;
    }
    body
}

/// The display spelling of `key` with the sequence number as `written` wrote it: leading zeros
/// kept (`01/2012/NĐ-CP`, where [`display_key`] gives `1/2012/NĐ-CP`). The key itself drops them.
pub fn display_as_written(written: &str, key: &str) -> String {
    let shown = display_key(key);
    let cleaned = clean(written);
    let digits: String = strip_number_prefix(&cleaned)
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let seq_len = shown.chars().take_while(char::is_ascii_digit).count();
    match digits.trim_start_matches('0') == &shown[..seq_len] {
        true => format!("{digits}{}", &shown[seq_len..]),
        false => shown,
    }
}

/// The document type a draft number still states by its codes (`Số:     /QĐ-UBND` → `Quyết
/// định`, `/UBND-NC` → `Công văn`), when `s` is a blank number.
pub fn draft_doc_type(s: &str) -> Option<&'static str> {
    let cleaned = clean(s);
    let body = strip_number_prefix(&cleaned);
    let body = body.trim_end_matches(['.', ',', ';', ':', ' ']);
    if !is_blank_shape(body) {
        return None;
    }
    let codes = body.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '/');
    parse(&format!("1{codes}")).ok()?.doc_type()
}

/// The canonical key of a written number, if it is one.
pub fn key(s: &str) -> Option<String> {
    parse(s).ok().map(|n| n.key)
}

/// Finds every document number in running text.
///
/// Stricter than [`parse`]: codes must be upper case (or a standard mixed-case code such as
/// `TTg`), unless the whole number is written without spaces and has a year or two codes
/// (`01/2009/tt-bnn`); dates (`06/10/2020`), ranges (`2019 -2021`) and form codes
/// (`Mẫu số 01/TNDN`) are not numbers. Offsets are byte offsets into `text`, on char boundaries.
pub fn find_all(text: &str) -> Vec<NumberMatch> {
    static CANDIDATE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(
            r"[0-9]{1,7}(?:[ \t\u{a0}]*[/\-\u{2010}-\u{2015}\u{2212}][ \t\u{a0}]*[\p{L}\p{M}\p{N}&]+(?:\([\p{Lu}0-9]{1,6}\))?)+",
        )
        .expect("static regex")
    });
    let mut out = Vec::new();
    for m in CANDIDATE.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '-' || c == '.') {
            continue;
        }
        if preceded_by_form_word(&text[..m.start()]) {
            continue;
        }
        if let Some((end, number)) = strict_prefix(m.as_str()) {
            out.push(NumberMatch {
                start: m.start(),
                end: m.start() + end,
                number,
            });
        }
    }
    out
}

/// One piece of a written number: the separator before it (`None` for the first) and its text.
#[derive(Debug, Clone)]
struct Segment<'a> {
    sep: Option<char>,
    text: &'a str,
    /// Byte offset of the segment's end in the string it was split from.
    end: usize,
    /// Whether whitespace stood on both sides of the separator before it (`1521/QĐ-TTg - UBND`).
    spaced: bool,
}

/// NFC, `Ð`/`ð` → `Đ`/`đ`, typographic dashes → `-`, invisible characters removed, every space
/// → ASCII space.
fn clean(s: &str) -> String {
    s.nfc()
        .filter_map(|c| match c {
            'Ð' => Some('Đ'),
            'ð' => Some('đ'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '_' => Some('-'),
            '\u{200b}'..='\u{200d}' | '\u{feff}' | '\u{ad}' => None,
            c if c.is_whitespace() => Some(' '),
            c => Some(c),
        })
        .collect()
}

/// Removes a leading `Số:` / `số` / `Số hiệu:` / `No.`.
fn strip_number_prefix(s: &str) -> &str {
    let t = s.trim();
    let lower = t.to_lowercase();
    for prefix in ["số hiệu", "số", "so hieu", "so", "no."] {
        if lower.starts_with(prefix) {
            // Both are prefixes of the same char sequence; lower-casing Vietnamese letters keeps
            // their byte length, but be safe and re-find the boundary by chars.
            let n = prefix.chars().count();
            let cut = t.char_indices().nth(n).map_or(t.len(), |(i, _)| i);
            let rest = &t[cut..];
            // `So` must not eat the start of a code such as `SOTP`; require a separator.
            if rest.starts_with([':', '.', ' ']) || rest.is_empty() {
                return rest.trim_start_matches([':', '.', ' ']).trim();
            }
        }
    }
    t
}

/// Splits `body` into segments at `/` and `-` (spaces around them allowed). `None` when a
/// character that cannot be in a number appears.
fn split_segments(body: &str) -> Option<Vec<Segment<'_>>> {
    let mut segs = Vec::new();
    let mut sep: Option<char> = None;
    let mut space_before_sep = false;
    let mut spaced = false;
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    let mut pending_space = false;
    for (i, c) in body.char_indices() {
        if c.is_alphanumeric() || matches!(c, '&' | '(' | ')') {
            // A space inside a code (`QĐ-TT HĐND`) stays in the segment; the key drops it.
            if start.is_none() {
                start = Some(i);
            }
            pending_space = false;
            last_end = i + c.len_utf8();
        } else if c == '/' || c == '-' {
            if let Some(s) = start.take() {
                segs.push(Segment {
                    sep,
                    text: &body[s..last_end],
                    end: last_end,
                    spaced,
                });
            } else if sep.is_some() {
                // Two separators in a row (`1//KH`).
                return None;
            }
            space_before_sep = pending_space;
            pending_space = false;
            sep = Some(c);
            spaced = false;
        } else if c == ' ' {
            if sep.is_some() && start.is_none() {
                spaced = space_before_sep;
            }
            pending_space = true;
        } else {
            return None;
        }
    }
    if let Some(s) = start {
        segs.push(Segment {
            sep,
            text: &body[s..last_end],
            end: last_end,
            spaced,
        });
    }
    Some(segs)
}

/// True when `body` is a number's code part with nothing (or only filler) where the sequence
/// number goes: `/KH-UBND`, `…/QĐ-UBND`, `/2020/QĐ-UBND`.
fn is_blank_shape(body: &str) -> bool {
    let body = body.trim();
    let Some(slash) = body.find('/') else {
        return false;
    };
    let head = &body[..slash];
    let filler = head
        .chars()
        .all(|c| matches!(c, '.' | '…' | '_' | ' ' | '*' | 'x' | 'X'));
    if !filler {
        return false;
    }
    let tail = &body[slash + 1..];
    let tail = tail.trim_start();
    // The rest must look like codes: letters present, only code characters.
    tail.chars().any(char::is_alphabetic)
        && tail
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | '-' | ' ' | '&'))
}

/// Builds a number from its segments. `strict` is the running-text mode of [`find_all`]: codes
/// must be written in upper case or the standard mixed case.
fn build(segs: &[Segment<'_>], strict: bool) -> Option<DocNumber> {
    let first = segs.first()?;
    if first.sep.is_some() || !first.text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if first.text.len() > 7 {
        return None;
    }
    let seq: u32 = first.text.parse().ok()?;
    if seq == 0 {
        return None;
    }
    let mut key = seq.to_string();
    let mut rest = &segs[1..];
    let mut year = None;
    if let Some(s) = rest.first() {
        if s.sep == Some('/') && s.text.len() == 4 && s.text.chars().all(|c| c.is_ascii_digit()) {
            let y: u16 = s.text.parse().ok()?;
            if (1945..=2100).contains(&y) {
                year = Some(y);
                key.push('/');
                key.push_str(s.text);
                rest = &rest[1..];
            }
        }
    }
    let mut type_code = None;
    let mut issuer_codes = Vec::new();
    let mut seen_letters = false;
    for (i, s) in rest.iter().enumerate() {
        let text: String = s.text.chars().filter(|c| *c != ' ').collect();
        if text.is_empty() || text.chars().count() > 16 {
            return None;
        }
        let has_letter = text.chars().any(char::is_alphabetic);
        if !has_letter && !seen_letters {
            // Digits before any code: a date (`06/10/2020`) or a range.
            return None;
        }
        if !is_code_text(&text) {
            return None;
        }
        // In running text a code is ASCII with `Đ` (and the `Ư` of `UBTƯMTTQVN`), so that an
        // upper-case heading word (`2020 - TRIỂN KHAI`) is not taken for one.
        let ascii_like = text
            .chars()
            .all(|c| c.is_ascii() || matches!(c, 'Đ' | 'đ' | 'Ư' | 'ư'));
        if strict && (!strict_case_ok(&text) || !ascii_like) {
            return None;
        }
        seen_letters |= has_letter;
        let canonical = if i == 0 {
            match known_type_code(&text) {
                Some(code) => {
                    type_code = Some(code.to_string());
                    code.to_string()
                }
                None => {
                    let c = canonical_issuer(&text);
                    issuer_codes.push(c.clone());
                    c
                }
            }
        } else {
            let c = canonical_issuer(&text);
            if has_letter {
                issuer_codes.push(c.clone());
            }
            c
        };
        key.push(s.sep.unwrap_or('/'));
        key.push_str(&canonical.to_uppercase());
    }
    if !seen_letters {
        return None;
    }
    Some(DocNumber {
        seq,
        year,
        type_code,
        issuer_codes,
        key,
    })
}

/// A code's characters: letters (`UBTƯMTTQVN` has a `Ư`), digits, `&`, and at most one
/// parenthesized unit at the end (`BCA(C13)`, `PC04(Đ1)`).
fn is_code_text(text: &str) -> bool {
    let code_char = |c: char| c.is_alphanumeric() || c == '&';
    let (main, unit) = match text.split_once('(') {
        Some((m, rest)) => match rest.strip_suffix(')') {
            Some(u) if !u.is_empty() && u.chars().all(code_char) => (m, Some(u)),
            _ => return false,
        },
        None => (text, None),
    };
    !main.is_empty() && main.chars().all(code_char) && unit.is_none_or(|u| u.len() <= 12)
}

/// Running-text case rule: a code is upper case, or a standard mixed-case code written exactly.
fn strict_case_ok(text: &str) -> bool {
    text.chars().all(|c| !c.is_lowercase()) || MIXED_CASE.contains(&text)
}

/// The standard spelling of a type code, if `text` is one (any case, with or without `đ`).
/// An exact match wins (`HĐ` is Hợp đồng); a spelling without `đ` takes the first code of
/// [`type_codes`] that folds to it (`HD` is Hướng dẫn, `qd` is `QĐ`).
fn known_type_code(text: &str) -> Option<&'static str> {
    let upper = upper_code(text);
    let codes = || type_codes().map(|(c, _)| c);
    if let Some(c) = codes().find(|c| upper_code(c) == upper) {
        return Some(c);
    }
    if upper.contains('Đ') {
        return None;
    }
    let folded = fold_code(text);
    codes().find(|c| fold_code(c) == folded)
}

/// The standard spelling of an issuer code: upper case with `Đ`, `Đ` restored from the table
/// when written without it, trailing digits kept (`qh14` → `QH14`, `HDNN8` → `HĐNN8`,
/// `ttg` → `TTg`).
fn canonical_issuer(text: &str) -> String {
    let upper = upper_code(text);
    let letters = upper.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &upper[letters.len()..];
    if let Some(m) = MIXED_CASE.iter().find(|m| upper_code(m) == letters) {
        return format!("{m}{digits}");
    }
    if !letters.contains('Đ') {
        let folded = fold_code(letters);
        if let Some(c) = ISSUER_CODES_WITH_D.iter().find(|c| fold_code(c) == folded) {
            return format!("{c}{digits}");
        }
    }
    upper
}

/// The display spelling of one upper-case key segment.
fn display_code(seg: &str) -> String {
    MIXED_CASE
        .iter()
        .find(|m| upper_code(m) == seg)
        .map_or_else(|| seg.to_string(), |m| (*m).to_string())
}

/// Upper case with `Đ`.
fn upper_code(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'đ' | 'ð' | 'Ð' => 'Đ',
            c => c.to_uppercase().next().unwrap_or(c),
        })
        .collect()
}

/// Upper case with `Đ` → `D`: the form codes are compared in.
fn fold_code(s: &str) -> String {
    upper_code(s).replace('Đ', "D")
}

/// The longest valid number at the start of a running-text candidate, in strict mode, with its
/// byte length. Trailing segments that are not codes (`1521/QĐ-TTg - Quyết`) are dropped, and so
/// is a ` - ` separated segment once the number already has two codes (`1521/QĐ-TTg - UBND`).
fn strict_prefix(candidate: &str) -> Option<(usize, DocNumber)> {
    // One char for one char, so that offsets map back by char count.
    let cleaned: String = candidate
        .chars()
        .map(|c| match c {
            'Ð' => 'Đ',
            'ð' => 'đ',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    let segs = split_segments(&cleaned)?;
    let lowercase = cleaned.chars().any(char::is_lowercase);
    let tight = !cleaned.contains(' ');
    let mut n = segs.len();
    let mut codes = 0;
    for (i, s) in segs.iter().enumerate().skip(1) {
        if s.spaced && codes >= 2 {
            n = i;
            break;
        }
        if s.text.chars().any(char::is_alphabetic) {
            codes += 1;
        }
    }
    while n >= 2 {
        let slice = segs.get(..n)?;
        let number = build(slice, true).or_else(|| {
            // Lower-case numbers only when written tight and unambiguous (`01/2009/tt-bnn`).
            let b = build(slice, false)?;
            let lower_ok = lowercase
                && tight
                && b.type_code.is_some()
                && (b.year.is_some() || !b.issuer_codes.is_empty());
            lower_ok.then_some(b)
        });
        if let Some(number) = number {
            let mut letter_codes = slice
                .iter()
                .skip(1)
                .filter(|s| s.text.chars().any(char::is_alphabetic));
            // A single one-letter code (`3/A`) is not a number in running text.
            if let (Some(only), None) = (letter_codes.next(), letter_codes.next()) {
                if only.text.chars().count() < 2 {
                    return None;
                }
            }
            let end_clean = slice.last().map_or(0, |s| s.end);
            let chars = cleaned.get(..end_clean)?.chars().count();
            let end = candidate
                .char_indices()
                .nth(chars)
                .map_or(candidate.len(), |(i, _)| i);
            return Some((end, number));
        }
        n -= 1;
    }
    None
}

/// True when the text before a candidate ends with a form or table word (`Mẫu số`, `Biểu số`,
/// `Phụ lục số`): those codes (`01/TNDN`) look like numbers but name forms.
fn preceded_by_form_word(before: &str) -> bool {
    let tail: String = before
        .chars()
        .rev()
        .take(16)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tail = tail.to_lowercase();
    let tail = tail.trim_end();
    let tail = tail.strip_suffix("số").unwrap_or(tail).trim_end();
    ["mẫu", "biểu", "mẫu biểu"]
        .iter()
        .any(|w| tail.ends_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> String {
        key(s).unwrap_or_else(|| panic!("{s:?} should parse"))
    }

    #[test]
    fn a_number_stops_before_its_date_and_issuer() {
        assert_eq!(k("1521/QĐ-TTg ngày 06/10/2020"), "1521/QĐ-TTG");
        assert_eq!(k("1521/QĐ-TTg 06/10/2020"), "1521/QĐ-TTG");
        assert_eq!(k("176/KH-UBND của UBND tỉnh Lạng Sơn"), "176/KH-UBND");
        assert_eq!(k("144/2017/NĐ-CP ngay 15/12/2017"), "144/2017/NĐ-CP");
        // A code with a space inside still reads as one.
        assert_eq!(k("12/QĐ-TT HĐND"), "12/QĐ-TTHĐND");
        assert!(key("ngày 06/10/2020").is_none());
        assert!(key("của").is_none());
    }

    #[test]
    fn displayed_numbers_keep_their_leading_zeros() {
        assert_eq!(k("01/2012/NĐ-CP"), "1/2012/NĐ-CP");
        assert_eq!(
            display_as_written("01/2012/nđ-cp", "1/2012/NĐ-CP"),
            "01/2012/NĐ-CP"
        );
        assert_eq!(
            display_as_written("Số: 007/KH-UBND", "7/KH-UBND"),
            "007/KH-UBND"
        );
        assert_eq!(
            display_as_written("1521/QĐ-TTg", "1521/QĐ-TTG"),
            "1521/QĐ-TTg"
        );
        // Written for another number: the key's spelling.
        assert_eq!(display_as_written("12/QĐ", "1521/QĐ-TTG"), "1521/QĐ-TTg");
    }

    #[test]
    fn design_table_shapes_parse() {
        let n = parse("176/KH-UBND").unwrap();
        assert_eq!((n.seq, n.year), (176, None));
        assert_eq!(n.type_code.as_deref(), Some("KH"));
        assert_eq!(n.issuer_codes, ["UBND"]);
        assert_eq!(n.key, "176/KH-UBND");

        let n = parse("80-KL/TW").unwrap();
        assert_eq!((n.seq, n.type_code.as_deref()), (80, Some("KL")));
        assert_eq!(n.issuer_codes, ["TW"]);
        assert_eq!(n.key, "80-KL/TW");

        let n = parse("08-QĐi/TW").unwrap();
        assert_eq!(n.type_code.as_deref(), Some("QĐi"));
        assert_eq!(n.key, "8-QĐI/TW");
        assert_eq!(n.doc_type(), Some("Quy định"));

        let n = parse("1521/QĐ-TTg").unwrap();
        assert_eq!(n.issuer_codes, ["TTg"]);
        assert_eq!(n.key, "1521/QĐ-TTG");
        assert_eq!(n.display(), "1521/QĐ-TTg");

        let n = parse("159/2020/NĐ-CP").unwrap();
        assert_eq!((n.seq, n.year), (159, Some(2020)));
        assert_eq!(n.doc_type(), Some("Nghị định"));

        assert_eq!(k("01/2023/TT-BLĐTBXH"), "1/2023/TT-BLĐTBXH");

        let n = parse("45/2019/QH14").unwrap();
        assert_eq!(n.type_code, None);
        assert_eq!(n.issuer_codes, ["QH14"]);
        assert_eq!(n.doc_type(), Some("Luật"));

        let n = parse("02/2015/TTLT-BTP-BTC").unwrap();
        assert_eq!(n.type_code.as_deref(), Some("TTLT"));
        assert_eq!(n.issuer_codes, ["BTP", "BTC"]);
        assert_eq!(n.key, "2/2015/TTLT-BTP-BTC");

        let n = parse("1234/UBND-NC").unwrap();
        assert_eq!(n.type_code, None);
        assert_eq!(n.issuer_codes, ["UBND", "NC"]);
        assert_eq!(n.doc_type(), Some("Công văn"));
    }

    #[test]
    fn noise_does_not_change_the_key() {
        assert_eq!(k("80- KL/TW"), "80-KL/TW");
        assert_eq!(k("619/QĐ- TTg"), "619/QĐ-TTG");
        assert_eq!(k("176 / KH - UBND"), "176/KH-UBND");
        assert_eq!(k("Số: 176/KH-UBND"), "176/KH-UBND");
        assert_eq!(k("số 176/KH-UBND."), "176/KH-UBND");
        assert_eq!(k("176/kh-ubnd"), "176/KH-UBND");
        assert_eq!(k("1521/qd-ttg"), k("1521/QĐ-TTg"));
        assert_eq!(k("1521/QÐ-TTg"), "1521/QĐ-TTG");
        assert_eq!(k("80–KL/TW"), "80-KL/TW");
        assert_eq!(k("80—KL/TW"), "80-KL/TW");
        assert_eq!(k("0176/KH-UBND"), "176/KH-UBND");
        assert_eq!(k("01/2009/tt-bnn"), "1/2009/TT-BNN");
        assert_eq!(k("01/2019/tt-bldtbxh"), k("01/2019/TT-BLĐTBXH"));
        assert_eq!(k("35/2020/nq-hdnd"), "35/2020/NQ-HĐND");
        assert_eq!(k("Số: 176/KH-UBND"), k("176/KH-UBND"));
    }

    #[test]
    fn old_style_numbers_parse() {
        let n = parse("74/CP").unwrap();
        assert_eq!((n.seq, n.doc_type()), (74, Some("Nghị định")));
        assert_eq!(k("73-CP"), "73-CP");
        assert_eq!(k("619/TTg"), "619/TTG");
        assert_eq!(
            parse("02/TTLB").unwrap().doc_type(),
            Some("Thông tư liên tịch")
        );
        let n = parse("102-SL/L-004").unwrap();
        assert_eq!(n.type_code.as_deref(), Some("SL"));
        assert_eq!(n.key, "102-SL/L-004");
        assert_eq!(k("21-LCT/HDNN8"), k("21-LCT/HĐNN8"));
        assert_eq!(k("22/QĐ-TT HĐND"), "22/QĐ-TTHĐND");
        assert_eq!(k("01/2018/TTLT-BCA-BQP-"), "1/2018/TTLT-BCA-BQP");
        assert_eq!(k("50/2022/NĐ_CP"), "50/2022/NĐ-CP");
        assert_eq!(k("04/1999/TT-BCA(C13)"), "4/1999/TT-BCA(C13)");
        assert_eq!(
            k("01/2014/NQLT/CP-UBTƯMTTQVN"),
            k("01/2014/nqlt/cp-ubtưmttqvn")
        );
    }

    #[test]
    fn blank_numbers_are_blank() {
        for s in [
            "   /KH-UBND",
            "…/QĐ-UBND",
            "/2020/QĐ-UBND",
            "Số:     /UBND-NC",
            "Số: ....../TTr-SNV",
            "/TTr-SNV",
        ] {
            assert_eq!(parse(s), Err(NumberError::Blank), "{s:?}");
        }
    }

    #[test]
    fn drafts_still_state_their_type() {
        assert_eq!(draft_doc_type("Số:     /QĐ-UBND"), Some("Quyết định"));
        assert_eq!(draft_doc_type("/UBND-NC"), Some("Công văn"));
        assert_eq!(draft_doc_type("/2020/NQ-HĐND"), Some("Nghị quyết"));
        assert_eq!(draft_doc_type("176/KH-UBND"), None);
    }

    #[test]
    fn non_numbers_are_invalid() {
        for s in [
            "06/10/2020",
            "2019 -2021",
            "",
            "Số:",
            "Kế hoạch",
            "15/2020",
            "abc/KH",
        ] {
            assert_eq!(parse(s), Err(NumberError::Invalid), "{s:?}");
        }
    }

    #[test]
    fn doc_types_of_codes() {
        for (code, t) in [
            ("KH", "Kế hoạch"),
            ("QĐ", "Quyết định"),
            ("qd", "Quyết định"),
            ("NĐ", "Nghị định"),
            ("TT", "Thông tư"),
            ("TTLT", "Thông tư liên tịch"),
            ("CT", "Chỉ thị"),
            ("KL", "Kết luận"),
            ("NQ", "Nghị quyết"),
            ("QH", "Luật"),
            ("QH14", "Luật"),
            ("TB", "Thông báo"),
            ("BC", "Báo cáo"),
            ("TTr", "Tờ trình"),
            ("HD", "Hướng dẫn"),
            ("CV", "Công văn"),
            ("GM", "Giấy mời"),
            ("QĐi", "Quy định"),
            ("PL", "Pháp lệnh"),
        ] {
            assert_eq!(doc_type_for_code(code), Some(t), "{code}");
        }
        assert_eq!(doc_type_for_code("UBND"), None);
    }

    #[test]
    fn finds_numbers_in_the_seed_sentences() {
        let text = "Thực hiện Quyết định số 1521/QĐ-TTg ngày 06/10/2020 của Thủ tướng Chính phủ về \
                    việc ban hành Kế hoạch thực hiện Kết luận số 80-KL/TW, ngày 20 tháng 6 năm 2020";
        let keys: Vec<String> = find_all(text).into_iter().map(|m| m.number.key).collect();
        assert_eq!(keys, ["1521/QĐ-TTG", "80-KL/TW"]);

        let text = "toàn diện nội dung Kết luận số 80- KL/TW bằng hình thức phù hợp";
        let found = find_all(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start..found[0].end], "80- KL/TW");

        let text = "theo Quyết định số 619/QĐ- TTg ngày 08/5/2017 của Thủ tướng";
        let found = find_all(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start..found[0].end], "619/QĐ- TTg");

        let text = "công tác PBGDPL giai đoạn 2019 -2021”. Ngày 27/10/2020";
        assert!(find_all(text).is_empty());
    }

    #[test]
    fn find_all_stops_where_the_number_ends() {
        let text = "Quyết định 1521/QĐ-TTg - UBND tỉnh";
        let found = find_all(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start..found[0].end], "1521/QĐ-TTg");
        let text = "số 176 / KH - UBND ngày";
        assert_eq!(find_all(text)[0].number.key, "176/KH-UBND");
        assert!(find_all("NĂM 2020 - TRIỂN KHAI").is_empty());
        let text = "Điều 5 - Quyết định";
        assert!(find_all(text).is_empty());
        let text = "theo Mẫu số 01/TNDN ban hành";
        assert!(find_all(text).is_empty());
        let text = "Thông tư 01/2009/tt-bnn hướng dẫn";
        assert_eq!(find_all(text)[0].number.key, "1/2009/TT-BNN");
        let text = "Công văn số 1234/CAT-PC04(Đ1) ngày 02/3/2026 (số 80-KL/TW)";
        let keys: Vec<String> = find_all(text).into_iter().map(|m| m.number.key).collect();
        assert_eq!(keys, ["1234/CAT-PC04(Đ1)", "80-KL/TW"]);
        let text = "20 triệu đồng/ha; 1000/ha";
        assert!(find_all(text).is_empty());
    }

    #[test]
    fn finds_all_numbers_of_the_seed() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/seed/176-KH-UBND-2020-lang-son.txt"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("note: {path} not found; skipping");
            return;
        };
        let found = find_all(&text);
        let mut keys: Vec<&str> = found.iter().map(|m| m.number.key.as_str()).collect();
        for m in &found {
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        }
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(
            keys,
            [
                "1521/QĐ-TTG",
                "176/KH-UBND",
                "32-CT/TW",
                "619/QĐ-TTG",
                "80-KL/TW"
            ]
        );
        assert!(found.iter().any(|m| &text[m.start..m.end] == "80- KL/TW"));
    }

    /// Every line of the Zalo 2021 cited-number list (lower case) parses, and its key equals the
    /// key of its upper-case spelling and of its spelling without `đ`.
    #[test]
    fn zalo_lowercase_numbers_have_the_canonical_key() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/eval/zalo2021/cited_numbers_lowercase.txt"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("note: {path} not found; skipping");
            return;
        };
        let mut ok = 0;
        let mut total = 0;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            total += 1;
            let lower = key(line);
            let upper = key(&line.to_uppercase());
            let no_d = key(&line.replace('đ', "d"));
            let no_d_upper = key(&line.replace('đ', "d").to_uppercase());
            if lower.is_some() && lower == upper && lower == no_d && lower == no_d_upper {
                ok += 1;
            } else {
                eprintln!("miss: {line} {lower:?} {upper:?} {no_d:?}");
            }
        }
        eprintln!("zalo lower-case numbers: {ok}/{total}");
        assert_eq!(ok, total);
        assert!(total > 800);
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        /// A type code (or none) followed by issuer codes: the shape of real numbers, where a
        /// code written without `đ` is restored by its position.
        fn codes() -> impl Strategy<Value = Vec<String>> {
            let types = prop::option::of(prop::sample::select(vec![
                "KH", "QĐ", "NĐ", "TT", "TTLT", "QĐi", "NQ", "TTr", "CT", "HD",
            ]));
            let issuers = prop::collection::vec(
                prop::sample::select(vec![
                    "UBND", "TTg", "BLĐTBXH", "HĐND", "CP", "BTC", "QH14", "TW", "NC", "BGDĐT",
                    "BKHĐT", "HĐTP", "SNV",
                ]),
                1..4,
            );
            (types, issuers).prop_map(|(t, i)| {
                t.into_iter()
                    .chain(i)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
        }

        fn variant(s: &str, lower: bool, spaced: bool, eth: bool, dash: char) -> String {
            let mut out = String::new();
            for c in s.chars() {
                match c {
                    '/' | '-' if spaced => {
                        out.push(' ');
                        out.push(if c == '-' { dash } else { c });
                        out.push(' ');
                    }
                    '-' => out.push(dash),
                    'Đ' if eth => out.push('Ð'),
                    c => out.push(c),
                }
            }
            if lower {
                out.to_lowercase()
            } else {
                out
            }
        }

        proptest! {
            #[test]
            fn parse_never_panics(s in "\\PC{0,40}") {
                let _ = parse(&s);
            }

            #[test]
            fn find_all_offsets_are_valid(s in "[0-9/\\- a-zA-ZĐđ–.:]{0,60}|\\PC{0,60}") {
                for m in find_all(&s) {
                    prop_assert!(m.start < m.end && m.end <= s.len());
                    prop_assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end));
                    prop_assert_eq!(key(&s[m.start..m.end]), Some(m.number.key.clone()));
                }
            }

            #[test]
            fn every_spelling_has_one_key(
                seq in 1u32..5000,
                zeros in 0usize..3,
                year in prop::option::of(1990u16..2030),
                codes in codes(),
                lower in any::<bool>(),
                spaced in any::<bool>(),
                eth in any::<bool>(),
                dash in prop::sample::select(vec!['-', '–', '—']),
                prefix in prop::sample::select(vec!["", "Số: ", "số ", "Số "]),
                period in any::<bool>(),
            ) {
                let mut canon = seq.to_string();
                if let Some(y) = year { canon.push_str(&format!("/{y}")); }
                canon.push('/');
                canon.push_str(&codes.join("-"));
                let base = key(&canon);
                prop_assert!(base.is_some(), "{} should parse", canon);
                let mut written = format!("{}{}", "0".repeat(zeros), canon);
                written = variant(&written, lower, spaced, eth, dash);
                let written = format!("{prefix}{written}{}", if period { "." } else { "" });
                prop_assert_eq!(key(&written), base.clone(), "{}", written);
                let folded = written.replace(['đ', 'Đ', 'Ð', 'ð'], "d");
                prop_assert_eq!(key(&folded), base, "{}", folded);
            }
        }
    }
}
