//! Running an external extractor (`antiword`, `catdoc`, vanban's own PDF helper) with a time
//! limit, a memory limit, an empty environment and a bound on its output, so that a hostile file
//! can neither hang nor flood the reader nor learn the server's secrets; and the one bound on
//! extractions running at once ([`ExtractionPermit`]), shared by uploads, `vanban index` and the
//! helpers they start.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest an external extractor may run.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(30);

/// Most output kept from an extractor (64 MB).
const MAX_OUTPUT: u64 = 64 * 1024 * 1024;

/// Address-space limit (`RLIMIT_AS`) of every extractor process: 1 GiB. A 16 KB PDF took the
/// helper to 1.08 GB and a 77 KB one past 4 GB before this limit (issue 23); now the helper's
/// allocation fails and it ends with an error.
pub const MEMORY_LIMIT_BYTES: u64 = 1 << 30;

/// The only environment variable an extractor gets (it inherited `VANBAN_API_KEY` before).
const PATH: &str = "/usr/local/bin:/usr/bin:/bin";

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
    limit_child(&mut command);
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

/// Clears the child's environment and limits its address space to [`MEMORY_LIMIT_BYTES`].
fn limit_child(command: &mut Command) {
    command
        .env_clear()
        .env("PATH", PATH)
        .env("LC_ALL", "C.UTF-8");
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: runs in the forked child before exec; setrlimit is async-signal-safe and the
        // closure allocates nothing.
        unsafe {
            command.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: MEMORY_LIMIT_BYTES as libc::rlim_t,
                    rlim_max: MEMORY_LIMIT_BYTES as libc::rlim_t,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
}

/// Why an extractor that did not exit normally stopped, for messages.
pub(crate) fn abnormal_end(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!(
                "stopped by signal {signal}: it most likely went over its memory limit of {} MB",
                MEMORY_LIMIT_BYTES / 1_048_576
            );
        }
    }
    format!("ended abnormally ({status})")
}

/// Most extractions (a file's bytes read into documents, helper processes included) running at
/// once in this process: one per core and one more. Uploads had no bound before (issue 23).
pub fn max_extractions() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get) + 1
}

/// Slots of [`max_extractions`] in use.
static RUNNING: std::sync::Mutex<usize> = std::sync::Mutex::new(0);
static FREED: std::sync::Condvar = std::sync::Condvar::new();

thread_local! {
    /// Whether this thread already holds a permit (an extraction inside an extraction takes none).
    static HOLDING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// One of the [`max_extractions`] slots, held while a file is read; waits (blocking the thread)
/// for a free one. Released when dropped.
pub struct ExtractionPermit {
    counted: bool,
}

impl ExtractionPermit {
    /// Waits for a free slot (at once when this thread already holds one).
    pub fn acquire() -> Self {
        if HOLDING.with(std::cell::Cell::get) {
            return ExtractionPermit { counted: false };
        }
        let mut running = RUNNING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while *running >= max_extractions() {
            running = FREED
                .wait(running)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *running += 1;
        HOLDING.with(|h| h.set(true));
        ExtractionPermit { counted: true }
    }

    /// Extractions running now in this process.
    #[cfg(test)]
    pub fn running() -> usize {
        *RUNNING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for ExtractionPermit {
    fn drop(&mut self) {
        if !self.counted {
            return;
        }
        HOLDING.with(|h| h.set(false));
        let mut running = RUNNING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *running = running.saturating_sub(1);
        FREED.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractors_get_no_environment_and_a_memory_limit() {
        std::env::set_var("VANBAN_TEST_SECRET", "do-not-leak");
        let mut command = Command::new("sh");
        command.args(["-c", "env; ulimit -v"]);
        let done = run_child(command, "sh", None).unwrap();
        let out = String::from_utf8_lossy(&done.stdout);
        assert!(!out.contains("do-not-leak"), "{out}");
        assert!(out.contains("PATH="), "{out}");
        let limit_kb = (MEMORY_LIMIT_BYTES / 1024).to_string();
        assert_eq!(out.lines().last(), Some(limit_kb.as_str()), "{out}");
    }

    #[test]
    fn permits_bound_extractions_and_nest() {
        let threads: Vec<_> = (0..8)
            .map(|_| {
                std::thread::spawn(|| {
                    let _p = ExtractionPermit::acquire();
                    // A nested extraction on the same thread does not wait for itself.
                    let _q = ExtractionPermit::acquire();
                    let now = ExtractionPermit::running();
                    std::thread::sleep(Duration::from_millis(20));
                    now
                })
            })
            .collect();
        for t in threads {
            assert!(t.join().unwrap() <= max_extractions());
        }
    }
}
