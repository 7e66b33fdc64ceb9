//! Word's automatic numbering: the labels (`Điều 1.`, `2.`, `a)`, `II.`) that Word draws before a
//! numbered paragraph but that are not in the paragraph's text.
//!
//! A paragraph is numbered when its properties, or those of its paragraph style (`styles.xml`,
//! following `w:basedOn`), hold `w:numPr` with a `w:numId` and a level `w:ilvl`. The `w:numId`
//! names an instance (`w:num` in `numbering.xml`) of an abstract definition (`w:abstractNum`)
//! whose levels give the start value, the number format and the label template (`w:lvlText`:
//! `%1.`, `Điều %1.`, `%1.%2.`). Instances of one abstract definition share their counters, as in
//! Word, except that an instance restarting a level (`w:lvlOverride/w:startOverride`) restarts it
//! at its first paragraph and an instance replacing levels (`w:lvlOverride/w:lvl`) counts on its
//! own. A level advancing resets the levels below it (unless `w:lvlRestart`
//! says otherwise). Bullets read as `-`, as a typist writes them.
//!
//! [`Numbering::parse`] reads the two parts once into a typed model; [`Counters::label_for`]
//! renders the next label of a list; [`Numbering::label_paragraphs`] writes each label as a run at
//! the start of its paragraph in `document.xml`, so the text reader sees `Điều 1. Phạm vi` as a
//! reader of the document does. This module does no I/O: the parts are read (with the zip-bomb
//! bound) by [`super::docx`].

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Levels of a list (`w:ilvl` 0 to 8).
const LEVELS: usize = 9;

/// How deep `w:basedOn` and `w:numStyleLink` chains are followed (real ones are 1 or 2 deep).
const MAX_CHAIN: usize = 8;

/// How a level writes its number (`w:numFmt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumFormat {
    /// `1, 2, 3`; also the reading of formats not modelled here (`ordinal`, `chineseCounting`).
    Decimal,
    /// `01, 02, … 10`.
    DecimalZero,
    /// `I, II, III`.
    UpperRoman,
    /// `i, ii, iii`.
    LowerRoman,
    /// `A, B, … Z, AA`.
    UpperLetter,
    /// `a, b, … z, aa`.
    LowerLetter,
    /// A bullet: no number.
    Bullet,
    /// `none`: the label is the template's literal text only.
    None,
}

impl NumFormat {
    /// The format named by a `w:numFmt` value.
    fn from_name(name: &str) -> NumFormat {
        match name {
            "decimalZero" => NumFormat::DecimalZero,
            "upperRoman" => NumFormat::UpperRoman,
            "lowerRoman" => NumFormat::LowerRoman,
            "upperLetter" => NumFormat::UpperLetter,
            "lowerLetter" => NumFormat::LowerLetter,
            "bullet" => NumFormat::Bullet,
            "none" => NumFormat::None,
            _ => NumFormat::Decimal,
        }
    }

    /// `n` written in this format.
    pub fn render(self, n: u32) -> String {
        match self {
            NumFormat::Decimal => n.to_string(),
            NumFormat::DecimalZero => format!("{n:02}"),
            NumFormat::UpperRoman => roman(n),
            NumFormat::LowerRoman => roman(n).to_lowercase(),
            NumFormat::UpperLetter => letters(n),
            NumFormat::LowerLetter => letters(n).to_lowercase(),
            NumFormat::Bullet | NumFormat::None => String::new(),
        }
    }
}

/// `n` in Roman numerals (`0` and values over 3999 fall back to decimal, as Word does).
fn roman(mut n: u32) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// `n` as Word's letters: `A … Z`, then `AA … ZZ`, `AAA …` (the letter repeated).
fn letters(n: u32) -> String {
    if n == 0 {
        return "0".to_string();
    }
    let letter = char::from(b'A' + ((n - 1) % 26) as u8);
    let times = ((n - 1) / 26 + 1).min(8) as usize;
    std::iter::repeat_n(letter, times).collect()
}

/// One level of an abstract definition (`w:lvl`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Level {
    /// `w:start` (default 1).
    start: u32,
    /// `w:numFmt`.
    format: NumFormat,
    /// `w:lvlText`, the template: `%1` to `%9` stand for the numbers of levels 1 to 9.
    text: String,
    /// `w:lvlRestart`: the one-based level whose advance restarts this one; `Some(0)` never.
    restart: Option<u8>,
    /// `w:isLgl`: every number of the label written in decimal (`1.1` under a `I.` level).
    legal: bool,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            format: NumFormat::Decimal,
            text: String::new(),
            restart: None,
            legal: false,
        }
    }
}

