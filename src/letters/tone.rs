//! Step 2 of normalization: one canonical place for the tone mark of each syllable.
//!
//! Two spelling styles coexist in the same documents: the "old" one (`hòa`, `khỏe`, `thủy`, `Ủy`)
//! and the "new" one (`hoà`, `khoẻ`, `thuỷ`, `Uỷ`). They differ only in open syllables whose vowel
//! is `oa`, `oe` or `uy`; everywhere else there is one correct place, decided by the syllable's
//! structure (onset, vowel cluster, coda), never by a list of words. A naive `oà → òa` rewrite
//! would corrupt closed syllables like `hoàn`, `toán`, `hoạch`, so this module parses the syllable.
//!
//! The canonical style is the old one: it is what the corpus mostly uses (in the Công báo records
//! `Ủy` outnumbers `Uỷ` ten to one, `thủy` `thuỷ` twenty-four to one).

use std::borrow::Cow;

use once_cell::sync::Lazy;
use unicode_normalization::char::is_combining_mark;

use super::segment::is_alphanumeric;

/// Vietnamese vowels by base letter (rows) and tone (columns: none, huyền, sắc, hỏi, ngã, nặng).
const VOWELS: [[char; 6]; 12] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'],
    ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
];

const A: u8 = 0;
const E: u8 = 3;
const I: u8 = 5;
const O: u8 = 6;
const U: u8 = 9;
const Y: u8 = 11;

/// Every toned or marked vowel of [`VOWELS`] by code point, as `row * 6 + tone + 1` (0: not a
/// vowel): the letters live in U+00C0..U+01B0 and U+1EA0..U+1EF9, so two small arrays index them.
struct VowelIndex {
    latin: [u8; 0x200],
    extended: [u8; 0x60],
}

static VOWEL_INDEX: Lazy<VowelIndex> = Lazy::new(|| {
    let mut index = VowelIndex {
        latin: [0; 0x200],
        extended: [0; 0x60],
    };
    for (row, tones) in (0u8..).zip(VOWELS.iter()) {
        for (tone, &c) in (0u8..).zip(tones.iter()) {
            let code = u32::from(c) as usize;
            let slot = match code.checked_sub(0x1EA0) {
                Some(i) => index.extended.get_mut(i),
                None => index.latin.get_mut(code),
            };
            if let Some(slot) = slot {
                *slot = row * 6 + tone + 1;
            }
        }
    }
    index
});

fn indexed_vowel(c: char) -> Option<Letter> {
    let code = u32::from(c) as usize;
    let entry = match code.checked_sub(0x1EA0) {
        Some(i) => VOWEL_INDEX.extended.get(i),
        None => VOWEL_INDEX.latin.get(code),
    };
    let e = entry.copied()?.checked_sub(1)?;
    Some(Letter::Vowel {
        row: e / 6,
        tone: e % 6,
    })
}

/// Rows whose base letter carries a vowel-quality mark (`ă â ê ô ơ ư`): the tone goes on them.
const fn has_quality_mark(row: u8) -> bool {
    matches!(row, 1 | 2 | 4 | 7 | 8 | 10)
}

/// The longest Vietnamese syllable has 7 letters (`nghiêng`); one more leaves room for typos.
const MAX_LETTERS: usize = 8;

/// One letter of a lower-case syllable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Letter {
    /// A vowel: row in [`VOWELS`] and tone column.
    Vowel { row: u8, tone: u8 },
    /// A consonant letter.
    Consonant(char),
}

impl Letter {
    fn of(c: char) -> Option<Letter> {
        let vowel = |row, tone| Some(Letter::Vowel { row, tone });
        match c {
            'b' | 'c' | 'd' | 'đ' | 'g' | 'h' | 'k' | 'l' | 'm' | 'n' | 'p' | 'q' | 'r' | 's'
            | 't' | 'v' | 'x' => Some(Letter::Consonant(c)),
            'a' => vowel(A, 0),
            'e' => vowel(E, 0),
            'i' => vowel(I, 0),
            'o' => vowel(O, 0),
            'u' => vowel(U, 0),
            'y' => vowel(Y, 0),
            c if c.is_ascii() => None,
            c => indexed_vowel(c),
        }
    }

    fn row(self) -> Option<u8> {
        match self {
            Letter::Vowel { row, .. } => Some(row),
            Letter::Consonant(_) => None,
        }
    }

