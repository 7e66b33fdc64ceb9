//! Running an external extractor (`antiword`, `catdoc`, vanban's own PDF helper) with a time
//! limit and a bound on its output, so that a hostile file can neither hang nor flood the reader.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest an external extractor may run.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(30);

/// Most output kept from an extractor (64 MB).
const MAX_OUTPUT: u64 = 64 * 1024 * 1024;

/// Why a run failed.
#[derive(Debug)]
pub(crate) enum RunError {
    /// The program is not installed.
    NotInstalled,
    /// It ran and failed, timed out, or could not be started; the message says which.
    Failed(String),
}

/// Runs `program args`, returning its standard output when it exits successfully in time.
pub(crate) fn run(program: &str, args: &[&std::ffi::OsStr]) -> Result<Vec<u8>, RunError> {
    let mut command = Command::new(program);
    command.args(args);
    let done = run_child(command, program, None)?;
    if !done.status.success() {
        let message = String::from_utf8_lossy(&done.stderr);
        return Err(RunError::Failed(format!(
            "{program} failed ({}): {}",
            done.status,
            message.trim()
        )));
    }
    Ok(done.stdout)
}

/// A child that exited in time.
pub(crate) struct Finished {
    pub(crate) status: std::process::ExitStatus,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: Vec<u8>,
}

/// Runs `command` (called `name` in messages), feeding it `input` on stdin, killing it after
/// [`TIMEOUT`]; its output is bounded.
pub(crate) fn run_child(
    mut command: Command,
    name: &str,
    input: Option<Vec<u8>>,
) -> Result<Finished, RunError> {
    let stdin = if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    };
    let mut child = command
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => RunError::NotInstalled,
            _ => RunError::Failed(format!("{name} could not start: {e}")),
        })?;
    // Pipes are fed and drained on their own threads so that a full pipe cannot block the child.
    let feeder = child.stdin.take().zip(input).map(|(mut pipe, bytes)| {
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let stdout = child.stdout.take().map(|out| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = out.take(MAX_OUTPUT).read_to_end(&mut buf);
            buf
        })
    });
    let stderr = child.stderr.take().map(|err| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = err.take(64 * 1024).read_to_end(&mut buf);
            buf
        })
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunError::Failed(format!(
                    "{name} took longer than {} s and was stopped",
                    TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(RunError::Failed(format!("{name}: {e}"))),
        }
    };
    if let Some(f) = feeder {
        let _ = f.join();
    }
    Ok(Finished {
        status,
        stdout: stdout.and_then(|h| h.join().ok()).unwrap_or_default(),
        stderr: stderr.and_then(|h| h.join().ok()).unwrap_or_default(),
    })
}
