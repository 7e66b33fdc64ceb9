//! The `vanban` binary: see `vanban --help`.

mod cli;
mod cli_deploy;

use clap::Parser;

fn main() -> std::process::ExitCode {
    if std::env::args().nth(1).as_deref() == Some(vanban::read::pdf::HELPER_ARG) {
        return vanban::read::pdf::helper_main();
    }
    // PDF text extraction runs in a child process of this executable, which can be killed.
    if let Ok(exe) = std::env::current_exe() {
        vanban::read::pdf::extract_in_child_process(exe);
    }
    match cli::run(cli::Cli::parse()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(cli::exit_code(&e))
        }
    }
}
