//! The ALQAC 2023 / Zalo AI 2021 law layout: `[{id|law_id, articles: [{id|article_id, title?,
//! text}]}]`. One document per law (id and title = the law id), one passage per article, with
//! the path `Điều <article id>`.

use serde_json::{Map, Value};

use super::{read_error, FileRead};
use crate::document::{RawDoc, RawFields, RawPassage};
use crate::error::Result;

/// Whether a JSON value has this layout: a law object, or a non-empty array of them, each with an
/// `articles` array and an id.
pub fn is_layout(value: &Value) -> bool {
    let is_law = |v: &Value| {
        v.as_object()
            .is_some_and(|m| m.get("articles").is_some_and(Value::is_array) && law_id(m).is_some())
    };
    match value {
        Value::Array(items) => !items.is_empty() && items.iter().all(is_law),
        other => is_law(other),
    }
}

/// Reads laws of this layout; articles without text are skipped and listed.
pub fn read(name: &str, value: &Value) -> Result<FileRead> {
    let laws: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = FileRead::default();
    for law in laws {
        let Some(map) = law.as_object() else { continue };
        let Some(id) = law_id(map) else { continue };
        let articles = map.get("articles").and_then(Value::as_array);
        let mut passages = Vec::new();
        for (i, article) in articles.into_iter().flatten().enumerate() {
            let a = article.as_object();
            let number = a.and_then(|a| text_of(a, &["id", "article_id"]));
            let body = a.and_then(|a| text_of(a, &["text", "content"]));
            let (Some(number), Some(body)) = (number, body) else {
                out.skipped.push(format!(
                    "{name}#{id}: article {} has no id or no text",
                    i + 1
                ));
                continue;
            };
            let heading = a
                .and_then(|a| text_of(a, &["title"]))
                .or_else(|| leading_heading(&body).map(str::to_string));
            passages.push(RawPassage {
                path: format!("Điều {number}"),
                heading,
                text: body,
                cites: None,
            });
        }
        if passages.is_empty() {
            out.skipped
                .push(format!("{name}#{id}: law has no readable article"));
            continue;
        }
        let text = passages
            .iter()
            .map(|p| match &p.heading {
                Some(h) if !p.text.starts_with(h.as_str()) => {
                    format!("{}. {h}\n{}", p.path, p.text)
                }
                _ => format!("{}. {}", p.path, p.text),
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        out.docs.push(RawDoc {
            source: format!("{name}#{id}"),
            text,
            fields: RawFields {
                id: Some(id.clone()),
                title: Some(id),
                ..RawFields::default()
            },
            passages,
            warnings: Vec::new(),
            ocr: None,
        });
    }
    if out.docs.is_empty() {
        return Err(read_error(
            name,
            "ALQAC/Zalo layout without any readable law",
        ));
    }
    Ok(out)
}

/// Longest first line still taken for an article's title.
const MAX_HEADING_CHARS: usize = 300;

/// The article's title when its text starts with one, as ALQAC's articles do (`Giải thích từ
/// ngữ\n\nTrong Luật này...`): a first line followed by more text that is neither a numbered
/// clause (`1. Công dân...`) nor a sentence (ending in `.`, `;` or `:`) and is not overlong. The
/// Constitution's untitled articles (`Mọi người có quyền sống. ...`) have none.
fn leading_heading(text: &str) -> Option<&str> {
    let (first, rest) = text.split_once('\n')?;
    let first = first.trim();
    let numbered = first.split_once(['.', ')']).is_some_and(|(n, _)| {
        !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric()) && n.len() <= 3
    });
    let usable = !first.is_empty()
        && !rest.trim().is_empty()
        && !numbered
        && !first.ends_with(['.', ';', ':'])
        && first.chars().count() <= MAX_HEADING_CHARS;
    usable.then_some(first)
}

fn law_id(map: &Map<String, Value>) -> Option<String> {
    text_of(map, &["id", "law_id"])
}

/// The first of `keys` holding a non-empty string or a number.
fn text_of(map: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match map.get(*k)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const LAW: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/eval/alqac2023/law.json"
    );

    #[test]
    fn zalo_field_names() {
        let v = json!([{"law_id": "01/2009/tt-bnn", "articles": [
            {"article_id": "1", "title": "Phạm vi điều chỉnh", "text": "Thông tư này quy định"},
            {"article_id": "2", "text": ""}]}]);
        assert!(is_layout(&v));
        let r = read("z.json", &v).unwrap();
        assert_eq!(r.docs[0].fields.id.as_deref(), Some("01/2009/tt-bnn"));
        assert_eq!(r.docs[0].passages[0].path, "Điều 1");
        assert_eq!(
            r.docs[0].passages[0].heading.as_deref(),
            Some("Phạm vi điều chỉnh")
        );
        assert_eq!(
            r.skipped,
            vec!["z.json#01/2009/tt-bnn: article 2 has no id or no text"]
        );
    }

    #[test]
    fn a_first_line_title_becomes_the_heading() {
        assert_eq!(
            leading_heading("Giải thích từ ngữ\n\nTrong Luật này, các từ ngữ"),
            Some("Giải thích từ ngữ")
        );
        // Numbered clauses, sentences and one-line articles are no titles.
        assert_eq!(
            leading_heading("1. Công dân có quyền.\n\n2. Mọi người"),
            None
        );
        assert_eq!(leading_heading("a) Điểm a\nb) Điểm b"), None);
        assert_eq!(
            leading_heading("Quốc hội có những nhiệm vụ sau đây:\n1. Làm Hiến pháp"),
            None
        );
        assert_eq!(leading_heading("Công dân có quyền học tập"), None);
        assert_eq!(leading_heading(&format!("{}\nx", "a ".repeat(200))), None);
    }

    #[test]
    fn records_are_not_this_layout() {
        assert!(!is_layout(&json!([{"so_hieu": "74/CP"}])));
        assert!(!is_layout(&json!([])));
    }

    #[test]
    fn shared_alqac_laws() {
        let Ok(bytes) = std::fs::read(LAW) else {
            eprintln!("note: {LAW} not found, test skipped");
            return;
        };
        let r = crate::read::read_bytes(LAW, &bytes).unwrap();
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        let laws = v.as_array().unwrap();
        assert_eq!(r.docs.len(), laws.len());
        let articles: usize = laws
            .iter()
            .map(|l| l["articles"].as_array().unwrap().len())
            .sum();
        let passages: usize = r.docs.iter().map(|d| d.passages.len()).sum();
        assert_eq!(passages + r.skipped.len(), articles);
        let drugs = r
            .docs
            .iter()
            .find(|d| d.fields.id.as_deref() == Some("Luật Phòng, chống ma túy"))
            .unwrap();
        assert_eq!(drugs.passages[0].path, "Điều 1");
        assert!(drugs.passages[0].text.starts_with("Phạm vi điều chỉnh"));
        assert_eq!(
            drugs.passages[0].heading.as_deref(),
            Some("Phạm vi điều chỉnh")
        );
        assert!(drugs
            .text
            .starts_with("Điều 1. Phạm vi điều chỉnh\n\nLuật này"));
        // The Constitution's articles have no titles.
        let constitution = r
            .docs
            .iter()
            .find(|d| d.fields.id.as_deref() == Some("Hiến pháp"));
        let titled = constitution
            .unwrap()
            .passages
            .iter()
            .filter(|p| p.heading.is_some());
        assert_eq!(titled.count(), 0);
    }
}
