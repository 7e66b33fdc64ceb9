//! `vanban search`: the search of the HTTP API, from the command line, with the same checks.

use std::path::Path;

use anyhow::Result;
use clap::Args;

use vanban::index::VanbanIndex;
use vanban::search;

/// The arguments of `vanban search`: the search parameters of the HTTP API
/// ([`search::SearchParams`], checked by the same `into_request`), and `--json`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    #[command(flatten)]
    params: search::SearchParams,
    /// Print JSON (the API's shape).
    #[arg(long)]
    pub(super) json: bool,
}

/// Runs `vanban search`.
pub fn run(args: SearchArgs, dir: &Path) -> Result<()> {
    let SearchArgs { params, json } = args;
    // The same checks and codes as the HTTP API's.
    let req = params.into_request()?;
    let index = VanbanIndex::open(dir)?;
    let res = search::search(&index, &req)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&res)?);
    } else {
        println!("{} document(s)", res.total);
        for (i, h) in res.hits.iter().enumerate() {
            println!(
                "{:>3}. {}  {}  {}  {}  [{}]",
                req.page.offset + i + 1,
                h.number.as_deref().unwrap_or("-"),
                h.doc_type.as_deref().unwrap_or("-"),
                h.issued
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "-".into()),
                h.title.as_deref().unwrap_or(""),
                h.id
            );
            for p in &h.passages {
                println!("       {}: {}", p.path, p.text.replace('\n', " "));
            }
        }
        if res.phrases_relaxed {
            println!("no document holds the quoted phrase exactly; these hold its words");
        }
        match (res.did_you_mean, res.corrected) {
            (Some(d), true) => println!("searched for: {d} (as typed it found little)"),
            (Some(d), false) => println!("did you mean: {d}"),
            _ => {}
        }
        if !res.not_indexed.is_empty() {
            println!("not in the index: {}", res.not_indexed.join(", "));
        }
    }
    Ok(())
}
