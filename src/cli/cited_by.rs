//! `vanban cited-by`: the documents citing a number, as `GET /api/cited-by` lists them.

use std::path::Path;

use anyhow::Result;
use clap::Args;

use vanban::error::Code;
use vanban::index::VanbanIndex;
use vanban::search::{self, graph};

/// Most citing documents listed.
const MAX_LIMIT: usize = 1_000;

/// The arguments of `vanban cited-by`.
#[derive(Debug, Args)]
pub struct CitedByArgs {
    /// The cited number, in any spelling (`1521/qd-ttg`, `176 / KH - UBND`).
    number: String,
    /// Most documents listed (1 to 1000).
    #[arg(long, default_value_t = 100)]
    limit: usize,
    /// Documents skipped first.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Print JSON (the API's shape: `{number, display, total, documents}`).
    #[arg(long)]
    pub(super) json: bool,
}

/// Runs `vanban cited-by`.
pub fn run(args: &CitedByArgs, dir: &Path) -> Result<()> {
    let key = search::number_param("number", &args.number)?;
    if !(1..=MAX_LIMIT).contains(&args.limit) {
        return Err(vanban::Error::bad_request(
            Code::LimitTooLarge,
            format!("--limit must be between 1 and {MAX_LIMIT}"),
        )
        .into());
    }
    let index = VanbanIndex::open(dir)?;
    let (total, documents) = graph::cited_by_page(&index, &key, args.offset, args.limit)?;
    let display = vanban::number::display_as_written(&args.number, &key);
    if args.json {
        let out = serde_json::json!({"number": key, "display": display, "total": total, "documents": documents});
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    if args.offset + documents.len() < total {
        println!(
            "{total} document(s) cite {display}; {} from #{} (more with --offset {})",
            documents.len(),
            args.offset + 1,
            args.offset + args.limit
        );
    } else {
        println!("{total} document(s) cite {display}");
    }
    for d in &documents {
        println!(
            "  {}  {}  {}  {}  {}  [{}]{}",
            serde_json::to_value(d.relation)?.as_str().unwrap_or("-"),
            d.number.as_deref().unwrap_or("-"),
            d.doc_type.as_deref().unwrap_or("-"),
            d.issued
                .map(|x| x.to_string())
                .unwrap_or_else(|| "-".into()),
            d.title.as_deref().unwrap_or(""),
            d.id,
            d.passage
                .as_deref()
                .map(|p| format!(" in {p}"))
                .unwrap_or_default()
        );
    }
    Ok(())
}
