//! What a query names besides its words, as officers type it: a document type at its start
//! (`nghị định về hóa đơn điện tử`), a number given only in part (`quyết định 25/2021`,
//! `quyet dinh 1521 ttg`, `QĐ1521`, `kế hoạch 176`), and a law by its name (`luật đất đai`).
//!
//! Reading the query ([`Named::of`]) needs no index, so it is tested on its own; resolving a
//! partial number to the number keys the index holds or cites, and telling what the index does
//! not hold, reads the term dictionaries of two key fields under a prefix ([`resolve`]): a few
//! terms per number, however large the index.

use std::collections::BTreeSet;

use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::Field;
use tantivy::Term;

use super::engine::SearchContext;
use crate::doc_type::DocType;
use crate::error::Result;
use crate::index::{term_query, KIND_DOC};
use crate::keys::filter_key;
use crate::text;

/// Types a query's first words prefer (`nghị định về ...`): the legal instruments, whose type
/// word names what is wanted. `Kế hoạch`, `Quy định`, `Hướng dẫn`, `Báo cáo` are left out: as the
/// first word of an officer's query they name a subject as often as a type (`kế hoạch kiểm tra
/// ...` finds the decisions approving such plans).
const PREFERRED_TYPES: &[&str] = &[
    "Luật",
    "Nghị định",
    "Thông tư",
    "Thông tư liên tịch",
    "Quyết định",
    "Nghị quyết",
    "Chỉ thị",
    "Pháp lệnh",
    "Hiến pháp",
];

/// Issuers a partial number may name after its sequence number (`1521 ttg`, `1521 thủ tướng`):
/// folded words, and the code a key holds.
const ISSUER_WORDS: &[(&str, &str)] = &[
    ("thu tuong chinh phu", "TTG"),
    ("thu tuong", "TTG"),
    ("ttg", "TTG"),
    ("chinh phu", "CP"),
    ("cp", "CP"),
    ("quoc hoi", "QH"),
    ("ubnd", "UBND"),
    ("hdnd", "HĐND"),
];

/// Most keys one partial number stands for (`quyết định 12` may be many councils' decisions).
const MAX_KEYS_PER_PARTIAL: usize = 20;

/// What a query names besides its words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Named {
    /// The type its first words name, when it is one of [`PREFERRED_TYPES`].
    pub preferred_type: Option<&'static str>,
    /// Numbers given in part.
    pub partial: Vec<Partial>,
    /// Laws named by their name (`luật đất đai 2013`).
    pub laws: Vec<Law>,
}

/// A number given in part: a sequence number with what the query says of its year, type and
/// issuer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partial {
    /// Sequence number (`1521`).
    pub seq: u32,
    /// Year, when written (`25/2021`).
    pub year: Option<u16>,
    /// The type its type word or code names (`Quyết định`).
    pub doc_type: Option<&'static str>,
    /// The issuer code its issuer word names (`TTG`).
    pub issuer: Option<&'static str>,
    /// How the query wrote it (`quyết định 25/2021`), for `not_indexed`.
    pub written: String,
}

/// A law named by its name, and its year when the query gives one (`luật đất đai 2013`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Law {
    /// `Luật` or `Bộ luật`, then the name as typed with its first letter capital as laws are
    /// named, then the year (`Luật Đất đai 2013`).
    pub written: String,
    /// The name's folded syllables (`dat`, `dai`).
    pub name: Vec<String>,
    /// The year written after the name: the year the law was passed (Luật Đất đai 2013 is
    /// 45/2013/QH13, issued 29/11/2013).
    pub year: Option<u16>,
}

/// One word of the query: as typed (punctuation trimmed) and folded lower case.
struct Word<'a> {
    typed: &'a str,
    folded: String,
}

/// Words that end a law's name (`luật đất đai 2013 điều 100`, `luật thanh niên về ...`).
const NAME_ENDS: &[&str] = &[
    "dieu", "khoan", "so", "nam", "ve", "quy", "huong", "theo", "cua", "ngay", "tai", "va",
];

