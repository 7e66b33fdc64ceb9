//! Query variants: the same question typed the ways people type Vietnamese. Each variant is a
//! pure function of the question as written, so that the engine and its plain peer see the very
//! same strings.

use serde::Serialize;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// How a question is rewritten before it is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Variant {
    /// The question as written.
    #[serde(rename = "as-written")]
    AsWritten,
    /// Every diacritic removed (`đ` → `d`), as typed on a keyboard without Vietnamese input.
    #[serde(rename = "no-accents")]
    NoAccents,
    /// Tone marks of open `oa`/`oe`/`uy` syllables moved to the other placement style
    /// (`hòa` ↔ `hoà`, `thủy` ↔ `thuỷ`).
    #[serde(rename = "tone-swapped")]
    ToneSwapped,
    /// Canonically decomposed (NFD), as some systems (macOS file names, old web forms) send it.
    #[serde(rename = "nfd")]
    Nfd,
}

impl Variant {
    /// Every variant, in report order.
    pub const ALL: [Variant; 4] = [
        Variant::AsWritten,
        Variant::NoAccents,
        Variant::ToneSwapped,
        Variant::Nfd,
    ];

    /// The name used in reports and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Variant::AsWritten => "as-written",
            Variant::NoAccents => "no-accents",
            Variant::ToneSwapped => "tone-swapped",
            Variant::Nfd => "nfd",
        }
    }

    /// Rewrites a question.
    pub fn apply(self, question: &str) -> String {
        match self {
            Variant::AsWritten => question.to_string(),
            Variant::NoAccents => remove_accents(question),
            Variant::ToneSwapped => swap_tone_placement(question),
            Variant::Nfd => question.nfd().collect(),
        }
    }
}

/// Removes every diacritic: NFD, combining marks dropped, `đ`/`Đ` → `d`/`D`, then NFC. The same
/// folding as the reference script (`plain_bm25.py`), so the figures compare.
pub fn remove_accents(s: &str) -> String {
    crate::text::fold::without_marks(s).nfc().collect()
}

/// The five Vietnamese tone marks as combining characters: grave, acute, tilde, hook above,
/// dot below. Other marks (circumflex, breve, horn) change the vowel, not the tone.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Moves the tone mark of every open `oa`, `oe` or `uy` syllable to the other vowel: the old
/// style puts it on the first vowel (`hòa`, `khỏe`, `thủy`, `Ủy`), the new style on the second
/// (`hoà`, `khoẻ`, `thuỷ`, `Uỷ`). Closed syllables (`hoàng`, `khoét`), `qu` onsets (`quý`), and
/// every other word are left as they are, byte for byte.
pub fn swap_tone_placement(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut word_start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        let in_word = c.is_alphabetic() || is_combining_mark(c);
        match (in_word, word_start) {
            (true, None) => word_start = Some(i),
            (false, Some(start)) => {
                push_syllable(&mut out, &s[start..i]);
                word_start = None;
                out.push(c);
            }
            (false, None) => out.push(c),
            (true, Some(_)) => {}
        }
    }
    if let Some(start) = word_start {
        push_syllable(&mut out, &s[start..]);
    }
    out
}

/// A letter in decomposed form: its base and its combining marks.
struct Letter {
    base: char,
    marks: Vec<char>,
}

fn push_syllable(out: &mut String, word: &str) {
    match swapped(word) {
        Some(s) => out.push_str(&s),
        None => out.push_str(word),
    }
}