    fn tone(self) -> u8 {
        match self {
            Letter::Vowel { tone, .. } => tone,
            Letter::Consonant(_) => 0,
        }
    }

    fn char(self) -> char {
        match self {
            Letter::Vowel { row, tone } => VOWELS[usize::from(row)][usize::from(tone)],
            Letter::Consonant(c) => c,
        }
    }
}

/// Puts the tone of every syllable of lower-case NFC text in its canonical place; text that is not
/// a Vietnamese syllable is left as it is.
///
/// ```
/// use vanban::text::tone::canonicalize;
/// assert_eq!(canonicalize("cộng hoà"), "cộng hòa");
/// assert_eq!(canonicalize("hoàn thành"), "hoàn thành");
/// ```
pub fn canonicalize(s: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, d)) = chars.peek() {
            if !is_word_char(d) {
                break;
            }
            end = i + d.len_utf8();
            chars.next();
        }
        let Some(word) = s.get(start..end) else {
            continue;
        };
        if word.is_ascii() {
            continue;
        }
        if let Some(fixed) = canonical_syllable(word) {
            let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
            o.push_str(s.get(copied..start).unwrap_or_default());
            o.push_str(&fixed);
            copied = end;
        }
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut o) => {
            o.push_str(s.get(copied..).unwrap_or_default());
            Cow::Owned(o)
        }
    }
}

/// Letters, digits and the combining marks left after NFC: a mark that did not compose makes the run no
/// syllable, so moving a tone next to it cannot create a new composition (idempotence).
fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || is_combining_mark(c)
}

/// [`canonicalize`] on the part of `s` from byte `from` on (a char boundary), in place.
pub fn canonicalize_in_place(s: &mut String, from: usize) {
    let Some(tail) = s.get(from..) else {
        return;
    };
    if let Cow::Owned(fixed) = canonicalize(tail) {
        s.truncate(from);
        s.push_str(&fixed);
    }
}

/// The syllable with its tone moved to the canonical vowel, or `None` when it is already there or
/// `word` is not a toned Vietnamese syllable.
fn canonical_syllable(word: &str) -> Option<String> {
    let mut letters = [Letter::Consonant('b'); MAX_LETTERS];
    let mut n = 0;
    for c in word.chars() {
        let slot = letters.get_mut(n)?;
        *slot = Letter::of(c)?;
        n += 1;
    }
    let letters = letters.get(..n)?;
    let mut toned = letters.iter().enumerate().filter(|(_, l)| l.tone() != 0);
    let (at, tone) = toned.next().map(|(i, l)| (i, l.tone()))?;
    if toned.next().is_some() {
        return None;
    }
    let target = tone_position(letters)?;
    if target == at {
        return None;
    }
    let mut out = String::with_capacity(word.len());
    for (i, l) in letters.iter().enumerate() {
        let l = match (*l, i) {
            (Letter::Vowel { row, .. }, i) if i == at => Letter::Vowel { row, tone: 0 },
            (Letter::Vowel { row, .. }, i) if i == target => Letter::Vowel { row, tone },
            (l, _) => l,
        };
        out.push(l.char());
    }
    Some(out)
}