impl Named {
    /// What `q` names. Whole numbers (`1521/QĐ-TTg`) are [`crate::number::find_all`]'s: the words
    /// they stand in are not read again here.
    pub fn of(q: &str) -> Named {
        let mut masked = q.to_string();
        for m in crate::number::find_all(q) {
            // Keep the length (byte offsets of later matches stay valid).
            masked.replace_range(m.start..m.end, &" ".repeat(m.end - m.start));
        }
        let words: Vec<Word> = masked
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| matches!(c, ',' | ';' | '.' | ':' | '(' | ')')))
            .filter(|w| !w.is_empty())
            .map(|typed| Word {
                typed,
                folded: text::fold(typed).to_lowercase(),
            })
            .collect();
        let mut named = Named::default();
        let forms = DocType::written_forms();
        let type_at = |i: usize| -> Option<(&'static str, usize)> {
            forms.iter().find_map(|(form, name)| {
                let n = form.split(' ').count();
                let here: Vec<&str> = words.get(i..i + n)?.iter().map(|w| &*w.folded).collect();
                (here.join(" ") == *form).then_some((*name, n))
            })
        };
        if let Some((name, _)) = type_at(0) {
            named.preferred_type = PREFERRED_TYPES.contains(&name).then_some(name);
        }
        let mut i = 0;
        while i < words.len() {
            // A type code glued to the sequence number: `QĐ1521`, `nd41`.
            if let Some(p) = glued(&words[i]) {
                named.partial.push(p);
                i += 1;
                continue;
            }
            let Some((doc_type, n)) = type_at(i) else {
                i += 1;
                continue;
            };
            // `pháp luật`, `luật sư` are not laws.
            let general = doc_type == "Luật"
                && (i > 0 && words[i - 1].folded == "phap"
                    || words.get(i + n).is_some_and(|w| w.folded == "su"));
            if general {
                i += n;
                continue;
            }
            let mut j = i + n;
            if words.get(j).is_some_and(|w| w.folded == "so") {
                j += 1;
            }
            if let Some((seq, year)) = words.get(j).and_then(|w| seq_and_year(&w.folded)) {
                let mut end = j + 1;
                let issuer = ISSUER_WORDS.iter().find_map(|(form, code)| {
                    let k = form.split(' ').count();
                    let here: Vec<&str> = words
                        .get(end..end + k)?
                        .iter()
                        .map(|w| &*w.folded)
                        .collect();
                    (here.join(" ") == *form).then(|| {
                        end += k;
                        *code
                    })
                });
                let written: Vec<&str> = words[i..end].iter().map(|w| w.typed).collect();
                named.partial.push(Partial {
                    seq,
                    year,
                    doc_type: Some(doc_type),
                    issuer,
                    written: written.join(" "),
                });
                i = end;
                continue;
            }
            if doc_type == "Luật" {
                let mut name: Vec<&Word> = Vec::new();
                for w in &words[i + n..] {
                    // `pháp luật` inside a name (`luật phổ biến, giáo dục pháp luật`) is not a
                    // new type word.
                    let in_name =
                        w.folded == "luat" && name.last().is_some_and(|p| p.folded == "phap");
                    let ends = !w.folded.chars().all(char::is_alphabetic)
                        || NAME_ENDS.contains(&w.folded.as_str())
                        || (type_at_word(&forms, &w.folded).is_some() && !in_name);
                    if ends {
                        break;
                    }
                    name.push(w);
                }
                if !name.is_empty() {
                    let after = i + n + name.len();
                    let year = words
                        .get(after)
                        .and_then(|w| w.folded.parse::<u16>().ok())
                        .filter(|y| (1945..=2100).contains(y));
                    // `Luật Đất đai 2013`, `Bộ luật Lao động`: the type word and the name's first
                    // word capitalised, the rest as typed.
                    let mut written: Vec<String> = Vec::new();
                    for (k, w) in words[i..after].iter().enumerate() {
                        let capital = k == 0 || k == n;
                        written.push(match capital {
                            true => capitalised(w.typed),
                            false => w.typed.to_string(),
                        });
                    }
                    written.extend(year.map(|y| y.to_string()));
                    named.laws.push(Law {
                        written: written.join(" "),
                        name: name.iter().map(|w| w.folded.clone()).collect(),
                        year,
                    });
                    i = after;
                    continue;
                }
            }
            i += n;
        }
        named
    }
}

/// `w` with its first letter capital (`đất` → `Đất`).
fn capitalised(w: &str) -> String {
    let mut chars = w.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// True when the one folded word is itself a type form (`luat`, `nghi` is not).
fn type_at_word(forms: &[(&'static str, &'static str)], word: &str) -> Option<&'static str> {
    forms.iter().find(|(f, _)| *f == word).map(|(_, n)| *n)
}

