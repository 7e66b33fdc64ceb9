//! Vietnamese analysis (DESIGN.md section 3), as a list of small steps, one file each. Steps 1–4
//! work on characters alone and live in [`crate::letters`] (document numbers, which steps 5 and 6
//! find, fold words with them); they are named here too:
//!
//! 1. [`segment`]: syllable spans in the original text (letters, digits, combining marks);
//! 2. [`normalize`]: NFC, confusables (`Ð` → `Đ`), invisible characters, spaces, dashes, lower case;
//! 3. [`tone`]: canonical tone placement by syllable structure (`hoà` → `hòa`, `hoàn` kept);
//! 4. [`fold`]: the folded view (`đường` → `duong`);
//! 5. [`numbers`]: document numbers found in the text, spans mapped back through NFC;
//! 6. [`tokenizer`]: syllables and whole document numbers as tantivy tokens, offsets into the
//!    original text;
//! 7. [`pairs`]: syllable bigrams (`phổ biến`) as tantivy tokens;
//! 8. [`distinct`]: the distinct tokens and pairs of a whole document, each once, for its
//!    document entry;
//! 9. [`accent`]: restoring likely diacritics in a query typed without them, from the index's own
//!    syllable statistics.

pub mod accent;
mod analysis;
pub mod distinct;
pub mod numbers;
pub mod pairs;
pub mod tokenizer;

pub use crate::letters::{fold, normalize, segment, tone};

use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer, TokenizerManager};

pub use accent::AccentModel;
pub use distinct::{Distinct, LinesTokenizer};
pub use fold::{fold, has_diacritics};
pub use normalize::normalize;
pub use pairs::PairTokenizer;
pub use tokenizer::{SyllableTokenizer, View};

/// A token with byte offsets into the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Normalized text of the token.
    pub text: String,
    /// Byte offset of its first byte in the original text.
    pub start: usize,
    /// Byte offset one past its last byte in the original text.
    pub end: usize,
}

/// Tokenizer name: accented syllables (and whole document-number keys).
pub const ACCENTED: &str = "vi_accented";
/// Tokenizer name: folded syllables (and whole folded document-number keys).
pub const FOLDED: &str = "vi_folded";
/// Tokenizer name: accented syllable pairs.
pub const ACCENTED_PAIRS: &str = "vi_accented_pairs";
/// Tokenizer name: folded syllable pairs.
pub const FOLDED_PAIRS: &str = "vi_folded_pairs";
/// Tokenizer name: one token per line, as written (fields given their distinct terms already
/// analyzed, one per line: see [`distinct`]).
pub const LINES: &str = "lines";

/// The normalized (accented) syllables of a text with offsets into `text`; document numbers are
/// not joined here (see [`tokens`]).
///
/// ```
/// use vanban::text::syllables;
/// let t = syllables("Uỷ ban");
/// assert_eq!((t[0].text.as_str(), t[0].start, t[0].end), ("ủy", 0, 4));
/// ```
pub fn syllables(text: &str) -> Vec<Token> {
    syllables_in(text, View::Accented)
}

/// The syllables of a text in `view`, with offsets into `text`; document numbers are not joined
/// here (see [`tokens`]).
pub fn syllables_in(text: &str, view: View) -> Vec<Token> {
    let mut out = Vec::new();
    let mut buffer = String::new();
    let mut scratch = String::new();
    for (start, end) in segment::Spans::new(text) {
        view.write(
            text.get(start..end).unwrap_or_default(),
            &mut buffer,
            &mut scratch,
        );
        if buffer.is_empty() {
            continue;
        }
        out.push(Token {
            text: buffer.clone(),
            start,
            end,
        });
    }
    out
}

/// The tokens the index stores for a text in one view: document-number keys and syllables, as
/// the [`ACCENTED`] / [`FOLDED`] tokenizers produce them.
pub fn tokens(text: &str, view: View) -> Vec<Token> {
    collect(SyllableTokenizer::new(view), text)
}

/// The syllable pairs the index stores for a text in one view, as the [`ACCENTED_PAIRS`] /
/// [`FOLDED_PAIRS`] tokenizers produce them.
pub fn pairs(text: &str, view: View) -> Vec<Token> {
    collect(PairTokenizer::new(view), text)
}

