//! Questions with gold articles: the ALQAC 2023 and Zalo 2021 layouts
//! (`[{question_id|id, text|question, relevant_articles: [{law_id, article_id}]}]`, optionally
//! wrapped in `{"items": [...]}`), and the article key both are scored on.

use std::collections::HashSet;
use std::path::Path;

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

/// An article: (law id, article id), compared after NFC, trimming and lower-casing, since the
/// Zalo ids are lower-case document numbers and the corpus may write them otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleKey {
    /// Law (document) id.
    pub law: String,
    /// Article number within the law, as a string (`"32"`, `"5a"`).
    pub article: String,
}

impl ArticleKey {
    /// A key from the ids as written.
    pub fn new(law: &str, article: &str) -> Self {
        let norm = |s: &str| s.trim().nfc().collect::<String>().to_lowercase();
        ArticleKey {
            law: norm(law),
            article: norm(article),
        }
    }

    /// The key of a passage of the index: its document id and the article number ending its
    /// path (`Điều 32`, `Chương II > Điều 32`, or a bare `32`).
    pub fn of_passage(doc_id: &str, path: &str) -> Self {
        let last = path.rsplit('>').next().unwrap_or(path).trim();
        let article = last
            .strip_prefix("Điều")
            .or_else(|| last.strip_prefix("điều"))
            .unwrap_or(last)
            .trim()
            .trim_end_matches('.');
        ArticleKey::new(doc_id, article)
    }
}

/// A question with its gold articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Id in the file.
    pub id: String,
    /// The question as written.
    pub text: String,
    /// Gold articles (at least one).
    pub gold: HashSet<ArticleKey>,
}

/// Questions read from a file, and how many records were left out (no text or no gold).
#[derive(Debug, Clone, Default)]
pub struct QuestionSet {
    /// Questions with at least one gold article.
    pub questions: Vec<Question>,
    /// Records without text or without gold articles (e.g. ALQAC `public_test.json`).
    pub skipped: usize,
}

/// Reads a question file.
pub fn load(path: &Path) -> Result<QuestionSet> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| Error::Read {
        path: path.to_path_buf(),
        reason: format!("not JSON: {e}"),
    })?;
    let set = parse(&value);
    if set.questions.is_empty() {
        return Err(Error::Read {
            path: path.to_path_buf(),
            reason: "no question with `text` and `relevant_articles: [{law_id, article_id}]`"
                .into(),
        });
    }
    Ok(set)
}

/// Reads questions from a parsed JSON value.
pub fn parse(value: &Value) -> QuestionSet {
    let items = match value {
        Value::Array(items) => items.as_slice(),
        Value::Object(map) => match map.get("items") {
            Some(Value::Array(items)) => items.as_slice(),
            _ => &[],
        },
        _ => &[],
    };
    let mut out = QuestionSet::default();
    for (i, item) in items.iter().enumerate() {
        let text = string_of(item, &["text", "question"]);
        let gold: HashSet<ArticleKey> = item
            .get("relevant_articles")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| {
                Some(ArticleKey::new(
                    &string_of(r, &["law_id"])?,
                    &string_of(r, &["article_id"])?,
                ))
            })
            .collect();
        match text {
            Some(text) if !gold.is_empty() && !text.trim().is_empty() => {
                out.questions.push(Question {
                    id: string_of(item, &["question_id", "id"])
                        .unwrap_or_else(|| format!("#{}", i + 1)),
                    text,
                    gold,
                })
            }
            _ => out.skipped += 1,
        }
    }
    out
}

/// The first of `keys` holding a string or a number.
fn string_of(v: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match v.get(*k)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_alqac_and_zalo_records() {
        let v = json!([
            {"question_id": "train/DS-1", "text": "Người nghiện ma túy từ đủ 18 tuổi trở lên ...",
             "relevant_articles": [{"law_id": "Luật Phòng, chống ma túy", "article_id": "32"}]},
            {"id": "0637bf82", "text": "Công an xã xử phạt lỗi không mang bằng lái xe có đúng không?",
             "relevant_articles": [{"law_id": "47/2011/tt-bca", "article_id": 7}]},
            {"question_id": "DS-9", "text": "Câu hỏi không có nhãn"}
        ]);
        let set = parse(&v);
        assert_eq!(set.skipped, 1);
        assert_eq!(set.questions.len(), 2);
        assert!(set.questions[0]
            .gold
            .contains(&ArticleKey::new("Luật Phòng, chống ma túy", "32")));
        assert!(set.questions[1]
            .gold
            .contains(&ArticleKey::new("47/2011/TT-BCA", "7")));
    }

    #[test]
    fn reads_the_zalo_items_wrapper() {
        let v = json!({"items": [{"question_id": "q1", "question": "Thủ tục đăng ký kết hôn?",
            "relevant_articles": [{"law_id": "123/2015/nđ-cp", "article_id": "18"}]}]});
        assert_eq!(parse(&v).questions.len(), 1);
    }

    #[test]
    fn passage_paths_give_article_keys() {
        let k = ArticleKey::new("Bộ luật dân sự", "5");
        assert_eq!(ArticleKey::of_passage("Bộ luật dân sự", "Điều 5"), k);
        assert_eq!(
            ArticleKey::of_passage("Bộ luật dân sự", "Chương I > Điều 5"),
            k
        );
        assert_eq!(ArticleKey::of_passage("Bộ luật dân sự", "5"), k);
    }

    #[test]
    fn shared_alqac_questions() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/eval/alqac2023/questions_with_gold.json"
        );
        if !Path::new(path).exists() {
            eprintln!("note: {path} not found, test skipped");
            return;
        }
        let set = load(Path::new(path)).unwrap();
        assert_eq!(set.questions.len(), 210);
        let pairs: usize = set.questions.iter().map(|q| q.gold.len()).sum();
        assert_eq!(pairs, 220);
    }
}
