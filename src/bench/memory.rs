//! Process memory from `/proc/self/status`: the resident set now (`VmRSS`) and its peak
//! (`VmHWM`), and resetting that peak between phases so each phase reports its own.

/// Peak resident set size of this process since start or the last [`reset_peak`], in bytes;
/// `None` where `/proc` is not available.
pub fn peak_rss_bytes() -> Option<u64> {
    status_kib("VmHWM:").map(|k| k * 1024)
}

/// Resident set size now, in bytes.
pub fn rss_bytes() -> Option<u64> {
    status_kib("VmRSS:").map(|k| k * 1024)
}

/// Resets the peak to the current resident set (Linux `clear_refs` value 5); false when the
/// kernel does not allow it, in which case the peak is the process's since start.
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_is_at_least_the_current_set() {
        let (Some(now), Some(peak)) = (rss_bytes(), peak_rss_bytes()) else {
            eprintln!("note: no /proc/self/status here, test skipped");
            return;
        };
        assert!(peak >= now && now > 0);
        // After a reset the peak starts again from about the current set.
        let buf = vec![1u8; 64 << 20];
        let before = peak_rss_bytes().unwrap_or(0);
        drop(std::hint::black_box(buf));
        if reset_peak() {
            assert!(peak_rss_bytes().unwrap_or(u64::MAX) <= before);
        }
    }
}
