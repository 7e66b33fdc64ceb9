//! Who acts: the lead and support agencies a task's text names (`Cơ quan chủ trì:` lines,
//! `giao <agency>`, `<agency> chủ trì`, `phối hợp với <agencies>`, a paragraph's subject), and
//! headings that only name agencies.

use once_cell::sync::Lazy;
use regex::Regex;

use super::paragraphs::DEADLINE_LINE;
use crate::extract::agencies::normalize_agency;
use crate::extract::agency_mentions::{agency_at, split_agency_list};

/// A role line: `Cơ quan chủ trì: Sở Tư pháp`, `Đơn vị phối hợp: ...`.
pub(super) static ROLE_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?im)^[ \t]*[-+*•]?[ \t]*(?:(?:cơ\s+quan|đơn\s+vị)\s+)?(chủ\s+trì|thực\s+hiện|phối\s+hợp)(?:\s+thực\s+hiện)?[ \t]*:[ \t]*([^\n]*)$")
        .expect("static regex")
});

/// `giao (cho) <agency>`.
pub(super) static GIAO: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\bgiao\s+(?:cho\s+)?").expect("static regex"));

/// `phối hợp (chặt chẽ) với <agencies>`, and its typo `phối với`.
static PHOI_HOP_VOI: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\bphối\s+(?:hợp\s+)?(?:chặt\s+chẽ\s+)?với\s+").expect("static regex")
});

/// What may precede a paragraph's subject: a bullet, a label, an adverbial, a person's role.
static SUBJECT_PREFIX: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^[ \t]*(?:[-+*•][ \t]*|[a-zđ]\)[ \t]*|[0-9]{1,2}\.[ \t]+)?(?:(?:Hằng|Hàng)\s+năm\s*,\s*|Định\s+kỳ\s*,\s*|Đồng\s+thời\s*,\s*)?(?:(?:Thủ\s+trưởng|Chủ\s+tịch|Giám\s+đốc|Người\s+đứng\s+đầu)\s+)?")
        .expect("static regex")
});

/// The agencies of a heading that only names them (`Thủ trưởng các cơ quan chuyên môn thuộc
/// UBND tỉnh, Trưởng Ban Quản lý các khu công nghiệp và Chủ tịch UBND các xã, phường, đặc khu`),
/// or `None` when the heading says more (`Về cải cách thể chế`).
pub(super) fn agency_heading(text: &str) -> Option<Vec<String>> {
    static WHERE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(
            r"(?i)\s+(?:đóng\s+)?(?:trực\s+thuộc\s+Trung\s+ương|trên\s+địa\s+bàn(?:\s+tỉnh)?)\s*[.;:]?$",
        )
        .expect("static regex")
    });
    // Names are read whole first (`các đơn vị trực thuộc Trung ương đóng trên địa bàn tỉnh`);
    // else without a qualifier of where the agencies are (`UBND các tỉnh, thành phố trực thuộc
    // Trung ương`).
    agencies_only(text).or_else(|| {
        let stripped = WHERE.replace(text.trim(), "");
        (stripped.len() < text.trim().len()).then(|| agencies_only(&stripped))?
    })
}

/// [`agency_heading`] without its fallback.
fn agencies_only(text: &str) -> Option<Vec<String>> {
    static HOLDER: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?:^|,\s*|\s+và\s+)(?:Thủ\s+trưởng|Chủ\s+tịch|Giám\s+đốc|Trưởng|Người\s+đứng\s+đầu)\s+")
            .expect("static regex")
    });
    let text = text.trim().trim_end_matches(['.', ':', ';']);
    let text = text.strip_prefix("Trách nhiệm của").unwrap_or(text).trim();
    if text.chars().count() > 200 || text.is_empty() {
        return None;
    }
    let plain = HOLDER.replace_all(text, |c: &regex::Captures| {
        let m = c.get(0).map_or("", |m| m.as_str());
        if m.trim_start().starts_with(',') {
            ", ".to_string()
        } else if m.contains(" và ") {
            " và ".to_string()
        } else {
            String::new()
        }
    });
    // Drop a parenthesis (`(Trung tâm Phục vụ hành chính công tỉnh)`).
    let plain = match (plain.find('('), plain.rfind(')')) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &plain[..a], &plain[b + 1..]),
        _ => plain.to_string(),
    };
    let mut covered = 0;
    let mut lead = Vec::new();
    let mut rest = plain.trim();
    while let Some(n) = agency_at(rest) {
        covered += n.len();
        let name = normalize_agency(n);
        if !lead.contains(&name) {
            lead.push(name);
        }
        let after = rest.get(n.len()..).unwrap_or("").trim_start();
        let after = after.trim_start_matches([',', ';']).trim_start();
        let after = after.strip_prefix("và ").unwrap_or(after);
        if after.len() == rest.len() {
            break;
        }
        rest = after;
    }
    let total = plain.split_whitespace().map(str::len).sum::<usize>().max(1);
    (!lead.is_empty() && rest.trim().is_empty() && covered * 10 >= total * 7).then_some(lead)
}

/// Normalized names in a list, without repeats.
pub(super) fn names(list: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in split_agency_list(list) {
        let n = normalize_agency(n);
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// Lead and support agencies named in a task's text.
pub(super) fn agencies_in(text: &str) -> (Vec<String>, Vec<String>) {
    let mut lead: Vec<String> = Vec::new();
    let mut support: Vec<String> = Vec::new();
    let add = |to: &mut Vec<String>, name: &str| {
        let n = normalize_agency(name);
        if !n.is_empty() && !to.contains(&n) {
            to.push(n);
        }
    };
    for caps in ROLE_LINE.captures_iter(text) {
        let (Some(role), Some(list)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let is_support = role.as_str().to_lowercase().starts_with("phối");
        for n in split_agency_list(list.as_str()) {
            add(if is_support { &mut support } else { &mut lead }, n);
        }
    }
    for m in GIAO.find_iter(text) {
        if let Some(n) = text.get(m.end()..).and_then(agency_at) {
            add(&mut lead, n);
        }
    }
    for m in PHOI_HOP_VOI.find_iter(text) {
        let rest = text.get(m.end()..).unwrap_or("");
        let clause = rest.split(['.', ';', '\n', '(']).next().unwrap_or("");
        for n in split_agency_list(clause) {
            add(&mut support, n);
        }
    }
    for para in text.lines() {
        if ROLE_LINE.is_match(para) || DEADLINE_LINE.is_match(para) {
            continue;
        }
        // `Chủ tịch UBND tỉnh giao Sở Tài chính ...`: who assigns is not who acts.
        if GIAO
            .find_iter(para)
            .any(|m| para.get(m.end()..).and_then(agency_at).is_some())
        {
            continue;
        }
        let prefix = SUBJECT_PREFIX.find(para).map_or(0, |m| m.end());
        let mut rest = para.get(prefix..).unwrap_or("");
        while let Some(n) = agency_at(rest) {
            let after = rest.get(n.len()..).unwrap_or("").trim_start();
            let role_support = after.to_lowercase().starts_with("phối hợp");
            add(
                if role_support {
                    &mut support
                } else {
                    &mut lead
                },
                n,
            );
            let next = after.trim_start_matches([',', ';']).trim_start();
            let next = next.strip_prefix("và ").unwrap_or(next);
            let next = SUBJECT_PREFIX
                .find(next)
                .map_or(next, |m| next.get(m.end()..).unwrap_or(""));
            if next.len() == after.len() {
                break;
            }
            rest = next;
        }
    }
    // An agency leading the task is not also in support.
    support.retain(|s| !lead.contains(s));
    (lead, support)
}
