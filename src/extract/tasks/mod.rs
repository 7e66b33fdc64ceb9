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
//!
//! The parts: [`paragraphs`] reads running text (deadline lines, assignments, blocks that name
//! their lead once), [`table`] reads assignment tables, [`roles`] finds who leads and who
//! supports in a task's text; this file picks the sections to read (a report's forward-looking
//! ones), the span of a plan, and one task among nested passages holding the same deadline.
//! [`done`] reads what a later report says was done, and which of a plan's tasks that is.

use chrono::{Datelike, NaiveDate};
use once_cell::sync::Lazy;
use regex::Regex;

use crate::document::{Passage, Task};
use paragraphs::{assignment_tasks, deadline_line_tasks, DEADLINE_LINE};
use table::table_tasks;

pub use described::{mention_of, unique_among, unique_mention_of, Mention};
pub use done::{done_statements, reported_done, DoneStatement};

mod described;
mod done;
mod paragraphs;
mod roles;
mod table;

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
pub const REPORT_TYPES: [&str; 2] = ["Báo cáo", "Tham luận"];

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
        forward = report_sections(outline, true);
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
    let mut tasks = choose(found);
    if doc_type == Some("Giấy mời") {
        tasks.retain(|t| !hosts_the_meeting(t));
    }
    tasks
}

/// In a meeting invitation (`Giấy mời`), a paragraph whose only actor is the people's committee
/// that invites (`Ủy ban nhân dân tỉnh tổ chức Họp ...`, `... Phó Chủ tịch UBND tỉnh chủ trì.`)
/// says who hosts and chairs the meeting; the assignments are the preparations (`Giao Sở Nội vụ
/// chuẩn bị nội dung ...`).
fn hosts_the_meeting(task: &Task) -> bool {
    !task.lead.is_empty()
        && task
            .lead
            .iter()
            .all(|l| crate::keys::agency::agency_key(l).starts_with("ubnd"))
}

/// Lead and support agencies named once for the items below them.
pub(super) type Block = (Vec<String>, Vec<String>);

/// The passages of a report's sections on what comes next (`forward`: those under a top-level
/// heading that looks forward, [`FORWARD_HEADING`] and not [`BACKWARD_HEADING`]) or the others,
/// on what was done (`!forward`).
fn report_sections(outline: &[Passage], forward: bool) -> Vec<Passage> {
    let top_heading = |p: &Passage| -> String {
        p.heading
            .clone()
            .unwrap_or_else(|| p.text.lines().next().unwrap_or("").to_string())
    };
    let want = forward;
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
            forward.get(top).copied().unwrap_or(false) == want
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
pub(super) struct Candidate {
    pub(super) task: Task,
    /// The deadline line with a little of the text before it: the same in every passage that
    /// holds this deadline.
    pub(super) fingerprint: Option<(String, String)>,
    /// How many deadlines the passage holds.
    pub(super) deadlines_in_passage: usize,
    pub(super) depth: usize,
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
mod tests;
