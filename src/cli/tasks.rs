//! `vanban tasks`: the tasks of the indexed documents, as `GET /api/tasks` lists them.

use std::path::Path;

use anyhow::Result;
use clap::Args;

use vanban::index::VanbanIndex;

/// The arguments of `vanban tasks`.
#[derive(Debug, Args)]
pub struct TasksArgs {
    /// An agency as typed (`so giao duc`, `Sở GD&ĐT`, `UBND các huyện`).
    #[arg(long)]
    agency: Option<String>,
    /// The agency's role: lead, support or monitor.
    #[arg(long, value_parser = ["lead", "support", "monitor"])]
    role: Option<String>,
    /// Due from this day (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long)]
    from: Option<String>,
    /// Due up to this day.
    #[arg(long)]
    to: Option<String>,
    /// overdue, upcoming (next 30 days), ongoing, or done (a later report citing the plan says so).
    #[arg(long, value_parser = ["overdue", "upcoming", "ongoing", "done"])]
    status: Option<String>,
    /// One document, by id or number.
    #[arg(long)]
    document: Option<String>,
    /// Words the task's text must hold.
    #[arg(long)]
    q: Option<String>,
    /// Order: due (default) or document.
    #[arg(long, value_parser = ["due", "document"], default_value = "due")]
    sort: String,
    /// The day statuses are computed on (default: today).
    #[arg(long)]
    today: Option<String>,
    /// Most tasks printed.
    #[arg(long, default_value_t = 1000)]
    limit: usize,
    /// Print CSV (UTF-8 with a byte-order mark).
    #[arg(long, conflicts_with = "json")]
    csv: bool,
    /// Print JSON.
    #[arg(long)]
    pub(super) json: bool,
}

/// Runs `vanban tasks`.
pub fn run(a: &TasksArgs, dir: &Path) -> Result<()> {
    use vanban::document::Role;
    use vanban::search::tasks::{self, Status, TaskQuery, TaskSort};
    let date = |name: &str, v: &Option<String>| {
        v.as_deref()
            .map(|v| vanban::search::parse_date(name, v))
            .transpose()
    };
    let query = TaskQuery {
        agency: a.agency.clone(),
        role: match a.role.as_deref() {
            Some("lead") => Some(Role::Lead),
            Some("support") => Some(Role::Support),
            Some("monitor") => Some(Role::Monitor),
            _ => None,
        },
        from: date("from", &a.from)?,
        to: date("to", &a.to)?,
        status: a.status.as_deref().and_then(Status::parse),
        document: a.document.clone(),
        q: a.q.clone(),
        sort: if a.sort == "document" {
            TaskSort::Document
        } else {
            TaskSort::Due
        },
        today: date("today", &a.today)?.unwrap_or_else(|| chrono::Local::now().date_naive()),
        limit: a.limit,
        offset: 0,
    };
    let index = VanbanIndex::open(dir)?;
    let page = tasks::task_page(&index, &query)?;
    let mut text = String::new();
    if a.csv {
        text = tasks::to_csv(&page.tasks);
    } else if a.json {
        text = serde_json::to_string_pretty(&page)? + "\n";
    } else {
        text.push_str(&format!("{} task(s)\n", page.total));
        for (hit, row) in page.tasks.iter().zip(tasks::export_rows(&page.tasks)) {
            let task: String = row[3].chars().take(80).collect();
            text.push_str(&format!(
                "{} | {} | {} | due {} ({}) | lead: {} | support: {}\n",
                document_label(hit),
                row[2],
                task,
                row[9],
                row[10],
                row[4],
                row[5]
            ));
        }
    }
    // A reader that stops early (`| head`) is not an error.
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

/// How a line names a task's document: its number, else (an unnumbered draft) the start of its
/// title, else its id, as the task page does.
fn document_label(hit: &vanban::search::tasks::TaskHit) -> String {
    const TITLE_CHARS: usize = 72;
    if let Some(number) = hit.number.as_deref().filter(|n| !n.trim().is_empty()) {
        return number.to_string();
    }
    let Some(title) = hit
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    else {
        return hit.doc_id.clone();
    };
    if title.chars().count() <= TITLE_CHARS {
        return title.to_string();
    }
    // Whole words up to the limit, so a period is never cut in two (`2026 - 20…`).
    let mut label = String::new();
    for word in title.split_whitespace() {
        if label.chars().count() + 1 + word.chars().count() > TITLE_CHARS {
            break;
        }
        if !label.is_empty() {
            label.push(' ');
        }
        label.push_str(word);
    }
    label + " …"
}
