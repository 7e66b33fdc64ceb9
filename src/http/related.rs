//! "Cùng chủ đề" on a document's page: the documents closest to it in subject, by the index's
//! own terms. The syllable pairs of its title (counted thrice) and opening text (`phổ biến`,
//! `giáo dục`, `cải cách hành chính` as its pairs) are weighted by how often the document uses
//! them and how rare they are in the index (tf·idf over the document entries' pair field); the
//! strongest are the query, and a document is as close as the share of their weight it holds
//! (at least 30 %, and 20 points more than a document of its length holds by chance: a long
//! report holds many pairs of any subject), longer documents ranked lower. A document with no
//! true neighbour lists none.

use std::collections::{HashMap, HashSet};

use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocSet as _, TantivyDocument, Term};

use crate::document::{Document, DocumentHead};
use crate::error::Result;
use crate::index::VanbanIndex;
use crate::text::{self, View};

/// How much of the body is read for its terms (its opening: title, bases, purpose).
const BODY_BYTES: usize = 40 * 1024;
/// Terms in the query.
const QUERY_TERMS: usize = 24;
/// A pair held by more than this share of the documents says nothing of a subject.
const MAX_SHARE: f64 = 0.3;
/// A document is close in subject when it holds pairs worth this share of the query's weight.
const MIN_HELD: f64 = 0.3;
/// ... and this much more than a document of its length holds by chance. On the seed plan among
/// the provincial files, the long yearly and quarterly reports held 0.32–0.45 of the seed's
/// weight where chance gave 0.32–0.36: they were listed as "Cùng chủ đề" without being so.
const OVER_CHANCE: f64 = 0.2;

/// Up to `limit` documents closest in subject to `doc`, none of `exclude` (the document itself
/// and the ones its page lists already).
pub fn similar(
    index: &VanbanIndex,
    doc: &Document,
    exclude: &HashSet<String>,
    limit: usize,
) -> Result<Vec<DocumentHead>> {
    Ok(similar_with_shares(index, doc, exclude, limit)?
        .into_iter()
        .map(|(_, h)| h)
        .collect())
}