fn collect<T: Tokenizer>(mut tokenizer: T, text: &str) -> Vec<Token> {
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(Token {
            text: t.text.clone(),
            start: t.offset_from,
            end: t.offset_to,
        });
    }
    out
}

/// Registers the tokenizers on an index's tokenizer manager.
pub fn register(manager: &TokenizerManager) {
    manager.register(
        ACCENTED,
        TextAnalyzer::from(SyllableTokenizer::new(View::Accented)),
    );
    manager.register(
        FOLDED,
        TextAnalyzer::from(SyllableTokenizer::new(View::Folded)),
    );
    manager.register(
        ACCENTED_PAIRS,
        TextAnalyzer::from(PairTokenizer::new(View::Accented)),
    );
    manager.register(
        FOLDED_PAIRS,
        TextAnalyzer::from(PairTokenizer::new(View::Folded)),
    );
    manager.register(LINES, TextAnalyzer::from(LinesTokenizer::default()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn texts(tokens: &[Token]) -> Vec<&str> {
        tokens.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn tone_styles_and_case_give_identical_tokens() {
        let a = syllables("Uỷ ban nhân dân tỉnh Lạng Sơn");
        let b = syllables("Ủy ban nhân dân tỉnh Lạng Sơn");
        let c = syllables("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN");
        assert_eq!(texts(&a), texts(&b));
        assert_eq!(texts(&a), texts(&c));
        assert_eq!(
            texts(&a),
            ["ủy", "ban", "nhân", "dân", "tỉnh", "lạng", "sơn"]
        );
    }

    #[test]
    fn both_styles_of_real_words() {
        for (old, new) in [
            ("hòa", "hoà"),
            ("thủy", "thuỷ"),
            ("Ủy", "Uỷ"),
            ("khỏe", "khoẻ"),
        ] {
            assert_eq!(normalize(old), normalize(new), "{old}/{new}");
            assert_eq!(fold(old), fold(new));
        }
        for w in [
            "hoàn", "toán", "tuyển", "quý", "giữ", "khuyến", "quả", "gìn",
        ] {
            assert_eq!(normalize(w), w);
        }
    }

    #[test]
    fn nfd_gives_the_same_tokens_as_nfc() {
        let nfc = "Kết luận số 80-KL/TW, ngày 20 tháng 6 năm 2020 của Ban Bí thư về tiếp tục \
                   thực hiện Chỉ thị số 32-CT/TW; Uỷ ban nhân dân tỉnh Lạng Sơn";
        let nfd: String = nfc.nfd().collect();
        for view in [View::Accented, View::Folded] {
            assert_eq!(texts(&tokens(nfc, view)), texts(&tokens(&nfd, view)));
            assert_eq!(texts(&pairs(nfc, view)), texts(&pairs(&nfd, view)));
        }
        for t in syllables(&nfd) {
            assert_eq!(normalize(&nfd[t.start..t.end]), t.text);
        }
    }

    #[test]
    fn registered_analyzers_produce_the_views() {
        let manager = TokenizerManager::default();
        register(&manager);
        let analyze = |name: &str, text: &str| -> Vec<String> {
            let mut a = manager.get(name).unwrap();
            let mut s = a.token_stream(text);
            let mut out = Vec::new();
            while let Some(t) = s.next() {
                out.push(t.text.clone());
            }
            out
        };
        let text = "Phổ biến giáo dục pháp luật";
        assert_eq!(
            analyze(FOLDED, text),
            ["pho", "bien", "giao", "duc", "phap", "luat"]
        );
        assert_eq!(analyze(ACCENTED, text)[0], "phổ");
        assert_eq!(analyze(ACCENTED_PAIRS, text)[0], "phổ biến");
        assert_eq!(analyze(FOLDED_PAIRS, text)[4], "phap luat");
    }

    #[test]
    fn index_snippets_highlight_the_original_characters() {
        use tantivy::collector::TopDocs;
        use tantivy::query::QueryParser;
        use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
        use tantivy::snippet::SnippetGenerator;
        use tantivy::{doc, Index};

        let mut builder = Schema::builder();
        let options = TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(FOLDED)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let body = builder.add_text_field("body", options);
        let index = Index::create_in_ram(builder.build());
        register(index.tokenizers());
        // Decomposed text with a confusable `Ð`, as a macOS PDF export may give it.
        let text: String = "Tăng cường sự lãnh đạo của Ðảng trong công tác PHỔ BIẾN, giáo dục \
                            pháp luật"
            .nfd()
            .collect();
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.add_document(doc!(body => text.clone())).unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let query = QueryParser::for_index(&index, vec![body])
            .parse_query("\"pho bien\" dang")
            .unwrap();
        assert_eq!(
            searcher
                .search(&query, &TopDocs::with_limit(1))
                .unwrap()
                .len(),
            1
        );
        let generator = SnippetGenerator::create(&searcher, &*query, body).unwrap();
        let snippet = generator.snippet(&text);
        let marked: Vec<String> = snippet
            .highlighted()
            .iter()
            .map(|r| snippet.fragment()[r.clone()].nfc().collect())
            .collect();
        assert_eq!(marked, ["Ðảng", "PHỔ", "BIẾN"]);
    }

    #[test]
    fn seed_document_offsets_round_trip() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/seed/176-KH-UBND-2020-lang-son.txt"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("note: {path} not found, skipping");
            return;
        };
        let nfd: String = text.nfd().collect();
        for source in [&text, &nfd] {
            let accented = tokens(source, View::Accented);
            assert!(accented.len() > 1500, "{}", accented.len());
            for t in accented.iter().filter(|t| !t.text.contains('/')) {
                assert_eq!(normalize(&source[t.start..t.end]), t.text);
            }
            for t in pairs(source, View::Folded) {
                // The two syllables, whatever was between them (`176/KH` gives `176 kh`).
                let original = &source[t.start..t.end];
                let folded = fold(original);
                let parts: Vec<&str> = folded
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|p| !p.is_empty())
                    .collect();
                assert_eq!(parts.join(" "), t.text, "{original:?}");
            }
        }
        assert_eq!(
            texts(&tokens(&text, View::Folded)),
            texts(&tokens(&nfd, View::Folded))
        );
        let numbers: std::collections::BTreeSet<String> = tokens(&text, View::Accented)
            .into_iter()
            .filter(|t| t.text.contains('/'))
            .map(|t| t.text)
            .collect();
        for key in ["176/kh-ubnd", "80-kl/tw", "32-ct/tw", "1521/qđ-ttg"] {
            assert!(numbers.contains(key), "{key} not in {numbers:?}");
        }
    }

    proptest! {
        #[test]
        fn offsets_are_char_boundaries_within_the_text(s in "\\PC{0,60}") {
            for view in [View::Accented, View::Folded] {
                for t in tokens(&s, view).into_iter().chain(pairs(&s, view)) {
                    prop_assert!(t.start < t.end && t.end <= s.len());
                    prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
                    prop_assert!(!t.text.is_empty());
                }
            }
        }

        #[test]
        fn number_like_text_keeps_offsets_on_boundaries(
            s in "(Số: ?)?[0-9]{1,4} ?[/\\-–] ?[A-ZĐÐa-zđ]{1,5}([/\\-–][A-ZĐ0-9]{1,5}){0,2}[ .,]?[a-zàảãáạđ\u{301} ]{0,10}"
        ) {
            let nfd: String = s.nfd().collect();
            for text in [&s, &nfd] {
                for t in tokens(text, View::Accented).into_iter().chain(tokens(text, View::Folded)) {
                    prop_assert!(t.start < t.end && t.end <= text.len());
                    prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                }
            }
            let (a, b) = (tokens(&s, View::Folded), tokens(&nfd, View::Folded));
            prop_assert_eq!(texts(&a), texts(&b));
        }

        #[test]
        fn any_bytes_as_text_do_not_panic(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            let s = String::from_utf8_lossy(&bytes);
            let _ = (tokens(&s, View::Folded), pairs(&s, View::Accented), fold(&s), has_diacritics(&s));
        }
    }
}
