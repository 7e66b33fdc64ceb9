//! Word boxes of a PDF's text layer: the `pdftotext -bbox-layout` XHTML (`<page>`, `<flow>`,
//! `<block>`, `<line>`, `<word xMin= yMin= xMax= yMax=>`) read into each page's words, bounded
//! in pages and words. [`super::pdf_boxes`] places table words by them.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Most pages whose word boxes are read (from a document's first table page to its last).
pub(super) const MAX_PAGES: usize = 500;

/// Most words read in all.
const MAX_WORDS: usize = 500_000;

/// A word as printed: its box in points (y downwards) and its text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Word {
    pub(super) x0: f32,
    pub(super) y0: f32,
    pub(super) x1: f32,
    pub(super) y1: f32,
    pub(super) text: String,
}

impl Word {
    pub(super) fn mid(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    pub(super) fn height(&self) -> f32 {
        self.y1 - self.y0
    }
}

/// The pages of `pdftotext -bbox-layout` output, each its words in the order written. An error
/// for XML that does not parse or more than [`MAX_PAGES`] pages or [`MAX_WORDS`] words.
pub(super) fn parse(xhtml: &str) -> Result<Vec<Vec<Word>>, String> {
    let mut reader = Reader::from_str(xhtml);
    let mut pages: Vec<Vec<Word>> = Vec::new();
    let mut open: Option<Word> = None;
    let mut words = 0usize;
    loop {
        match reader
            .read_event()
            .map_err(|e| format!("word boxes do not parse: {e}"))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"page" => {
                if pages.len() == MAX_PAGES {
                    return Err(format!("word boxes of more than {MAX_PAGES} pages"));
                }
                pages.push(Vec::new());
            }
            Event::Start(e) if e.local_name().as_ref() == b"word" => open = word_box(&e),
            Event::Text(t) => {
                if let Some(w) = open.as_mut() {
                    let t = t
                        .unescape()
                        .map_err(|e| format!("word boxes have a bad entity: {e}"))?;
                    w.text.push_str(&t);
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"word" => {
                let Some(mut w) = open.take() else { continue };
                w.text = w.text.trim().to_string();
                if w.text.is_empty() {
                    continue;
                }
                words += 1;
                if words > MAX_WORDS {
                    return Err(format!("word boxes of more than {MAX_WORDS} words"));
                }
                pages
                    .last_mut()
                    .ok_or("word boxes: a word outside a page")?
                    .push(w);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(pages)
}

/// A `<word>` element's box; `None` when a coordinate is missing, not finite or inverted.
fn word_box(e: &quick_xml::events::BytesStart) -> Option<Word> {
    let mut v = [f32::NAN; 4];
    for a in e.attributes().flatten() {
        let k = match a.key.as_ref() {
            b"xMin" => 0,
            b"yMin" => 1,
            b"xMax" => 2,
            b"yMax" => 3,
            _ => continue,
        };
        v[k] = std::str::from_utf8(&a.value).ok()?.trim().parse().ok()?;
    }
    let [x0, y0, x1, y1] = v;
    (v.iter().all(|c| c.is_finite()) && x0 <= x1 && y0 <= y1).then(|| Word {
        x0,
        y0,
        x1,
        y1,
        text: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_or_hostile_word_boxes_are_errors_not_panics() {
        for bad in [
            "<doc><page><word xMin=\"1\" yMin=\"1\" xMax=\"2\" yMax=\"2\">a</page>",
            "<doc><page><word xMin=\"1\" yMin=\"1\" xMax=\"2\" yMax=\"2\">&bogus;</word></page></doc>",
            "<doc><word xMin=\"1\" yMin=\"1\" xMax=\"2\" yMax=\"2\">a</word></doc>",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let many = "<page/>".repeat(MAX_PAGES + 1);
        assert!(parse(&many).unwrap_err().contains("pages"));
        // Boxes without coordinates, inverted or not finite are left out; entities decoded.
        let words = parse(
            "<doc><page><word xMin=\"1\">a</word><word xMin=\"5\" yMin=\"1\" xMax=\"2\" \
             yMax=\"2\">b</word><word xMin=\"NaN\" yMin=\"1\" xMax=\"2\" yMax=\"2\">c</word>\
             <word xMin=\"1\" yMin=\"1\" xMax=\"9\" yMax=\"2\">R&amp;D</word></page></doc>",
        )
        .unwrap();
        let texts: Vec<&str> = words[0].iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["R&D"]);
    }
}
