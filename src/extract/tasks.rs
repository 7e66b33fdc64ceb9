//! Tasks and deadlines from plans: who must do what by when.
//!
//! A task is found three ways:
//! - a passage (or numbered item inside one) ending with a deadline line: `Thời gian thực hiện:`,
//!   `Thời hạn:`, `Thời gian hoàn thành:`, `Tiến độ:` (the seed's `II. NHIỆM VỤ, GIẢI PHÁP` items);
//! - a paragraph with a deadline inside it (`hoàn thành trước ngày 15/12/2020`,
//!   `chậm nhất là ngày 15/4/2026`, `trong quý I năm 2026`);
//! - a row of an assignment table (`STT | Nhiệm vụ | ... | Thời gian hoàn thành | Chủ trì | Phối hợp`).
//!
//! Agencies come from `Cơ quan chủ trì:`/`Đơn vị phối hợp:` lines, `giao <agency>`,
//! `<agency> chủ trì`, `phối hợp với <agencies>`, and the subject that opens a paragraph
//! (`Sở Giáo dục và Đào tạo đổi mới ...`).

use chrono::{Datelike, NaiveDate};
use once_cell::sync::Lazy;
use regex::Regex;

use super::agencies::normalize_agency;
use super::agency_mentions::{agency_at, split_agency_list};
use super::period::parse_period;
use crate::document::{Passage, Task};

/// A deadline line: `Thời gian thực hiện: Hoàn thành trong Quý IV năm 2020.`
static DEADLINE_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?im)^[ \t]*[-+*•]?[ \t]*(?:thời\s+gian\s+(?:thực\s+hiện|hoàn\s+thành)|thời\s+hạn(?:\s+(?:hoàn\s+thành|thực\s+hiện))?|tiến\s+độ(?:\s+(?:thực\s+hiện|hoàn\s+thành))?)[ \t]*:[ \t]*([^\n]*)$")
        .expect("static regex")
});

/// A role line: `Cơ quan chủ trì: Sở Tư pháp`, `Đơn vị phối hợp: ...`.
static ROLE_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?im)^[ \t]*[-+*•]?[ \t]*(?:(?:cơ\s+quan|đơn\s+vị)\s+)?(chủ\s+trì|thực\s+hiện|phối\s+hợp)(?:\s+thực\s+hiện)?[ \t]*:[ \t]*([^\n]*)$")
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

/// `giao (cho) <agency>`.
static GIAO: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\bgiao\s+(?:cho\s+)?").expect("static regex"));

/// `phối hợp (chặt chẽ) với <agencies>`.
static PHOI_HOP_VOI: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\bphối\s+hợp\s+(?:chặt\s+chẽ\s+)?với\s+").expect("static regex"));

/// What may precede a paragraph's subject: a bullet, a label, an adverbial, a person's role.
static SUBJECT_PREFIX: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^[ \t]*(?:[-+*•][ \t]*|[a-zđ]\)[ \t]*|[0-9]{1,2}\.[ \t]+)?(?:(?:Hằng|Hàng)\s+năm\s*,\s*|Định\s+kỳ\s*,\s*|Đồng\s+thời\s*,\s*)?(?:(?:Thủ\s+trưởng|Chủ\s+tịch|Giám\s+đốc|Người\s+đứng\s+đầu)\s+)?")
        .expect("static regex")
});

/// Extracts tasks from the outline; `issued` lets a deadline that omits its year take the
/// document's year.
///
/// When passages nest (`II > 1` and `II > 1 > a` both holding one deadline line), the task is
/// reported once, on the shallowest passage that holds that deadline alone.
pub fn extract_tasks(outline: &[Passage], issued: Option<NaiveDate>) -> Vec<Task> {
    extract_tasks_of(outline, issued, None)
}

/// Document types that report what was done (`Báo cáo`, `Tham luận`): only their sections on
/// what comes next (`PHƯƠNG HƯỚNG, NHIỆM VỤ ...`, `KIẾN NGHỊ, ĐỀ XUẤT`) assign work.
const REPORT_TYPES: [&str; 2] = ["Báo cáo", "Tham luận"];

/// A report's section heading on what comes next.
static FORWARD_HEADING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)phương\s+hướng|nhiệm\s+vụ|giải\s+pháp|kiến\s+nghị|đề\s+xuất|thời\s+gian\s+tới")
        .expect("static regex")
});

/// A report's section heading on what was done, even when it names tasks (`KẾT QUẢ THỰC HIỆN
/// NHIỆM VỤ`).
static BACKWARD_HEADING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^[\s0-9IVX.]*(?:kết\s+quả|đánh\s+giá|tình\s+hình|công\s+tác\s+chỉ\s+đạo)")
        .expect("static regex")
});

