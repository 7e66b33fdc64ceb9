//! The shape of the source tree (issue 21, docs/architecture.md): no file over
//! [`MAX_LINES`] lines of non-test code, and no import cycle between the library's top-level
//! modules (a floor uses the floors below it, never one above). Reads `src/` as text; the failure
//! message lists every violation with the files that make it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Most lines of non-test code in one file (comments and blank lines count; `#[cfg(test)]`
/// items do not).
const MAX_LINES: usize = 800;

/// Files allowed over [`MAX_LINES`] while a branch splitting them is under way (none today). An
/// entry that is no longer over the limit fails the test, so that the list cannot go stale.
const KNOWN_LONG_FILES: &[&str] = &[];

/// Import cycles allowed while a branch breaking them is under way (none today). An entry that is
/// no longer a cycle fails the test.
const KNOWN_CYCLES: &[(&str, &str)] = &[];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The path of `file` relative to the crate (`src/index/mod.rs`).
fn relative(file: &Path) -> String {
    file.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// The lines of `text` outside `#[cfg(test)]` items (a `mod tests { ... }`, a test-only
/// function or `use`). An item ends at the line where its braces close, or at a `;` before any
/// brace opens. Braces inside string literals are counted too: good enough for this source.
fn non_test_lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "#[cfg(test)]" {
            out.push(line);
            continue;
        }
        let mut depth = 0i64;
        let mut opened = false;
        for item in lines.by_ref() {
            let code = item.split("//").next().unwrap_or("");
            depth += code.matches('{').count() as i64 - code.matches('}').count() as i64;
            opened |= code.contains('{');
            if (opened && depth <= 0) || (!opened && code.trim_end().ends_with(';')) {
                break;
            }
        }
    }
    out
}

/// Files that are test code as a whole: declared `#[cfg(test)] mod name;` by their parent.
fn test_only_files(files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            let Some(name) = pair[1]
                .strip_prefix("mod ")
                .and_then(|m| m.strip_suffix(';'))
            else {
                continue;
            };
            if pair[0] != "#[cfg(test)]" {
                continue;
            }
            // `a/mod.rs` and `a.rs` declare `a/name.rs`; `a/b.rs` declares `a/b/name.rs`.
            let stem = file.file_stem().unwrap().to_string_lossy();
            let dir = file.parent().unwrap();
            let base = if stem == "mod" || stem == "lib" || stem == "main" {
                dir.to_path_buf()
            } else {
                dir.join(&*stem)
            };
            out.insert(base.join(format!("{name}.rs")));
            out.insert(base.join(name).join("mod.rs"));
        }
    }
    out
}

#[test]
fn no_file_has_more_than_800_lines_of_non_test_code() {
    let files = rust_files(&src());
    let test_only = test_only_files(&files);
    let mut long = BTreeMap::new();
    for file in files.iter().filter(|f| !test_only.contains(*f)) {
        let text = std::fs::read_to_string(file).unwrap();
        let n = non_test_lines(&text).len();
        if n > MAX_LINES {
            long.insert(relative(file), n);
        }
    }
    let mut problems = Vec::new();
    for (file, n) in &long {
        if !KNOWN_LONG_FILES.contains(&file.as_str()) {
            problems.push(format!(
                "{file}: {n} lines of non-test code (at most {MAX_LINES}); split it by concept"
            ));
        }
    }
    for known in KNOWN_LONG_FILES {
        if !long.contains_key(*known) {
            problems.push(format!(
                "{known} is no longer over {MAX_LINES} lines: remove it from KNOWN_LONG_FILES"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// The library's top-level modules: `src/name.rs` and `src/name/` (`cli/` is the binary's).
fn top_level_modules(src: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let module = if path.is_dir() {
            path.join("mod.rs").exists()
        } else {
            path.extension().is_some_and(|e| e == "rs")
        };
        if module && !["lib", "main", "cli"].contains(&name.as_str()) {
            out.insert(name);
        }
    }
    out
}

/// The names `src/lib.rs` re-exports at the crate root, as `name → module` (`Document` →
/// `document`), so that `crate::Document` counts as a use of `document`.
fn root_reexports(src: &Path) -> BTreeMap<String, String> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let mut out = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let rest = rest.trim_end_matches(';');
        let Some((module, names)) = rest.split_once("::") else {
            continue;
        };
        for name in names.trim_matches(['{', '}']).split(',') {
            let name = name.trim().rsplit(' ').next().unwrap_or("").to_string();
            if !name.is_empty() {
                out.insert(name, module.to_string());
            }
        }
    }
    out
}

/// `text` without comments (`//` to the end of the line; doc links are not uses).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        // A `//` inside a string literal (a URL) cuts the line short: only uses could be lost,
        // and a path in a string is no use either.
        out.push_str(line.split("//").next().unwrap_or(""));
        out.push('\n');
    }
    out
}

