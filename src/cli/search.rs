//! `vanban search`: the search of the HTTP API, from the command line, with the same checks.

use std::path::Path;

use anyhow::Result;
use clap::Args;

use vanban::index::VanbanIndex;
use vanban::search;

/// The arguments of `vanban search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Query: words, "phrase", -exclude, OR, document numbers.
    query: String,
    /// Document type (repeatable).
    #[arg(long = "type")]
    types: Vec<String>,
    /// Issuing agency.
    #[arg(long)]
    issuer: Option<String>,
    /// Agency in any role, or in --role.
    #[arg(long)]
    agency: Option<String>,
    /// issuer, lead, support or any.
    #[arg(long)]
    role: Option<String>,
    /// Lĩnh vực.
    #[arg(long)]
    field: Option<String>,
    /// Issued on or after (YYYY-MM-DD).
    #[arg(long)]
    issued_from: Option<String>,
    /// Issued on or before (YYYY-MM-DD).
    #[arg(long)]
    issued_to: Option<String>,
    /// In force from on or after (YYYY-MM-DD).
    #[arg(long)]
    effective_from: Option<String>,
    /// In force from on or before (YYYY-MM-DD).
    #[arg(long)]
    effective_to: Option<String>,
    /// A task due on or after (YYYY-MM-DD).
    #[arg(long)]
    deadline_from: Option<String>,
    /// A task due on or before (YYYY-MM-DD).
    #[arg(long)]
    deadline_to: Option<String>,
    /// Cites this document number.
    #[arg(long)]
    cites: Option<String>,
    /// Has this number (`176/KH-UBND`).
    #[arg(long)]
    number: Option<String>,
    /// Status (hiệu lực) today, comma-separated: in_force, partly_expired, expired,
    /// not_yet_in_force, unknown (as the API's `status`).
    #[arg(long)]
    status: Option<String>,
    /// In force (wholly or partly) on this date (YYYY-MM-DD).
    #[arg(long)]
    in_force_on: Option<String>,
    /// relevance, issued_desc or issued_asc.
    #[arg(long, default_value = "relevance")]
    sort: String,
    /// Hits per page (max 100).
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Page start.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Print JSON (the API's shape).
    #[arg(long)]
    pub(super) json: bool,
}

/// Runs `vanban search`.
pub fn run(args: SearchArgs, dir: &Path) -> Result<()> {
    let SearchArgs {
        query,
        types,
        issuer,
        agency,
        role,
        field,
        issued_from,
        issued_to,
        effective_from,
        effective_to,
        deadline_from,
        deadline_to,
        cites,
        number,
        status,
        in_force_on,
        sort,
        limit,
        offset,
        json,
    } = args;
    // The same checks and codes as the HTTP API's.
    let req = search::SearchParams {
        q: Some(query),
        types,
        issuer,
        agency,
        role,
        field,
        issued_from,
        issued_to,
        effective_from,
        effective_to,
        deadline_from,
        deadline_to,
        cites,
        number,
        status,
        in_force_on,
        sort: Some(sort),
        limit: Some(limit),
        offset: Some(offset),
    }
    .into_request()?;
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
