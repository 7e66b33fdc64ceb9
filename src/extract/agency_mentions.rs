//! Agency names inside running text and table cells (`giao Sở Tư pháp tiếp tục tham mưu`,
//! `UBND các huyện, thành phố`, `Sở Giáo dục và Đào tạo đổi mới ...`): where a name starts and
//! ends. Normalizing the name is [`super::agencies::normalize_agency`]'s job.
//!
//! Vietnamese names of bodies capitalize only their first syllables (`Sở Khoa học và Công
//! nghệ`), so capitals alone cannot tell where a name ends. We use three rules, in order: the
//! fixed names of provincial departments and ministries; bodies that end with their level
//! (`Hội Nông dân tỉnh`, `Công an tỉnh`); and otherwise a head word followed by syllables up to
//! the first verb or preposition.

use once_cell::sync::Lazy;
use regex::Regex;

/// Department names shared by `Sở` (province) and `Bộ` (ministry), from the government's
/// structure (Nghị định 24/2014/NĐ-CP, 107/2020/NĐ-CP, 45/2025/NĐ-CP).
const DEPARTMENTS: &[&str] = &[
    "Tư pháp",
    "Nội vụ",
    "Tài chính",
    "Kế hoạch và Đầu tư",
    "Giáo dục và Đào tạo",
    "Y tế",
    "Khoa học và Công nghệ",
    "Thông tin và Truyền thông",
    "Văn hóa, Thể thao và Du lịch",
    "Văn hoá, Thể thao và Du lịch",
    "Văn hóa và Thể thao",
    "Lao động - Thương binh và Xã hội",
    "Lao động, Thương binh và Xã hội",
    "Tài nguyên và Môi trường",
    "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường",
    "Công Thương",
    "Công thương",
    "Xây dựng",
    "Giao thông vận tải",
    "Giao thông - Vận tải",
    "Ngoại vụ",
    "Ngoại giao",
    "Dân tộc và Tôn giáo",
    "Du lịch",
    "Công an",
    "Quốc phòng",
];

/// Patterns for a name at the start of the text, in priority order, each with whether the name
/// it finds is cut at the first stop word (only the open-ended rules need it).
static AGENCY_AT: Lazy<Vec<(Regex, bool)>> = Lazy::new(|| {
    let departments: Vec<String> = DEPARTMENTS
        .iter()
        .map(|d| regex::escape(d).replace(' ', r"\s+"))
        .collect();
    let level = r"(?:tỉnh|thành\s+phố|huyện|thị\s+xã|quận|xã|phường|thị\s+trấn|đặc\s+khu|cấp\s+(?:tỉnh|huyện|xã))";
    let place = r"(?:\s+\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3})?";
    let patterns = [
        // Generic groups, kept as written: `các sở, ban, ngành`, `Các cơ quan, đơn vị, địa phương`.
        // A group may say where it belongs: `các đơn vị trực thuộc Trung ương đóng trên địa bàn
        // tỉnh`, `các cơ quan chuyên môn thuộc UBND tỉnh`.
        r"[Cc]ác\s+(?:sở|ban|ngành|cơ\s+quan|đơn\s+vị|địa\s+phương)(?:(?:\s*,\s*|\s+và\s+|\s+)(?:sở|ban|ngành|cơ\s+quan|đơn\s+vị|địa\s+phương|tổ\s+chức\s+đoàn\s+thể|tổ\s+chức\s+chính\s+trị\s*-\s*xã\s+hội|đoàn\s+thể|chính\s+trị\s*-\s*xã\s+hội|có\s+liên\s+quan|liên\s+quan|chuyên\s+môn|tỉnh|Trung\s+ương))*(?:\s+(?:trực\s+thuộc|thuộc)\s+(?:Trung\s+ương|UBND\s+(?:tỉnh|cấp\s+tỉnh|cấp\s+xã)|Ủy\s+ban\s+nhân\s+dân\s+(?:tỉnh|cấp\s+tỉnh|cấp\s+xã)))?(?:\s+đóng\s+trên\s+địa\s+bàn(?:\s+tỉnh)?)?".to_string(),
        // `Bảo hiểm xã hội tỉnh`, not `Bảo hiểm xã`.
        r"Bảo\s+hiểm\s+xã\s+hội(?:\s+(?:tỉnh|Việt\s+Nam|cơ\s+sở))?".to_string(),
        // `Ban Quản lý các khu công nghiệp Bình Thuận`.
        r"Ban\s+[Qq]uản\s+lý\s+(?:các\s+)?(?:khu\s+công\s+nghiệp|khu\s+kinh\s+tế|dự\s+án\s+\S+(?:\s+\S+)?)(?:\s+(?:tỉnh\s+)?\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3})?".to_string(),
        // UBND at a level, with the place or a list of levels: `UBND các huyện, thành phố`.
        format!(r"(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+(?:các\s+)?{level}(?:\s*,\s*{level})*{place}"),
        format!(r"(?:Sở|Bộ)\s+(?:{})", departments.join("|")),
        // A body that ends with its level: `Hội Liên hiệp Phụ nữ tỉnh`, `Văn phòng UBND tỉnh`.
        format!(r"(?:Văn\s+phòng|Đài|Báo|Hội|Liên\s+đoàn|Ban|Trung\s+tâm|Cục|Chi\s+cục|Thanh\s+tra|Tòa\s+án|Toà\s+án|Viện|Kho\s+bạc|Bảo\s+hiểm|Công\s+an|Bộ\s+Chỉ\s+huy|Ủy\s+ban|Uỷ\s+ban|Tỉnh\s+đoàn|Đoàn|Hội\s+đồng|Sở|Bộ)(?:\s+[^\s;:.()]+){{0,10}}?\s+{level}{place}\b"),
        // A head word with a capitalized name after it: `Ban Bí thư`, `Thủ tướng Chính phủ`.
        // A head word that is a name alone (`Chính phủ`), or that needs a capitalized name after
        // it (`Ban Bí thư`, not the verb `Ban hành`).
        r"(?:(?:Chính\s+phủ|Quốc\s+hội|Tỉnh\s+ủy|Tỉnh\s+uỷ|HĐND|UBND)(?:\s+\p{Lu}[^\s;:.,()]*(?:\s+[^\s;:.,()]+)?)*|(?:Văn\s+phòng|Đài|Báo|Hội|Liên\s+đoàn|Ban|Trung\s+tâm|Cục|Chi\s+cục|Thanh\s+tra|Tòa\s+án|Viện|Kho\s+bạc|Công\s+an|Ủy\s+ban|Uỷ\s+ban|Tỉnh\s+đoàn|Hội\s+đồng|Sở|Bộ|Thủ\s+tướng)(?:\s+\p{Lu}[^\s;:.,()]*(?:\s+[^\s;:.,()]+)?)+)".to_string(),
    ];
    let open_ended = [false, false, false, false, false, true, true];
    patterns
        .iter()
        .zip(open_ended)
        .map(|(p, cut)| (Regex::new(&format!("^(?:{p})")).expect("static regex"), cut))
        .collect()
});

