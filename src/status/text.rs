//! The status in words: why a document is in its state ([`reason`]), the brief status a
//! document carries ([`Summary`], in `GET /api/documents/{id}`), and the text for a terminal
//! (`vanban status NUMBER [--on DATE] [--json]`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{label, status_of_number, today, NumberStatus, StatusEvent};
use crate::error::Result;
use crate::index::VanbanIndex;
use crate::relation::RelationKind;
use crate::validity::State;

/// Why a plan past its period is no longer in force.
pub const PLAN_SPENT: &str = "hết thời kỳ kế hoạch";

/// The change that ended the document (wholly or partly) by the date asked, the latest first.
pub fn ending_event(s: &NumberStatus) -> Option<&StatusEvent> {
    if !matches!(s.state, State::Expired | State::PartlyExpired) {
        return None;
    }
    s.events.iter().rev().find(|e| {
        matches!(
            e.kind,
            RelationKind::Expires
                | RelationKind::Replaces
                | RelationKind::Repeals
                | RelationKind::PartlyRepeals
        )
    })
}

/// Whether the document is spent because its plan's period is over (and nothing else ended it).
pub fn plan_spent(s: &NumberStatus) -> bool {
    s.state == State::Expired
        && ending_event(s).is_none()
        && s.period_ends.is_some_and(|d| d < s.on)
}

/// Why the document is in its state, in words: the change that ended it (`hết hiệu lực theo
/// 25/2021/QĐ-TTg, hiệu lực từ 01/01/2022`), a plan's period (`hết thời kỳ kế hoạch (giai đoạn
/// đến hết 31/12/2025)`), or the record's words (`nguồn ghi: Còn hiệu lực`); and the sentence a
/// change was read from.
pub fn reason(s: &NumberStatus) -> (Option<String>, Option<String>) {
    if let Some(e) = ending_event(s) {
        return (Some(event_line(e)), Some(e.evidence.clone()));
    }
    if plan_spent(s) {
        let end = s.period_ends.map(|d| d.format("%d/%m/%Y").to_string());
        return (
            Some(format!(
                "{PLAN_SPENT} (thời kỳ đến hết {})",
                end.unwrap_or_default()
            )),
            None,
        );
    }
    let words = s.source_text.as_ref().map(|t| format!("nguồn ghi: {t}"));
    (words, None)
}

/// A document's status in brief, as `GET /api/documents/{id}` carries it; the whole history is
/// at `lineage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Summary {
    /// `in_force`, `not_yet_in_force`, `partly_expired`, `expired` or `unknown` (today).
    pub state: State,
    /// Its label (`Còn hiệu lực`, `Hết hiệu lực toàn bộ`, ...).
    pub label: String,
    /// The date it holds for (today in Vietnam).
    pub on: NaiveDate,
    /// Since when, when known.
    pub since: Option<NaiveDate>,
    /// Why, in words: the change that ended it, a plan's period (`hết thời kỳ kế hoạch`), or
    /// the record's words.
    pub reason: Option<String>,
    /// The sentence the ending change was read from.
    pub evidence: Option<String>,
    /// Whether the record's status and the relations disagree (both are at `/api/status`).
    pub disagrees: bool,
    /// Changes announced for a later date, in words, the next first.
    pub later: Vec<String>,
    /// The lược đồ: `/api/documents/{id}/lineage` (its relations both ways, each with its status).
    pub lineage: String,
}

/// The brief status of `s`, with the address of its lược đồ.
pub fn summary(s: &NumberStatus, lineage: String) -> Summary {
    let (reason, evidence) = reason(s);
    Summary {
        state: s.state,
        label: s.label.clone(),
        on: s.on,
        since: s.since,
        reason,
        evidence,
        disagrees: s.disagrees,
        later: s.later.iter().map(event_line).collect(),
        lineage,
    }
}

/// The status as text for a terminal: the state and its reason, then each change.
pub fn to_text(s: &NumberStatus) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let since = s
        .since
        .map(|d| format!(" từ {}", d.format("%d/%m/%Y")))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} — {}{} (ngày {}){}",
        s.display,
        s.label,
        since,
        s.on.format("%d/%m/%Y"),
        if s.indexed {
            ""
        } else {
            " [không có trong chỉ mục]"
        }
    );
    if let Some(text) = &s.source_text {
        let _ = writeln!(out, "  nguồn ghi: {text}");
    }
    if plan_spent(s) {
        let _ = writeln!(out, "  {}", reason(s).0.unwrap_or_default());
    }
    if s.disagrees {
        let _ = writeln!(
            out,
            "  nguồn ghi {} nhưng các văn bản khác cho thấy {}",
            s.from_source.map_or("", label),
            s.from_relations.map_or("", label)
        );
    }
    for (title, list) in [("đã xảy ra", &s.events), ("sắp có hiệu lực", &s.later)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {title}:");
        for e in list {
            let _ = writeln!(out, "  - {}", event_line(e));
            let _ = writeln!(out, "      «{}»", short(&e.evidence, 300));
        }
    }
    out
}

/// One change in words: `thay thế bởi 25/2021/QĐ-TTg (Điều 8), hiệu lực từ 01/01/2022`.
pub fn event_line(e: &StatusEvent) -> String {
    let mut line = format!(
        "{} {}",
        passive(e.kind),
        e.by.display.as_deref().unwrap_or("?")
    );
    if !e.articles.is_empty() {
        line = format!("{}: {line}", e.articles.join(", "));
    }
    if let Some(d) = e.effective {
        line.push_str(&format!(", hiệu lực từ {}", d.format("%d/%m/%Y")));
    }
    line
}

/// `s` cut to at most `n` characters, with `…` when cut.
pub fn short(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// The passive Vietnamese of a change, before the changing document (`bị bãi bỏ bởi`,
/// `hết hiệu lực theo`).
pub fn passive(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Expires => "hết hiệu lực theo",
        RelationKind::Replaces => "bị thay thế bởi",
        RelationKind::Repeals => "bị bãi bỏ bởi",
        RelationKind::PartlyRepeals => "bị bãi bỏ một phần bởi",
        RelationKind::Amends => "được sửa đổi, bổ sung bởi",
        RelationKind::Suspends => "bị ngưng hiệu lực bởi",
        RelationKind::Guides => "được hướng dẫn bởi",
        RelationKind::BasedOn => "được căn cứ bởi",
        RelationKind::Implements => "được thực hiện bởi",
        RelationKind::Mentions => "được dẫn chiếu bởi",
    }
}

/// `vanban status NUMBER [--on DATE] [--json]`: prints the status of a number.
pub fn print_cmd(number: &str, on: Option<&str>, json: bool, dir: &std::path::Path) -> Result<()> {
    let key = crate::params::number_param("number", number)?;
    let on = match on {
        Some(d) => crate::params::parse_date("on", d)?,
        None => today(),
    };
    let index = VanbanIndex::open(dir)?;
    let s = status_of_number(&index, &key, on)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        print!("{}", to_text(&s));
    }
    Ok(())
}