/// An abstract definition (`w:abstractNum`): its levels, or a link to a numbering style
/// (`w:numStyleLink`) whose instance holds them.
#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
    style_link: Option<String>,
}

/// An instance (`w:num`): the abstract definition it uses and its per-level overrides.
#[derive(Debug, Clone, Default)]
struct Instance {
    abstract_id: u32,
    /// `w:lvlOverride/w:startOverride`: levels restarted at this instance's first paragraph.
    start_overrides: [Option<u32>; LEVELS],
    /// `w:lvlOverride/w:lvl`: levels replaced for this instance.
    levels: [Option<Level>; LEVELS],
}

/// The numbering a style gives (`w:style/w:pPr/w:numPr`) and the style it is based on.
#[derive(Debug, Clone, Default)]
struct StyleNumbering {
    num_id: Option<u32>,
    ilvl: Option<u8>,
    based_on: Option<String>,
}

/// The numbering definitions of one document (`numbering.xml` and the numbered styles of
/// `styles.xml`).
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    abstracts: HashMap<u32, Abstract>,
    instances: HashMap<u32, Instance>,
    styles: HashMap<String, StyleNumbering>,
}

/// Whose counters a list uses: its abstract definition's, shared by its instances, or its own
/// when the instance replaces levels (`w:lvlOverride/w:lvl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum CounterKey {
    Shared(u32),
    Own(u32),
}

/// A level resolved for one paragraph: the definitions of all levels of its list, the counter
/// key and the instance's start overrides.
struct Resolved<'a> {
    key: CounterKey,
    levels: [Option<&'a Level>; LEVELS],
    start_overrides: &'a [Option<u32>; LEVELS],
}

/// The value of an attribute named `local` (any prefix), unescaped.
fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.unescape_value().ok().map(Cow::into_owned))
}

/// The `w:val` of an element, as a number.
fn val_num<T: std::str::FromStr>(e: &BytesStart) -> Option<T> {
    attr(e, b"val").and_then(|v| v.trim().parse().ok())
}

/// The `w:val` of an on/off element (`<w:isLgl/>` is on; `w:val="0"`/`"false"` is off).
fn on_off(e: &BytesStart) -> bool {
    !matches!(attr(e, b"val").as_deref(), Some("0" | "false" | "off"))
}

/// A level index in range.
fn level_index(v: Option<u8>) -> Option<usize> {
    v.map(usize::from).filter(|&l| l < LEVELS)
}

impl Numbering {
    /// Reads `numbering.xml` and `styles.xml` (either may be absent).
    pub fn parse(numbering_xml: Option<&str>, styles_xml: Option<&str>) -> Result<Self, String> {
        let mut out = Numbering::default();
        if let Some(xml) = numbering_xml {
            out.parse_numbering(xml)
                .map_err(|e| format!("word/numbering.xml is malformed: {e}"))?;
        }
        if let Some(xml) = styles_xml {
            out.parse_styles(xml)
                .map_err(|e| format!("word/styles.xml is malformed: {e}"))?;
        }
        Ok(out)
    }

    /// True when no paragraph can be numbered.
    pub fn is_empty(&self) -> bool {
        self.instances.is_empty()
    }

    /// True when some paragraph style carries numbering.
    fn numbered_styles(&self) -> bool {
        self.styles.values().any(|s| s.num_id.is_some())
    }