/// The syllable with its tone moved, or `None` when it is not an open `oa`/`oe`/`uy` syllable
/// with a tone mark.
fn swapped(word: &str) -> Option<String> {
    let mut letters: Vec<Letter> = Vec::new();
    for c in word.nfd() {
        if is_combining_mark(c) {
            letters.last_mut()?.marks.push(c);
        } else {
            letters.push(Letter {
                base: c,
                marks: Vec::new(),
            });
        }
    }
    let is_vowel = |l: &Letter| {
        matches!(
            l.base.to_lowercase().next(),
            Some('a' | 'e' | 'i' | 'o' | 'u' | 'y')
        )
    };
    let first_vowel = letters.iter().position(is_vowel)?;
    // Open syllable: the nucleus runs to the end of the word and is exactly two vowels.
    let nucleus = letters.get(first_vowel..)?;
    if nucleus.len() != 2 || !nucleus.iter().all(is_vowel) {
        return None;
    }
    if first_vowel > 0
        && letters
            .get(first_vowel - 1)
            .is_some_and(|l| l.base.eq_ignore_ascii_case(&'q'))
    {
        return None;
    }
    let lower = |l: &Letter| l.base.to_lowercase().next().unwrap_or(l.base);
    let pair = (lower(&nucleus[0]), lower(&nucleus[1]));
    if !matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y')) {
        return None;
    }
    // Only plain vowels: a vowel-quality mark (ă, ơ, ê ...) makes it another nucleus.
    let only_tone = |l: &Letter| l.marks.iter().all(|m| TONE_MARKS.contains(m));
    if !nucleus.iter().all(only_tone) {
        return None;
    }
    let (from, to) = match (nucleus[0].marks.is_empty(), nucleus[1].marks.is_empty()) {
        (false, true) => (first_vowel, first_vowel + 1),
        (true, false) => (first_vowel + 1, first_vowel),
        _ => return None,
    };
    let tone = std::mem::take(&mut letters.get_mut(from)?.marks);
    letters.get_mut(to)?.marks = tone;
    let decomposed: String = letters
        .iter()
        .flat_map(|l| std::iter::once(l.base).chain(l.marks.iter().copied()))
        .collect();
    Some(decomposed.nfc().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_the_four_named_pairs_both_ways() {
        for (old, new) in [
            ("hòa", "hoà"),
            ("thủy", "thuỷ"),
            ("Ủy", "Uỷ"),
            ("khỏe", "khoẻ"),
            ("HÒA", "HOÀ"),
            ("xóa", "xoá"),
            ("lũy", "luỹ"),
        ] {
            assert_eq!(swap_tone_placement(old), new, "{old}");
            assert_eq!(swap_tone_placement(new), old, "{new}");
        }
    }

    #[test]
    fn swaps_inside_a_real_sentence() {
        let q = "Ủy ban nhân dân cấp xã có quyền hòa giải tranh chấp đất đai không?";
        assert_eq!(
            swap_tone_placement(q),
            "Uỷ ban nhân dân cấp xã có quyền hoà giải tranh chấp đất đai không?"
        );
        let q = "Người lao động được nghỉ bao nhiêu ngày để chăm sóc sức khỏe?";
        assert_eq!(
            swap_tone_placement(q),
            "Người lao động được nghỉ bao nhiêu ngày để chăm sóc sức khoẻ?"
        );
    }

    #[test]
    fn leaves_closed_syllables_qu_and_other_nuclei_alone() {
        for w in [
            "hoàng", "khoét", "quý", "Quỳnh", "thuyền", "hoài", "khuya", "thuở", "hoặc", "của",
            "hoa", "người", "điều",
        ] {
            assert_eq!(swap_tone_placement(w), w, "{w}");
        }
    }

    #[test]
    fn removes_accents_of_real_words() {
        assert_eq!(
            remove_accents("Điều 32. Đối tượng bị áp dụng biện pháp đưa vào cơ sở cai nghiện"),
            "Dieu 32. Doi tuong bi ap dung bien phap dua vao co so cai nghien"
        );
        assert_eq!(
            remove_accents("Luật Phòng, chống ma túy"),
            "Luat Phong, chong ma tuy"
        );
        // Decomposed input folds the same way.
        let nfd: String = "Hiến pháp".nfd().collect();
        assert_eq!(remove_accents(&nfd), "Hien phap");
    }

    #[test]
    fn nfd_variant_decomposes_and_keeps_text() {
        let q = "Thủ tướng Chính phủ";
        let v = Variant::Nfd.apply(q);
        assert_ne!(v, q);
        assert_eq!(v.nfc().collect::<String>(), q);
        assert_eq!(Variant::AsWritten.apply(q), q);
    }

    #[test]
    fn swapping_twice_gives_back_the_nfc_text() {
        let q = "Thủy lợi, hòa giải, khỏe mạnh, Ủy ban và quý vị";
        assert_eq!(swap_tone_placement(&swap_tone_placement(q)), q);
    }

    proptest::proptest! {
        #[test]
        fn variants_never_panic(s in "\\PC{0,60}") {
            for v in Variant::ALL {
                let _ = v.apply(&s);
            }
        }
    }
}
