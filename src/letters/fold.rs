//! Step 3 (folded view only): diacritics removed and `đ` → `d`, so that a query typed without
//! accents (`pho bien`) finds `phổ biến`. Documents and queries are folded alike.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

use super::normalize::normalize_into;

/// Normalizes then removes diacritics (`đ` → `d`).
///
/// ```
/// use vanban::text::fold;
/// assert_eq!(fold("Đường"), "duong");
/// assert_eq!(fold("PHỔ BIẾN"), "pho bien");
/// ```
pub fn fold(s: &str) -> String {
    let mut normalized = String::with_capacity(s.len());
    normalize_into(s, &mut normalized);
    let mut out = String::with_capacity(normalized.len());
    fold_normalized_into(&normalized, &mut out);
    out
}

/// The characters of `s` with their diacritics removed and nothing else changed: canonical
/// decomposition, combining marks dropped, `đ`/`Đ` → `d`/`D`, case kept (`Quyết định` →
/// `Quyet dinh`). The keys of [`crate::keys`], file names and the evaluation's unaccented
/// questions build on it, each its own way; the index's folded view is [`fold`].
///
/// ```
/// use vanban::text::fold::without_marks;
/// assert_eq!(without_marks("Quyết định Đà Nẵng").collect::<String>(), "Quyet dinh Da Nang");
/// ```
pub fn without_marks(s: &str) -> impl Iterator<Item = char> + '_ {
    s.nfd().filter(|c| !is_combining_mark(*c)).map(|c| match c {
        'đ' => 'd',
        'Đ' => 'D',
        c => c,
    })
}

/// Folds text that is already normalized, appending to `out`.
pub fn fold_normalized_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.push_str(s);
        return;
    }
    out.extend(s.chars().filter_map(fold_char));
}

/// The folded form of one normalized character: its Latin base letter, nothing for a stray
/// combining mark, the character itself otherwise (other scripts keep their letters).
fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    match c {
        'đ' => return Some('d'),
        'Đ' => return Some('D'),
        _ => {}
    }
    if is_diacritic_mark(c) {
        return None;
    }
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        }
    });
    match base {
        Some(b) if b.is_ascii_alphabetic() => Some(b),
        _ => Some(c),
    }
}

/// The letter or digit one character of original text folds to, in lower case, when that is
/// sure: an ASCII letter or digit, `đ`, or a precomposed Latin letter with diacritics (`Ế` →
/// `e`). `None` for anything else (a combining mark, an invisible character, another script),
/// whose folded form depends on the characters around it.
///
/// ```
/// use vanban::text::fold::sure_folded_letter;
/// assert_eq!(sure_folded_letter('Ế'), Some('e'));
/// assert_eq!(sure_folded_letter('Đ'), Some('d'));
/// assert_eq!(sure_folded_letter('\u{301}'), None);
/// ```
pub fn sure_folded_letter(c: char) -> Option<char> {
    match c {
        c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
        'đ' | 'Đ' => Some('d'),
        '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => {
            let mut base = None;
            decompose_canonical(c, |d| {
                if base.is_none() {
                    base = Some(d);
                }
            });
            base.filter(|b| b.is_ascii_alphabetic() && *b != c)
                .map(|b| b.to_ascii_lowercase())
        }
        _ => None,
    }
}

/// Combining marks of the diacritic blocks; other scripts' combining vowel signs are letters and
/// stay (dropping them could leave a token empty).
fn is_diacritic_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}')
}

/// True when the text carries Vietnamese (or other Latin) diacritics or `đ`: then it is matched
/// against the accented view first.
///
/// ```
/// use vanban::text::has_diacritics;
/// assert!(has_diacritics("đường"));
/// assert!(!has_diacritics("duong 176/KH-UBND"));
/// ```
pub fn has_diacritics(s: &str) -> bool {
    s.chars().any(|c| {
        !c.is_ascii() && (is_diacritic_mark(c) || matches!(c, 'Ð' | 'ð') || fold_char(c) != Some(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::letters::normalize::normalize;
    use proptest::prelude::*;

    #[test]
    fn folds_vietnamese_letters() {
        assert_eq!(fold("đường"), "duong");
        assert_eq!(fold("Ðường"), "duong");
        assert_eq!(
            fold("Uỷ ban nhân dân tỉnh Lạng Sơn"),
            "uy ban nhan dan tinh lang son"
        );
        assert_eq!(
            fold("phổ biến, giáo dục pháp luật"),
            "pho bien, giao duc phap luat"
        );
        assert_eq!(fold("BLĐTBXH"), "bldtbxh");
    }

    #[test]
    fn folds_decomposed_input() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "Lạng Sơn".nfd().collect();
        assert_eq!(fold(&nfd), "lang son");
    }

    #[test]
    fn other_scripts_are_kept() {
        assert_eq!(fold("Việt Nam 越南"), "viet nam 越南");
    }

    #[test]
    fn diacritics_are_detected() {
        assert!(has_diacritics("phổ biến"));
        assert!(has_diacritics("Ð"));
        assert!(has_diacritics("do\u{301}"));
        assert!(!has_diacritics("pho bien giao duc phap luat"));
        assert!(!has_diacritics("So 176/KH-UBND"));
        assert!(!has_diacritics("  \u{A0}– 80-KL/TW"));
    }

    proptest! {
        #[test]
        fn fold_is_stable_under_normalize(s in "\\PC{0,40}") {
            prop_assert_eq!(fold(&normalize(&s)), fold(&s));
        }

        #[test]
        fn folded_text_has_no_diacritics(s in "[a-zA-ZàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđĐ \u{300}\u{301}]{0,30}") {
            let f = fold(&s);
            prop_assert!(!has_diacritics(&f), "{:?} -> {:?}", s, f);
            prop_assert_eq!(fold(&f), f.clone());
        }
    }
}