    fn parse_numbering(&mut self, xml: &str) -> Result<(), quick_xml::Error> {
        let mut reader = Reader::from_str(xml);
        // The definition being read: an abstract one, or an instance and its overridden level.
        let mut abstract_def: Option<(u32, Abstract)> = None;
        let mut instance: Option<(u32, Instance)> = None;
        let mut override_level: Option<usize> = None;
        let mut level: Option<(usize, Level)> = None;
        // Depth inside `mc:Choice` (a format this reader does not know; its `mc:Fallback` is read).
        let mut skip = 0usize;
        loop {
            let event = reader.read_event()?;
            let (e, empty) = match &event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(e) => {
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    match e.local_name().as_ref() {
                        b"abstractNum" => {
                            if let Some((id, a)) = abstract_def.take() {
                                self.abstracts.insert(id, a);
                            }
                        }
                        b"num" => {
                            if let Some((id, i)) = instance.take() {
                                self.instances.insert(id, i);
                            }
                        }
                        b"lvlOverride" => override_level = None,
                        b"lvl" => {
                            if let Some((ilvl, l)) = level.take() {
                                if let Some((_, i)) = instance.as_mut() {
                                    i.levels[ilvl] = Some(l);
                                } else if let Some((_, a)) = abstract_def.as_mut() {
                                    a.levels[ilvl] = Some(l);
                                }
                            }
                        }
                        _ => {}
                    }
                    continue;
                }
                Event::Eof => return Ok(()),
                _ => continue,
            };
            if skip > 0 || e.local_name().as_ref() == b"Choice" {
                if !empty {
                    skip += 1;
                }
                continue;
            }
            match e.local_name().as_ref() {
                b"abstractNum" if !empty => {
                    abstract_def = attr(e, b"abstractNumId")
                        .and_then(|v| v.parse().ok())
                        .map(|id| (id, Abstract::default()));
                }
                b"num" if !empty => {
                    instance = attr(e, b"numId")
                        .and_then(|v| v.parse().ok())
                        .map(|id| (id, Instance::default()));
                }
                b"lvl" if !empty => {
                    let ilvl = level_index(attr(e, b"ilvl").and_then(|v| v.parse().ok()))
                        .or(override_level);
                    level = ilvl.map(|l| (l, Level::default()));
                }
                b"lvlOverride" if !empty => {
                    override_level = level_index(attr(e, b"ilvl").and_then(|v| v.parse().ok()));
                }
                name => {
                    if let Some((_, l)) = level.as_mut() {
                        match name {
                            b"start" => l.start = val_num(e).unwrap_or(1),
                            b"numFmt" => {
                                l.format =
                                    NumFormat::from_name(&attr(e, b"val").unwrap_or_default())
                            }
                            b"lvlText" => l.text = attr(e, b"val").unwrap_or_default(),
                            b"lvlRestart" => l.restart = val_num(e),
                            b"isLgl" => l.legal = on_off(e),
                            _ => {}
                        }
                    } else if let Some((_, i)) = instance.as_mut() {
                        match name {
                            b"abstractNumId" => i.abstract_id = val_num(e).unwrap_or(u32::MAX),
                            b"startOverride" => {
                                if let Some(l) = override_level {
                                    i.start_overrides[l] = val_num(e);
                                }
                            }
                            _ => {}
                        }
                    } else if let Some((_, a)) = abstract_def.as_mut() {
                        if matches!(name, b"numStyleLink") {
                            a.style_link = attr(e, b"val");
                        }
                    }
                }
            }
        }
    }

    fn parse_styles(&mut self, xml: &str) -> Result<(), quick_xml::Error> {
        let mut reader = Reader::from_str(xml);
        let mut style: Option<(String, StyleNumbering)> = None;
        // Depth inside a subtree that is not the style's own properties: a table style's
        // conditional formats (`w:tblStylePr`), old properties of a tracked change (`w:pPrChange`).
        let mut skip = 0usize;
        loop {
            match reader.read_event()? {
                Event::Start(e) => {
                    if skip > 0 || matches!(e.local_name().as_ref(), b"tblStylePr" | b"pPrChange") {
                        skip += 1;
                    } else if e.local_name().as_ref() == b"style" {
                        style = attr(&e, b"styleId").map(|id| (id, StyleNumbering::default()));
                    }
                }
                Event::Empty(e) if skip == 0 => {
                    let Some((_, s)) = style.as_mut() else {
                        continue;
                    };
                    match e.local_name().as_ref() {
                        b"basedOn" => s.based_on = attr(&e, b"val"),
                        b"numId" => s.num_id = val_num(&e),
                        b"ilvl" => s.ilvl = val_num(&e),
                        _ => {}
                    }
                }
                Event::End(e) => {
                    if skip > 0 {
                        skip -= 1;
                    } else if e.local_name().as_ref() == b"style" {
                        if let Some((id, s)) = style.take() {
                            if s.num_id.is_some() || s.ilvl.is_some() || s.based_on.is_some() {
                                self.styles.insert(id, s);
                            }
                        }
                    }
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// The numbering a paragraph style gives: its own `w:numPr`, else its base style's.
    fn style_numbering(&self, style: &str) -> (Option<u32>, Option<u8>) {
        let (mut num_id, mut ilvl) = (None, None);
        let mut name = Some(style);
        for _ in 0..MAX_CHAIN {
            let Some(s) = name.and_then(|n| self.styles.get(n)) else {
                break;
            };
            num_id = num_id.or(s.num_id);
            ilvl = ilvl.or(s.ilvl);
            if num_id.is_some() && ilvl.is_some() {
                break;
            }
            name = s.based_on.as_deref();
        }
        (num_id, ilvl)
    }

    /// The list an instance numbers in: its abstract definition (following `w:numStyleLink`)
    /// with the instance's level overrides.
    fn resolve(&self, num_id: u32) -> Option<Resolved<'_>> {
        let instance = self.instances.get(&num_id)?;
        let mut key = instance.abstract_id;
        let mut def = self.abstracts.get(&key)?;
        for _ in 0..MAX_CHAIN {
            let Some(link) = def.style_link.as_deref() else {
                break;
            };
            let linked = self
                .style_numbering(link)
                .0
                .and_then(|id| self.instances.get(&id))
                .and_then(|i| Some((i.abstract_id, self.abstracts.get(&i.abstract_id)?)));
            match linked {
                Some((k, d)) if k != key => (key, def) = (k, d),
                _ => break,
            }
        }
        let mut levels: [Option<&Level>; LEVELS] = Default::default();
        for (l, slot) in levels.iter_mut().enumerate() {
            *slot = instance.levels[l].as_ref().or(def.levels[l].as_ref());
        }
        let key = if instance.levels.iter().any(Option::is_some) {
            CounterKey::Own(num_id)
        } else {
            CounterKey::Shared(key)
        };
        Some(Resolved {
            key,
            levels,
            start_overrides: &instance.start_overrides,
        })
    }

    /// `document_xml` with each numbered paragraph's label written as a first run
    /// (`<w:r><w:t>Điều 1. </w:t></w:r>` after its `w:pPr`), counting in document order;
    /// `None` when no paragraph is numbered, or the document is malformed (the text reader
    /// reports that). Paragraphs in a text box's `mc:Fallback` copy and old properties of a
    /// tracked change (`w:pPrChange`) are not counted, as the text reader skips them.
    pub fn label_paragraphs(&self, document_xml: &str) -> Option<String> {
        // Most documents carry a numbering.xml that no paragraph uses: skip the second parse.
        if self.is_empty() || !(document_xml.contains("numPr>") || self.numbered_styles()) {
            return None;
        }
        let inserts = self.labels(document_xml).ok()?;
        if inserts.is_empty() {
            return None;
        }
        let extra: usize = inserts.iter().map(|(_, run)| run.len()).sum();
        let mut out = String::with_capacity(document_xml.len() + extra);
        let mut from = 0;
        for (at, run) in inserts {
            out.push_str(&document_xml[from..at]);
            out.push_str(&run);
            from = at;
        }
        out.push_str(&document_xml[from..]);
        Some(out)
    }

    /// The runs to insert: byte offset (just after a `</w:pPr>`) and the run's XML.
    fn labels(&self, xml: &str) -> Result<Vec<(usize, String)>, quick_xml::Error> {
        let mut reader = Reader::from_str(xml);
        let mut counters = Counters::new(self);
        let mut inserts = Vec::new();
        let (mut skip, mut in_ppr) = (0usize, false);
        let (mut num_id, mut ilvl, mut style): (Option<u32>, Option<u8>, Option<String>) =
            (None, None, None);
        loop {
            match reader.read_event()? {
                Event::Start(e) => {
                    let name = e.local_name();
                    if skip > 0 || matches!(name.as_ref(), b"Fallback" | b"pPrChange") {
                        skip += 1;
                    } else if name.as_ref() == b"pPr" {
                        in_ppr = true;
                        (num_id, ilvl, style) = (None, None, None);
                    }
                }
                Event::Empty(e) if skip == 0 && in_ppr => match e.local_name().as_ref() {
                    b"numId" => num_id = val_num(&e),
                    b"ilvl" => ilvl = val_num(&e),
                    b"pStyle" => style = attr(&e, b"val"),
                    _ => {}
                },
                Event::End(e) => {
                    if skip > 0 {
                        skip -= 1;
                    } else if e.local_name().as_ref() == b"pPr" && in_ppr {
                        in_ppr = false;
                        let (style_num, style_lvl) = style
                            .as_deref()
                            .map_or((None, None), |s| self.style_numbering(s));
                        let label = num_id
                            .or(style_num)
                            .and_then(|id| counters.label_for(id, ilvl.or(style_lvl).unwrap_or(0)));
                        if let Some(label) = label {
                            let at = usize::try_from(reader.buffer_position()).unwrap_or(0);
                            if xml.is_char_boundary(at) && at > 0 {
                                inserts.push((
                                    at,
                                    format!(
                                        "<w:r><w:t xml:space=\"preserve\">{} </w:t></w:r>",
                                        quick_xml::escape::escape(label.as_str())
                                    ),
                                ));
                            }
                        }
                    }
                }
                Event::Eof => return Ok(inserts),
                _ => {}
            }
        }
    }
}

/// The counters of the lists of one document, advanced paragraph by paragraph.
pub struct Counters<'a> {
    numbering: &'a Numbering,
    /// Per list: the last number given at each level (`None`: not started or
    /// reset, so the next is the level's start).
    counts: HashMap<CounterKey, [Option<u32>; LEVELS]>,
    /// Instances whose first paragraph has been seen (their start overrides applied).
    seen: HashSet<u32>,
}

impl<'a> Counters<'a> {
    /// Counters before the first paragraph.
    pub fn new(numbering: &'a Numbering) -> Self {
        Counters {
            numbering,
            counts: HashMap::new(),
            seen: HashSet::new(),
        }
    }

    /// Advances list `num_id` at level `ilvl` and gives the label of that paragraph (`Điều 3.`,
    /// `1.2.`, `b)`, `-` for a bullet), or `None` when the paragraph shows none (`w:numId` 0, an
    /// unknown list or level, an empty template).
    pub fn label_for(&mut self, num_id: u32, ilvl: u8) -> Option<String> {
        let ilvl = level_index(Some(ilvl))?;
        let list = self.numbering.resolve(num_id)?;
        let level = list.levels[ilvl]?;
        let counts = self.counts.entry(list.key).or_insert([None; LEVELS]);
        if self.seen.insert(num_id) {
            for (l, start) in list.start_overrides.iter().enumerate() {
                if start.is_some() {
                    counts[l] = None;
                }
            }
        }
        let start_of = |l: usize| {
            list.start_overrides[l]
                .or(list.levels[l].map(|d| d.start))
                .unwrap_or(1)
        };
        let value = counts[ilvl].map_or(start_of(ilvl), |n| n.saturating_add(1));
        counts[ilvl] = Some(value);
        let deeper = counts.iter_mut().zip(list.levels).skip(ilvl + 1);
        for (count, def) in deeper {
            let resets = match def.and_then(|d| d.restart) {
                None => true,
                Some(0) => false,
                Some(after) => ilvl < usize::from(after),
            };
            if resets {
                *count = None;
            }
        }
        if level.format == NumFormat::Bullet {
            return (!level.text.trim().is_empty()).then(|| "-".to_string());
        }
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars.peek().and_then(|d| d.to_digit(10));
            match digit {
                Some(k @ 1..=9) if c == '%' => {
                    chars.next();
                    let l = k as usize - 1;
                    let n = counts[l].unwrap_or_else(|| start_of(l));
                    let format = match list.levels[l] {
                        Some(_) if level.legal => NumFormat::Decimal,
                        Some(d) => d.format,
                        None => NumFormat::Decimal,
                    };
                    label.push_str(&format.render(n));
                }
                _ => label.push(c),
            }
        }
        let label = label.trim().to_string();
        (!label.is_empty()).then_some(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `numbering.xml` with the given abstract definitions and instances.
    fn numbering(abstracts: &str, nums: &str) -> Numbering {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="w" xmlns:mc="mc">{abstracts}{nums}</w:numbering>"#
        );
        Numbering::parse(Some(&xml), None).unwrap()
    }

    fn lvl(ilvl: u8, fmt: &str, text: &str) -> String {
        format!(
            r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:pPr><w:ind w:left="720"/></w:pPr></w:lvl>"#
        )
    }

    fn labels(n: &Numbering, paras: &[(u32, u8)]) -> Vec<Option<String>> {
        let mut c = Counters::new(n);
        paras.iter().map(|&(id, l)| c.label_for(id, l)).collect()
    }

    fn some(v: &[&str]) -> Vec<Option<String>> {
        v.iter().map(|s| Some(s.to_string())).collect()
    }

    #[test]
    fn formats() {
        assert_eq!(NumFormat::UpperRoman.render(14), "XIV");
        assert_eq!(NumFormat::LowerRoman.render(9), "ix");
        assert_eq!(NumFormat::LowerLetter.render(2), "b");
        assert_eq!(NumFormat::UpperLetter.render(27), "AA");
        assert_eq!(NumFormat::DecimalZero.render(7), "07");
        assert_eq!(NumFormat::from_name("ordinal"), NumFormat::Decimal);
        let n = numbering(
            &format!(
                r#"<w:abstractNum w:abstractNumId="0">{}</w:abstractNum><w:abstractNum w:abstractNumId="1">{}</w:abstractNum><w:abstractNum w:abstractNumId="2">{}</w:abstractNum><w:abstractNum w:abstractNumId="3">{}</w:abstractNum>"#,
                lvl(0, "decimal", "Điều %1."),
                lvl(0, "upperRoman", "%1."),
                lvl(0, "lowerLetter", "%1)"),
                lvl(0, "bullet", "&#xF0B7;"),
            ),
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num><w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>"#,
        );
        assert_eq!(
            labels(
                &n,
                &[
                    (1, 0),
                    (1, 0),
                    (2, 0),
                    (2, 0),
                    (2, 0),
                    (3, 0),
                    (3, 0),
                    (4, 0)
                ]
            ),
            some(&["Điều 1.", "Điều 2.", "I.", "II.", "III.", "a)", "b)", "-"])
        );
        // numId 0 (numbering removed), unknown lists and levels show nothing.
        assert_eq!(
            labels(&n, &[(0, 0), (9, 0), (1, 5)]),
            vec![None, None, None]
        );
    }

    #[test]
    fn multilevel_labels_and_nested_reset() {
        let n = numbering(
            &format!(
                r#"<w:abstractNum w:abstractNumId="5"><w:multiLevelType w:val="multilevel"/>{}{}{}</w:abstractNum>"#,
                lvl(0, "upperRoman", "%1."),
                lvl(1, "decimal", "%2."),
                lvl(2, "lowerLetter", "%3)"),
            ),
            r#"<w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num>"#,
        );
        assert_eq!(
            labels(
                &n,
                &[
                    (7, 0),
                    (7, 1),
                    (7, 2),
                    (7, 2),
                    (7, 1),
                    (7, 2),
                    (7, 0),
                    (7, 1),
                    (7, 2)
                ]
            ),
            some(&["I.", "1.", "a)", "b)", "2.", "a)", "II.", "1.", "a)"])
        );
        let n = numbering(
            &format!(
                r#"<w:abstractNum w:abstractNumId="0">{}{}</w:abstractNum>"#,
                lvl(0, "decimal", "%1."),
                lvl(1, "decimal", "%1.%2."),
            ),
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        );
        assert_eq!(
            labels(&n, &[(1, 1), (1, 0), (1, 1), (1, 1), (1, 0), (1, 1)]),
            some(&["1.1.", "1.", "1.1.", "1.2.", "2.", "2.1."])
        );
    }

    #[test]
    fn start_values_and_restart_by_override() {
        let abstracts = format!(
            r#"<w:abstractNum w:abstractNumId="0">{}</w:abstractNum>"#,
            lvl(0, "decimal", "%1.").replace(r#"w:start w:val="1""#, r#"w:start w:val="3""#)
        );
        // Two instances of one definition continue one list; the third restarts it at 1.
        let n = numbering(
            &abstracts,
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
               <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
               <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#,
        );
        assert_eq!(
            labels(&n, &[(1, 0), (1, 0), (2, 0), (3, 0), (3, 0), (1, 0)]),
            some(&["3.", "4.", "5.", "1.", "2.", "3."])
        );
    }

    #[test]
    fn level_override_legal_numbers_and_no_restart() {
        let n = numbering(
            &format!(
                r#"<w:abstractNum w:abstractNumId="0">{}{}</w:abstractNum>"#,
                lvl(0, "upperRoman", "%1."),
                lvl(1, "decimal", "%1.%2")
                    .replace("<w:pPr>", "<w:isLgl/><w:lvlRestart w:val=\"0\"/><w:pPr>"),
            ),
            &format!(
                r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
                   <w:num w:numId="2"><w:abstractNumId w:val="9"/></w:num>
                   <w:abstractNum w:abstractNumId="9">{}</w:abstractNum>
                   <w:num w:numId="3"><w:abstractNumId w:val="9"/><w:lvlOverride w:ilvl="0">{}</w:lvlOverride></w:num>"#,
                lvl(0, "decimal", "%1."),
                lvl(0, "lowerLetter", "%1)").replace(r#" w:ilvl="0""#, ""),
            ),
        );
        // isLgl writes level 1 in decimal; lvlRestart 0 keeps level 2 counting across level 1.
        assert_eq!(
            labels(&n, &[(1, 0), (1, 1), (1, 0), (1, 1)]),
            some(&["I.", "1.1", "II.", "2.2"])
        );
        assert_eq!(
            labels(&n, &[(2, 0), (3, 0), (3, 0)]),
            some(&["1.", "a)", "b)"])
        );
    }

    #[test]
    fn custom_format_reads_its_fallback() {
        let n = numbering(
            r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>"#,
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        );
        assert_eq!(labels(&n, &[(1, 0)]), some(&["01."]));
    }

    const STYLES: &str = r#"<w:styles xmlns:w="w">
      <w:style w:type="paragraph" w:styleId="Dieu"><w:name w:val="Điều"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="DieuDam"><w:basedOn w:val="Dieu"/><w:rPr><w:b/></w:rPr></w:style>
      <w:style w:type="paragraph" w:styleId="Khoan"><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
      <w:style w:type="numbering" w:styleId="DanhSach"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
    </w:styles>"#;

    fn legal_numbering() -> Numbering {
        let xml = format!(
            r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0">{}{}</w:abstractNum><w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="DanhSach"/></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#,
            lvl(0, "decimal", "Điều %1."),
            lvl(1, "decimal", "%2."),
        );
        Numbering::parse(Some(&xml), Some(STYLES)).unwrap()
    }

    #[test]
    fn paragraphs_get_labels_from_numpr_and_styles() {
        let n = legal_numbering();
        let doc = r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body>
<w:p><w:pPr><w:pStyle w:val="Dieu"/></w:pPr><w:r><w:t>Phạm vi</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Khoan"/></w:pPr><w:r><w:t>Một</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:pPrChange><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange></w:pPr><w:r><w:t>Hai</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="DieuDam"/></w:pPr><w:r><w:t>Đối tượng</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Dieu"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>Không số</w:t></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice><w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>Hộp</w:t></w:r></w:p></mc:Choice><mc:Fallback><w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>Hộp</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent></w:r></w:p>
</w:body></w:document>"#;
        let out = n.label_paragraphs(doc).unwrap();
        let texts: Vec<&str> = out
            .split("<w:t")
            .skip(1)
            .filter_map(|s| s.split_once('>').and_then(|(_, t)| t.split_once('<')))
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            texts,
            [
                "Điều 1. ",
                "Phạm vi",
                "1. ",
                "Một",
                "2. ",
                "Hai",
                "Điều 2. ",
                "Đối tượng",
                "Không số",
                "1. ",
                "Hộp",
                "Hộp"
            ]
        );
    }

    #[test]
    fn nothing_numbered_or_malformed_is_returned_as_is() {
        let doc = "<w:document><w:body><w:p><w:r><w:t>a</w:t></w:r></w:p></w:body></w:document>";
        assert_eq!(Numbering::default().label_paragraphs(doc), None);
        let n = legal_numbering();
        assert_eq!(n.label_paragraphs(doc), None);
        let bad = "<w:p><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:x>";
        assert_eq!(n.label_paragraphs(bad), None);
        assert!(Numbering::parse(Some("<w:numbering><w:num></w:x>"), None)
            .unwrap_err()
            .contains("numbering.xml is malformed"));
    }

    #[test]
    fn labels_are_escaped_and_never_panic_on_odd_values() {
        let n = numbering(
            r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="4294967295"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="&lt;%1&amp;%9%"/></w:lvl><w:lvl w:ilvl="12"/></w:abstractNum>"#,
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        );
        let got = labels(&n, &[(1, 0), (1, 0), (1, 200)]);
        assert_eq!(got[0].as_deref(), Some("<UUUUUUUU&1%"));
        assert!(got[1].is_some());
        assert_eq!(got[2], None);
        let doc = r#"<w:p><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#;
        assert!(n
            .label_paragraphs(doc)
            .unwrap()
            .contains("&lt;UUUUUUUU&amp;1% </w:t>"));
    }
}
