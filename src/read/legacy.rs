//! Legacy Vietnamese encodings: TCVN3 (ABC), VNI and Windows-1258, to Unicode.
//!
//! Before Unicode (and in many offices long after), Vietnamese documents were typed with 8-bit
//! fonts. Their bytes reach us two ways: as a `.txt` file that is not UTF-8, or as the Latin-1
//! "glyph text" a Word or PDF extractor gives for a run set in such a font (`Uû ban nh©n d©n`
//! is TCVN3 for `Uỷ ban nhân dân`). Both are decoded here by the published charts:
//! - TCVN3 (TCVN 5712:1993, VN3): one byte per letter; upper-case fonts (`.VnTimeH`) reuse the
//!   lower-case codes, so an all-capitals line is upper-cased after decoding.
//! - VNI (VNI-Windows fonts): a base letter followed by a byte that adds the diacritics
//!   (`Vieät` is `Việt`); `ô`/`ö` stand for `ơ`/`ư`, `ñ` for `đ`.
//! - Windows-1258: tones are combining bytes; decoded by `encoding_rs`, then composed (NFC).
//!
//! Which one applies is decided by [`super::plausible`]: the decoding whose words are Vietnamese
//! syllables wins, and a text no decoding explains is reported, never indexed as mojibake.

use unicode_normalization::UnicodeNormalization;

use super::plausible;

/// A legacy encoding the readers convert from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    /// TCVN 5712:1993 VN3, the `.Vn` fonts of the ABC keyboard.
    Tcvn3,
    /// VNI-Windows fonts (`VNI-Times`).
    Vni,
    /// Microsoft code page 1258.
    Windows1258,
}

impl Legacy {
    /// The name used in warnings and errors.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC)",
            Legacy::Vni => "VNI",
            Legacy::Windows1258 => "Windows-1258",
        }
    }
}