/// `1521` → (1521, None); `25/2021` → (25, Some(2021)).
fn seq_and_year(word: &str) -> Option<(u32, Option<u16>)> {
    let (seq, year) = match word.split_once('/') {
        Some((s, y)) => (s, Some(y)),
        None => (word, None),
    };
    let digits = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.chars().all(|c| c.is_ascii_digit())
    };
    if !digits(seq, 7) {
        return None;
    }
    let seq: u32 = seq.parse().ok().filter(|&s| s > 0)?;
    let year = match year {
        Some(y) if digits(y, 4) => Some(y.parse().ok().filter(|y| (1945..=2100).contains(y))?),
        Some(_) => return None,
        None => None,
    };
    Some((seq, year))
}

/// A type code glued to a sequence number (`QĐ1521`, `nd41`): only codes of the types
/// [`PREFERRED_TYPES`] names or `KH`, never a plain word.
fn glued(word: &Word) -> Option<Partial> {
    let letters: String = word
        .typed
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let rest = &word.typed[letters.len()..];
    if letters.is_empty() || letters.chars().count() > 4 {
        return None;
    }
    let (seq, year) = seq_and_year(rest)?;
    let doc_type = crate::number::doc_type_for_code(&letters)?;
    let typed_code = letters.to_uppercase().replace('Đ', "D");
    // `L41` or `tt41` are too likely to be something else.
    if !matches!(typed_code.as_str(), "QD" | "ND" | "NQ" | "KH" | "CT") {
        return None;
    }
    Some(Partial {
        seq,
        year,
        doc_type: Some(doc_type),
        issuer: None,
        written: word.typed.to_string(),
    })
}

/// The number keys `partial` stands for among those the index holds (`number_key`) or cites
/// (`cites`), best first: of its type when it names one (`quyết định 25/2021` is 25/2021/QĐ-TTg,
/// not 25/2021/QH15), of its issuer when it names one. Reads only the keys under the prefix
/// `SEQ/` of the two fields' term dictionaries.
pub fn resolve(ctx: &SearchContext, partial: &Partial) -> Result<Vec<String>> {
    let f = &ctx.fields;
    let prefix = match partial.year {
        Some(y) => format!("{}/{y}/", partial.seq),
        None => format!("{}/", partial.seq),
    };
    let mut keys = BTreeSet::new();
    for field in [f.number_key, f.cites] {
        keys.extend(keys_under(ctx, field, &prefix)?);
        if keys.len() > 4 * MAX_KEYS_PER_PARTIAL {
            break;
        }
    }
    let fits = |key: &str| -> bool {
        let Ok(n) = crate::number::parse(key) else {
            return false;
        };
        let type_ok = partial.doc_type.is_none_or(|t| {
            n.type_code
                .as_deref()
                .and_then(crate::number::doc_type_for_code)
                .or_else(|| n.doc_type())
                == Some(t)
        });
        let issuer_ok = partial.issuer.is_none_or(|code| {
            n.issuer_codes
                .iter()
                .any(|c| c.to_uppercase().starts_with(code))
        });
        (partial.year.is_some() || n.year.is_none() || partial.doc_type.is_some())
            && type_ok
            && issuer_ok
    };
    Ok(keys
        .into_iter()
        .filter(|k| fits(k))
        .take(MAX_KEYS_PER_PARTIAL)
        .collect())
}

/// The terms of `field` that begin with `prefix`, over every segment.
fn keys_under(ctx: &SearchContext, field: Field, prefix: &str) -> Result<Vec<String>> {
    let mut end = prefix.to_string();
    end.pop();
    end.push(char::from(b'/' + 1));
    let mut out = Vec::new();
    for segment in ctx.searcher.segment_readers() {
        let dict = segment.inverted_index(field)?.terms().clone();
        let mut stream = dict
            .range()
            .ge(prefix.as_bytes())
            .lt(end.as_bytes())
            .into_stream()
            .map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            if let Ok(k) = std::str::from_utf8(stream.key()) {
                out.push(k.to_string());
            }
            if out.len() > 4 * MAX_KEYS_PER_PARTIAL {
                break;
            }
        }
    }
    Ok(out)
}

/// True when some document's number is `key`.
pub fn holds_number(ctx: &SearchContext, key: &str) -> Result<bool> {
    let term = Term::from_field_text(ctx.fields.number_key, key);
    Ok(ctx.searcher.doc_freq(&term)? > 0)
}

