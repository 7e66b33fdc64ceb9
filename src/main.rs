//! The `vanban` binary: see `vanban --help`.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    if std::env::args().nth(1).as_deref() == Some(vanban::read::pdf::HELPER_ARG) {
        return vanban::read::pdf::helper_main();
    }
    // PDF text extraction runs in a child process of this executable, which can be killed.
    if let Ok(exe) = std::env::current_exe() {
        vanban::read::pdf::extract_in_child_process(exe);
    }
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        // With `--json`, a usage error is JSON too (exit status 2, as clap's own).
        Err(e) if e.use_stderr() && std::env::args().any(|a| a == "--json") => {
            println!("{}", cli::json_error(cli::usage_code(&e), &first_line(&e)));
            let _ = e.print();
            return std::process::ExitCode::from(2);
        }
        Err(e) => e.exit(),
    };
    let json = args.json();
    match cli::run(args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            if json {
                // Standard output stays one JSON document: the result, or the error.
                println!(
                    "{}",
                    cli::json_error(cli::error_code(&e), &format!("{e:#}"))
                );
            }
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(cli::exit_code(&e))
        }
    }
}

/// Clap's message without its `error: ` prefix and the usage lines after it, on one line.
fn first_line(e: &clap::Error) -> String {
    let text = e.to_string();
    let message = text.split("\n\n").next().unwrap_or("");
    let message = message.strip_prefix("error: ").unwrap_or(message);
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