/// TCVN3 code points that differ from Latin-1, as (byte, letter). Upper-case toned letters do
/// not exist in VN3: they are the lower-case codes in an upper-case font.
const TCVN3: [(u8, char); 74] = [
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

/// Decodes one TCVN3 code (a byte, or a Latin-1 char standing for it).
fn tcvn3_char(c: char) -> char {
    let code = c as u32;
    if !(0xA1..=0xFE).contains(&code) {
        return c;
    }
    TCVN3
        .iter()
        .find(|(b, _)| u32::from(*b) == code)
        .map_or(c, |(_, l)| *l)
}

/// Decodes TCVN3 glyph text: each Latin-1 char by the chart, all-capitals lines upper-cased.
fn decode_tcvn3(latin: &str) -> String {
    let mut out = String::with_capacity(latin.len());
    for line in latin.split_inclusive('\n') {
        let capitals = line.chars().filter(char::is_ascii_uppercase).count();
        let lower = line.chars().any(|c| c.is_ascii_lowercase());
        let upper_line = capitals >= 2 && !lower;
        for c in line.chars() {
            let d = tcvn3_char(c);
            if upper_line && d != c {
                out.extend(d.to_uppercase());
            } else {
                out.push(d);
            }
        }
    }
    out
}

/// What a VNI mark byte adds to the letter before it: (shape mark, tone mark).
fn vni_mark(c: char) -> Option<(Option<char>, Option<char>)> {
    const CIRC: char = '\u{302}';
    const BREVE: char = '\u{306}';
    const ACUTE: char = '\u{301}';
    const GRAVE: char = '\u{300}';
    const HOOK: char = '\u{309}';
    const TILDE: char = '\u{303}';
    const DOT: char = '\u{323}';
    let m = match c.to_lowercase().next().unwrap_or(c) {
        'ù' => (None, Some(ACUTE)),
        'ø' => (None, Some(GRAVE)),
        'û' => (None, Some(HOOK)),
        'õ' => (None, Some(TILDE)),
        'ï' | 'î' => (None, Some(DOT)),
        'â' => (Some(CIRC), None),
        'ê' => (Some(BREVE), None),
        'á' => (Some(CIRC), Some(ACUTE)),
        'à' => (Some(CIRC), Some(GRAVE)),
        'å' => (Some(CIRC), Some(HOOK)),
        'ã' => (Some(CIRC), Some(TILDE)),
        'ä' => (Some(CIRC), Some(DOT)),
        'é' => (Some(BREVE), Some(ACUTE)),
        'è' => (Some(BREVE), Some(GRAVE)),
        'ú' => (Some(BREVE), Some(HOOK)),
        'ü' => (Some(BREVE), Some(TILDE)),
        'ë' => (Some(BREVE), Some(DOT)),
        _ => return None,
    };
    Some(m)
}

/// Upper-case form of a Latin-1 lower-case letter (`ù` → `Ù`), used to match a mark's case.
fn is_upper_latin(c: char) -> bool {
    c.is_uppercase()
}

/// Decodes VNI glyph text: letters that stand alone (`ñ` → `đ`, `ô` → `ơ`) and a vowel followed
/// by its mark byte (`eä` → `ệ`). A mark that does not fit its letter is left as it is.
fn decode_vni(latin: &str) -> String {
    let chars: Vec<char> = latin.chars().collect();
    let mut out = String::with_capacity(latin.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let base = match c {
            'ô' => 'ơ',
            'Ô' => 'Ơ',
            'ö' => 'ư',
            'Ö' => 'Ư',
            'ñ' => 'đ',
            'Ñ' => 'Đ',
            'æ' => 'ỉ',
            'Æ' => 'Ỉ',
            'ó' => 'ĩ',
            'Ó' => 'Ĩ',
            'ò' => 'ị',
            'Ò' => 'Ị',
            other => other,
        };
        i += 1;
        let vowel = "aeiouyAEIOUYơƠưƯ".contains(base);
        let next = chars.get(i).copied();
        let mark = match next {
            Some(n) if vowel && is_upper_latin(n) == base.is_uppercase() => vni_mark(n),
            _ => None,
        };
        match mark {
            Some((shape, tone)) if fits(base, shape, next) => {
                let mut composed = String::new();
                composed.push(base);
                composed.extend(shape);
                composed.extend(tone);
                out.extend(composed.nfc());
                i += 1;
            }
            _ => out.push(base),
        }
    }
    out
}

/// Whether a VNI mark fits its base letter: a breve only on `a`, a circumflex on `a e o`, the
/// dot written `î` only on `y`.
fn fits(base: char, shape: Option<char>, mark: Option<char>) -> bool {
    let b = base.to_ascii_lowercase();
    if matches!(mark, Some('î' | 'Î')) && b != 'y' {
        return false;
    }
    match shape {
        Some('\u{306}') => b == 'a',
        Some('\u{302}') => matches!(b, 'a' | 'e' | 'o'),
        _ => true,
    }
}

/// Bytes as Latin-1 chars, the form both 8-bit charts are written in.
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Decodes bytes that are not UTF-8 by the legacy encoding whose result reads as Vietnamese.
/// Errors with a reason when no encoding does, or when two disagree and both read well.
pub fn decode(bytes: &[u8]) -> Result<(String, Legacy), String> {
    let (cp1258, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
    let latin = latin1(bytes);
    let candidates = [
        (cp1258.nfc().collect::<String>(), Legacy::Windows1258),
        (decode_tcvn3(&latin), Legacy::Tcvn3),
        (decode_vni(&latin), Legacy::Vni),
    ];
    let mut scored: Vec<(f64, usize, &String, Legacy)> = candidates
        .iter()
        .map(|(text, enc)| {
            let p = plausible::score(text);
            (p.syllable_share(), p.accented, text, *enc)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
    let Some(&(best_share, best_accented, best_text, best_enc)) = scored.first() else {
        return Err("no decoding".into());
    };
    if best_share < 0.8 || best_accented == 0 {
        return Err(format!(
            "not UTF-8, and no Vietnamese legacy encoding (TCVN3, VNI, Windows-1258) explains it \
             (best: {} with {:.0}% Vietnamese syllables)",
            best_enc.name(),
            best_share * 100.0
        ));
    }
    let rival = scored
        .iter()
        .skip(1)
        .find(|(share, _, text, _)| *text != best_text && best_share - share < 0.02);
    if let Some((_, _, _, enc)) = rival {
        return Err(format!(
            "not UTF-8; {} and {} both read as Vietnamese, cannot tell which encoding it is",
            best_enc.name(),
            enc.name()
        ));
    }
    Ok((best_text.clone(), best_enc))
}

/// Converts Unicode text that is really TCVN3 or VNI glyph text (what extractors give for runs
/// set in `.VnTime` or `VNI-Times` fonts) when that makes clearly more of it Vietnamese. Words
/// already Vietnamese are kept as they are, so a document mixing Unicode and legacy runs comes
/// out whole. `None` when the text does not need it.
pub fn repair_glyphs(text: &str) -> Option<(String, Legacy)> {
    if !text.chars().any(|c| ('\u{a0}'..='\u{ff}').contains(&c)) {
        return None;
    }
    let before = plausible::score(text).syllable_share();
    let best = [
        (decode_tcvn3(text), Legacy::Tcvn3),
        (decode_vni(text), Legacy::Vni),
    ]
    .into_iter()
    .map(|(t, enc)| (plausible::score(&t).syllable_share(), enc))
    .max_by(|a, b| a.0.total_cmp(&b.0))?;
    if best.0 < 0.8 || best.0 < before + 0.15 {
        return None;
    }
    let enc = best.1;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        // Decoding is per line (TCVN3 upper-cases all-capitals lines), then chosen per token.
        let converted = match enc {
            Legacy::Tcvn3 => decode_tcvn3(line),
            _ => decode_vni(line),
        };
        let (orig, new) = (split_keep(line), split_keep(&converted));
        if orig.len() != new.len() {
            out.push_str(&converted);
            continue;
        }
        for ((o, n), keep) in orig.iter().zip(&new).zip(choose(&orig, &new)) {
            out.push_str(if keep { o } else { n });
        }
    }
    Some((out, enc))
}

/// For each token, whether to keep the original (`true`) or take the decoded form. A token that
/// reads as Vietnamese only one way goes that way, and one with letters outside Latin-1 (`ỉ`,
/// `Đồng`) was typed in Unicode. One that reads both ways (`thùc` is a syllable, and so is its
/// TCVN3 reading `thực`) follows its nearest decided neighbour in the line, the left one on a
/// tie, since a font run spans several words; with no neighbour it is decoded.
fn choose(orig: &[&str], new: &[&str]) -> Vec<bool> {
    let reads = |t: &str| plausible::words(t).all(plausible::is_syllable);
    let unicode = |t: &str| t.chars().any(|c| c.is_alphabetic() && u32::from(c) > 0xFF);
    // Some(keep) when the token decides, None when it does not.
    let decided: Vec<Option<bool>> = orig
        .iter()
        .zip(new)
        .map(|(o, n)| {
            if o == n {
                return unicode(o).then_some(true);
            }
            match (reads(o), reads(n)) {
                (true, false) | (false, false) => Some(true),
                (false, true) => Some(false),
                (true, true) => None,
            }
        })
        .collect();
    (0..orig.len())
        .map(|i| {
            if orig.get(i) == new.get(i) {
                return true;
            }
            if let Some(Some(keep)) = decided.get(i) {
                return *keep;
            }
            let left = (0..i)
                .rev()
                .find_map(|j| decided.get(j).copied().flatten().map(|k| (i - j, k)));
            let right = (i + 1..orig.len())
                .find_map(|j| decided.get(j).copied().flatten().map(|k| (j - i, k)));
            match (left, right) {
                (Some((dl, kl)), Some((dr, kr))) => {
                    if dr < dl {
                        kr
                    } else {
                        kl
                    }
                }
                (Some((_, k)), None) | (None, Some((_, k))) => k,
                (None, None) => false,
            }
        })
        .collect()
}

/// Splits into whitespace and non-whitespace runs, keeping both, so that joining gives the text.
fn split_keep(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut prev_space = None;
    for (i, c) in s.char_indices() {
        let space = c.is_whitespace();
        if prev_space.is_some_and(|p| p != space) {
            parts.push(&s[start..i]);
            start = i;
        }
        prev_space = Some(space);
    }
    if start < s.len() {
        parts.push(&s[start..]);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encodes Unicode text to TCVN3 bytes (lower-case chart only), for tests.
    fn to_tcvn3(s: &str) -> Vec<u8> {
        s.chars()
            .map(|c| {
                TCVN3
                    .iter()
                    .find(|(_, l)| *l == c)
                    .map_or_else(|| u8::try_from(u32::from(c)).unwrap(), |(b, _)| *b)
            })
            .collect()
    }

    const PLAN: &str = "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện Kết luận số 80-KL/TW \
                        của Ban Bí thư về tiếp tục thực hiện Chỉ thị số 32-CT/TW về tăng cường \
                        sự lãnh đạo của Đảng trong công tác phổ biến, giáo dục pháp luật";

    #[test]
    fn tcvn3_glyph_text_of_the_header() {
        let (text, enc) =
            repair_glyphs("Uû ban nh©n d©n tØnh L¹ng S¬n\n§iÒu 1. Ph¹m vi ®iÒu chØnh").unwrap();
        assert_eq!(enc, Legacy::Tcvn3);
        assert_eq!(
            text,
            "Uỷ ban nhân dân tỉnh Lạng Sơn\nĐiều 1. Phạm vi điều chỉnh"
        );
    }

    #[test]
    fn tcvn3_capitals_line_is_upper_cased() {
        let (text, _) =
            repair_glyphs("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM\n§éc lËp - Tù do - H¹nh phóc")
                .unwrap();
        assert_eq!(
            text,
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
        );
    }

    #[test]
    fn vni_text_of_the_header() {
        let (text, enc) =
            repair_glyphs("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam, Ñieàu 5 cuûa Luaät naøy")
                .unwrap();
        assert_eq!(enc, Legacy::Vni);
        assert_eq!(
            text,
            "Cộng hòa xã hội chủ nghĩa Việt Nam, Điều 5 của Luật này"
        );
    }

    #[test]
    fn unicode_text_is_left_alone() {
        assert_eq!(repair_glyphs(PLAN), None);
        assert_eq!(repair_glyphs("Lâm Đồng, ngày 19 tháng 01 năm 2026"), None);
    }

    #[test]
    fn mixed_unicode_and_tcvn3_keeps_the_unicode_words() {
        let (text, _) = repair_glyphs(
            "Ủy ban nhân dân tỉnh Lâm Đồng\nKÕ ho¹ch thùc hiÖn c«ng t¸c phæ biÕn gi¸o dôc ph¸p luËt\n\
             Tỉnh Lâm Đồng: Uû ban nh©n d©n",
        )
        .unwrap();
        assert_eq!(
            text,
            "Ủy ban nhân dân tỉnh Lâm Đồng\nKế hoạch thực hiện công tác phổ biến giáo dục pháp luật\n\
             Tỉnh Lâm Đồng: Uỷ ban nhân dân"
        );
    }

    #[test]
    fn tcvn3_bytes_are_decoded() {
        // TCVN3 has no upper-case toned letters: `Uỷ`, not `Ủy`.
        let plan = PLAN.replace("Ủy", "Uỷ");
        let (text, enc) = decode(&to_tcvn3(&plan)).unwrap();
        assert_eq!(enc, Legacy::Tcvn3);
        assert_eq!(text, plan);
    }

    /// Encodes to Windows-1258 the way Word does: precomposed shape letters (`ê`, `ơ`), tones as
    /// combining bytes.
    fn to_cp1258(s: &str) -> Vec<u8> {
        let mut spelled = String::new();
        for c in s.chars() {
            let parts: Vec<char> = c.to_string().nfd().collect();
            let (shaped, tones): (Vec<char>, Vec<char>) =
                parts.iter().partition(|m| !TONES_FOR_TEST.contains(m));
            spelled.extend(shaped.into_iter().collect::<String>().nfc());
            spelled.extend(tones);
        }
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&spelled);
        assert!(!unmappable);
        bytes.into_owned()
    }

    const TONES_FOR_TEST: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

    #[test]
    fn windows_1258_bytes_are_decoded() {
        let bytes = to_cp1258(PLAN);
        let (text, enc) = decode(&bytes).unwrap();
        assert_eq!(enc, Legacy::Windows1258);
        assert_eq!(text, PLAN);
    }

    #[test]
    fn vni_bytes_are_decoded() {
        let vni = "UÛy ban nhaân daân tænh ban haønh Keá hoaïch thöïc hieän Keát luaän cuûa \
                   Ban Bí thö veà tieáp tuïc thöïc hieän Chæ thò veà taêng cöôøng söï laõnh ñaïo";
        let bytes: Vec<u8> = vni
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect();
        let (text, enc) = decode(&bytes).unwrap();
        assert_eq!(enc, Legacy::Vni);
        assert_eq!(
            text,
            "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện Kết luận của Ban Bí thư về tiếp \
             tục thực hiện Chỉ thị về tăng cường sự lãnh đạo"
        );
    }

    #[test]
    fn random_high_bytes_are_undecidable() {
        let bytes: Vec<u8> = (0..400u32)
            .map(|i| (0x80 + (i * 37) % 0x7f) as u8)
            .collect();
        assert!(decode(&bytes).is_err());
    }
}
