//! Tasks in running text: passages closed by deadline lines (`Thời gian thực hiện: ...`), and
//! paragraphs that assign work (`Giao Sở Y tế ...`, `Sở Tư pháp chủ trì ...`) or set a deadline,
//! with the blocks that name their lead once for the items below them.

use once_cell::sync::Lazy;
use regex::Regex;

use super::roles::{agencies_in, agency_heading, GIAO, ROLE_LINE};
use super::{Block, Candidate};
use crate::document::{Passage, Task};
use crate::extract::agency_mentions::agency_at;
use crate::extract::period::parse_period;

/// A deadline line: `Thời gian thực hiện: Hoàn thành trong Quý IV năm 2020.`
pub(super) static DEADLINE_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?im)^[ \t]*[-+*•]?[ \t]*(?:thời\s+gian\s+(?:thực\s+hiện|hoàn\s+thành)|thời\s+hạn(?:\s+(?:hoàn\s+thành|thực\s+hiện))?|tiến\s+độ(?:\s+(?:thực\s+hiện|hoàn\s+thành))?)[ \t]*:[ \t]*([^\n]*)$")
        .expect("static regex")
});

/// A deadline inside a sentence.
static INLINE_DEADLINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:trước|chậm\s+nhất(?:\s+là)?)\s+(?:ngày\s+)?[0-9]{1,2}\s*/\s*[0-9]{1,2}(?:\s*/\s*[0-9]{4})?|\btrong\s+(?:quý\s+(?:IV|III|II|I|[1-4])|tháng\s+[0-9]{1,2}|6\s+tháng\s+(?:đầu|cuối)\s+năm)(?:\s*(?:năm\s+|/)[0-9]{4})?")
        .expect("static regex")
});

/// The numbered item a segment starts with (`1. Nâng cao nhận thức ...`).
static ITEM_START: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?m)^[ \t]*([0-9]{1,2})\.[ \t]+\S").expect("static regex"));

/// Tasks closed by deadline lines, or (when a passage has none) paragraphs with inline deadlines.
pub(super) fn deadline_line_tasks(p: &Passage, year: Option<i32>) -> Vec<Candidate> {
    let text = p.text.as_str();
    let lines: Vec<regex::Captures> = DEADLINE_LINE.captures_iter(text).collect();
    let depth = p.path.matches(" > ").count();
    let mut out = Vec::new();
    let n = lines.len();
    let mut seg_start = 0;
    for caps in &lines {
        let (Some(whole), Some(deadline)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let mut seg_end = whole.end();
        // Role lines right after the deadline line belong to this task.
        let mut roles = String::new();
        while let Some(r) = text.get(seg_end..).and_then(|rest| {
            let rest_trim = rest.trim_start_matches(['\n', '\r']);
            let skipped = rest.len() - rest_trim.len();
            ROLE_LINE
                .find(rest_trim)
                .filter(|m| m.start() == 0)
                .map(|m| (skipped, m.end()))
        }) {
            roles.push_str(text.get(seg_end..seg_end + r.0 + r.1).unwrap_or(""));
            roles.push('\n');
            seg_end += r.0 + r.1;
        }
        let body = text.get(seg_start..whole.start()).unwrap_or("");
        seg_start = seg_end;
        let (path, heading, body) = refine(p, body, n);
        let deadline_text = deadline
            .as_str()
            .trim()
            .trim_end_matches('.')
            .trim()
            .to_string();
        let before: String = {
            let b = body.trim_end();
            let chars: Vec<char> = b.chars().collect();
            chars[chars.len().saturating_sub(40)..].iter().collect()
        };
        let (lead, support) = agencies_in(&format!("{body}\n{roles}"));
        out.push(Candidate {
            task: Task {
                path,
                heading,
                text: body.trim().to_string(),
                period: parse_period(&deadline_text, year),
                deadline_text: (!deadline_text.is_empty()).then_some(deadline_text.clone()),
                lead,
                support,
                ..Task::default()
            },
            fingerprint: Some((deadline_text, before)),
            deadlines_in_passage: n,
            depth,
        });
    }
    out
}

/// A lettered or bulleted item: `a) `, `đ) `, `- `, `+ `.
static ITEM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[ \t]*(?:([a-zđ])\)|[-+*•])[ \t]*").expect("static regex"));

/// A numbered paragraph: `1. `, `2) `.
static NUMBERED: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[ \t]*([0-9]{1,2})[.)][ \t]+").expect("static regex"));

/// A recurring or continuous deadline at the start of a sentence (`Thường xuyên theo dõi`,
/// `Hằng tuần báo cáo`, `định kỳ hằng tuần báo cáo`) or a monthly day (`ngày 05 hằng tháng`).
static RECURRING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:^|[.;:]\s*)((?:định\s+kỳ\s+)?(?:hằng|hàng)\s+(?:tuần|tháng|quý|năm)|thường\s+xuyên|định\s+kỳ\s+(?:hằng|hàng)\s+(?:tuần|tháng|quý|năm))\b|((?:chậm\s+nhất\s+)?(?:vào\s+)?ngày\s+[0-9]{1,2}\s+(?:hằng|hàng)\s+tháng)|\b(trong\s+năm\s+(?:19|20)[0-9]{2})\b")
        .expect("static regex")
});