/// True when some document of type `Luật` has a title holding every syllable of the law's name,
/// and, when the query gives the law's year, was issued that year: `luật đất đai 2013` is not
/// held by an index holding only Luật Đất đai 2024.
pub fn holds_law(ctx: &SearchContext, law: &Law) -> Result<bool> {
    let f = &ctx.fields;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
        (Occur::Must, term_query(f.kind, KIND_DOC)),
        (Occur::Must, term_query(f.doc_type_key, &filter_key("Luật"))),
    ];
    for s in &law.name {
        clauses.push((Occur::Must, term_query(f.doc_title_folded, s)));
    }
    if let Some(year) = law.year {
        clauses.push((Occur::Must, super::filters::year_range(f.issued, year)));
    }
    let q = BooleanQuery::new(clauses);
    Ok(ctx.searcher.search(&q, &tantivy::collector::Count)? > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sequence number, year, type and issuer.
    type Read = (u32, Option<u16>, Option<&'static str>, Option<&'static str>);

    fn partial(q: &str) -> Vec<Read> {
        Named::of(q)
            .partial
            .into_iter()
            .map(|p| (p.seq, p.year, p.doc_type, p.issuer))
            .collect()
    }

    #[test]
    fn a_type_word_at_the_start_is_preferred() {
        let t = |q: &str| Named::of(q).preferred_type;
        assert_eq!(t("nghị định về hóa đơn điện tử"), Some("Nghị định"));
        assert_eq!(t("nghi dinh ve hoa don dien tu"), Some("Nghị định"));
        assert_eq!(t("luật thanh niên"), Some("Luật"));
        assert_eq!(t("bộ luật dân sự"), Some("Luật"));
        assert_eq!(t("Thông tư hướng dẫn"), Some("Thông tư"));
        // Not at the start, or a type naming a subject as often as a type.
        assert_eq!(t("phổ biến giáo dục pháp luật"), None);
        assert_eq!(t("kế hoạch kiểm tra thủ tục hành chính"), None);
        assert_eq!(t("hòa giải ở cơ sở"), None);
    }

    #[test]
    fn numbers_given_in_part_are_read_with_their_type_year_and_issuer() {
        let qd = Some("Quyết định");
        assert_eq!(partial("quyết định 25/2021"), [(25, Some(2021), qd, None)]);
        assert_eq!(
            partial("quyet dinh 1521 ttg"),
            [(1521, None, qd, Some("TTG"))]
        );
        assert_eq!(
            partial("quyết định số 1521 thủ tướng"),
            [(1521, None, qd, Some("TTG"))]
        );
        assert_eq!(partial("QĐ1521"), [(1521, None, qd, None)]);
        assert_eq!(
            partial("nghị định 41/2022"),
            [(41, Some(2022), Some("Nghị định"), None)]
        );
        assert_eq!(
            partial("kế hoạch 176 lạng sơn"),
            [(176, None, Some("Kế hoạch"), None)]
        );
        // A whole number is not read again; a year alone is not a number.
        assert!(partial("Quyết định số 1521/QĐ-TTg ngày 06/10/2020").is_empty());
        assert!(partial("tháng hành động phòng chống ma túy 2026").is_empty());
        assert!(partial("biên chế cán bộ công chức cấp tỉnh 2026").is_empty());
    }

    #[test]
    fn laws_are_named_by_their_name_but_not_law_in_general() {
        let laws =
            |q: &str| -> Vec<String> { Named::of(q).laws.into_iter().map(|l| l.written).collect() };
        assert_eq!(laws("luật đất đai 2013 điều 100"), ["Luật Đất đai 2013"]);
        assert_eq!(laws("luật đất đai"), ["Luật Đất đai"]);
        assert_eq!(
            laws("nghị định hướng dẫn luật trợ giúp pháp lý"),
            ["Luật Trợ giúp pháp lý"]
        );
        assert_eq!(laws("Bộ luật lao động 45/2019/QH14"), ["Bộ luật Lao động"]);
        assert_eq!(laws("luat dat dai 2013"), ["Luat Dat dai 2013"]);
        assert_eq!(Named::of("luật đất đai").laws[0].name, ["dat", "dai"]);
        assert_eq!(
            Named::of("luật đất đai 2013 điều 100").laws[0].year,
            Some(2013)
        );
        assert_eq!(Named::of("luật đất đai").laws[0].year, None);
        assert!(laws("phổ biến giáo dục pháp luật").is_empty());
        assert!(laws("thuê luật sư").is_empty());
        assert!(laws("luật 57/2020/QH14").is_empty());
        assert_eq!(
            laws("nghị định hướng dẫn luật phổ biến giáo dục pháp luật"),
            ["Luật Phổ biến giáo dục pháp luật"]
        );
    }
}