/// Syllables that end a name found by the last rule: verbs and prepositions that follow a subject.
const STOP: &[&str] = &[
    "tiếp",
    "tham",
    "chủ",
    "phối",
    "tổ",
    "chỉ",
    "có",
    "thực",
    "triển",
    "đổi",
    "xây",
    "hướng",
    "theo",
    "rà",
    "kiểm",
    "tăng",
    "đẩy",
    "nghiên",
    "là",
    "được",
    "căn",
    "để",
    "với",
    "trong",
    "về",
    "cho",
    "tại",
    "giúp",
    "lãnh",
    "quán",
    "tuyên",
    "đăng",
    "cập",
    "bảo",
    "đề",
    "nâng",
    "phát",
    "thường",
    "định",
    "đôn",
    "tổng",
    "báo",
    "làm",
    "đánh",
    "ban",
    "hoàn",
    "chịu",
    "thi",
    "các",
    "của",
    "đối",
    "nhằm",
    "khi",
    "đã",
    "sẽ",
    "cần",
    "phải",
    "trên",
    "tích",
    "giải",
    "xử",
    "sử",
];

/// An agency name at the start of `text`: the name as written and its byte length.
///
/// ```
/// # use vanban::extract::agency_mentions::agency_at;
/// assert_eq!(agency_at("Sở Tư pháp tiếp tục tham mưu"), Some("Sở Tư pháp"));
/// ```
pub fn agency_at(text: &str) -> Option<&str> {
    let (m, cut) = AGENCY_AT
        .iter()
        .find_map(|(re, cut)| re.find(text).map(|m| (m, *cut)))?;
    let mut name = m.as_str();
    // The open-ended rules run on to the first verb or preposition.
    if cut {
        for (i, syl) in word_starts(name).skip(1) {
            // `ban` of `Ủy ban nhân dân` is not the verb `ban hành`.
            let council = name.get(i..).is_some_and(|r| r.starts_with("ban nhân dân"));
            if STOP.contains(&syl) && !council {
                name = name.get(..i)?.trim_end();
                break;
            }
        }
    }
    let name = name.trim_end_matches([',', ' ']);
    // `Bộ luật này` is a code, not a ministry; `Báo cáo UBND tỉnh` a verb, not a newspaper.
    let code = ["Bộ Luật", "Bộ luật", "Báo cáo", "Ban hành", "Ban Hành"]
        .iter()
        .any(|w| name.starts_with(w));
    (!name.is_empty() && !code).then_some(name)
}