/// Index of the letter that carries the tone in a syllable, by structure:
/// onset (with `qu` and `gi` + vowel counted as onsets), vowel cluster, coda.
fn tone_position(letters: &[Letter]) -> Option<usize> {
    let mut rows = [None; MAX_LETTERS];
    for (slot, l) in rows.iter_mut().zip(letters) {
        *slot = l.row();
    }
    let rows = rows.get(..letters.len())?;
    let mut onset = rows.iter().take_while(|r| r.is_none()).count();
    let first = letters.first().copied();
    let next_is_vowel = |i: usize| rows.get(i).copied().flatten().is_some();
    // `qu`: the `u` belongs to the onset (`quý`, `quả`, `quốc`).
    if first == Some(Letter::Consonant('q')) && onset == 1 && rows.get(1) == Some(&Some(U)) {
        onset = 2;
    }
    // `gi` before another vowel: the `i` belongs to the onset (`giữ`, `già`); before a consonant
    // it is the vowel (`gìn`).
    if first == Some(Letter::Consonant('g'))
        && onset == 1
        && rows.get(1) == Some(&Some(I))
        && next_is_vowel(2)
    {
        onset = 2;
    }
    let cluster_len = rows
        .get(onset..)?
        .iter()
        .take_while(|r| r.is_some())
        .count();
    if cluster_len == 0 {
        return None;
    }
    let coda_start = onset + cluster_len;
    let coda = rows.get(coda_start..)?;
    if coda.iter().any(|r| r.is_some()) {
        return None;
    }
    let cluster = rows.get(onset..coda_start)?;
    // A vowel with a quality mark takes the tone; of two (`ươ`), the second.
    if let Some(i) = cluster
        .iter()
        .rposition(|r| r.is_some_and(has_quality_mark))
    {
        return Some(onset + i);
    }
    // Closed syllable: the last vowel of the cluster (`hoàn`, `toán`, `huỳnh`).
    if !coda.is_empty() {
        return Some(coda_start - 1);
    }
    match cluster {
        [_] => Some(onset),
        // Old style for the open `oa`, `oe`, `uy` (`hòa`, `khỏe`, `thủy`): the first vowel, like
        // the other open two-vowel clusters (`mía`, `của`, `bảo`, `túi`).
        [Some(O), Some(A)] | [Some(O), Some(E)] | [Some(U), Some(Y)] => Some(onset),
        [_, _] => Some(onset),
        // Three vowels: the middle one (`hoài`, `khuỷu`, `ngoẹo`).
        [_, _, _] => Some(onset + 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> String {
        canonicalize(s).into_owned()
    }

    #[test]
    fn every_vowel_round_trips_through_the_index() {
        for (row, tones) in (0u8..).zip(VOWELS.iter()) {
            for (tone, &v) in (0u8..).zip(tones.iter()) {
                assert_eq!(Letter::of(v), Some(Letter::Vowel { row, tone }), "{v}");
                assert_eq!(Letter::of(v).map(Letter::char), Some(v));
            }
        }
        assert_eq!(Letter::of('f'), None);
        assert_eq!(Letter::of('ñ'), None);
        assert_eq!(Letter::of('\u{1F00}'), None);
    }

    #[test]
    fn open_oa_oe_uy_take_the_old_style() {
        assert_eq!(c("hoà"), "hòa");
        assert_eq!(c("hòa"), "hòa");
        assert_eq!(c("cộng hoà xã hội"), "cộng hòa xã hội");
        assert_eq!(c("khoẻ"), "khỏe");
        assert_eq!(c("khỏe"), "khỏe");
        assert_eq!(c("thuỷ"), "thủy");
        assert_eq!(c("thủy"), "thủy");
        assert_eq!(c("uỷ ban"), "ủy ban");
        assert_eq!(c("ủy ban"), "ủy ban");
        assert_eq!(c("cấp uỷ"), "cấp ủy");
        assert_eq!(c("thể chế hoá"), "thể chế hóa");
        assert_eq!(c("xoá"), "xóa");
    }

    #[test]
    fn closed_syllables_keep_the_main_vowel() {
        for w in [
            "hoàn", "toán", "tuyển", "khuyến", "hoạch", "huỳnh", "khoét", "thuận", "quyết",
            "chuyển", "hoàng",
        ] {
            assert_eq!(c(w), w, "{w}");
        }
        // A misplaced mark in a closed syllable is moved to the main vowel.
        assert_eq!(c("hòan"), "hoàn");
        assert_eq!(c("tóan"), "toán");
    }

    #[test]
    fn qu_and_gi_onsets() {
        for w in [
            "quý",
            "quả",
            "quốc",
            "quyền",
            "giữ",
            "gìn",
            "già",
            "giáo",
            "giường",
            "quy",
        ] {
            assert_eq!(c(w), w, "{w}");
        }
        assert_eq!(c("qúy"), "quý");
        assert_eq!(c("gìa"), "già");
    }

    #[test]
    fn other_clusters_are_unchanged() {
        for w in [
            "hoài", "khuỷu", "ngoẹo", "mía", "của", "bảo", "túi", "này", "sáu", "hỏi", "chịu",
            "người", "hươu", "thuở", "gửi", "phổ", "biến", "luật", "nghiêng",
        ] {
            assert_eq!(c(w), w, "{w}");
        }
    }

    #[test]
    fn non_syllables_are_left_alone() {
        for w in [
            "hòaà",
            "hòahòa",
            "oàoà",
            "tiếng việt",
            "ubnd",
            "qđ-ttg",
            "coffeé",
            "ñòa",
            "ôù\u{300}",
        ] {
            assert_eq!(c(w), w, "{w}");
        }
    }
}