/// [`similar`], each document with the share of the query's weight it holds.
pub fn similar_with_shares(
    index: &VanbanIndex,
    doc: &Document,
    exclude: &HashSet<String>,
    limit: usize,
) -> Result<Vec<(f64, DocumentHead)>> {
    let f = index.fields();
    let searcher = index.searcher();
    let total = index.document_count()? as f64;
    if total < 3.0 {
        return Ok(Vec::new());
    }
    let mut tf: HashMap<String, f64> = HashMap::new();
    if let Some(t) = doc.title.as_deref() {
        for p in text::pairs(t, View::Accented) {
            *tf.entry(p.text).or_default() += 3.0;
        }
    }
    let mut end = doc.body.len().min(BODY_BYTES);
    while !doc.body.is_char_boundary(end) {
        end -= 1;
    }
    for p in text::pairs(&doc.body[..end], View::Accented) {
        *tf.entry(p.text).or_default() += 1.0;
    }
    let mut weighted: Vec<(f64, Term)> = Vec::new();
    let mut shares: HashMap<Term, f64> = HashMap::new();
    for (pair, n) in tf {
        let term = Term::from_field_text(f.doc_pairs, &pair);
        let df = searcher.doc_freq(&term)? as f64;
        // Held by this document alone (a name, a typo) or by most: no subject.
        if df < 2.0 || df > total * MAX_SHARE {
            continue;
        }
        shares.insert(term.clone(), df / total);
        weighted.push(((1.0 + n.ln()) * (total / df).ln(), term));
    }
    weighted.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    weighted.truncate(QUERY_TERMS);
    if weighted.is_empty() {
        return Ok(Vec::new());
    }
    // Each document's share of the query's weight: the weights of the pairs it holds, read from
    // the pairs' postings (each pair is in at most `MAX_SHARE` of the documents).
    // A long document holds many pairs by chance: it must hold `MIN_HELD` of the weight, and it
    // ranks by its share divided as BM25 divides a term's weight by length (b = 0.75, lengths
    // in distinct pairs).
    let whole: f64 = weighted.iter().map(|(w, _)| w).sum();
    let mut tokens = 0u64;
    for reader in searcher.segment_readers() {
        tokens += reader.inverted_index(f.doc_pairs)?.total_num_tokens();
    }
    let average = (tokens as f64 / total).max(1.0);
    // Per document: the weight of the pairs it holds, and its length divisor.
    let mut held: HashMap<tantivy::DocAddress, (f64, f64, f64)> = HashMap::new();
    for (segment_ord, reader) in searcher.segment_readers().iter().enumerate() {
        let inverted = reader.inverted_index(f.doc_pairs)?;
        let norms = reader.get_fieldnorms_reader(f.doc_pairs)?;
        let alive = reader.alive_bitset();
        for (w, term) in &weighted {
            let postings = inverted
                .read_postings(term, IndexRecordOption::Basic)
                .map_err(tantivy::TantivyError::from)?;
            let Some(mut postings) = postings else {
                continue;
            };
            let mut d = postings.doc();
            while d != tantivy::TERMINATED {
                if alive.is_none_or(|a| a.is_alive(d)) {
                    let length = f64::from(norms.fieldnorm(d)) / average;
                    let e = held
                        .entry(tantivy::DocAddress::new(segment_ord as u32, d))
                        .or_insert((0.0, 0.25 + 0.75 * length, length));
                    e.0 += w;
                }
                d = postings.advance();
            }
        }
    }
    // A document holds a pair by chance as often as documents do, the more so the longer it is
    // (`1 - (1 - share)^length`, length in average documents): a neighbour holds clearly more of
    // the weight than a document of its length would by chance, and at least `MIN_HELD`.
    let by_chance = |length: f64| -> f64 {
        weighted
            .iter()
            .map(|(w, t)| {
                let share = shares.get(t).copied().unwrap_or(0.0);
                w * (1.0 - (1.0 - share).powf(length))
            })
            .sum::<f64>()
            / whole
    };
    let mut ranked: Vec<(f64, f64, tantivy::DocAddress)> = held
        .into_iter()
        .map(|(a, (w, divisor, length))| (w / divisor, w / whole, length, a))
        .filter(|(_, share, length, _)| *share >= MIN_HELD.max(by_chance(*length) + OVER_CHANCE))
        .map(|(score, share, _, a)| (score, share, a))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
    let mut out: Vec<(f64, DocumentHead)> = Vec::new();
    for (_, share, addr) in ranked {
        let stored: TantivyDocument = searcher.doc(addr)?;
        let json = stored
            .get_first(f.doc_json)
            .and_then(|v| v.as_str())
            .unwrap_or("{}");
        let head: DocumentHead = serde_json::from_str(json)?;
        if head.id == doc.id
            || exclude.contains(&head.id)
            || out.iter().any(|(_, o)| o.id == head.id)
        {
            continue;
        }
        out.push((share, head));
        if out.len() == limit {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, title: &str, body: &str) -> Document {
        Document {
            id: id.into(),
            title: Some(title.into()),
            body: body.into(),
            ..Document::default()
        }
    }

    #[test]
    fn the_closest_in_subject_come_first_and_the_excluded_never() {
        let docs = vec![
            doc(
                "pb1",
                "Kế hoạch phổ biến giáo dục pháp luật năm 2021",
                "Tuyên truyền phổ biến giáo dục pháp luật cho cán bộ và nhân dân.",
            ),
            doc(
                "pb2",
                "Kế hoạch phổ biến giáo dục pháp luật năm 2022",
                "Tổ chức phổ biến giáo dục pháp luật, tuyên truyền pháp luật.",
            ),
            doc(
                "pb3",
                "Phổ biến giáo dục pháp luật trong trường học",
                "Giáo dục pháp luật cho học sinh, phổ biến pháp luật.",
            ),
            doc(
                "cc1",
                "Kế hoạch cải cách hành chính năm 2022",
                "Cải cách hành chính, thủ tục hành chính một cửa.",
            ),
            doc(
                "cc2",
                "Báo cáo cải cách hành chính quý I",
                "Kết quả cải cách hành chính, thủ tục hành chính.",
            ),
            doc("x1", "Giấy mời họp", "Mời dự họp giao ban."),
            doc("x2", "Thông báo lịch trực", "Lịch trực tết nguyên đán."),
            doc(
                "x3",
                "Công văn về bão lũ",
                "Phòng chống bão lũ, cứu hộ cứu nạn.",
            ),
            doc(
                "x4",
                "Kế hoạch tiêm chủng",
                "Tiêm chủng mở rộng cho trẻ em.",
            ),
            doc(
                "x5",
                "Quyết định khen thưởng",
                "Khen thưởng tập thể, cá nhân.",
            ),
            doc(
                "x6",
                "Kế hoạch chuyển đổi số",
                "Chuyển đổi số, chính quyền số.",
            ),
            doc("x7", "Báo cáo tài chính", "Quyết toán ngân sách năm."),
        ];
        let index = crate::index::index_of(&docs);
        let none = HashSet::new();
        let got = similar(&index, &docs[0], &none, 3).unwrap();
        let ids: Vec<&str> = got.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert!(ids.contains(&"pb2") && ids.contains(&"pb3"), "{ids:?}");
        let got = similar(&index, &docs[3], &none, 3).unwrap();
        assert_eq!(got.first().map(|d| d.id.as_str()), Some("cc2"));
        let exclude: HashSet<String> = ["pb2".to_string()].into();
        let got = similar(&index, &docs[0], &exclude, 3).unwrap();
        assert!(got.iter().all(|d| d.id != "pb2" && d.id != "pb1"));
    }
}