/// [`extract_tasks`] knowing the document's type: in a report (`Báo cáo`, `Tham luận`) only the
/// sections on what comes next hold tasks; its sections on results (`KẾT QUẢ THỰC HIỆN ...`,
/// `Sở Tư pháp thực hiện thẩm định 11 văn bản`) report work done.
pub fn extract_tasks_of(
    outline: &[Passage],
    issued: Option<NaiveDate>,
    doc_type: Option<&str>,
) -> Vec<Task> {
    let forward;
    let outline = if doc_type.is_some_and(|t| REPORT_TYPES.contains(&t)) {
        forward = forward_sections(outline);
        forward.as_slice()
    } else {
        outline
    };
    let year = issued.map(|d| d.year());
    let mut found: Vec<Candidate> = Vec::new();
    // Leads named at the end of a passage (`Giao Sở Nội vụ chủ trì, phối hợp với ...:`) for the
    // numbered items that follow as passages of their own (`III > 1`, `III > 2`).
    let mut inherited: Option<(String, Block)> = None;
    let legal = outline.iter().any(|p| p.path.contains("Điều "));
    for p in &rejoin(outline) {
        found.extend(table_tasks(p, year));
        if DEADLINE_LINE.is_match(&p.text) {
            found.extend(deadline_line_tasks(p, year));
            continue;
        }
        // A legal text (`Chương II > Điều 5`) states duties, not assignments.
        if legal {
            continue;
        }
        let under = |path: &str| p.path.starts_with(&format!("{path} > "));
        let from_parent = inherited
            .as_ref()
            .filter(|(path, _)| under(path))
            .map(|(_, b)| b.clone());
        let (tasks, trailing) = assignment_tasks(p, year, from_parent);
        found.extend(tasks);
        match trailing {
            Some(b) => inherited = Some((p.path.clone(), b)),
            None => {
                if inherited.as_ref().is_some_and(|(path, _)| !under(path)) {
                    inherited = None;
                }
            }
        }
    }
    choose(found)
}

/// Lead and support agencies named once for the items below them.
type Block = (Vec<String>, Vec<String>);

/// The passages of a report's sections on what comes next: those under a top-level heading
/// that looks forward ([`FORWARD_HEADING`], not [`BACKWARD_HEADING`]).
fn forward_sections(outline: &[Passage]) -> Vec<Passage> {
    let top_heading = |p: &Passage| -> String {
        p.heading
            .clone()
            .unwrap_or_else(|| p.text.lines().next().unwrap_or("").to_string())
    };
    let mut forward: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    for p in outline.iter().filter(|p| !p.path.contains(" > ")) {
        let h = top_heading(p);
        let top = p.path.split(" [").next().unwrap_or(&p.path);
        forward.insert(
            top,
            FORWARD_HEADING.is_match(&h) && !BACKWARD_HEADING.is_match(&h),
        );
    }
    outline
        .iter()
        .filter(|p| {
            let top = p.path.split(" > ").next().unwrap_or("");
            let top = top.split(" [").next().unwrap_or(top);
            forward.get(top).copied().unwrap_or(false)
        })
        .cloned()
        .collect()
}

/// `ngày ... tháng 3 năm 2026`: the date line of a draft whose day is left blank.
static DRAFT_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)ngày[\s.…_/]*(?:[0-9]{1,2}[\s.…_/]*)?tháng\s+([0-9]{1,2})\s*năm\s+((?:19|20)[0-9]{2})")
        .expect("static regex")
});

/// `giai đoạn 2026 - 2030`, `đến năm 2030` in a title: the plan's last year.
static PLAN_END: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)giai\s+đoạn\s+(?:19|20)[0-9]{2}\s*[-–—]\s*((?:19|20)[0-9]{2})|đến\s+năm\s+((?:19|20)[0-9]{2})")
        .expect("static regex")
});

/// The span over which a plan's recurring and continuous tasks are due: from its issue date (or
/// the first day of the month of a draft's date line) to the end of the period its title states.
pub fn plan_span(
    body: &str,
    title: Option<&str>,
    issued: Option<NaiveDate>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let head: String = body.chars().take(3000).collect();
    let starts = issued.or_else(|| {
        let c = DRAFT_DATE.captures(&head)?;
        let m: u32 = c.get(1)?.as_str().parse().ok()?;
        let y: i32 = c.get(2)?.as_str().parse().ok()?;
        NaiveDate::from_ymd_opt(y, m, 1)
    });
    let ends = title.and_then(|t| {
        let c = PLAN_END.captures(t)?;
        let y: i32 = c.get(1).or_else(|| c.get(2))?.as_str().parse().ok()?;
        NaiveDate::from_ymd_opt(y, 12, 31)
    });
    (starts, ends)
}

/// Passages split for length (`III > 2 [1]`, `III > 2 [2]`) joined back, so that a table keeps
/// its header with all its rows.
fn rejoin(outline: &[Passage]) -> Vec<Passage> {
    let mut out: Vec<Passage> = Vec::new();
    for p in outline {
        let base = split_base(&p.path);
        if let Some(last) = out.last_mut() {
            if base.is_some() && base == Some(last.path.as_str()) {
                last.text.push('\n');
                last.text.push_str(&p.text);
                continue;
            }
        }
        out.push(Passage {
            path: base.unwrap_or(&p.path).to_string(),
            heading: p.heading.clone(),
            text: p.text.clone(),
        });
    }
    out
}

