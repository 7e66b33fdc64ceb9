//! The status in words, for a terminal: `vanban status NUMBER [--on DATE] [--json]`.

use super::{label, status_of_number, today, NumberStatus, StatusEvent};
use crate::error::Result;
use crate::index::VanbanIndex;
use crate::relation::RelationKind;

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