/// Every agency named in `text`, left to right, without overlaps.
pub fn find_agencies(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let at_word = i == 0
            || text
                .get(..i)
                .is_some_and(|b| b.ends_with(|c: char| !c.is_alphanumeric()));
        if at_word {
            if let Some(name) = text.get(i..).and_then(agency_at) {
                out.push((i, name));
                i += name.len().max(1);
                continue;
            }
        }
        i += text
            .get(i..)
            .and_then(|r| r.chars().next())
            .map_or(1, char::len_utf8);
    }
    out
}

/// Splits a cell or line listing agencies (`Sở Tư pháp; UBND các xã, phường, đặc khu`,
/// `Sở Tư pháp, Văn phòng UBND tỉnh, Công an tỉnh`) into names; parts that are not agencies
/// (`Theo phân công tại Quyết định ...`) are dropped.
pub fn split_agency_list(list: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for part in list.split([';', '\n']) {
        let mut rest = part.trim();
        while !rest.is_empty() {
            let Some(name) = agency_at(rest) else { break };
            out.push(name);
            rest = rest
                .get(name.len()..)
                .unwrap_or("")
                .trim_start_matches([',', ' ', '.']);
            rest = rest.strip_prefix("và ").unwrap_or(rest).trim_start();
        }
    }
    out
}

/// Byte offset of each space-separated syllable, with its text when it is lower case (a
/// capitalized syllable is part of a name, never a stop word).
fn word_starts(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_whitespace().map(move |w| {
        let i = w.as_ptr() as usize - s.as_ptr() as usize;
        let lower = w.chars().next().is_some_and(char::is_lowercase);
        (i, if lower { w } else { "" })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn departments_and_their_verbs() {
        assert_eq!(
            agency_at("Sở Giáo dục và Đào tạo đổi mới công tác PBGDPL"),
            Some("Sở Giáo dục và Đào tạo")
        );
        assert_eq!(
            agency_at("Sở Khoa học và Công nghệ chủ trì, tham mưu"),
            Some("Sở Khoa học và Công nghệ")
        );
        assert_eq!(
            agency_at("Sở Văn hóa, Thể thao và Du lịch phối hợp"),
            Some("Sở Văn hóa, Thể thao và Du lịch")
        );
    }

    #[test]
    fn bodies_ending_with_their_level() {
        assert_eq!(
            agency_at("Công an tỉnh tham mưu UBND tỉnh"),
            Some("Công an tỉnh")
        );
        assert_eq!(
            agency_at("Văn phòng UBND tỉnh (Trung tâm Thông tin)"),
            Some("Văn phòng UBND tỉnh")
        );
        assert_eq!(
            agency_at("UBND các huyện, thành phố tiếp tục lãnh đạo"),
            Some("UBND các huyện, thành phố")
        );
        assert_eq!(
            agency_at("Ủy ban nhân dân tỉnh Lạng Sơn ban hành"),
            Some("Ủy ban nhân dân tỉnh Lạng Sơn")
        );
        assert_eq!(
            agency_at("Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh"),
            Some("Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh")
        );
    }

    #[test]
    fn generic_groups_stay_as_written() {
        assert_eq!(
            agency_at("Các sở, ban, ngành, tổ chức đoàn thể tỉnh; UBND"),
            Some("Các sở, ban, ngành, tổ chức đoàn thể tỉnh")
        );
        assert_eq!(
            agency_at("các sở, ngành liên quan"),
            Some("các sở, ngành liên quan")
        );
    }

    #[test]
    fn head_word_names() {
        assert_eq!(agency_at("Ban Bí thư về tiếp tục"), Some("Ban Bí thư"));
        assert_eq!(
            agency_at("Thủ tướng Chính phủ về việc"),
            Some("Thủ tướng Chính phủ")
        );
        assert_eq!(agency_at("Phát huy sức mạnh"), None);
    }

    #[test]
    fn lists_in_cells() {
        assert_eq!(
            split_agency_list("Sở Tư pháp, Văn phòng UBND tỉnh, Công an tỉnh"),
            vec!["Sở Tư pháp", "Văn phòng UBND tỉnh", "Công an tỉnh"]
        );
        assert_eq!(
            split_agency_list("Sở Tư pháp; UBND các xã, phường, đặc khu"),
            vec!["Sở Tư pháp", "UBND các xã, phường, đặc khu"]
        );
        assert!(split_agency_list("Theo phân công tại Quyết định số 1441/QĐ-UBND").is_empty());
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,120}") {
            let _ = find_agencies(&s);
            let _ = split_agency_list(&s);
        }
    }
}