/// `III > 2` for a part `III > 2 [3]`.
fn split_base(path: &str) -> Option<&str> {
    let (base, tail) = path.rsplit_once(" [")?;
    (tail.ends_with(']') && tail[..tail.len() - 1].chars().all(|c| c.is_ascii_digit()))
        .then_some(base)
}

/// A task with what is needed to pick one passage among nested ones.
struct Candidate {
    task: Task,
    /// The deadline line with a little of the text before it: the same in every passage that
    /// holds this deadline.
    fingerprint: Option<(String, String)>,
    /// How many deadlines the passage holds.
    deadlines_in_passage: usize,
    depth: usize,
}

/// Tasks closed by deadline lines, or (when a passage has none) paragraphs with inline deadlines.
fn deadline_line_tasks(p: &Passage, year: Option<i32>) -> Vec<Candidate> {
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

/// Assignments in a passage without deadline lines: every paragraph that names who must act
/// (`Giao Sở Y tế ...`, `Sở Tư pháp chủ trì ...`, `Các cơ quan, đơn vị ... tổ chức`) or sets a
/// deadline (`hoàn thành trước ngày 30/11/2025`), and every item under a block that names its
/// lead once (`Giao Sở Tư pháp chủ trì, phối hợp với ...:` then `a) ... b) ...`, or a heading
/// `2. Văn phòng UBND tỉnh` over its items). An assignment without a deadline is a task with no
/// period.
///
/// `block` is a lead named by the parent passage; the block open at the passage's end is
/// returned with the tasks, for the passages below it.
fn assignment_tasks(
    p: &Passage,
    year: Option<i32>,
    mut block: Option<Block>,
) -> (Vec<Candidate>, Option<Block>) {
    let depth = p.path.matches(" > ").count();
    let mut out = Vec::new();
    // Whether the last paragraph read opened a block, or the heading did.
    let mut trailing = false;
    let mut heading_block = false;
    for (i, para) in p.text.split('\n').enumerate() {
        let line = para.trim();
        // Table rows are read by `table_tasks`.
        if line.is_empty() || line.matches('\t').count() >= 2 || line.matches('|').count() >= 3 {
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

/// The agencies of a heading that only names them (`Thủ trưởng các cơ quan chuyên môn thuộc
/// UBND tỉnh, Trưởng Ban Quản lý các khu công nghiệp và Chủ tịch UBND các xã, phường, đặc khu`),
/// or `None` when the heading says more (`Về cải cách thể chế`).
fn agency_heading(text: &str) -> Option<Vec<String>> {
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

/// Rows of assignment tables (tab- or `|`-separated, as docx and antiword extraction give them).
/// Every row under a header is a task; a row whose number is roman (`I`, `II`) names the group
/// of the rows below it, which becomes part of their path.
fn table_tasks(p: &Passage, year: Option<i32>) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut group: Option<String> = None;
    let depth = p.path.matches(" > ").count();
    for (c, row) in table_rows(&p.text) {
        let stt = row.first().map_or("", String::as_str);
        if is_roman(stt) {
            group = Some(stt.to_string());
            continue;
        }
        let Some(task) = row.get(c.task).filter(|t| !t.is_empty()) else {
            continue;
        };
        let text_of = |i: Option<usize>| {
            i.and_then(|i| row.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let cell = |i: Option<usize>| text_of(i).map_or_else(Vec::new, names);
        let lead = cell(c.lead);
        let mut support = cell(c.support);
        support.retain(|s| !lead.contains(s));
        let deadline = text_of(c.deadline);
        let number = stt.trim_start_matches('0');
        let number = if number.is_empty() { stt } else { number };
        let path = match &group {
            Some(g) => format!("{} > {g} > {number}", p.path),
            None => format!("{} > {number}", p.path),
        };
        out.push(Candidate {
            task: Task {
                path,
                heading: p.heading.clone(),
                text: task.clone(),
                deadline_text: deadline.map(str::to_string),
                period: deadline.and_then(|d| parse_period(d, year)),
                lead,
                support,
                monitor: cell(c.monitor),
                product: text_of(c.product).map(str::to_string),
                ..Task::default()
            },
            fingerprint: None,
            deadlines_in_passage: 1,
            depth,
        });
    }
    out
}

/// The logical rows of the tables in a text, each with its table's columns. A cell that wraps
/// onto following lines (a line that does not start with a row number) is joined back.
fn table_rows(text: &str) -> Vec<(std::rc::Rc<Columns>, Vec<String>)> {
    let mut rows: Vec<(std::rc::Rc<Columns>, Vec<String>)> = Vec::new();
    let mut cols: Option<std::rc::Rc<Columns>> = None;
    let mut open = false;
    for line in text.lines() {
        let sep = if line.contains('\t') {
            Some('\t')
        } else if line.matches('|').count() >= 3 {
            Some('|')
        } else {
            None
        };
        let cells: Vec<&str> = match sep {
            Some('|') => trim_empty_ends(&line.split('|').map(str::trim).collect::<Vec<_>>()),
            Some(sep) => line.split(sep).map(str::trim).collect(),
            None => vec![line.trim()],
        };
        if let Some(c) = Columns::from_header(&cells) {
            cols = Some(std::rc::Rc::new(c));
            open = false;
            continue;
        }
        let Some(c) = &cols else { continue };
        let first = cells.first().copied().unwrap_or("");
        let starts_row = sep.is_some()
            && (is_roman(first)
                || (!first.is_empty() && first.chars().all(|ch| ch.is_ascii_digit())));
        if starts_row {
            rows.push((c.clone(), cells.iter().map(|s| s.to_string()).collect()));
            open = true;
        } else if open {
            let Some((_, row)) = rows.last_mut() else {
                continue;
            };
            if row.len() > c.widest() {
                open = false;
                continue;
            }
            let mut rest = cells.iter();
            if let (Some(last), Some(more)) = (row.last_mut(), rest.next()) {
                if !more.is_empty() {
                    last.push(' ');
                    last.push_str(more);
                }
            }
            row.extend(rest.map(|s| s.to_string()));
        }
    }
    rows
}

/// Column positions of an assignment table, found by the meaning of the header's words.
struct Columns {
    task: usize,
    deadline: Option<usize>,
    lead: Option<usize>,
    support: Option<usize>,
    monitor: Option<usize>,
    product: Option<usize>,
}

impl Columns {
    /// The columns of a header row (`STT | Nhiệm vụ | Sản phẩm | Thời gian hoàn thành | Chủ trì
    /// | Phối hợp | Theo dõi, kiểm tra, đôn đốc`, in any order); a header has short cells, no row
    /// number, a task column and a deadline or lead column.
    fn from_header(cells: &[&str]) -> Option<Columns> {
        let first = cells.first()?;
        if cells.len() < 3
            || cells.iter().any(|c| c.chars().count() > 60)
            || first.chars().any(|c| c.is_ascii_digit())
            || is_roman(first)
        {
            return None;
        }
        let lower: Vec<String> = cells.iter().map(|c| c.to_lowercase()).collect();
        let find = |words: &[&str], taken: &[Option<usize>]| {
            lower
                .iter()
                .enumerate()
                .position(|(i, c)| !taken.contains(&Some(i)) && words.iter().any(|w| c.contains(w)))
        };
        let lead = find(
            &[
                "chủ trì",
                "cơ quan thực hiện",
                "đơn vị thực hiện",
                "cơ quan thực hiên",
                "đơn vị chủ trì",
            ],
            &[],
        );
        let support = find(&["phối hợp"], &[lead]);
        let monitor = find(&["theo dõi", "đôn đốc", "kiểm tra"], &[lead, support]);
        let deadline = find(
            &["thời gian", "thời hạn", "tiến độ", "hoàn thành"],
            &[lead, support, monitor],
        );
        let product = find(
            &["sản phẩm", "kết quả"],
            &[lead, support, monitor, deadline],
        );
        let task = find(
            &[
                "nhiệm vụ",
                "nội dung",
                "công việc",
                "hoạt động",
                "giải pháp",
            ],
            &[lead, support, monitor, deadline, product],
        )?;
        (deadline.is_some() || lead.is_some()).then_some(Columns {
            task,
            deadline,
            lead,
            support,
            monitor,
            product,
        })
    }

    /// The index of the rightmost column a task needs.
    fn widest(&self) -> usize {
        [
            Some(self.task),
            self.deadline,
            self.lead,
            self.support,
            self.monitor,
            self.product,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0)
    }
}

fn trim_empty_ends<'a>(cells: &[&'a str]) -> Vec<&'a str> {
    let start = cells
        .iter()
        .position(|c| !c.is_empty())
        .unwrap_or(cells.len());
    let end = cells
        .iter()
        .rposition(|c| !c.is_empty())
        .map_or(start, |i| i + 1);
    cells
        .get(start..end)
        .map(<[&str]>::to_vec)
        .unwrap_or_default()
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.len() <= 5 && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// Normalized names in a list, without repeats.
fn names(list: &str) -> Vec<String> {
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
fn agencies_in(text: &str) -> (Vec<String>, Vec<String>) {
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

/// One task per deadline: among nested passages holding it, the one that holds it alone and is
/// shallowest; else the one holding the fewest deadlines.
fn choose(found: Vec<Candidate>) -> Vec<Task> {
    let same = |a: &(String, String), b: &(String, String)| {
        a.0 == b.0 && (a.1.ends_with(&b.1) || b.1.ends_with(&a.1))
    };
    // Nested passages share their top-level section (`II`, `II > 1`, `II > 1 > a`).
    let section = |c: &Candidate| c.task.path.split(" > ").next().unwrap_or("").to_string();
    let rank = |c: &Candidate| (c.deadlines_in_passage != 1, c.deadlines_in_passage, c.depth);
    let mut keep = vec![true; found.len()];
    for (i, a) in found.iter().enumerate() {
        let Some(fa) = &a.fingerprint else { continue };
        for (j, b) in found.iter().enumerate() {
            if i == j || !keep[j] {
                continue;
            }
            let Some(fb) = &b.fingerprint else { continue };
            if section(a) == section(b) && same(fa, fb) && (rank(b), j) < (rank(a), i) {
                keep[i] = false;
                break;
            }
        }
    }
    found
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(c, _)| c.task)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Period;
    use proptest::prelude::*;

    const SEED: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/seed/176-KH-UBND-2020-lang-son.txt"
    );
    const PROVINCIAL: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/provincial/provincial.dev.jsonl"
    );

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Splits a plan by its roman section headings (`II. NHIỆM VỤ`) and, inside each, by its
    /// numbered items (`1. ...`): paths `II` and `II > 1`, as the structure extractor makes them.
    fn outline_of(text: &str, nested: bool) -> Vec<Passage> {
        let roman = Regex::new(r"(?m)^(I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s+(.+)$").unwrap();
        let item = Regex::new(r"(?m)^([0-9]{1,2})\.\s+(.+)$").unwrap();
        let heads: Vec<_> = roman.captures_iter(text).collect();
        let mut out = Vec::new();
        for (k, h) in heads.iter().enumerate() {
            let start = h.get(0).unwrap().start();
            let end = heads
                .get(k + 1)
                .map_or(text.len(), |n| n.get(0).unwrap().start());
            let sec = &text[start..end];
            out.push(Passage {
                path: h[1].to_string(),
                heading: Some(h[2].trim().to_string()),
                text: sec.to_string(),
            });
            if nested {
                let items: Vec<_> = item.captures_iter(sec).collect();
                for (i, it) in items.iter().enumerate() {
                    let s = it.get(0).unwrap().start();
                    let e = items
                        .get(i + 1)
                        .map_or(sec.len(), |n| n.get(0).unwrap().start());
                    out.push(Passage {
                        path: format!("{} > {}", &h[1], &it[1]),
                        heading: Some(it[2].trim().to_string()),
                        text: sec[s..e].to_string(),
                    });
                }
            }
        }
        out
    }

    fn seed() -> Option<String> {
        let t = std::fs::read_to_string(SEED).ok();
        if t.is_none() {
            eprintln!("note: {SEED} missing, skipped");
        }
        t
    }

    fn check_seed_tasks(tasks: &[Task]) {
        let paths: Vec<&str> = tasks.iter().map(|t| t.path.as_str()).collect();
        assert_eq!(
            paths,
            vec!["II > 1", "II > 2", "II > 3", "II > 4"],
            "{tasks:#?}"
        );
        let t1 = &tasks[0];
        assert_eq!(
            t1.deadline_text.as_deref(),
            Some("Hoàn thành trong Quý IV năm 2020")
        );
        assert_eq!(
            t1.period,
            Some(Period::Range {
                from: Some(ymd(2020, 10, 1)),
                to: ymd(2020, 12, 31)
            })
        );
        assert!(t1.text.starts_with("1. Nâng cao nhận thức"));
        assert!(!t1.text.contains("Thời gian thực hiện"));
        assert!(
            t1.lead.iter().any(|a| a.contains("các sở, ban, ngành")),
            "{:?}",
            t1.lead
        );
        assert_eq!(tasks[1].period, Some(Period::Yearly));
        assert_eq!(tasks[2].period, Some(Period::Yearly));
        assert!(
            tasks[1].lead.iter().any(|a| a == "Sở Giáo dục và Đào tạo"),
            "{:?}",
            tasks[1].lead
        );
        assert!(
            tasks[2].lead.iter().any(|a| a == "Sở Tư pháp"),
            "{:?}",
            tasks[2].lead
        );
        assert!(
            tasks[3].lead.iter().any(|a| a.contains("UBND tỉnh")),
            "{:?}",
            tasks[3].lead
        );
    }

    #[test]
    fn seed_tasks_from_nested_outline() {
        let Some(text) = seed() else { return };
        check_seed_tasks(&extract_tasks(
            &outline_of(&text, true),
            Some(ymd(2020, 10, 27)),
        ));
    }

    #[test]
    fn seed_tasks_from_sections_only() {
        let Some(text) = seed() else { return };
        let tasks = extract_tasks(&outline_of(&text, false), Some(ymd(2020, 10, 27)));
        check_seed_tasks(&tasks);
        assert_eq!(tasks[0].heading.as_deref(), Some("1. Nâng cao nhận thức, phát huy vai trò, trách nhiệm của hệ thống chính trị trong triển khai công tác PBGDPL."));
    }

    #[test]
    fn year_from_the_document_and_role_lines() {
        let p = Passage {
            path: "II > 2".into(),
            heading: None,
            text: "2. Tổ chức hội nghị quán triệt.\n- Cơ quan chủ trì: Sở Tư pháp.\n- Cơ quan phối hợp: Sở Nội vụ; UBND các huyện, thành phố.\n- Thời gian thực hiện: Quý IV.".into(),
        };
        let t = extract_tasks(&[p], Some(ymd(2020, 10, 27)));
        assert_eq!(t.len(), 1);
        assert_eq!(
            t[0].period,
            Some(Period::Range {
                from: Some(ymd(2020, 10, 1)),
                to: ymd(2020, 12, 31)
            })
        );
        assert_eq!(t[0].lead, vec!["Sở Tư pháp"]);
        assert_eq!(t[0].support, vec!["Sở Nội vụ", "UBND các huyện, thành phố"]);
    }

    #[test]
    fn chu_tri_and_phoi_hop_in_a_sentence() {
        let p = Passage {
            path: "III > 1".into(),
            heading: None,
            text: "Sở Tư pháp chủ trì, phối hợp với các sở, ban, ngành hướng dẫn triển khai, hoàn thành trước ngày 15/12/2020.".into(),
        };
        let t = extract_tasks(&[p], None);
        assert_eq!(t.len(), 1);
        // `trước ngày X`: due on X.
        assert_eq!(
            t[0].period,
            Some(Period::Range {
                from: Some(ymd(2020, 12, 15)),
                to: ymd(2020, 12, 15)
            })
        );
        assert_eq!(t[0].lead, vec!["Sở Tư pháp"]);
        assert_eq!(t[0].support, vec!["các sở, ban, ngành"]);
    }

    fn provincial_plan() -> Option<String> {
        let Ok(all) = std::fs::read_to_string(PROVINCIAL) else {
            eprintln!("note: {PROVINCIAL} missing, skipped");
            return None;
        };
        all.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| {
                v["file"]
                    .as_str()
                    .is_some_and(|f| f.contains("Ke_hoach_CCHC_giai_doan_2026_2030"))
            })
            .and_then(|v| v["text"].as_str().map(str::to_string))
    }

    #[test]
    fn provincial_plan_tasks_with_periods() {
        let Some(text) = provincial_plan() else {
            return;
        };
        // Sections I–III, and the appendix table as one passage.
        let (main, annex) = text.split_at(text.find("PHỤ LỤC").unwrap());
        let mut outline = outline_of(main, true);
        outline.push(Passage {
            path: "Phụ lục".into(),
            heading: None,
            text: annex.to_string(),
        });
        let tasks = extract_tasks(&outline, None);
        let table: Vec<&Task> = tasks
            .iter()
            .filter(|t| t.path.starts_with("Phụ lục >"))
            .collect();
        let with_period = |ts: &[&Task]| ts.iter().filter(|t| t.period.is_some()).count();
        assert!(table.len() >= 50, "table rows: {}", table.len());
        assert!(
            with_period(&table) * 100 >= table.len() * 60,
            "{} of {}",
            with_period(&table),
            table.len()
        );
        let year_2026 = Period::Range {
            from: Some(ymd(2026, 1, 1)),
            to: ymd(2026, 12, 31),
        };
        assert!(
            table
                .iter()
                .filter(|t| t.period.as_ref() == Some(&year_2026))
                .count()
                >= 3
        );
        assert!(table.iter().any(|t| t.period
            == Some(Period::Range {
                from: Some(ymd(2026, 1, 1)),
                to: ymd(2026, 3, 31)
            })));
        assert!(
            table
                .iter()
                .filter(|t| t.period == Some(Period::Yearly))
                .count()
                >= 5
        );
        // Agencies of public bodies from the table's columns.
        assert!(table.iter().any(
            |t| t.lead == vec!["Công an tỉnh"] && t.support == vec!["Sở Khoa học và Công nghệ"]
        ));
        assert!(
            table
                .iter()
                .filter(|t| t.lead.iter().any(|a| a == "Sở Nội vụ"))
                .count()
                >= 3
        );
        // Inline deadlines in the body: `chậm nhất là ngày 15/4/2026`, `trong quý I năm 2026`.
        let body: Vec<&Task> = tasks
            .iter()
            .filter(|t| !t.path.starts_with("Phụ lục"))
            .collect();
        assert!(
            body.iter().any(|t| t.period
                == Some(Period::Range {
                    from: Some(ymd(2026, 4, 15)),
                    to: ymd(2026, 4, 15)
                })),
            "{body:#?}"
        );
        assert!(body.iter().any(|t| t.period
            == Some(Period::Range {
                from: Some(ymd(2026, 1, 1)),
                to: ymd(2026, 3, 31)
            })));
    }

    fn passage(path: &str, text: &str) -> Passage {
        Passage {
            path: path.into(),
            heading: None,
            text: text.into(),
        }
    }

    #[test]
    fn table_columns_by_meaning_in_any_order_with_section_rows() {
        // Header in another order and wording; a section row; a row without a deadline; a
        // monitor and a product column; a header repeated on the next page.
        let text = "PHỤ LỤC\nTT\tĐơn vị thực hiện\tNội dung công việc\tThời hạn\tCơ quan phối hợp\tKết quả\tKiểm tra, đôn đốc\n\
                    I\tThể chế\n\
                    1\tSở Tư pháp\tRà soát văn bản\tTrước ngày 30/6/2026\tCác sở, ban, ngành\tBáo cáo\tVăn phòng UBND tỉnh\n\
                    TT\tĐơn vị thực hiện\tNội dung công việc\tThời hạn\tCơ quan phối hợp\tKết quả\tKiểm tra, đôn đốc\n\
                    II\tBộ máy\n\
                    01\tSở Nội vụ\tSắp xếp đơn vị\t\tUBND các xã, phường\t\tSở Nội vụ";
        let t = extract_tasks(&[passage("Phụ lục", text)], Some(ymd(2026, 3, 1)));
        assert_eq!(t.len(), 2, "{t:#?}");
        assert_eq!(t[0].path, "Phụ lục > I > 1");
        assert_eq!(t[0].text, "Rà soát văn bản");
        assert_eq!(t[0].lead, vec!["Sở Tư pháp"]);
        assert_eq!(t[0].support, vec!["các sở, ban, ngành"]);
        assert_eq!(t[0].monitor, vec!["Văn phòng UBND tỉnh"]);
        assert_eq!(t[0].product.as_deref(), Some("Báo cáo"));
        assert_eq!(
            t[0].period,
            Some(Period::Range {
                from: Some(ymd(2026, 6, 30)),
                to: ymd(2026, 6, 30)
            })
        );
        // No deadline: a task with no period.
        assert_eq!(t[1].path, "Phụ lục > II > 1");
        assert_eq!(t[1].lead, vec!["Sở Nội vụ"]);
        assert_eq!(t[1].period, None);
    }

    #[test]
    fn a_lead_named_once_for_a_block_leads_every_item() {
        let text = "5. Về chính quyền số\nGiao Sở Khoa học và Công nghệ chủ trì, phối hợp với các cơ quan, đơn vị liên quan:\n\
                    a) Theo dõi việc sử dụng chữ ký số.\nb) Xây dựng dữ liệu dùng chung; hoàn thành trong tháng 02/2026.";
        let t = extract_tasks(&[passage("II > 5", text)], Some(ymd(2026, 1, 22)));
        assert_eq!(t.len(), 2, "{t:#?}");
        for task in &t {
            assert_eq!(task.lead, vec!["Sở Khoa học và Công nghệ"]);
            assert_eq!(task.support, vec!["các cơ quan, đơn vị liên quan"]);
        }
        assert_eq!(t[0].path, "II > 5 > a");
        assert_eq!(t[0].period, None);
        assert_eq!(
            t[1].period,
            Some(Period::Range {
                from: Some(ymd(2026, 2, 1)),
                to: ymd(2026, 2, 28)
            })
        );
        // A heading naming the lead, over numbered items that are passages of their own.
        let outline = [
            passage("III", "III. TỔ CHỨC THỰC HIỆN\nGiao Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị liên quan:"),
            passage("III > 1", "1. Theo dõi, đôn đốc việc thực hiện."),
            passage("III > 2", "2. Công khai kết quả chậm nhất vào ngày 05 hằng tháng."),
            passage("IV", "IV. KINH PHÍ\nKinh phí do ngân sách bảo đảm."),
        ];
        let t = extract_tasks(&outline, None);
        assert_eq!(t.len(), 2, "{t:#?}");
        assert!(t.iter().all(|x| x.lead == vec!["Sở Nội vụ"]));
        assert_eq!(t[1].period, Some(Period::Monthly));
        // An agency heading over its items; the `Kính gửi` list assigns nothing.
        let outline = [
            passage("Mở đầu", "Kính gửi:\n- Công an tỉnh;\n- Sở Y tế."),
            passage("2", "2. Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công tỉnh)\na) Công bố danh mục thủ tục; thời gian hoàn thành trước ngày 30/11/2025.\nb) Thường xuyên theo dõi hệ thống."),
        ];
        let t = extract_tasks(&outline, None);
        assert_eq!(t.len(), 2, "{t:#?}");
        assert!(t.iter().all(|x| x.lead == vec!["Văn phòng UBND tỉnh"]));
        assert_eq!(t[1].period, Some(Period::Ongoing));
    }

    #[test]
    fn a_heading_that_assigns_leads_its_items_and_the_passages_below() {
        let outline = [
            passage("III", "III. Giao Sở Nội vụ chủ trì thực hiện\na) Tổng hợp kết quả.\nb) Báo cáo Ủy ban nhân dân tỉnh."),
            passage("III > 1", "1. Theo dõi việc thực hiện."),
            passage("IV", "IV. Giao Sở Y tế rà soát các cơ sở, hoàn thành trước ngày 05/11/2025."),
        ];
        let t = extract_tasks(&outline, None);
        assert_eq!(t.len(), 4, "{t:#?}");
        assert!(t[..3].iter().all(|x| x.lead == vec!["Sở Nội vụ"]), "{t:#?}");
        // A heading with its own deadline is a task itself.
        assert_eq!(t[3].lead, vec!["Sở Y tế"]);
        assert!(t[3].period.is_some());
    }

    #[test]
    fn who_assigns_is_not_who_acts() {
        let p = passage("Mở đầu", "Ủy ban nhân dân tỉnh nhận được Công văn số 1/BTC.\nChủ tịch Ủy ban nhân dân tỉnh giao Sở Tài nguyên và Môi trường chủ trì, phối hợp với Sở Tài chính xây dựng báo cáo.");
        let t = extract_tasks(&[p], None);
        assert_eq!(t.len(), 1, "{t:#?}");
        assert_eq!(t[0].lead, vec!["Sở Tài nguyên và Môi trường"]);
        assert_eq!(t[0].support, vec!["Sở Tài chính"]);
    }

    #[test]
    fn a_reports_results_are_not_tasks_but_its_next_steps_are() {
        let outline = [
            passage("II", "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CCHC"),
            passage("II > 1", "1. Cải cách thể chế\nSở Tư pháp thực hiện thẩm định 11 văn bản QPPL, góp ý 12 dự thảo văn bản QPPL."),
            passage("II > 2", "2. Các sở, ngành, địa phương trên địa bàn tỉnh ban hành các kế hoạch và triển khai các mô hình."),
            passage("IV", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ CCHC QUÝ II NĂM 2026"),
            passage("IV > 1", "1. Sở Nội vụ tham mưu tổ chức kiểm tra công tác cải cách hành chính, hoàn thành trước ngày 30/6/2026."),
        ];
        let t = extract_tasks_of(&outline, None, Some("Báo cáo"));
        assert_eq!(t.len(), 1, "{t:#?}");
        assert_eq!(t[0].path, "IV > 1");
        assert_eq!(t[0].lead, vec!["Sở Nội vụ"]);
        // The same text in a plan: the results section is read as it was before.
        assert!(extract_tasks_of(&outline, None, Some("Kế hoạch")).len() > 1);
    }

    #[test]
    fn submissions_closings_counts_and_contacts_assign_nothing() {
        for text in [
            "Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định.",
            "Công an tỉnh kính báo cáo Lãnh đạo UBND tỉnh chỉ đạo thẩm định.",
            "Ủy ban nhân dân tỉnh thông báo để Hiệp hội Nước mắm Phan Thiết biết./.",
            "Văn phòng UBND tỉnh gửi Sở Nội vụ tổng hợp./.",
            "Sở Tư pháp thực hiện thẩm định 268 dự thảo văn bản QPPL.",
            "Kính gửi:\n- Bộ Tư pháp;\n- UBND các tỉnh, thành phố trực thuộc Trung ương.",
        ] {
            let t = extract_tasks(&[passage("Mở đầu", text)], None);
            assert!(t.is_empty(), "{text}: {t:#?}");
        }
        // Contacts under a lead named once, and a recipient list item.
        let text = "Giao Văn phòng UBND tỉnh cử công chức tham gia Đoàn kiểm tra:\n- Ông Nguyễn Văn A - Phó Chánh Văn phòng.\n- Điện thoại: 0903 000 000.\n- Công an tỉnh;";
        let t = extract_tasks(&[passage("Mở đầu", text)], None);
        assert!(t.is_empty(), "{t:#?}");
        // An assignment that reports a count is still one (`giao` wins).
        let t = extract_tasks(
            &[passage(
                "Mở đầu",
                "Giao Sở Tư pháp thẩm định 11 văn bản trước ngày 15/4/2026.",
            )],
            None,
        );
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn agency_headings_keep_whole_names_and_drop_a_trailing_where() {
        assert_eq!(
            agency_heading("UBND các tỉnh, thành phố trực thuộc Trung ương."),
            Some(vec!["UBND các tỉnh, thành phố".to_string()])
        );
        let whole = agency_heading("Các đơn vị trực thuộc Trung ương đóng trên địa bàn tỉnh");
        assert!(
            whole
                .as_ref()
                .is_none_or(|l| l.iter().any(|a| a.ends_with("đóng trên địa bàn tỉnh"))),
            "{whole:?}"
        );
    }

    #[test]
    fn plan_span_from_a_draft_date_line_and_the_title() {
        let body =
            "ỦY BAN NHÂN DÂN\nSố:   /KH-UBND\tLâm Đồng, ngày       tháng 3 năm 2026\nKẾ HOẠCH";
        let title = "Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng";
        assert_eq!(
            plan_span(body, Some(title), None),
            (Some(ymd(2026, 3, 1)), Some(ymd(2030, 12, 31)))
        );
        let issued = Some(ymd(2020, 10, 27));
        assert_eq!(plan_span(body, None, issued), (issued, None));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,300}", y in proptest::option::of(1990i32..2100)) {
            let p = Passage { path: "I".into(), heading: None, text: s };
            let _ = extract_tasks(&[p], y.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1)));
        }

        #[test]
        fn never_panics_on_plan_like_text(s in "(Thời gian thực hiện: |Quý IV|\n|1\\. |giao |Sở Tư pháp|phối hợp với |chủ trì|\t|trước ngày 15/12|Cơ quan chủ trì: |STT\tNhiệm vụ\tThời gian\tChủ trì|I\t|2\t){0,25}") {
            let p = Passage { path: "II".into(), heading: None, text: s };
            let _ = extract_tasks(&[p.clone(), p], None);
        }
    }
}
