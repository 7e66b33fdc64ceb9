//! Process CPU time from `/proc/self/stat`: user plus system time of all the process's threads,
//! so a phase's CPU seconds count every indexing, merging and compressing thread, whatever the
//! wall time the machine's other work left it.

/// Clock ticks per second of `/proc/self/stat` (`USER_HZ`, fixed at 100 in Linux's user-space
/// interface).
const TICKS_PER_SECOND: f64 = 100.0;

/// CPU seconds this process has used so far; `None` where `/proc` is not available.
pub fn process_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    parse_stat(&stat)
}

/// utime + stime (fields 14 and 15) of a `/proc/<pid>/stat` line, in seconds. The command name
/// (field 2) is in parentheses and may hold spaces, so fields are counted after its `)`.
fn parse_stat(stat: &str) -> Option<f64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) as f64 / TICKS_PER_SECOND)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_and_system_ticks_after_the_command_name() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime
        // stime ...
        let line = "42 (a b) c) R 1 42 42 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 3 0";
        assert_eq!(parse_stat(line), Some(3.25));
        assert_eq!(parse_stat("42 (x) R 1"), None);
        assert_eq!(parse_stat("no parenthesis"), None);
    }
}
