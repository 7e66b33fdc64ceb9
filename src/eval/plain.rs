//! The plain BM25 peer: a separate tantivy index with tantivy's default tokenizer (simple
//! tokenizer, long tokens removed, lower case; no Vietnamese analysis), one entry per passage,
//! queried through tantivy's `QueryParser` with OR semantics. It is the yardstick every `vanban`
//! figure is printed beside, set up as `shared/eval/reference/plain_bm25.py` sets it up.

use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, Schema, Value, STORED, STRING, TEXT};
use tantivy::{Index, IndexReader, IndexWriter, TantivyDocument};

use crate::error::Result;

/// Memory budget of the peer's writer.
const WRITER_HEAP_BYTES: usize = 128 * 1024 * 1024;

/// A plain tantivy index of passages being written; [`PlainBuilder::finish`] makes it searchable.
pub struct PlainBuilder {
    index: Index,
    text: Field,
    key: Field,
    writer: IndexWriter,
}

/// A committed plain index: passages with a stored key, searched with BM25.
pub struct PlainBm25 {
    index: Index,
    text: Field,
    key: Field,
    reader: IndexReader,
}

impl PlainBuilder {
    /// A peer held in memory.
    pub fn in_memory() -> Result<Self> {
        let (schema, text, key) = schema();
        Self::new(Index::create_in_ram(schema), text, key)
    }

    /// A peer written to `dir` (which must exist and hold no index), so its size can be measured.
    pub fn in_dir(dir: &Path) -> Result<Self> {
        let (schema, text, key) = schema();
        Self::new(Index::create_in_dir(dir, schema)?, text, key)
    }

    fn new(index: Index, text: Field, key: Field) -> Result<Self> {
        // One indexing thread, one segment: ties then break in insertion order, as in the
        // reference script.
        let writer = index.writer_with_num_threads(1, WRITER_HEAP_BYTES)?;
        Ok(PlainBuilder {
            index,
            text,
            key,
            writer,
        })
    }

    /// Adds one passage under `key`.
    pub fn add(&mut self, key: &str, text: &str) -> Result<()> {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.key, key);
        doc.add_text(self.text, text);
        self.writer.add_document(doc)?;
        Ok(())
    }

    /// Commits what was added, waits for merges, and opens the index for search.
    pub fn finish(mut self) -> Result<PlainBm25> {
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        let reader = self.index.reader()?;
        Ok(PlainBm25 {
            index: self.index,
            text: self.text,
            key: self.key,
            reader,
        })
    }
}

impl PlainBm25 {
    /// The keys of the best `limit` passages for a question; an empty list when the question has
    /// no searchable word.
    pub fn search(&self, question: &str, limit: usize) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let parser = QueryParser::for_index(&self.index, vec![self.text]);
        let query = match parser.parse_query(&distinct_literals(&escape_query(question))) {
            Ok(q) => q,
            // Escaping leaves no syntax to fail on; an empty or odd question finds nothing.
            Err(_) => return Ok(Vec::new()),
        };
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)))?;
        let mut out = Vec::with_capacity(top.len());
        for (_, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Some(k) = doc.get_first(self.key).and_then(|v| v.as_str()) {
                out.push(k.to_string());
            }
        }
        Ok(out)
    }
}

fn schema() -> (Schema, Field, Field) {
    let mut b = Schema::builder();
    // TEXT: the "default" tokenizer, frequencies and positions (BM25 and phrases).
    let text = b.add_text_field("text", TEXT);
    let key = b.add_text_field("key", STRING | STORED);
    (b.build(), text, key)
}

/// Makes a question safe for tantivy's query parser: lower case (so `AND`/`OR`/`NOT` are plain
/// words) and every character other than letters, digits, white space and `_` escaped with a
/// backslash, exactly as the reference script does. A literal such as `159/2020/nđ-cp` that the
/// analyzer splits becomes a phrase, as the parser makes it.
pub fn escape_query(question: &str) -> String {
    let mut out = String::with_capacity(question.len() + 16);
    for c in question.to_lowercase().chars() {
        if !(c.is_alphanumeric() || c.is_whitespace() || c == '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Drops repeated literals (white-space separated words) of an escaped query, keeping the first.
/// Tantivy 0.27's query grammar does this, and the reference figures were computed with it; the
/// 0.25 parser used here would score a repeated word (`ma túy ... ma túy`) twice.
pub fn distinct_literals(query: &str) -> String {
    let mut seen = std::collections::HashSet::new();
    query
        .split_whitespace()
        .filter(|w| seen.insert(*w))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_syntax_of_real_questions() {
        assert_eq!(
            escape_query("Mức phạt (tối đa) là bao nhiêu? AND \"x\""),
            "mức phạt \\(tối đa\\) là bao nhiêu\\? and \\\"x\\\""
        );
    }

    #[test]
    fn repeated_words_count_once() {
        assert_eq!(
            distinct_literals("cai nghiện ma túy tự nguyện, cai nghiện ma túy bắt buộc"),
            "cai nghiện ma túy tự nguyện, bắt buộc"
        );
    }

    #[test]
    fn questions_with_query_syntax_never_fail() {
        let mut b = PlainBuilder::in_memory().unwrap();
        b.add(
            "a",
            "Điều 32. Đối tượng bị áp dụng biện pháp đưa vào cơ sở cai nghiện bắt buộc",
        )
        .unwrap();
        b.add("b", "Phạm vi điều chỉnh của Luật Đất đai").unwrap();
        let p = b.finish().unwrap();
        for q in [
            "cai nghiện bắt buộc: đúng hay sai?",
            "a AND (b OR -c) [1 TO 2] \"open",
            "\\ ^ ` : { } ' ! * +",
            "",
            "159/2020/nđ-cp",
        ] {
            p.search(q, 10).unwrap();
        }
        assert_eq!(p.search("cơ sở cai nghiện?", 10).unwrap(), vec!["a"]);
        assert_eq!(p.search("ĐẤT ĐAI", 10).unwrap(), vec!["b"]);
    }
}
