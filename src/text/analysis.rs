//! One analysis of a text, shared by all its views: the syllable spans, each syllable's accented
//! and folded forms, where a phrase breaks between syllables, and the document numbers.
//!
//! tantivy runs one tokenizer per field, and a passage's text is indexed in three fields
//! (accented and folded syllables, folded pairs), its context in three more. Each thread keeps
//! the analysis of the last text it saw, so the fields of one value reuse it: the text is
//! segmented, normalized and folded once, not once per field.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use rustc_hash::FxHashMap;

use super::fold::fold_normalized_into;
use super::numbers;
use super::pairs::breaks_phrase;
use super::segment::Spans;
use super::View;
use crate::number::NumberMatch;

/// One syllable of an [`Analysis`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Syllable {
    /// Byte offset of its first byte in the text.
    pub start: usize,
    /// Byte offset one past its last byte in the text.
    pub end: usize,
    /// True when it continues the phrase of the syllable before it (a pair joins them).
    pub paired: bool,
    accented: (u32, u32),
    folded: (u32, u32),
}

/// The analysis of one text.
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    text: String,
    syllables: Vec<Syllable>,
    accented: String,
    folded: String,
    numbers: OnceCell<Vec<NumberMatch>>,
}

thread_local! {
    /// The analysis of the last text analyzed on this thread.
    static LAST: RefCell<Option<Rc<Analysis>>> = const { RefCell::new(None) };
}

impl Analysis {
    /// The analysis of `text`: this thread's last one when it was of the same text.
    pub fn of(text: &str) -> Rc<Analysis> {
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            match last.as_ref() {
                Some(a) if a.text == text => a.clone(),
                _ => {
                    let a = Rc::new(Analysis::new(text));
                    *last = Some(a.clone());
                    a
                }
            }
        })
    }

    fn new(text: &str) -> Analysis {
        let mut a = Analysis {
            text: text.to_string(),
            ..Analysis::default()
        };
        let mut syllables = Syllables::new(text);
        while let Some((start, end, paired)) = syllables.next() {
            let accented = span_of(&mut a.accented, syllables.accented());
            let folded = span_of(&mut a.folded, syllables.folded());
            a.syllables.push(Syllable {
                start,
                end,
                paired,
                accented,
                folded,
            });
        }
        a
    }

    /// The syllables, in order.
    pub fn syllables(&self) -> &[Syllable] {
        &self.syllables
    }

    /// The form of `syllable` in `view`.
    pub fn form(&self, syllable: &Syllable, view: View) -> &str {
        let ((start, end), buffer) = match view {
            View::Accented => (syllable.accented, &self.accented),
            View::Folded => (syllable.folded, &self.folded),
        };
        buffer.get(start as usize..end as usize).unwrap_or_default()
    }

    /// The document numbers of the text ([`numbers::find`]), looked for on first use.
    pub fn numbers(&self) -> &[NumberMatch] {
        self.numbers.get_or_init(|| numbers::find(&self.text))
    }
}

/// Appends `s` to `buffer`; the range it takes there.
fn span_of(buffer: &mut String, s: &str) -> (u32, u32) {
    let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let start = offset(buffer.len());
    buffer.push_str(s);
    (start, offset(buffer.len()))
}

/// The syllables of a text, analyzed one at a time without keeping them: each one's span,
/// whether it continues the phrase of the one before, and its accented and folded forms. A
/// syllable with an empty form in either view (a lone combining mark) is left out of both.
pub(crate) struct Syllables<'a> {
    text: &'a str,
    spans: Spans<'a>,
    /// When spellings are numbered ([`Syllables::numbered`]): spelling in the text → its index
    /// in `forms`.
    spellings: Option<FxHashMap<&'a str, u32>>,
    /// Accented and folded forms: of each spelling when they are numbered, else of the last
    /// syllable only.
    forms: Vec<(String, String)>,
    scratch: String,
    current: u32,
    previous_end: Option<usize>,
}

impl<'a> Syllables<'a> {
    /// The syllables of `text`.
    pub fn new(text: &'a str) -> Self {
        Syllables {
            text,
            spans: Spans::new(text),
            spellings: None,
            forms: vec![Default::default()],
            scratch: String::new(),
            current: 0,
            previous_end: None,
        }
    }

    /// The syllables of `text`, each distinct spelling numbered ([`Syllables::spelling`]) and
    /// analyzed once: a whole document repeats a few thousand spellings, and counting them by
    /// number needs no string hashing after the first occurrence.
    pub fn numbered(text: &'a str) -> Self {
        Syllables {
            spellings: Some(FxHashMap::default()),
            forms: Vec::new(),
            ..Syllables::new(text)
        }
    }

    /// The next syllable: its span and whether it continues the phrase of the one before; its
    /// forms are then [`Syllables::accented`] and [`Syllables::folded`].
    pub fn next(&mut self) -> Option<(usize, usize, bool)> {
        while let Some((start, end)) = self.spans.next() {
            let original = self.text.get(start..end).unwrap_or_default();
            let current = match self.spellings.as_mut() {
                None => {
                    if let Some(forms) = self.forms.first_mut() {
                        write_forms(original, forms, &mut self.scratch);
                    }
                    0
                }
                Some(spellings) => match spellings.get(original) {
                    Some(&i) => i,
                    None => {
                        let i = u32::try_from(self.forms.len()).unwrap_or(u32::MAX);
                        let mut forms = Default::default();
                        write_forms(original, &mut forms, &mut self.scratch);
                        self.forms.push(forms);
                        spellings.insert(original, i);
                        i
                    }
                },
            };
            let Some((accented, folded)) = self.forms.get(current as usize) else {
                continue;
            };
            if accented.is_empty() || folded.is_empty() {
                continue;
            }
            self.current = current;
            let gap = |e: usize| self.text.get(e..start).unwrap_or_default();
            let paired = self.previous_end.is_some_and(|e| !breaks_phrase(gap(e)));
            self.previous_end = Some(end);
            return Some((start, end, paired));
        }
        None
    }

