//! How plausible a text is as Vietnamese: a syllable check and a score over a whole text.
//!
//! Two readers need it. Legacy-encoding detection decodes unknown bytes as TCVN3, VNI and
//! Windows-1258 and keeps the decoding whose words are real Vietnamese syllables. Text-layer
//! checks (PDF, Word) flag layers whose words are not syllables at all: a broken font mapping
//! (`BØ CÔNG AN`) or a bad OCR layer (`DQc l$p - Trl do`).

use once_cell::sync::Lazy;
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// A Vietnamese syllable without its tone mark: onset, vowel nucleus (with glides), final
/// consonant. The vowel runs are the ones Vietnamese spelling allows (including `gi`/`qu` onsets,
/// which the alternation tries both ways).
static SYLLABLE: Lazy<Regex> = Lazy::new(|| {
    let onset = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x";
    let nucleus = "uyê|uya|uyu|iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|\
                   ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|\
                   ưa|ưi|ươ|ưu|ya|yê|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y";
    let coda = "ch|ng|nh|c|m|n|p|t";
    Regex::new(&format!("^(?:{onset})?(?:{nucleus})(?:{coda})?$"))
        .expect("constant pattern, covered by the tests")
});

/// The five tone marks as combining characters (grave, acute, tilde, hook above, dot below).
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Whether `word` is one Vietnamese syllable, in any case: `Điều`, `nghiệm`, `QUYẾT`, `gì`.
pub fn is_syllable(word: &str) -> bool {
    if word.is_empty() || word.chars().count() > 7 {
        return false;
    }
    let mut tones = 0;
    let mut toneless = String::with_capacity(word.len());
    for c in word.to_lowercase().nfd() {
        if TONES.contains(&c) {
            tones += 1;
        } else {
            toneless.push(c);
        }
    }
    if tones > 1 {
        return false;
    }
    let toneless: String = toneless.nfc().collect();
    SYLLABLE.is_match(&toneless)
}

/// How a text scores as Vietnamese, counted over its words.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Plausibility {
    /// Words counted: runs of letters, longer than one letter, except ASCII acronyms (`UBND`).
    pub words: usize,
    /// Of those, words that are Vietnamese syllables.
    pub syllables: usize,
    /// Of the syllables, those with a Vietnamese diacritic (`pháp`, `đồng`).
    pub accented: usize,
}

impl Plausibility {
    /// Share of counted words that are syllables (1.0 for a text with no words).
    pub fn syllable_share(&self) -> f64 {
        if self.words == 0 {
            1.0
        } else {
            self.syllables as f64 / self.words as f64
        }
    }

    /// Share of counted words that are accented syllables.
    pub fn accented_share(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.accented as f64 / self.words as f64
        }
    }
}

/// Splits `text` into words (runs of alphabetic characters and combining marks).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphabetic() || is_mark(c)))
        .filter(|w| !w.is_empty())
}

/// Scores `text`; see [`Plausibility`].
pub fn score(text: &str) -> Plausibility {
    let mut p = Plausibility::default();
    for w in words(text) {
        if !counts(w) {
            continue;
        }
        p.words += 1;
        if is_syllable(w) {
            p.syllables += 1;
            if !w.is_ascii() {
                p.accented += 1;
            }
        }
    }
    p
}

/// Whether a word counts in the score: single letters (`a)`, `V/v`) and acronyms (`UBND`, `QĐ`,
/// `TTg`, `BLĐTBXH`: two capitals or more, ASCII letters and `Đ` only) carry no signal either way.
fn counts(w: &str) -> bool {
    let mut chars = w.chars();
    if chars.next().is_none() || chars.next().is_none() {
        return false;
    }
    let capitals = w.chars().filter(|c| c.is_uppercase()).count();
    let acronym = capitals >= 2
        && w.chars()
            .all(|c| c.is_ascii_alphabetic() || c == 'Đ' || c == 'đ');
    !acronym
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// Why an extracted text layer is unusable, if it is: too few of its words are Vietnamese
/// syllables, or it carries `(cid:N)` placeholders of glyphs without a Unicode mapping.
pub fn garbage_reason(text: &str) -> Option<String> {
    let cids = text.matches("(cid:").count();
    let p = score(text);
    if cids >= 3 {
        return Some(format!(
            "text layer has {cids} unmapped glyphs `(cid:N)`: the PDF's fonts have no Unicode mapping"
        ));
    }
    if p.words < 20 {
        return None;
    }
    let share = p.syllable_share();
    if share < 0.75 {
        return Some(format!(
            "text layer looks garbled: only {:.0}% of {} words are Vietnamese syllables \
             (broken font encoding or bad OCR)",
            share * 100.0,
            p.words
        ));
    }
    if p.accented_share() < 0.08 {
        return Some(format!(
            "text layer has almost no Vietnamese diacritics ({:.0}% of {} words): likely a bad OCR layer",
            p.accented_share() * 100.0,
            p.words
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_of_the_seed_are_syllables() {
        let line = "Thực hiện Quyết định số 1521/QĐ-TTg ngày 06/10/2020 của Thủ tướng Chính phủ \
                    về việc ban hành Kế hoạch thực hiện Kết luận, nghiêng, khuyến khích, quyền, \
                    giữ, gì, Ủy ban nhân dân, NGHỊ QUYẾT, thuở, khuya, xoong, Quý";
        for w in words(line).filter(|w| counts(w)) {
            assert!(is_syllable(w), "{w}");
        }
    }

    #[test]
    fn garbage_words_are_not_syllables() {
        for w in [
            "nhdn", "thdng", "vtpr", "BØ", "chçtr", "ngdy", "ceeng", "Ncnin", "hiÇn",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn two_tones_are_not_a_syllable() {
        assert!(!is_syllable("hóà"));
    }

    #[test]
    fn real_text_is_not_garbage_and_ocr_noise_is() {
        let good = "Sở Nội vụ nhận được Công văn số 123/VP-NCKSTTHC ngày 08/01/2025 của Văn phòng \
                    Ủy ban nhân dân tỉnh về việc công nhận kết quả đại hội và phê duyệt Điều lệ \
                    Hiệp hội, đề nghị Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định.";
        assert_eq!(garbage_reason(good), None);
        let ocr = "Uy ban nhdn dAn tinh t6 chric bu,ii lam viec d,5 nghe Sd NQi vu b6o c6o \
                   rllnh gi6 !6t qu6 vi gi6i ph6p n6ng cao c6c chi s5 chi s6 c6i c6ch hdnh chinh \
                   d6i v6i dlch c6ng tr.uc tuy€n";
        assert!(garbage_reason(ocr).is_some());
        assert!(garbage_reason("x (cid:16) y (cid:16) z (cid:3)").is_some());
    }
}
