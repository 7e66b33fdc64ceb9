//! Assignment tables (tab- or `|`-separated rows, as docx, antiword, PDF and HTML extraction
//! give them): columns found by the header's meaning, section rows as the task's path.

use super::roles::names;
use super::Candidate;
use crate::document::{Passage, Task};
use crate::extract::period::parse_period;

/// Rows of assignment tables (tab- or `|`-separated, as docx and antiword extraction give them).
/// Every row under a header is a task; a row whose number is roman (`I`, `II`) names the group
/// of the rows below it, which becomes part of their path.
pub(super) fn table_tasks(p: &Passage, year: Option<i32>) -> Vec<Candidate> {
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
