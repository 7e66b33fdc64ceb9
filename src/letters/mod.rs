//! The first steps of the Vietnamese analysis ([`crate::text`] lists them all), on characters
//! alone: where syllables are, one normal form of each, and its folded form. Below document
//! numbers ([`crate::number`] folds words with them), which the tokenizers of `text/` find.
//!
//! 1. [`segment`]: syllable spans in the original text (letters, digits, combining marks);
//! 2. [`normalize`]: NFC, confusables (`Ð` → `Đ`), invisible characters, spaces, dashes, lower case;
//! 3. [`tone`]: canonical tone placement by syllable structure (`hoà` → `hòa`, `hoàn` kept);
//! 4. [`fold`]: the folded view (`đường` → `duong`).

pub mod fold;
pub mod normalize;
pub mod segment;
pub mod tone;
