//! Vietnamese analysis (DESIGN.md section 3): normalization, folding, syllable tokens with offsets
//! into the original text, and the tantivy tokenizers built from them.
//!
//! PLACEHOLDER: a minimal version so the pipeline runs; the full pipeline replaces it.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

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
/// Tokenizer name: folded syllables.
pub const FOLDED: &str = "vi_folded";
/// Tokenizer name: accented syllable pairs.
pub const ACCENTED_PAIRS: &str = "vi_accented_pairs";
/// Tokenizer name: folded syllable pairs.
pub const FOLDED_PAIRS: &str = "vi_folded_pairs";

/// Normalizes text: NFC, confusables, canonical tone placement, lower case.
pub fn normalize(s: &str) -> String {
    s.nfc()
        .collect::<String>()
        .replace(['Ð', 'Đ'], "đ")
        .replace('ð', "đ")
        .to_lowercase()
}

/// Normalizes then removes diacritics (`đ` → `d`).
pub fn fold(s: &str) -> String {
    normalize(s)
        .replace('đ', "d")
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect()
}

/// True when the text carries Vietnamese diacritics (or `đ`).
pub fn has_diacritics(s: &str) -> bool {
    let n = normalize(s);
    fold(&n) != n
}

/// Splits text into normalized syllable tokens with offsets into `text`.
pub fn syllables(text: &str) -> Vec<Token> {
    use unicode_segmentation::UnicodeSegmentation;
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, w)| Token {
            text: normalize(w),
            start: i,
            end: i + w.len(),
        })
        .collect()
}

/// Registers the four tokenizers on an index's tokenizer manager.
pub fn register(manager: &tantivy::tokenizer::TokenizerManager) {
    use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer};
    let plain = || {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .build()
    };
    let folded = || {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build()
    };
    manager.register(ACCENTED, plain());
    manager.register(ACCENTED_PAIRS, plain());
    manager.register(FOLDED, folded());
    manager.register(FOLDED_PAIRS, folded());
}
