//! A bound on what an HTML page may make the parser build, checked before html5ever runs.
//!
//! The HTML parsing algorithm copies "active formatting elements" (`<b>`, `<font>`, `<a>`, ...)
//! that were opened and not closed into every later paragraph that holds text or inline
//! elements. N distinct unclosed `<b id=...>` followed by M `<p>x</p>` therefore build N×M
//! elements: a 62 KB page (N = M = 3,000) took 1.56 GB in `vanban inspect`. This module scans the
//! page's tags once, keeps the list of formatting elements the parser would keep (the "Noah's
//! ark" clause that keeps at most three identical ones, markers at table cells, `<a>` and
//! `<nobr>` closing their predecessor) and counts, as an upper bound, one element per start tag or
//! text run plus one per formatting element it may have to rebuild. A page over [`MAX_ELEMENTS`]
//! is refused before it is parsed.

/// Most elements (and text runs) a page may make the parser build: about 180 MB of tree, more
/// than a 16 MB page of real markup needs.
pub const MAX_ELEMENTS: u64 = 1_000_000;

/// Formatting elements of the HTML standard ("the list of active formatting elements").
const FORMATTING: [&str; 14] = [
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// Elements that put a marker on the list (formatting elements do not leak out of them).
const MARKERS: [&str; 7] = [
    "td", "th", "caption", "applet", "marquee", "object", "template",
];

/// Elements whose content is raw text, not tags.
const RAW_TEXT: [&str; 7] = [
    "script", "style", "textarea", "title", "xmp", "noembed", "iframe",
];

/// Most list entries the scan itself may visit (end tags of formatting elements search the
/// list); a page past it is treated as over the bound.
const MAX_SCAN_STEPS: u64 = 200_000_000;

/// One entry of the list of active formatting elements.
enum Entry {
    Marker,
    Formatting { name: String, tag: u64 },
}

/// Checks that parsing `page` builds at most [`MAX_ELEMENTS`] elements; the error says why not.
pub fn check(page: &str) -> Result<(), String> {
    let estimate = estimate_elements(page, MAX_ELEMENTS);
    if estimate > MAX_ELEMENTS {
        return Err(format!(
            "HTML page would build over {MAX_ELEMENTS} elements (unclosed formatting \
             elements repeated into every paragraph); refused before parsing"
        ));
    }
    Ok(())
}

/// An upper bound of the elements and text nodes the parser builds for `page`, counted until it
/// passes `stop`.
pub fn estimate_elements(page: &str, stop: u64) -> u64 {
    let bytes = page.as_bytes();
    let mut list: Vec<Entry> = Vec::new();
    let mut total: u64 = 0;
    let mut i = 0;
    let mut text_run = false;
    let mut steps: u64 = 0;
    while i < bytes.len() && total <= stop {
        if steps > MAX_SCAN_STEPS {
            return stop.saturating_add(1);
        }
        if bytes[i] != b'<' {
            if !text_run && !bytes[i].is_ascii_whitespace() {
                total += 1 + rebuilt(&list);
                text_run = true;
            }
            i += 1;
            continue;
        }
        text_run = false;
        let rest = &bytes[i + 1..];
        if rest.starts_with(b"!--") {
            i = find(bytes, i + 4, b"-->").map_or(bytes.len(), |at| at + 3);
            continue;
        }
        let (closing, name_at) = match rest.first() {
            Some(b'/') => (true, i + 2),
            Some(c) if c.is_ascii_alphabetic() => (false, i + 1),
            Some(b'!' | b'?') => {
                i = find(bytes, i + 1, b">").map_or(bytes.len(), |at| at + 1);
                continue;
            }
            // A lone `<` is text.
            _ => {
                i += 1;
                continue;
            }
        };
        let name_end = bytes[name_at..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(bytes.len(), |p| name_at + p);
        let name = String::from_utf8_lossy(&bytes[name_at..name_end]).to_ascii_lowercase();
        let tag_end = tag_end(bytes, name_end);
        let tag_text = &bytes[i..tag_end.min(bytes.len())];
        i = tag_end + 1;
        if closing {
            if FORMATTING.contains(&name.as_str()) {
                steps += list.len() as u64;
                remove_last(&mut list, &name);
            } else if MARKERS.contains(&name.as_str()) {
                while let Some(entry) = list.pop() {
                    if matches!(entry, Entry::Marker) {
                        break;
                    }
                }
            }
            continue;
        }
        total += 1 + rebuilt(&list);
        if FORMATTING.contains(&name.as_str()) {
            if matches!(name.as_str(), "a" | "nobr") {
                remove_last(&mut list, &name);
            }
            let tag = blake3::hash(tag_text);
            let tag = u64::from_le_bytes(tag.as_bytes()[..8].try_into().unwrap_or_default());
            noahs_ark(&mut list, tag);
            list.push(Entry::Formatting { name, tag });
        } else if MARKERS.contains(&name.as_str()) {
            list.push(Entry::Marker);
        } else if RAW_TEXT.contains(&name.as_str()) {
            let close = format!("</{name}");
            i = find_ascii_ci(bytes, i, close.as_bytes()).unwrap_or(bytes.len());
        }
    }
    total
}

/// Formatting entries after the last marker: what the parser may rebuild before an element.
fn rebuilt(list: &[Entry]) -> u64 {
    list.iter()
        .rev()
        .take_while(|e| !matches!(e, Entry::Marker))
        .count() as u64
}

/// Removes the last entry named `name` after the last marker.
fn remove_last(list: &mut Vec<Entry>, name: &str) {
    let at = list
        .iter()
        .rposition(|e| match e {
            Entry::Marker => true,
            Entry::Formatting { name: n, .. } => n == name,
        })
        .filter(|&at| !matches!(list[at], Entry::Marker));
    if let Some(at) = at {
        list.remove(at);
    }
}

/// Keeps at most three identical formatting elements after the last marker, as the parser does.
fn noahs_ark(list: &mut Vec<Entry>, tag: u64) {
    let start = list
        .iter()
        .rposition(|e| matches!(e, Entry::Marker))
        .map_or(0, |m| m + 1);
    let same: Vec<usize> = (start..list.len())
        .filter(|&k| matches!(&list[k], Entry::Formatting { tag: t, .. } if *t == tag))
        .collect();
    if same.len() >= 3 {
        list.remove(same[0]);
    }
}

/// The index of the `>` that ends a tag whose name ends at `from` (quoted values may hold `>`).
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    let mut k = from;
    while k < bytes.len() {
        let c = bytes[k];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return k,
            None => {}
        }
        k += 1;
    }
    bytes.len()
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_ascii_ci(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bomb(n: usize, m: usize) -> String {
        let open: String = (0..n).map(|i| format!("<b id=\"{i}\">")).collect();
        format!(
            "<html><body><div>{open}</div>{}</body></html>",
            "<p>x</p>".repeat(m)
        )
    }

    #[test]
    fn the_formatting_bomb_is_refused() {
        assert!(estimate_elements(&bomb(3000, 3000), u64::MAX) >= 9_000_000);
        let err = check(&bomb(3000, 3000)).unwrap_err();
        assert!(err.contains("elements"), "{err}");
    }

    #[test]
    fn closed_and_identical_formatting_costs_little() {
        // Closed tags: one element each, plus the text inside.
        let closed = "<p><b>Điều 1</b> nội dung</p>".repeat(10_000);
        let n = estimate_elements(&closed, u64::MAX);
        assert!(n <= 50_000, "{n}");
        // Unclosed identical `<font>`: the parser keeps three, so does the estimate.
        let sloppy = "<font face=\"Times\"><p>x</p>".repeat(10_000);
        let n = estimate_elements(&sloppy, u64::MAX);
        assert!(n <= 150_000, "{n}");
        // Unclosed formatting inside table cells ends with the cell.
        let cells = "<table><tr><td><b id=1><i id=2>x</td></tr></table>".repeat(10_000);
        assert!(estimate_elements(&cells, u64::MAX) <= 100_000);
        assert!(check(&closed).is_ok());
    }

    #[test]
    fn tags_inside_scripts_and_comments_are_not_counted() {
        let page = format!(
            "<script>{}</script><!-- {} --><p>x</p>",
            "<b id=1>".repeat(5000),
            "<b>".repeat(5000)
        );
        assert!(estimate_elements(&page, u64::MAX) <= 10);
    }

    #[test]
    fn shared_pages_are_far_under_the_bound() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/html");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let page = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let n = estimate_elements(&page, u64::MAX);
            assert!(n < MAX_ELEMENTS / 100, "{n}");
        }
    }
}