/// Words that report what was done (`đã tổ chức`, `nhận được`, `ban hành Kế hoạch số 962/...`,
/// `Ngày 22/01/2026, ...`): a paragraph of a report, not an assignment.
static REPORTED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\bđã\s+\S|\bnhận\s+được\b|\bban\s+hành\s+(?:các\s+)?(?:kế\s+hoạch|quyết\s+định|công\s+văn|chỉ\s+thị|thông\s+báo|nghị\s+quyết|văn\s+bản)\s+số\s+[0-9]|^ngày\s+[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}\s*,")
        .expect("static regex")
});

/// What a paragraph that names an agency says when it assigns nothing: a submission or a
/// report to a superior (`Sở Nội vụ kính trình ...`, `Công an tỉnh kính báo cáo ...`), a
/// letter's closing (`... thông báo để Hiệp hội ... biết`, `Văn phòng UBND tỉnh gửi Sở Nội vụ
/// tổng hợp`), counts of work done (`thẩm định 11 văn bản`, `ban hành 13 Quyết định`), a contact (`- Ông Nguyễn Văn A - Phó Chánh Văn phòng`, `- Điện thoại: ...`).
static NOT_ASSIGNED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\bkính\s+(?:trình|báo\s+cáo|gửi)\b|\bthông\s+báo\s+để\b.*\bbiết\b|\bgửi\s+(?:\S+\s+){1,6}(?:tổng\s+hợp|biết)\b|\b(?:thẩm\s+định|góp\s+ý|ban\s+hành|tiếp\s+nhận|giải\s+quyết|tổ\s+chức|kiểm\s+tra|cấp)\s+(?:được\s+)?[0-9][0-9.]*\s+(?:\S+\s+)?(?:văn\s+bản|dự\s+thảo|quyết\s+định|nghị\s+quyết|hồ\s+sơ|cuộc|lượt|thủ\s+tục|kế\s+hoạch|mô\s+hình|hội\s+nghị|lớp)|^(?:Ông|Bà|Đồng\s+chí)\s|^(?:Điện\s+thoại|Email|E-mail|Fax|Địa\s+chỉ)\s*:")
        .expect("static regex")
});

/// Most lines a quotation opened and not closed is taken to run.
const MAX_QUOTED_LINES: usize = 12;

/// Opening minus closing curly quotation marks in a line.
fn quote_balance(line: &str) -> i32 {
    let count = |c: char| i32::try_from(line.matches(c).count()).unwrap_or(i32::MAX);
    count('“') - count('”')
}

