//! Tasks reported done: what a later report says was completed (`đã hoàn thành`, `hoàn thành
//! việc ...` in its sections on results), and which of a plan's tasks each statement is about.
//!
//! A statement matches a task by its words and, when it names one, by its agency: it shares at
//! least [`MIN_SHARED`] pairs of syllables with the task (pairs that every plan uses, such as
//! `thực hiện`, `kế hoạch`, `nhiệm vụ`, are not counted), those pairs are at least half of the
//! statement's or of the task's, no other task of the plan shares as many, and an agency it
//! names leads or supports the task. Which report may speak of which plan (it must cite it) is
//! decided by the caller (`search::tasks`).

use std::collections::HashSet;

use once_cell::sync::Lazy;
use regex::Regex;

use super::report_sections;
use super::roles::agencies_in;
use super::REPORT_TYPES;
use crate::document::{Passage, Task};
use crate::keys::agency::agency_closeness;

/// Fewest distinctive syllable pairs a statement shares with the task it reports done.
const MIN_SHARED: usize = 3;

/// A sentence of a report saying something was completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneStatement {
    /// Path of the passage it sits in.
    pub path: String,
    /// The sentence.
    pub text: String,
    /// The agencies it names (who did the work).
    pub agencies: Vec<String>,
}

/// `hoàn thành` in a sentence.
static HOAN_THANH: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\bhoàn\s+thành\b").expect("static regex"));

/// Words before `hoàn thành` that make it not (yet) done: `chưa hoàn thành`, `phấn đấu hoàn
/// thành`, `đảm bảo hoàn thành`, `để hoàn thành`, `đề nghị ... hoàn thành`.
static NOT_DONE_BEFORE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:chưa|không|sẽ|phấn\s+đấu|để|nhằm|cần|phải|đảm\s+bảo|bảo\s+đảm|chậm|đề\s+nghị|yêu\s+cầu|nếu|kịp\s+thời|khẩn\s+trương|tiếp\s+tục)\b")
        .expect("static regex")
});

/// What after `hoàn thành` makes it a deadline, not a result: `hoàn thành trước ngày ...`,
/// `hoàn thành trong quý I`, `hoàn thành chậm nhất ...`.
static DEADLINE_AFTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\s*(?:trước|trong|chậm\s+nhất|vào\s+ngày|theo\s+(?:đúng\s+)?thời\s+gian)\b")
        .expect("static regex")
});

/// Pairs of syllables every plan and report uses: they tell no task from another.
const GENERIC_PAIRS: [&str; 30] = [
    "hoàn thành",
    "đã hoàn",
    "thực hiện",
    "triển khai",
    "khai thực",
    "nhiệm vụ",
    "kế hoạch",
    "cơ quan",
    "đơn vị",
    "các sở",
    "sở ban",
    "ban ngành",
    "ủy ban",
    "uỷ ban",
    "ban nhân",
    "nhân dân",
    "dân tỉnh",
    "ubnd tỉnh",
    "đến nay",
    "đề ra",
    "tiếp tục",
    "liên quan",
    "có liên",
    "địa phương",
    "địa bàn",
    "trên địa",
    "bàn tỉnh",
    "việc thực",
    "theo kế",
    "hiện kế",
];

/// The sentences of a report's sections on what was done that say something was completed.
/// Documents other than reports (`Báo cáo`, `Tham luận`) report nothing.
pub fn done_statements(outline: &[Passage], doc_type: Option<&str>) -> Vec<DoneStatement> {
    if !doc_type.is_some_and(|t| REPORT_TYPES.contains(&t)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for p in &report_sections(outline, false) {
        for line in p.text.lines() {
            for sentence in line.split(". ") {
                let sentence = sentence.trim().trim_end_matches('.');
                if says_done(sentence) {
                    let (lead, support) = agencies_in(sentence);
                    out.push(DoneStatement {
                        path: p.path.clone(),
                        text: sentence.to_string(),
                        agencies: lead.into_iter().chain(support).collect(),
                    });
                }
            }
        }
    }
    out
}

/// True when a sentence says something was completed: `hoàn thành` not negated or hoped for
/// (`chưa`, `phấn đấu`, `để`, ... in the four words before it) and not a deadline (`hoàn thành
/// trước ngày ...`).
fn says_done(sentence: &str) -> bool {
    HOAN_THANH.find_iter(sentence).any(|m| {
        let before = sentence.get(..m.start()).unwrap_or("");
        let words: Vec<&str> = before.split_whitespace().collect();
        let near = words[words.len().saturating_sub(4)..].join(" ");
        let after = sentence.get(m.end()..).unwrap_or("");
        !NOT_DONE_BEFORE.is_match(&near) && !DEADLINE_AFTER.is_match(after)
    })
}

/// The distinctive pairs of adjacent syllables of a text, lower-cased.
fn pairs(text: &str) -> HashSet<String> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .map(|w| format!("{} {}", w[0], w[1]))
        .filter(|p| !GENERIC_PAIRS.contains(&p.as_str()))
        .collect()
}

