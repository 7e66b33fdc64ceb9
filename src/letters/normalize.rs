//! Step 1 of the analysis: one normal form for every byte form of the same text (DESIGN.md
//! section 3): Unicode NFC, confusable letters, invisible characters, exotic spaces and dashes,
//! lower case, and canonical tone placement ([`super::tone`]).
//!
//! The character-level cleanup ([`clean_char`]) never changes where a character is in the
//! original text by more than the character itself, which is what lets the tokenizer keep offsets
//! into the original: it normalizes each syllable's original slice on its own.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::tone;

/// What the cleanup step does with one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cleaned {
    /// Keep this (possibly replaced) character.
    Keep(char),
    /// Drop the character: it is invisible and carries no meaning (zero-width space, soft hyphen).
    Drop,
}

/// Maps one character to its clean form.
///
/// - `Ð` (U+00D0, Icelandic eth) and `ð`, often typed or OCRed for `Đ`/`đ`, become `Đ`/`đ`; so does
///   the African `Ɖ`/`ɖ`.
/// - Zero-width characters, the word joiner, the byte-order mark and soft hyphens are dropped:
///   Word and PDF exports leave them inside words (`bi\u{AD}ến`).
/// - NBSP and the other Unicode space separators become a plain space.
/// - Typographic dashes and the minus sign become `-`, so that `80–KL/TW` reads like `80-KL/TW`.
pub fn clean_char(c: char) -> Cleaned {
    match c {
        '\u{00D0}' | '\u{0189}' => Cleaned::Keep('Đ'),
        '\u{00F0}' | '\u{0256}' => Cleaned::Keep('đ'),
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        | '\u{180E}' => Cleaned::Drop,
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Cleaned::Keep(' '),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
            Cleaned::Keep('-')
        }
        c => Cleaned::Keep(c),
    }
}

/// Appends the lower case of `c`, with fast paths for ASCII and the Vietnamese letters (their
/// upper and lower case sit at fixed distances in the Latin-1 and Latin Extended blocks).
fn push_lowercase(out: &mut String, c: char) {
    let code = u32::from(c);
    let lower = match c {
        'A'..='Z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{DE}' => char::from_u32(code + 0x20),
        'a'..='z' | '\0'..='\u{7F}' | '\u{DF}'..='\u{FF}' => Some(c),
        '\u{100}'..='\u{12F}' | '\u{1EA0}'..='\u{1EF9}' => char::from_u32(code | 1),
        '\u{1A0}' | '\u{1AF}' => char::from_u32(code + 1),
        '\u{1A1}' | '\u{1B0}' => Some(c),
        _ => None,
    };
    match lower {
        Some(l) => out.push(l),
        None => out.extend(c.to_lowercase()),
    }
}

/// True for characters [`clean_char`] drops; they join the letters around them into one syllable.
pub fn is_invisible(c: char) -> bool {
    clean_char(c) == Cleaned::Drop
}

/// True when `s` is in NFC. Text made only of characters below the combining marks (U+0300),
/// of the Latin Extended Additional block (every precomposed Vietnamese letter) and of the
/// General Punctuation block from U+2002 (dashes, quotes, ellipsis: U+2000 and U+2001 alone are
/// not NFC there) is NFC without a look at each character's combining class, which took a
/// twentieth of indexing.
pub fn is_nfc(s: &str) -> bool {
    let precomposed = |c: char| {
        (c as u32) < 0x300
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
            || ('\u{2002}'..='\u{206F}').contains(&c)
    };
    s.chars().all(precomposed) || is_nfc_quick(s.chars()) == IsNormalized::Yes
}

