//! `vanban completions`: a shell completion script, generated from the command line's own
//! definition (clap_complete), so that it never falls behind a new flag.

use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

/// The arguments of `vanban completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell.
    shell: Shell,
}

/// Runs `vanban completions`: the script on standard output.
pub fn run(args: &CompletionsArgs) -> Result<()> {
    let mut cmd = super::Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "vanban", &mut std::io::stdout());
    Ok(())
}