    /// The accented form of the last syllable.
    pub fn accented(&self) -> &str {
        self.forms.get(self.current as usize).map_or("", |f| &f.0)
    }

    /// The folded form of the last syllable.
    pub fn folded(&self) -> &str {
        self.forms.get(self.current as usize).map_or("", |f| &f.1)
    }

    /// The number of the last syllable's spelling, when they are numbered (`Phổ` and `phổ`
    /// differ; one spelling has one number throughout the text).
    pub fn spelling(&self) -> u32 {
        self.current
    }
}

/// Writes the accented and folded forms of one spelling.
fn write_forms(original: &str, (accented, folded): &mut (String, String), scratch: &mut String) {
    View::Accented.write(original, accented, scratch);
    // The folded form of a syllable is the folding of its accented form.
    folded.clear();
    fold_normalized_into(accented, folded);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_text_is_analyzed_once_and_another_text_anew() {
        let a = Analysis::of("Phổ biến, giáo dục");
        let b = Analysis::of("Phổ biến, giáo dục");
        assert!(Rc::ptr_eq(&a, &b));
        let forms: Vec<(&str, &str, bool)> = a
            .syllables()
            .iter()
            .map(|s| (a.form(s, View::Accented), a.form(s, View::Folded), s.paired))
            .collect();
        assert_eq!(
            forms,
            [
                ("phổ", "pho", false),
                ("biến", "bien", true),
                ("giáo", "giao", false),
                ("dục", "duc", true)
            ]
        );
        // A lone combining mark has no folded form: it is no syllable in either view.
        let mark = Analysis::of("ban \u{365} hành");
        let kept: Vec<&str> = mark
            .syllables()
            .iter()
            .map(|s| mark.form(s, View::Accented))
            .collect();
        assert_eq!(kept, ["ban", "hành"]);
        assert!(mark.syllables()[1].paired);
        let c = Analysis::of("Đảng");
        assert!(!Rc::ptr_eq(&a, &c));
        assert_eq!(c.form(&c.syllables()[0], View::Folded), "dang");
    }

    #[test]
    fn numbered_syllables_are_the_same_and_one_spelling_keeps_its_number() {
        let text = "Phổ biến, phổ biến và Phổ \u{365} biến";
        let (mut plain, mut numbered) = (Syllables::new(text), Syllables::numbered(text));
        let mut numbers = Vec::new();
        while let Some(span) = plain.next() {
            assert_eq!(numbered.next(), Some(span));
            assert_eq!(numbered.accented(), plain.accented());
            assert_eq!(numbered.folded(), plain.folded());
            numbers.push(numbered.spelling());
        }
        assert_eq!(numbered.next(), None);
        // `Phổ`, `biến`, `phổ`, `biến`, `và`, `Phổ`, `biến`: the lone mark is no syllable.
        assert_eq!(numbers, [0, 1, 2, 1, 3, 0, 1]);
    }

    /// Syllables of one view, segmented and normalized one by one, without the shared analysis.
    fn one_by_one(text: &str, view: View) -> Vec<(String, usize, usize)> {
        let (mut out, mut buffer, mut scratch) = (Vec::new(), String::new(), String::new());
        for (start, end) in Spans::new(text) {
            view.write(&text[start..end], &mut buffer, &mut scratch);
            if !buffer.is_empty() {
                out.push((buffer.clone(), start, end));
            }
        }
        out
    }

    #[test]
    fn the_tokenizers_give_what_one_by_one_analysis_gives_on_the_seed_plan() {
        use tantivy::tokenizer::{TokenStream, Tokenizer};
        use unicode_normalization::UnicodeNormalization;
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/176-KH-UBND-2020-lang-son.txt"
        );
        let nfc = std::fs::read_to_string(path).unwrap();
        let nfd: String = nfc.nfd().collect();
        for text in [&nfc, &nfd] {
            for view in [View::Accented, View::Folded] {
                let expected = one_by_one(text, view);
                let mut tokenizer = crate::text::SyllableTokenizer::syllables_only(view);
                let mut stream = tokenizer.token_stream(text);
                let mut got = Vec::new();
                while let Some(t) = stream.next() {
                    got.push((t.text.clone(), t.offset_from, t.offset_to));
                }
                assert_eq!(got, expected);
                let pairs: Vec<(String, usize, usize)> = expected
                    .windows(2)
                    .filter(|w| !breaks_phrase(&text[w[0].2..w[1].1]))
                    .map(|w| (format!("{} {}", w[0].0, w[1].0), w[0].1, w[1].2))
                    .collect();
                let got: Vec<(String, usize, usize)> = crate::text::pairs(text, view)
                    .into_iter()
                    .map(|t| (t.text, t.start, t.end))
                    .collect();
                assert_eq!(got, pairs);
            }
        }
    }
}
