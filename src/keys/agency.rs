//! Agencies: one normalized display name per agency (`UBND tỉnh Lạng Sơn`, `Sở Tư pháp`) and a
//! folded key to match them by (`ubnd tinh lang son`, `so tu phap`).
//!
//! The display name follows the capitalization rule of Nghị định 30/2020/NĐ-CP, Phụ lục II
//! (names of agencies): capital on the first letter of the word that names the kind of body
//! (`Sở`, `Bộ`, `Ban`) and of the first word of each part of its field (`Sở Giáo dục và Đào
//! tạo`, `Bộ Lao động - Thương binh và Xã hội`); place names in title case (`tỉnh Lạng Sơn`);
//! `Ủy ban nhân dân` and `Hội đồng nhân dân` shortened to `UBND`/`HĐND`, as the documents
//! themselves do in running text. Tone marks use the old placement (`Ủy`, `hòa`), chosen by
//! syllable (only the open syllables `oa`, `oe`, `uy` differ), so `Uỷ` and `Ủy` agree.

use crate::text::fold::without_marks;
use unicode_normalization::UnicodeNormalization;

/// Normalizes an agency name as written (`ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN`, `Uỷ ban nhân dân tỉnh
/// Lạng Sơn`, `UBND Tỉnh`) to its display name (`UBND tỉnh Lạng Sơn`).
///
/// A bare place (`Tỉnh Lạng Sơn`, as some sources give the issuer) means its UBND.
pub fn normalize_agency(name: &str) -> String {
    let words = words_of(name);
    if words.is_empty() {
        return String::new();
    }
    let mut lower: Vec<String> = words.iter().map(|w| lower_word(w)).collect();
    restore_unaccented(&mut lower);
    shorten_councils(&mut lower);
    if let Some(known) = known_body(&lower) {
        return known.to_string();
    }
    // A generic group (`các sở, ban, ngành`, `Các đơn vị`) is not a proper name: it stays in
    // lower case but for the abbreviations it holds.
    if matches!(lower[0].as_str(), "các" | "những" | "mọi") {
        return lower
            .iter()
            .map(|w| {
                if is_known_abbreviation(w) {
                    w.to_uppercase()
                } else {
                    w.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
            .replace(" , ", ", ")
            // `Trung ương` is a proper name: `các đơn vị trực thuộc Trung ương`.
            .replace("trung ương", "Trung ương");
    }
    // A bare place stands for its people's committee.
    if place_unit_len(&lower, 0) > 0 {
        lower.insert(0, "ubnd".to_string());
    }
    let all_caps = words.iter().all(|w| !w.chars().any(char::is_lowercase));
    let kept_abbrev = |i: usize| -> bool {
        let original = words.get(i).map(String::as_str).unwrap_or("");
        let l = lower.get(i).map(String::as_str).unwrap_or("");
        is_known_abbreviation(l)
            || (!all_caps && original.chars().count() >= 2 && is_upper_code(original))
            || (all_caps && original.chars().count() >= 2 && !has_vowel(l))
    };
    // `words` no longer lines up with `lower` once a council or UBND was inserted; abbreviations
    // the writer kept in an otherwise lower-case name are found by value instead.
    let kept: Vec<bool> = if words.len() == lower.len() {
        (0..lower.len()).map(kept_abbrev).collect()
    } else {
        lower.iter().map(|l| is_known_abbreviation(l)).collect()
    };
    render(&lower, &kept)
}

/// The folded lower-case key an agency is matched by: the display name without diacritics,
/// `đ` → `d`, punctuation dropped (`Sở Tư pháp` → `so tu phap`,
/// `ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN` → `ubnd tinh lang son`).
pub fn agency_key(name: &str) -> String {
    let display = normalize_agency(name);
    let folded: String = without_marks(&display)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits a name into words: NFC, `Ð` → `Đ`, dashes and commas kept as their own words, other
/// punctuation at the ends dropped.
fn words_of(name: &str) -> Vec<String> {
    let nfc: String = name
        .nfc()
        .map(|c| match c {
            'Ð' => 'Đ',
            'ð' => 'đ',
            '\u{2010}'..='\u{2015}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    let spaced = nfc
        .replace(',', " , ")
        .replace(" -", " - ")
        .replace("- ", " - ");
    spaced
        .split(' ')
        .map(|w| w.trim_matches(|c: char| matches!(c, '.' | ';' | ':' | '"' | '“' | '”')))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Lower case with the old tone placement on `oa`/`oe`/`uy` (`uỷ` → `ủy`, `hoà` → `hòa`).
fn lower_word(w: &str) -> String {
    old_tone_placement(&w.to_lowercase())
}

/// Moves a tone mark written on the last vowel of an open `oa`/`oe`/`uy` syllable to the one
/// before it (`uỷ` → `ủy`, `hoà` → `hòa`, `khoẻ` → `khỏe`). `quý`, where `qu` is a consonant,
/// and closed syllables (`hoàn`, `tuyển`) are left alone.
fn old_tone_placement(w: &str) -> String {
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let decomposed: Vec<char> = w.nfd().collect();
    let tone_pos = decomposed.iter().position(|c| TONES.contains(c));
    let Some(tone_pos) = tone_pos else {
        return w.to_string();
    };
    let tone = decomposed[tone_pos];
    let bases: Vec<char> = decomposed
        .iter()
        .copied()
        .filter(|c| !TONES.contains(c))
        .collect();
    // The syllable must end in `oa`, `oe` or `uy`, with the tone on its last letter.
    let n = bases.len();
    if n < 2 || tone_pos != decomposed.len() - 1 {
        return w.to_string();
    }
    let (a, b) = (bases[n - 2], bases[n - 1]);
    let open_pair = matches!((a, b), ('o', 'a') | ('o', 'e') | ('u', 'y'));
    let after_q = n >= 3 && bases[n - 3] == 'q';
    if !open_pair || after_q {
        return w.to_string();
    }
    let mut out: Vec<char> = bases[..n - 1].to_vec();
    out.push(tone);
    out.push(b);
    out.into_iter().nfc().collect()
}

/// Replaces `ủy ban nhân dân` and `hội đồng nhân dân` by `ubnd` and `hđnd`.
/// A name typed wholly without diacritics (`uy ban nhan dan tinh lang son`): the words the
/// shortening and the place rule look for get their diacritics back, so that such a name meets
/// the same rules (and the same key) as the written one. Other words stay as typed.
fn restore_unaccented(words: &mut [String]) {
    if words.iter().any(|w| !w.is_ascii()) {
        return;
    }
    const SEQUENCES: &[(&[&str], &[&str])] = &[
        (&["uy", "ban", "nhan", "dan"], &["ủy", "ban", "nhân", "dân"]),
        (
            &["hoi", "dong", "nhan", "dan"],
            &["hội", "đồng", "nhân", "dân"],
        ),
        (&["thanh", "pho"], &["thành", "phố"]),
        (&["thi", "xa"], &["thị", "xã"]),
        (&["thi", "tran"], &["thị", "trấn"]),
        (&["tinh", "uy"], &["tỉnh", "ủy"]),
        (&["huyen", "uy"], &["huyện", "ủy"]),
        (&["tinh"], &["tỉnh"]),
        (&["huyen"], &["huyện"]),
        (&["phuong"], &["phường"]),
    ];
    let mut i = 0;
    while i < words.len() {
        let hit = SEQUENCES.iter().find(|(typed, _)| {
            words
                .get(i..i + typed.len())
                .is_some_and(|w| w.iter().zip(typed.iter()).all(|(a, b)| a == b))
        });
        match hit {
            Some((typed, written)) => {
                for (k, w) in written.iter().enumerate() {
                    words[i + k] = (*w).to_string();
                }
                i += typed.len();
            }
            None => i += 1,
        }
    }
}

fn shorten_councils(words: &mut Vec<String>) {
    for (long, short) in [
        (["ủy", "ban", "nhân", "dân"], "ubnd"),
        (["hội", "đồng", "nhân", "dân"], "hđnd"),
    ] {
        let mut i = 0;
        while i + long.len() <= words.len() {
            let hit = words
                .get(i..i + long.len())
                .is_some_and(|w| w.iter().zip(long).all(|(a, b)| a == b));
            if hit {
                words.splice(i..i + long.len(), [short.to_string()]);
            }
            i += 1;
        }
    }
}

/// Central bodies whose names do not follow the generic rule, by their lower-case words.
fn known_body(words: &[String]) -> Option<&'static str> {
    let joined = words.join(" ");
    Some(match joined.as_str() {
        "quốc hội" => "Quốc hội",
        "chính phủ" => "Chính phủ",
        "thủ tướng" | "thủ tướng chính phủ" => "Thủ tướng Chính phủ",
        "ban bí thư" | "ban bí thư trung ương đảng" => "Ban Bí thư",
        "bộ chính trị" => "Bộ Chính trị",
        "ban chấp hành trung ương" | "ban chấp hành trung ương đảng" => {
            "Ban Chấp hành Trung ương"
        }
        "chủ tịch nước" => "Chủ tịch nước",
        "ủy ban thường vụ quốc hội" => "Ủy ban Thường vụ Quốc hội",
        "tòa án nhân dân tối cao" => "Tòa án nhân dân tối cao",
        "viện kiểm sát nhân dân tối cao" => "Viện kiểm sát nhân dân tối cao",
        "hội đồng thẩm phán tòa án nhân dân tối cao" => {
            "Hội đồng Thẩm phán Tòa án nhân dân tối cao"
        }
        "ngân hàng nhà nước" | "ngân hàng nhà nước việt nam" => {
            "Ngân hàng Nhà nước Việt Nam"
        }
        "kiểm toán nhà nước" => "Kiểm toán Nhà nước",
        "hội đồng nhà nước" => "Hội đồng Nhà nước",
        "hội đồng bộ trưởng" => "Hội đồng Bộ trưởng",
        "đảng cộng sản việt nam" => "Đảng Cộng sản Việt Nam",
        _ => return None,
    })
}

/// Abbreviations that stay upper case even in an all-capitals header.
fn is_known_abbreviation(lower: &str) -> bool {
    matches!(
        lower,
        "ubnd" | "hđnd" | "mttq" | "tand" | "vksnd" | "bhxh" | "kbnn" | "nhnn" | "bch" | "bcđ"
    )
}

/// True when a lower-case word has a vowel; an all-capitals word without one is an
/// abbreviation (`KHCN`, `ĐMST`), since every Vietnamese syllable has a vowel.
fn has_vowel(lower: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    lower
        .nfd()
        .any(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'))
}

/// True for a word written wholly in capitals (`UBND`, `PBGDPL`).
fn is_upper_code(w: &str) -> bool {
    w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
}

/// The number of words of a place-unit word at `i` (`tỉnh`, `thành phố`, `thị xã`), or 0.
/// `xã hội` is not a place.
fn place_unit_len(words: &[String], i: usize) -> usize {
    let w = |k: usize| words.get(i + k).map(String::as_str);
    match (w(0), w(1)) {
        (Some("thành"), Some("phố")) | (Some("thị"), Some("xã")) | (Some("thị"), Some("trấn")) => {
            2
        }
        (Some("xã"), Some("hội")) | (Some("tỉnh" | "huyện"), Some("ủy")) => 0,
        (Some("tỉnh" | "huyện" | "quận" | "xã" | "phường"), _) => 1,
        _ => 0,
    }
}

/// Words that name the kind of body, after which the field's first word takes a capital
/// (`Sở` `Tư pháp`). Two-word kinds first.
const BODY_KINDS: &[&[&str]] = &[
    &["chi", "cục"],
    &["tổng", "cục"],
    &["văn", "phòng"],
    &["ủy", "ban"],
    &["hội", "đồng"],
    &["trung", "tâm"],
    &["học", "viện"],
    &["thủ", "tướng"],
    &["sở"],
    &["bộ"],
    &["ban"],
    &["cục"],
    &["vụ"],
    &["phòng"],
    &["viện"],
];

/// Proper phrases capitalized wherever they occur inside a name.
const PROPER: &[(&[&str], &[&str])] = &[
    (&["quốc", "hội"], &["Quốc", "hội"]),
    (&["chính", "phủ"], &["Chính", "phủ"]),
    (&["nhà", "nước"], &["Nhà", "nước"]),
    (&["trung", "ương"], &["Trung", "ương"]),
    (&["việt", "nam"], &["Việt", "Nam"]),
    (&["tổ", "quốc"], &["Tổ", "quốc"]),
    (&["tỉnh", "ủy"], &["Tỉnh", "ủy"]),
    (&["thành", "ủy"], &["Thành", "ủy"]),
    (&["huyện", "ủy"], &["Huyện", "ủy"]),
];

/// Writes the display name from lower-case words.
fn render(words: &[String], kept_upper: &[bool]) -> String {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    let mut capitalize_next = true;
    let mut in_place = false;
    while i < words.len() {
        let w = words[i].as_str();
        if kept_upper.get(i).copied().unwrap_or(false) || is_known_abbreviation(w) {
            out.push(w.to_uppercase());
            capitalize_next = false;
            i += 1;
            continue;
        }
        if let Some((len, proper)) = PROPER.iter().find_map(|(l, p)| {
            words
                .get(i..i + l.len())
                .filter(|s| s.iter().zip(l.iter()).all(|(a, b)| a == b))
                .map(|_| (l.len(), *p))
        }) {
            out.extend(proper.iter().map(|s| (*s).to_string()));
            i += len;
            capitalize_next = false;
            // `Tỉnh ủy Lạng Sơn`: a place name follows.
            in_place = proper.get(1) == Some(&"ủy");
            continue;
        }
        let unit = place_unit_len(words, i);
        if unit > 0 && i > 0 {
            out.extend(words[i..i + unit].iter().cloned());
            i += unit;
            in_place = true;
            capitalize_next = false;
            continue;
        }
        if in_place {
            if w == "(" || w == "," {
                in_place = false;
            } else {
                out.push(title(w));
                i += 1;
                continue;
            }
        }
        let kind = BODY_KINDS.iter().find(|k| {
            words
                .get(i..i + k.len())
                .is_some_and(|s| s.iter().zip(k.iter()).all(|(a, b)| a == b))
        });
        if let Some(kind) = kind {
            for (j, part) in kind.iter().enumerate() {
                out.push(if j == 0 && (out.is_empty() || capitalize_next) {
                    title(part)
                } else {
                    (*part).to_string()
                });
            }
            i += kind.len();
            capitalize_next = true;
            continue;
        }
        if matches!(w, "và" | "-" | ",") {
            out.push(w.to_string());
            capitalize_next = true;
            i += 1;
            continue;
        }
        out.push(if capitalize_next || out.is_empty() {
            title(w)
        } else {
            w.to_string()
        });
        capitalize_next = false;
        i += 1;
    }
    out.join(" ").replace(" , ", ", ")
}

/// First letter upper case (`lạng` → `Lạng`).
fn title(w: &str) -> String {
    let mut chars = w.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Abbreviations officers type for the fields of departments, folded (`gd&dt` → `giao duc va
/// dao tao`), and for whole names (`snv` → `so noi vu`).
const TYPED_ABBREVIATIONS: &[(&str, &str)] = &[
    ("gd&dt", "giao duc va dao tao"),
    ("gddt", "giao duc va dao tao"),
    ("kh&cn", "khoa hoc va cong nghe"),
    ("khcn", "khoa hoc va cong nghe"),
    ("tn&mt", "tai nguyen va moi truong"),
    ("tnmt", "tai nguyen va moi truong"),
    ("nn&mt", "nong nghiep va moi truong"),
    ("nn&ptnt", "nong nghiep va phat trien nong thon"),
    ("nnptnt", "nong nghiep va phat trien nong thon"),
    ("ld-tb&xh", "lao dong thuong binh va xa hoi"),
    ("ldtbxh", "lao dong thuong binh va xa hoi"),
    ("vh-tt&dl", "van hoa the thao va du lich"),
    ("vh,tt&dl", "van hoa the thao va du lich"),
    ("vhttdl", "van hoa the thao va du lich"),
    ("tt&tt", "thong tin va truyen thong"),
    ("tttt", "thong tin va truyen thong"),
    ("gtvt", "giao thong van tai"),
    ("xd", "xay dung"),
    ("snv", "so noi vu"),
    ("stp", "so tu phap"),
    ("stc", "so tai chinh"),
    ("vp", "van phong"),
    ("vpubnd", "van phong ubnd"),
    ("uy ban nhan dan", "ubnd"),
    ("hoi dong nhan dan", "hdnd"),
];

/// The folded words of an agency as typed: `Sở GD&ĐT` → `so giao duc va dao tao`,
/// `Ủy ban nhân dân các huyện` → `ubnd cac huyen`.
pub fn typed_agency_words(typed: &str) -> Vec<String> {
    let folded: String = without_marks(typed).flat_map(char::to_lowercase).collect();
    let mut words: Vec<String> = Vec::new();
    for w in folded.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            continue;
        }
        match TYPED_ABBREVIATIONS.iter().find(|(a, _)| *a == w) {
            Some((_, full)) => words.extend(full.split(' ').map(str::to_string)),
            None => words.extend(
                w.split(|c: char| !c.is_alphanumeric())
                    .filter(|p| !p.is_empty())
                    .map(str::to_string),
            ),
        }
    }
    let joined = words.join(" ");
    let joined = joined
        .replace("uy ban nhan dan", "ubnd")
        .replace("hoi dong nhan dan", "hdnd");
    joined
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// How closely a typed agency (`so giao duc`, `Sở GD&ĐT`, `UBND các huyện`) names `name` (`Sở
/// Giáo dục và Đào tạo`, `UBND các huyện, thành phố`): `None` when it does not; else a score,
/// higher for closer (100 the same name, 80 and less a prefix, 50 and less the typed words in
/// order). Case, diacritics, punctuation and known abbreviations are ignored.
///
/// ```
/// # use vanban::extract::agencies::agency_closeness;
/// assert!(agency_closeness("so giao duc", "Sở Giáo dục và Đào tạo").is_some());
/// assert!(agency_closeness("Sở GD&ĐT", "Sở Giáo dục và Đào tạo") > agency_closeness("Sở Giáo dục", "Sở Giáo dục và Đào tạo"));
/// assert!(agency_closeness("Sở Nội vụ", "Sở Tư pháp").is_none());
/// ```
pub fn agency_closeness(typed: &str, name: &str) -> Option<u32> {
    let q = typed_agency_words(typed);
    let n = typed_agency_words(name);
    if q.is_empty() || n.is_empty() {
        return None;
    }
    // `các` is optional on both sides: `UBND huyện` finds `UBND các huyện`.
    let strip =
        |v: &[String]| -> Vec<String> { v.iter().filter(|w| *w != "cac").cloned().collect() };
    let (q, n) = (strip(&q), strip(&n));
    if q.is_empty() || n.is_empty() {
        return None;
    }
    let extra = u32::try_from(n.len().saturating_sub(q.len())).unwrap_or(u32::MAX);
    if q == n {
        return Some(100);
    }
    let prefix = q.len() <= n.len()
        && q.iter()
            .zip(&n)
            .enumerate()
            .all(|(i, (a, b))| a == b || (i + 1 == q.len() && b.starts_with(a.as_str())));
    if prefix {
        return Some(80u32.saturating_sub(extra).max(51));
    }
    // Every typed word, in order, among the name's words.
    let mut it = n.iter();
    let in_order = q.iter().all(|a| it.any(|b| b == a));
    in_order.then(|| 50u32.saturating_sub(extra).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provincial_committee_in_every_spelling() {
        for s in [
            "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
            "Uỷ ban nhân dân tỉnh Lạng Sơn",
            "Ủy ban nhân dân tỉnh Lạng Sơn",
            "UBND tỉnh Lạng Sơn",
            "UBND TỈNH LẠNG SƠN",
            "Tỉnh Lạng Sơn",
            "  ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN ",
        ] {
            assert_eq!(normalize_agency(s), "UBND tỉnh Lạng Sơn", "{s:?}");
            assert_eq!(agency_key(s), "ubnd tinh lang son", "{s:?}");
        }
        assert_eq!(normalize_agency("UBND Tỉnh"), "UBND tỉnh");
        assert_eq!(normalize_agency("UBND TỈNH LÂM ĐỒNG"), "UBND tỉnh Lâm Đồng");
        assert_eq!(
            normalize_agency("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"),
            "UBND thành phố Hà Nội"
        );
    }

    #[test]
    fn departments_and_ministries() {
        for (written, display) in [
            ("SỞ TƯ PHÁP", "Sở Tư pháp"),
            ("Sở Tư pháp", "Sở Tư pháp"),
            ("SỞ NỘI VỤ", "Sở Nội vụ"),
            ("Sở Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo"),
            ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo"),
            ("Bộ Tư pháp", "Bộ Tư pháp"),
            ("BỘ NỘI VỤ", "Bộ Nội vụ"),
            (
                "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
                "Bộ Lao động - Thương binh và Xã hội",
            ),
            (
                "Bộ Văn hoá, Thể thao và Du lịch",
                "Bộ Văn hóa, Thể thao và Du lịch",
            ),
            ("Sở Nội vụ tỉnh Bình Thuận", "Sở Nội vụ tỉnh Bình Thuận"),
            ("CÔNG AN TỈNH LÂM ĐỒNG", "Công an tỉnh Lâm Đồng"),
            ("Công an tỉnh", "Công an tỉnh"),
            (
                "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN",
                "Văn phòng UBND tỉnh Bình Thuận",
            ),
            ("HỘI ĐỒNG NHÂN DÂN TỈNH SƠN LA", "HĐND tỉnh Sơn La"),
            ("BAN CHỈ ĐẠO", "Ban Chỉ đạo"),
            (
                "BAN CHỈ ĐẠO VỀ PHÁT TRIỂN KHCN, ĐMST, CĐS VÀ ĐỀ ÁN 06",
                "Ban Chỉ đạo về phát triển KHCN, ĐMST, CĐS và Đề án 06",
            ),
            ("TỈNH ỦY LẠNG SƠN", "Tỉnh ủy Lạng Sơn"),
            ("ỦY BAN NHÂN DÂN HUYỆN CAO LỘC", "UBND huyện Cao Lộc"),
            ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Sở Tài nguyên và Môi trường"),
        ] {
            assert_eq!(normalize_agency(written), display, "{written:?}");
        }
        assert_eq!(agency_key("SỞ TƯ PHÁP"), "so tu phap");
    }

    #[test]
    fn central_bodies() {
        for (written, display) in [
            ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
            ("Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
            ("BAN BÍ THƯ", "Ban Bí thư"),
            ("Quốc hội", "Quốc hội"),
            ("QUỐC HỘI", "Quốc hội"),
            ("CHÍNH PHỦ", "Chính phủ"),
            ("Chính phủ", "Chính phủ"),
            ("Văn phòng Chính phủ", "Văn phòng Chính phủ"),
            ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Ủy ban Thường vụ Quốc hội"),
            ("Ngân hàng Nhà nước", "Ngân hàng Nhà nước Việt Nam"),
        ] {
            assert_eq!(normalize_agency(written), display, "{written:?}");
        }
    }

    #[test]
    fn tone_placement_is_by_syllable() {
        assert_eq!(old_tone_placement("uỷ"), "ủy");
        assert_eq!(old_tone_placement("hoà"), "hòa");
        assert_eq!(old_tone_placement("khoẻ"), "khỏe");
        assert_eq!(old_tone_placement("quý"), "quý");
        assert_eq!(old_tone_placement("hoàn"), "hoàn");
        assert_eq!(old_tone_placement("tuyển"), "tuyển");
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn never_panics_and_is_idempotent(s in "\\PC{0,60}") {
                let once = normalize_agency(&s);
                let _ = agency_key(&s);
                prop_assert_eq!(agency_key(&once), agency_key(&s));
            }
        }
    }

    #[test]
    fn agencies_as_typed() {
        let full = "Sở Giáo dục và Đào tạo";
        for typed in [
            "so giao duc",
            "Sở GD&ĐT",
            "Sở Giáo dục",
            "sở gdđt",
            "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        ] {
            assert!(agency_closeness(typed, full).is_some(), "{typed}");
        }
        assert_eq!(agency_closeness("Sở GD&ĐT", full), Some(100));
        assert!(agency_closeness("UBND các huyện", "UBND các huyện, thành phố").is_some());
        assert!(
            agency_closeness("Ủy ban nhân dân các huyện", "UBND các huyện, thành phố").is_some()
        );
        assert!(agency_closeness("Sở Nội vụ", "Sở Tư pháp").is_none());
        assert!(agency_closeness("Sở Nội vụ", "Bộ Nội vụ").is_none());
        // Closer names rank higher.
        assert!(
            agency_closeness("Sở Nội vụ", "Sở Nội vụ")
                > agency_closeness("Sở Nội vụ", "Sở Nội vụ tỉnh Lâm Đồng")
        );
    }
}
