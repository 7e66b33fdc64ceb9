//! `vanban status NUMBER`: the status (hiệu lực) of any number, as `GET /api/status`.

use std::path::Path;

use anyhow::Result;
use clap::Args;

/// `vanban status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The number, any spelling (`619/QĐ-TTg`).
    number: String,
    /// The date (default: today).
    #[arg(long)]
    on: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `vanban status`.
pub fn run(args: &StatusArgs, index: &Path) -> Result<()> {
    Ok(vanban::status::print_cmd(
        &args.number,
        args.on.as_deref(),
        args.json,
        index,
    )?)
}