/// Assignments in a passage without deadline lines: every paragraph that names who must act
/// (`Giao Sở Y tế ...`, `Sở Tư pháp chủ trì ...`, `Các cơ quan, đơn vị ... tổ chức`) or sets a
/// deadline (`hoàn thành trước ngày 30/11/2025`), and every item under a block that names its
/// lead once (`Giao Sở Tư pháp chủ trì, phối hợp với ...:` then `a) ... b) ...`, or a heading
/// `2. Văn phòng UBND tỉnh` over its items). An assignment without a deadline is a task with no
/// period.
///
/// `block` is a lead named by the parent passage; the block open at the passage's end is
/// returned with the tasks, for the passages below it.
pub(super) fn assignment_tasks(
    p: &Passage,
    year: Option<i32>,
    mut block: Option<Block>,
) -> (Vec<Candidate>, Option<Block>) {
    let depth = p.path.matches(" > ").count();
    let mut out = Vec::new();
    // Whether the last paragraph read opened a block, or the heading did.
    let mut trailing = false;
    let mut heading_block = false;
    // Lines inside a quotation (`Nghị định ... quy định: “Chủ tịch Ủy ban nhân dân cấp tỉnh có
    // thẩm quyền ...”`, `Hội Làm vườn có Văn bản số 01/HLV báo cáo: “... đề nghị ...”`) quote
    // law or letters received; they assign nothing. A quotation left open ends after
    // [`MAX_QUOTED_LINES`] lines.
    let mut quoted_lines = 0usize;
    let mut previous = "";
    for (i, para) in p.text.split('\n').enumerate() {
        let line = para.trim();
        let in_quote = quoted_lines > 0;
        quoted_lines = match quote_balance(line) {
            b if b > 0 => MAX_QUOTED_LINES,
            b if b < 0 => 0,
            _ if line.is_empty() => quoted_lines,
            _ => quoted_lines.saturating_sub(1),
        };
        let quoted = in_quote || line.starts_with('“');
        // A line wrapped in the middle of a sentence (a PDF's text layer: `... đề nghị` then
        // `các sở: Thông tin và Truyền thông, ...`) is read with the line it continues.
        let wrapped = !previous.is_empty()
            && !previous.ends_with(['.', ';', ':', '!', '?', ')'])
            && line.chars().next().is_some_and(char::is_lowercase)
            && !ITEM.is_match(line);
        if !line.is_empty() {
            previous = line;
        }
        // Table rows are read by `table_tasks`.
        if line.is_empty()
            || quoted
            || wrapped
            || line.matches('\t').count() >= 2
            || line.matches('|').count() >= 3
        {
            continue;
        }
        trailing = false;
        let numbered = NUMBERED.find(line);
        let item = ITEM.captures(line);
        let body = match (&item, numbered) {
            (Some(c), _) => line.get(c.get(0).map_or(0, |m| m.end())..).unwrap_or(line),
            (None, Some(m)) => line.get(m.end()..).unwrap_or(line),
            (None, None) => line,
        };
        // A block intro: `Giao Sở Nội vụ:`, `Giao Sở Tư pháp chủ trì, phối hợp với ...:`.
        if line.ends_with(':') && item.is_none() {
            let (lead, support) = agencies_in(body);
            if !lead.is_empty() {
                block = Some((lead, support));
                trailing = true;
            }
            continue;
        }
        // A line that only names agencies (the `Kính gửi:` list) assigns nothing.
        if i > 0 && agency_heading(body).is_some() {
            continue;
        }
        // A heading that is a list of agencies: `1. Thủ trưởng các cơ quan ... và Chủ tịch UBND
        // các xã`, `2. Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công tỉnh)`.
        if i == 0 && item.is_none() {
            if let Some(lead) = agency_heading(body) {
                block = Some((lead, Vec::new()));
                heading_block = true;
                continue;
            }
            // A short heading that assigns (`III. Giao Sở Nội vụ chủ trì thực hiện`): the lead
            // of every item under it, in this passage and the ones below.
            let short = line.chars().count() <= 120 && !line.ends_with('.');
            if short && GIAO.is_match(body) && !INLINE_DEADLINE.is_match(body) {
                let (lead, support) = agencies_in(body);
                if !lead.is_empty() {
                    block = Some((lead, support));
                    heading_block = true;
                    continue;
                }
            }
        }
        let dated = INLINE_DEADLINE.find(body).map(|m| m.as_str().to_string());
        let deadline = dated.clone().or_else(|| {
            RECURRING.captures(body).and_then(|c| {
                c.get(1)
                    .or_else(|| c.get(2))
                    .or_else(|| c.get(3))
                    .map(|m| m.as_str().to_string())
            })
        });
        let period = deadline.as_deref().and_then(|d| parse_period(d, year));
        let (mut lead, mut support) = agencies_in(body);
        let opening: String = body.chars().take(120).collect();
        let assigns = GIAO
            .find_iter(body)
            .any(|m| body.get(m.end()..).and_then(agency_at).is_some());
        if (REPORTED.is_match(&opening) || NOT_ASSIGNED.is_match(body)) && !assigns {
            continue;
        }
        // A recipient in a list (`- UBND các tỉnh, thành phố trực thuộc Trung ương.`).
        if item.is_some() && agency_heading(body).is_some() {
            continue;
        }
        let under_block = block.is_some() && (item.is_some() || numbered.is_some());
        // A target with a date (`Hoàn thành ... trong quý I năm 2026`) is a task even without
        // an agency; one that only recurs (`Thường xuyên rà soát`) is not.
        let dated_period = dated.is_some() && period.is_some();
        if lead.is_empty() && !under_block && !dated_period {
            continue;
        }
        if lead.is_empty() {
            if let Some((l, s)) = &block {
                lead.clone_from(l);
                for a in s {
                    if !support.contains(a) {
                        support.push(a.clone());
                    }
                }
            }
        }
        support.retain(|s| !lead.contains(s));
        let path = match (&item, numbered) {
            (Some(c), _) if c.get(1).is_some() && i > 0 => {
                format!("{} > {}", p.path, c.get(1).map_or("", |m| m.as_str()))
            }
            _ => p.path.clone(),
        };
        out.push(Candidate {
            task: Task {
                path,
                heading: p.heading.clone(),
                text: line.to_string(),
                deadline_text: deadline.map(|d| d.trim().to_string()),
                period,
                lead,
                support,
                ..Task::default()
            },
            fingerprint: Some((line.to_string(), String::new())),
            deadlines_in_passage: 1,
            depth,
        });
    }
    (out, block.filter(|_| trailing || heading_block))
}

/// In a passage holding several tasks, a task's path and heading are those of the numbered item
/// it starts with (`II` → `II > 1`), and its text starts there.
fn refine<'a>(p: &Passage, body: &'a str, deadlines: usize) -> (String, Option<String>, &'a str) {
    if deadlines > 1 {
        if let Some(c) = ITEM_START.captures(body) {
            if let (Some(whole), Some(n)) = (c.get(0), c.get(1)) {
                let item = body.get(whole.start()..).unwrap_or(body).trim_start();
                let heading = item.lines().next().map(|l| l.trim().to_string());
                return (format!("{} > {}", p.path, n.as_str()), heading, item);
            }
        }
    }
    (p.path.clone(), p.heading.clone(), body)
}
