//! `vanban inspect`: what extraction makes of a file, without indexing it.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use vanban::{extract, read};

/// The arguments of `vanban inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The file.
    file: PathBuf,
    /// Print JSON.
    #[arg(long)]
    pub(super) json: bool,
}

/// Runs `vanban inspect`.
pub fn run(args: &InspectArgs) -> Result<()> {
    let read = read::read_file(&args.file)?;
    let docs: Vec<_> = read.docs.into_iter().map(extract::extract).collect();
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"documents": docs, "skipped": read.skipped})
            )?
        );
    } else {
        for d in &docs {
            super::show::print_document(d);
        }
        for s in &read.skipped {
            println!("skipped: {s}");
        }
    }
    Ok(())
}