/// The top-level modules `code` (of a file inside module `own`) names: `crate::name`,
/// `crate::{a, b::c}`, and root re-exports (`crate::Error`).
fn uses(
    code: &str,
    own: &str,
    modules: &BTreeSet<String>,
    reexports: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |name: &str| {
        let module = reexports.get(name).map(String::as_str).unwrap_or(name);
        if module != own && modules.contains(module) {
            out.insert(module.to_string());
        }
    };
    for (at, _) in code.match_indices("crate::") {
        // `vanban::crate::` does not occur; skip `$crate::` of macros.
        if code[..at].ends_with('$') {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Names at the group's first level: `crate::{a::X, b, c::{Y, Z}}`.
            let mut depth = 0;
            let mut name = String::new();
            let mut first = true;
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        add(name.trim());
                        name.clear();
                        first = true;
                    }
                    ':' => first = false,
                    c if depth == 0 && first => name.push(c),
                    _ => {}
                }
            }
            add(name.trim());
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            add(&name);
        }
    }
    out
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let src = src();
    let modules = top_level_modules(&src);
    let reexports = root_reexports(&src);
    let files = rust_files(&src);
    let test_only = test_only_files(&files);
    // module → module it uses → the files that use it.
    let mut edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in files.iter().filter(|f| !test_only.contains(*f)) {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let own = first.trim_end_matches(".rs").to_string();
        if !modules.contains(&own) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let code = without_comments(&non_test_lines(&text).join("\n"));
        for used in uses(&code, &own, &modules, &reexports) {
            edges
                .entry(own.clone())
                .or_default()
                .entry(used)
                .or_default()
                .insert(relative(file));
        }
    }
    let cycles = strongly_connected(&modules, &edges);
    let mut problems = Vec::new();
    let mut known_found = BTreeSet::new();
    for cycle in &cycles {
        let known = KNOWN_CYCLES
            .iter()
            .find(|(a, b)| cycle.len() == 2 && cycle.contains(*a) && cycle.contains(*b));
        if let Some(k) = known {
            known_found.insert(*k);
            continue;
        }
        let mut lines = vec![format!(
            "import cycle between {}:",
            cycle.iter().cloned().collect::<Vec<_>>().join(", ")
        )];
        for a in cycle {
            for (b, files) in edges.get(a).into_iter().flatten() {
                if cycle.contains(b) {
                    let files: Vec<&str> = files.iter().map(String::as_str).collect();
                    lines.push(format!("  {a} uses {b} in {}", files.join(", ")));
                }
            }
        }
        problems.push(lines.join("\n"));
    }
    for known in KNOWN_CYCLES {
        if !known_found.contains(known) {
            problems.push(format!(
                "{} and {} no longer import each other: remove them from KNOWN_CYCLES",
                known.0, known.1
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// The groups of two or more modules that reach each other (Tarjan's algorithm), each sorted.
fn strongly_connected(
    modules: &BTreeSet<String>,
    edges: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
) -> Vec<BTreeSet<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<BTreeSet<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        let edges = s.edges;
        for w in edges.get(v).into_iter().flat_map(|m| m.keys()) {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.insert(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                s.out.push(group);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for m in modules {
        if !s.index.contains_key(m.as_str()) {
            visit(&mut s, m);
        }
    }
    s.out
}

#[test]
fn the_checks_see_what_they_look_for() {
    let text = "fn a() {}\n#[cfg(test)]\nuse x;\n#[cfg(test)]\nmod tests {\n    fn b() {\n    }\n}\nfn c() {}\n";
    assert_eq!(non_test_lines(text), vec!["fn a() {}", "fn c() {}"]);
    let modules: BTreeSet<String> = ["index", "search", "text", "document"]
        .map(String::from)
        .into();
    let reexports = BTreeMap::from([("Document".to_string(), "document".to_string())]);
    let code = "use crate::{index::VanbanIndex, text};\nlet d: crate::Document = crate::search::x();\nuse crate::search::{a, b};";
    let found = uses(code, "search", &modules, &reexports);
    assert_eq!(
        found,
        ["document", "index", "text"].map(String::from).into()
    );
    // a → b → c → a is one cycle; d only uses it.
    let edge = |to: &str| BTreeMap::from([(to.to_string(), BTreeSet::new())]);
    let edges = BTreeMap::from([
        ("a".to_string(), edge("b")),
        ("b".to_string(), edge("c")),
        ("c".to_string(), edge("a")),
        ("d".to_string(), edge("a")),
    ]);
    let modules: BTreeSet<String> = ["a", "b", "c", "d"].map(String::from).into();
    let abc: BTreeSet<String> = ["a", "b", "c"].map(String::from).into();
    assert_eq!(strongly_connected(&modules, &edges), vec![abc]);
}