/// Normalizes text: NFC, confusables, invisible characters, spaces, dashes, lower case and
/// canonical tone placement. Documents and queries go through this same function.
///
/// ```
/// use vanban::text::normalize;
/// assert_eq!(normalize("Uỷ ban"), normalize("ỦY BAN"));
/// assert_eq!(normalize("Ðảng"), "đảng");
/// ```
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// [`normalize`] appending to `out`, so that the tokenizer reuses one buffer for every token.
pub fn normalize_into(s: &str, out: &mut String) {
    // Fast path: most tokens of legal text that are ASCII (numbers, codes, unaccented syllables)
    // need only lower case.
    if s.is_ascii() {
        out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    let from = out.len();
    // Clean and lower-case first, then compose: lower-casing can leave a decomposed sequence
    // (`İ` → `i̇`) that NFC must see, and NFC after everything makes the result stable.
    for c in s.chars() {
        if let Cleaned::Keep(k) = clean_char(c) {
            push_lowercase(out, k);
        }
    }
    let tail = out.get(from..).unwrap_or_default();
    if !is_nfc(tail) {
        let composed: String = tail.nfc().collect();
        out.truncate(from);
        out.push_str(&composed);
    }
    tone::canonicalize_in_place(out, from);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fast_lowercase_agrees_with_the_standard_library() {
        for c in ('\0'..='\u{2FF}').chain('\u{1E00}'..='\u{1EFF}') {
            let mut fast = String::new();
            push_lowercase(&mut fast, c);
            assert_eq!(fast, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }

    #[test]
    fn nfc_check_agrees_with_the_full_one() {
        for s in [
            "",
            "abc",
            "Kế hoạch phổ biến",
            "Ủy ban nhân dân",
            "ǅ ǈ ɐ ʰ",
            "Ωμέγα",
            "한국",
            "“Kế hoạch” – số 176…",
            "\u{2000}\u{2001}\u{2002}\u{2003}",
        ] {
            let nfd: String = s.nfd().collect();
            for t in [s.to_string(), nfd] {
                assert_eq!(is_nfc(&t), t.nfc().collect::<String>() == t, "{t:?}");
            }
        }
    }

    #[test]
    fn every_character_the_nfc_shortcut_passes_is_nfc_on_its_own() {
        let ranges = [
            '\0'..='\u{2FF}',
            '\u{1E00}'..='\u{1EFF}',
            '\u{2002}'..='\u{206F}',
        ];
        for c in ranges.into_iter().flatten() {
            // `Yes` (not `Maybe`): the character neither decomposes nor composes with the one
            // before it, and its combining class is 0.
            assert_eq!(is_nfc_quick([c].into_iter()), IsNormalized::Yes, "{c:?}");
        }
    }

    #[test]
    fn nfd_input_composes() {
        let nfd: String = "Kế hoạch phổ biến".nfd().collect();
        assert_ne!(nfd, "Kế hoạch phổ biến");
        assert_eq!(normalize(&nfd), "kế hoạch phổ biến");
    }

    #[test]
    fn confusable_eth_is_d_with_stroke() {
        assert_eq!(normalize("Ðảng"), "đảng");
        assert_eq!(normalize("ðường"), "đường");
        assert_eq!(normalize("BLÐTBXH"), "blđtbxh");
    }

    #[test]
    fn invisible_characters_are_removed_inside_words() {
        assert_eq!(normalize("phổ\u{200B} bi\u{AD}ến"), "phổ biến");
        assert_eq!(normalize("\u{FEFF}Kế hoạch"), "kế hoạch");
    }

    #[test]
    fn spaces_and_dashes_are_plain() {
        assert_eq!(normalize("Lạng\u{A0}Sơn"), "lạng sơn");
        assert_eq!(normalize("80\u{2013}KL/TW"), "80-kl/tw");
        assert_eq!(normalize("Độc lập \u{2014} Tự do"), "độc lập - tự do");
    }

    #[test]
    fn case_and_tone_style_collapse() {
        assert_eq!(
            normalize("Uỷ ban nhân dân tỉnh Lạng Sơn"),
            normalize("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN")
        );
        assert_eq!(normalize("CỘNG HÒA"), normalize("Cộng hoà"));
    }

    proptest! {
        #[test]
        fn normalize_is_idempotent(s in "\\PC{0,40}") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once.clone());
        }

        #[test]
        fn normalize_is_idempotent_on_vietnamese(
            s in "[a-zA-ZàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđĐÐỦÒ \u{300}\u{301}\u{303}\u{309}\u{323}]{0,30}"
        ) {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once.clone());
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(normalize(&nfd), once);
        }
    }
}