/// For each of a plan's tasks, the statement (an index into `statements`) that reports it done.
/// Each statement marks the one task it is about (none when two tasks share as many of its
/// words); recurring and continuous tasks (`hằng năm`, `thường xuyên`) are never done.
pub fn reported_done(tasks: &[Task], statements: &[DoneStatement]) -> Vec<Option<usize>> {
    let task_pairs: Vec<HashSet<String>> = tasks.iter().map(|t| pairs(&t.text)).collect();
    let mut done = vec![None; tasks.len()];
    for (si, s) in statements.iter().enumerate() {
        let sp = pairs(&s.text);
        let mut best: Option<(usize, usize)> = None;
        let mut tied = false;
        for (ti, (t, tp)) in tasks.iter().zip(&task_pairs).enumerate() {
            let shared = sp.intersection(tp).count();
            let enough = shared >= MIN_SHARED && (shared * 2 >= sp.len() || shared * 2 >= tp.len());
            if !enough || !same_agency(&s.agencies, t) {
                continue;
            }
            match best {
                Some((_, n)) if n > shared => {}
                Some((_, n)) if n == shared => tied = true,
                _ => {
                    best = Some((ti, shared));
                    tied = false;
                }
            }
        }
        if let (Some((ti, _)), false) = (best, tied) {
            let recurring = tasks[ti]
                .period
                .as_ref()
                .is_some_and(|p| !matches!(p, crate::document::Period::Range { .. }));
            if !recurring && done[ti].is_none() {
                done[ti] = Some(si);
            }
        }
    }
    done
}

/// True when a statement names no agency, or one that leads or supports the task (or the task
/// names none).
fn same_agency(named: &[String], task: &Task) -> bool {
    let theirs: Vec<&String> = task.lead.iter().chain(&task.support).collect();
    named.is_empty()
        || theirs.is_empty()
        || named.iter().any(|a| {
            theirs
                .iter()
                .any(|b| agency_closeness(a, b).is_some() || agency_closeness(b, a).is_some())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Period;

    fn passage(path: &str, text: &str) -> Passage {
        Passage {
            path: path.into(),
            heading: None,
            text: text.into(),
        }
    }

    #[test]
    fn results_that_say_done_and_not_hopes_deadlines_or_next_steps() {
        let outline = [
            passage("I", "I. KẾT QUẢ THỰC HIỆN"),
            passage("I > 1", "1. Sở Tư pháp đã hoàn thành việc rà soát văn bản quy phạm pháp luật. Các sở chưa hoàn thành việc số hóa hồ sơ."),
            passage("I > 2", "2. Phấn đấu hoàn thành chỉ tiêu số hóa. Hoàn thành trước ngày 30/6/2026 việc cập nhật dữ liệu."),
            passage("I > 3", "3. Hoàn thành xây dựng Cổng dữ liệu mở của tỉnh."),
            passage("II", "II. PHƯƠNG HƯỚNG, NHIỆM VỤ"),
            passage("II > 1", "1. Sở Nội vụ đã hoàn thành dự thảo, trình ban hành trong quý II."),
        ];
        let s = done_statements(&outline, Some("Báo cáo"));
        let texts: Vec<&str> = s.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Sở Tư pháp đã hoàn thành việc rà soát văn bản quy phạm pháp luật",
                "Hoàn thành xây dựng Cổng dữ liệu mở của tỉnh"
            ]
        );
        assert_eq!(s[0].agencies, vec!["Sở Tư pháp"]);
        // A plan reports nothing.
        assert!(done_statements(&outline, Some("Kế hoạch")).is_empty());
    }

    fn task(text: &str, lead: &str, period: Option<Period>) -> Task {
        Task {
            text: text.into(),
            lead: vec![lead.into()],
            period,
            ..Task::default()
        }
    }

    fn statement(text: &str, agencies: &[&str]) -> DoneStatement {
        DoneStatement {
            path: "I".into(),
            text: text.into(),
            agencies: agencies.iter().map(|a| a.to_string()).collect(),
        }
    }

    #[test]
    fn a_statement_marks_the_task_of_its_words_and_agency() {
        let q4 = Some(Period::Range {
            from: None,
            to: chrono::NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
        });
        let tasks = [
            task(
                "Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh",
                "Sở Tư pháp",
                q4.clone(),
            ),
            task(
                "Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức",
                "Sở Nội vụ",
                q4.clone(),
            ),
            task(
                "Rà soát văn bản quy phạm pháp luật hằng năm",
                "Sở Tư pháp",
                Some(Period::Yearly),
            ),
        ];
        let s = [
            statement("Sở Tư pháp đã hoàn thành việc rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh", &["Sở Tư pháp"]),
            // The right words, another agency: not this task.
            statement("Sở Y tế đã hoàn thành xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức", &["Sở Y tế"]),
            // A count names no task.
            statement("Đến nay, tỉnh đã triển khai thực hiện hoàn thành 11/49 nhiệm vụ kế hoạch đề ra", &[]),
        ];
        assert_eq!(reported_done(&tasks, &s), vec![Some(0), None, None]);
        // Without its agency the same words do mark the task.
        let s = [statement(
            "Đã hoàn thành xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức",
            &[],
        )];
        assert_eq!(reported_done(&tasks, &s), vec![None, Some(0), None]);
    }
}
