//! Search: from a [`SearchRequest`] to ranked documents with their best passages, snippets and
//! facets. Returns plain structs; the CLI and HTTP layers only serialize them.
//!
//! Document entries decide what matches (and are counted and faceted); documents are ranked by
//! their passages: BM25 over the accented and folded views of a passage's text and context, their
//! syllable pairs, the number key and the article number: an exact number match first, accented
//! above folded, pairs above scattered syllables.

pub mod at_least;
pub mod bm25;
pub mod engine;
pub mod entries;
pub mod exhaustive;
pub mod facets;
pub mod filters;
pub mod graph;
pub mod matching;
pub mod named;
pub mod plan;
pub mod presentation;
pub mod proximity;
pub mod query;
pub mod ranking;
pub mod regroup;
pub mod reports;
pub mod request;
pub mod snippet;
pub mod tasks;
pub mod titles;
pub mod typo;
pub mod within;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::{DateTime, Order, Term};

use crate::error::Code;
use crate::error::{Error, Result};
use crate::index::VanbanIndex;
pub use crate::params::number_param;
pub use crate::params::parse_date;
pub use engine::{Caches, Engine, SearchContext};
use entries::MatchedDocs;
pub use plan::Plan;
pub use query::ParsedQuery;
pub use request::{
    DateRange, Page, PageBounds, SearchParams, SearchRequest, Sort, MAX_LIMIT, MAX_OFFSET, ROLES,
};

/// Passages shown per hit.
const PASSAGES_PER_HIT: usize = 3;

/// Weights of the ranking signals (kept only where `vanban eval` measured them better).
///
/// Measured on ALQAC 2023 (210 questions, nDCG@10 as written / without diacritics): pairs 1 →
/// 0.858 / 0.871, pairs 4 → 0.874 / 0.877, then passage context 0.5 → 0.878 / 0.881. With
/// documents ranked by their passages (schema 5), length scale 2.5 → 0.880 / 0.884, article 20 →
/// 0.885 / 0.891 (with quoted phrases relaxed when nothing holds them: 0.890 / 0.891; with ALQAC
/// article titles as headings: 0.896 / 0.897); common terms (held by over 10 % of passages) left
/// out of ranking: 0.906 / 0.904. Title
/// weight, accented weight, and restored diacritics (0.5, 1) changed nothing or lowered the
/// figures, so `restored` stays 0 (restoration is offered as `did_you_mean` instead).
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    /// Title matches relative to body matches.
    pub title: f32,
    /// Extra weight of an accented match when the query has diacritics.
    pub accented: f32,
    /// Syllable-pair matches.
    pub pairs: f32,
    /// An exact number-key match.
    pub number: f32,
    /// Accented matches of the diacritics restored in a query typed without any.
    pub restored: f32,
    /// A passage's context (its document's title and its heading) when passages are ranked.
    pub context: f32,
    /// The average passage length BM25 normalizes by, as a multiple of the real one (see
    /// [`bm25`]).
    pub length_scale: f32,
    /// A passage whose path is an article the query names (`điều 38`).
    pub article: f32,
    /// Terms held by more than this share of all passages do not rank them (0 or 1: all do).
    pub common: f32,
    /// A passage of a document citing a number the query names (`cites`), next to
    /// [`Weights::number`] for the document with that number.
    pub cited: f32,
    /// The terms a document's heading holds (number, type, title, issuer), when the passages
    /// of one document are ordered among themselves (`search::within`): every passage shares
    /// that heading, so what it says does not tell them apart. 1: as any term.
    pub title_terms: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            title: 2.0,
            accented: 1.0,
            pairs: 4.0,
            number: 50.0,
            restored: 0.0,
            context: 0.5,
            length_scale: 2.5,
            article: 20.0,
            common: 0.1,
            cited: 40.0,
            title_terms: 0.0,
        }
    }
}

/// A passage of a hit with its snippet.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PassageHit {
    /// Passage path (`II > 1`, `Điều 5`).
    pub path: String,
    /// HTML: escaped text with `<mark>` around matches.
    pub snippet: String,
    /// Plain snippet text.
    pub text: String,
    /// `[start, end)` character offsets of matches in `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// One document in the results.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Hit {
    /// Document id.
    pub id: String,
    /// Number as written.
    pub number: Option<String>,
    /// Document type.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Issuer.
    pub issuer: Option<String>,
    /// Issue date.
    pub issued: Option<NaiveDate>,
    /// Relevance score (0 when sorted by date).
    pub score: f32,
    /// Best passages.
    pub passages: Vec<PassageHit>,
    /// Its status (hiệu lực) today: `in_force`, `expired`, ... (issue 24).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub status: Option<crate::validity::State>,
}

/// Facet counts over all matching documents.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Facets {
    /// By document type.
    #[serde(rename = "type")]
    pub doc_type: BTreeMap<String, u64>,
    /// By issuer.
    pub issuer: BTreeMap<String, u64>,
    /// By year of issue.
    pub year: BTreeMap<String, u64>,
    /// By agency, per role (`issuer`, `lead`, `support`): documents naming it in that role.
    pub agency: BTreeMap<String, BTreeMap<String, u64>>,
    /// By status today (`in_force`, `not_yet_in_force`, `partly_expired`, `expired`,
    /// `unknown`), as each hit's `status`.
    #[serde(default)]
    pub status: BTreeMap<String, u64>,
}

/// The results of a search.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SearchResponse {
    /// Matching documents in all.
    pub total: usize,
    /// This page.
    pub hits: Vec<Hit>,
    /// Counts by type, issuer, year, agency and status.
    pub facets: Facets,
    /// The query with likely diacritics restored, when it had none and that may help.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<String>,
    /// True when no document holds a quoted phrase exactly and these results hold its words.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub phrases_relaxed: bool,
    /// True when the query as typed found little and these results are for `did_you_mean`:
    /// the query with its typos corrected.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub corrected: bool,
    /// Numbers and laws the query names that the index does not hold, as the query wrote them
    /// (`Luật đất đai 2013`, `thông tư 89/2021`, `1521/QĐ-TTg`); the results are what it holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_indexed: Vec<String>,
}

/// Runs a search.
/// Runs a search with fresh caches: for one-off searches (the CLI, tests). A server keeps an
/// [`Engine`] instead.
pub fn search(index: &VanbanIndex, req: &SearchRequest) -> Result<SearchResponse> {
    search_with(index, req, &Weights::default())
}

/// [`search`] with explicit ranking weights.
pub fn search_with(
    index: &VanbanIndex,
    req: &SearchRequest,
    w: &Weights,
) -> Result<SearchResponse> {
    run(&SearchContext::new(index, &Caches::default(), *w), req)
}

/// [`search`] that stops with [`crate::Error::TimedOut`] once `deadline` has passed (checked
/// between stages: after ranking, before presenting, before the retry without phrases).
pub fn search_until(
    index: &VanbanIndex,
    req: &SearchRequest,
    deadline: crate::deadline::Deadline,
) -> Result<SearchResponse> {
    let caches = Caches::default();
    let mut ctx = SearchContext::new(index, &caches, Weights::default());
    ctx.deadline = deadline;
    run(&ctx, req)
}

/// Ranks passages (articles) directly, without grouping by document, with fresh caches: the
/// unit of `vanban eval` ([`Engine::search_passages`] keeps its caches).
pub fn search_passages(
    index: &VanbanIndex,
    q: &str,
    limit: usize,
    w: &Weights,
) -> Result<Vec<PassageRank>> {
    ranking::passages(&SearchContext::new(index, &Caches::default(), *w), q, limit)
}

/// An article-level hit of [`search_passages`].
#[derive(Debug, Clone, PartialEq)]
pub struct PassageRank {
    /// Document id.
    pub doc_id: String,
    /// Passage path.
    pub path: String,
    /// Score.
    pub score: f32,
}

/// A search in `ctx`: the request checked, its query parsed and planned, then matched, ranked
/// and presented; a quoted phrase nobody wrote falls back to its words.
fn run(ctx: &SearchContext, req: &SearchRequest) -> Result<SearchResponse> {
    req.page.check()?;
    let parsed = query::parse(&req.q)?;
    if parsed.is_empty() && !req.has_filter() {
        return Err(Error::bad_request(
            Code::EmptyQuery,
            "give a query `q` or at least one filter",
        ));
    }
    let mut res = run_parsed(ctx, req, &parsed)?;
    presentation::annotate_status(ctx.index, &mut res.hits)?;
    if res.total == 0 {
        if let Some(relaxed) = parsed.relax_phrases() {
            ctx.deadline.check()?;
            let mut words = run_parsed(ctx, req, &relaxed)?;
            if words.total > 0 {
                presentation::annotate_status(ctx.index, &mut words.hits)?;
                words.phrases_relaxed = true;
                return Ok(words);
            }
        }
    }
    if let Some((fixed, shown)) = corrected_query(ctx, &req.q, &parsed)? {
        if res.total < FEW_MATCHES {
            ctx.deadline.check()?;
            let again = SearchRequest {
                q: fixed.clone(),
                ..req.clone()
            };
            let mut found = run_parsed(ctx, &again, &query::parse(&fixed)?)?;
            if found.total > res.total {
                presentation::annotate_status(ctx.index, &mut found.hits)?;
                found.corrected = true;
                found.did_you_mean = Some(shown);
                return Ok(found);
            }
        }
        res.did_you_mean = Some(shown);
    }
    Ok(res)
}

/// A query matching fewer documents than this is searched again with its typos corrected.
const FEW_MATCHES: usize = 5;

/// `q` with its typos corrected ([`typo`]), and how `did_you_mean` shows it (diacritics
/// restored when it was typed without any); `None` when no syllable looks mistyped.
fn corrected_query(
    ctx: &SearchContext,
    q: &str,
    parsed: &ParsedQuery,
) -> Result<Option<(String, String)>> {
    // Codes beside a number (`1521 ttg`) are no typos.
    if !parsed.numbers.is_empty() || !named::Named::of(&parsed.free_text).partial.is_empty() {
        return Ok(None);
    }
    let folded: Vec<String> =
        crate::text::syllables_in(&parsed.free_text, crate::text::View::Folded)
            .into_iter()
            .map(|t| t.text)
            .collect();
    let Some(fixes) = typo::correct(ctx, &folded)? else {
        return Ok(None);
    };
    let pairs: Vec<(String, String)> = folded
        .into_iter()
        .zip(fixes)
        .filter_map(|(typed, fix)| Some((typed, fix?)))
        .collect();
    let fixed = typo::rewrite(q, &pairs);
    let shown = ctx
        .restore_accents(&fixed)?
        .unwrap_or_else(|| fixed.clone());
    Ok(Some((fixed, shown)))
}

/// [`run`] for a parsed query: plan → matching → ranking → presentation.
fn run_parsed(
    ctx: &SearchContext,
    req: &SearchRequest,
    parsed: &ParsedQuery,
) -> Result<SearchResponse> {
    let plan = ctx.plan(parsed, true)?;
    let did_you_mean = presentation::did_you_mean(ctx, &req.q, parsed, &plan)?;
    let filters = filters::clauses(ctx, req)?;
    let text_query = matching::documents(ctx, &plan)?;
    let has_text = text_query.is_some();
    // Which documents match: decided, counted and faceted on document entries.
    let matching = matching::matching_query(ctx, text_query, &filters);
    let searcher = &ctx.searcher;
    let (offset, page) = (req.page.offset, req.page.limit.max(1));
    let status = facets::StatusOfIds {
        book: crate::status::book(ctx.index)?,
        day: crate::status::today(),
    };
    let facets = || facets::collector(ctx.caches.facet_columns.clone(), Some(status.clone()));
    let (total, hits, facets) = if req.sort == Sort::Relevance && has_text {
        // Counting and facets need no scores; the ranking is by passages.
        let (total, aggs, matched) = searcher.search(&matching, &(Count, facets(), MatchedDocs))?;
        let wanted = offset + page;
        let (ranked, terms) =
            ranking::rank_by_passages(ctx, &plan, &filters, &matching, &matched, wanted)?;
        ctx.deadline.check()?;
        let hits = presentation::ranked_hits(ctx, &plan, &terms, ranked, offset, page)?;
        (total, hits, aggs)
    } else {
        let order = match req.sort {
            Sort::IssuedAsc => Some(Order::Asc),
            Sort::IssuedDesc => Some(Order::Desc),
            Sort::Relevance => None,
        };
        let (total, addrs, aggs) = match order {
            None => {
                let top = TopDocs::with_limit(page).and_offset(offset);
                searcher.search(&matching, &(Count, top, facets()))?
            }
            Some(order) => {
                let top = TopDocs::with_limit(page)
                    .and_offset(offset)
                    .order_by_fast_field::<DateTime>(crate::index::schema::names::ISSUED, order);
                let (total, top, aggs) = searcher.search(&matching, &(Count, top, facets()))?;
                let top = top.into_iter().map(|(_, a)| (0.0, a)).collect();
                (total, top, aggs)
            }
        };
        ctx.deadline.check()?;
        let hits = presentation::document_hits(ctx, &plan, addrs)?;
        (total, hits, aggs)
    };
    Ok(SearchResponse {
        total,
        hits,
        facets: facets.into_facets(),
        did_you_mean,
        phrases_relaxed: false,
        corrected: false,
        not_indexed: plan.not_indexed,
    })
}

/// A term and its weight in a query.
type WeightedTerm = (Term, f32);

/// Matching passages looked at per wanted document (ranking) or per shown passage (finding a
/// page's passages), so that one long document with many matching articles does not crowd the
/// others out.
const PASSAGE_POOL_FACTOR: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Passage};
    use crate::index::index_of;
    use std::collections::{HashMap, HashSet};

    fn doc(id: &str, title: &str, passages: &[&str]) -> Document {
        Document {
            id: id.into(),
            title: Some(title.into()),
            doc_type: Some("Quyết định".into()),
            body: passages.join("\n"),
            outline: passages
                .iter()
                .enumerate()
                .map(|(i, t)| Passage {
                    path: format!("Điều {}", i + 1),
                    text: (*t).into(),
                    ..Passage::default()
                })
                .collect(),
            ..Document::default()
        }
    }

    #[test]
    fn pages_follow_one_order_whatever_their_size() {
        // 150 documents of 6 matching passages each: the best 200 passages reach only some.
        let texts: Vec<Vec<String>> = (0..150)
            .map(|i| {
                (0..6)
                    .map(|j| {
                        let filler = "thôn bản ".repeat((i * 7 + j * 3) % 11);
                        let times = (i + j * 5) % 4 + 1;
                        format!("{}{filler}điều khoản", "hòa giải cơ sở ".repeat(times))
                    })
                    .collect()
            })
            .collect();
        let docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let passages: Vec<&str> = t.iter().map(String::as_str).collect();
                // A third of the titles count too: their score is added to every passage.
                let title = match i % 3 {
                    0 => format!("Quyết định {i} về hòa giải"),
                    _ => format!("Quyết định {i}"),
                };
                doc(&format!("d{i}"), &title, &passages)
            })
            .collect();
        let index = index_of(&docs);
        let page = |limit: usize, offset: usize| -> Vec<String> {
            let mut req = SearchRequest::new("hoa giai co so");
            (req.page.limit, req.page.offset) = (limit, offset);
            search(&index, &req)
                .unwrap()
                .hits
                .into_iter()
                .map(|h| h.id)
                .collect()
        };
        let by_tens: Vec<String> = (0..15).flat_map(|p| page(10, p * 10)).collect();
        let by_hundreds: Vec<String> = [page(100, 0), page(100, 100)].concat();
        assert_eq!(by_tens.len(), 150);
        let distinct: HashSet<&String> = by_tens.iter().collect();
        assert_eq!(distinct.len(), 150);
        assert_eq!(by_tens, by_hundreds);
        // The titled documents come first: the order above is the one titles lift.
        let titled = |id: &String| id[1..].parse::<usize>().is_ok_and(|i| i % 3 == 0);
        assert!(by_tens[..50].iter().all(titled), "{:?}", &by_tens[..50]);
    }

    #[test]
    fn a_documents_passages_are_ordered_without_the_terms_of_its_heading() {
        // Every article repeats the title's `đấu giá thuốc lá`, rare elsewhere; the question's
        // `điều kiện tham gia`, common elsewhere, is what Điều 3 alone holds.
        let title = "Về đấu giá thuốc lá ngoại nhập lậu";
        let mut docs = vec![doc(
            "qd",
            title,
            &[
                "Đấu giá thuốc lá ngoại nhập lậu: đấu giá thuốc lá theo nguyên tắc đấu giá \
                 thuốc lá.",
                "Tổ chức đấu giá thuốc lá ngoại nhập lậu; đấu giá thuốc lá công khai.",
                "Điều kiện tham gia: doanh nghiệp có giấy phép kinh doanh sản phẩm, có kho \
                 hàng, có vốn, có người đại diện theo pháp luật.",
            ],
        )];
        for i in 0..8 {
            let text = format!("Điều kiện tham gia hội nghị số {i}: đại biểu được mời.");
            docs.push(doc(&format!("other{i}"), "Về hội nghị", &[text.as_str()]));
        }
        let index = index_of(&docs);
        let question = "điều kiện tham gia đấu giá thuốc lá";
        let first = |w: &Weights| -> String {
            let res = search_with(&index, &SearchRequest::new(question), w).unwrap();
            let hit = res.hits.iter().find(|h| h.id == "qd").unwrap();
            hit.passages[0].path.clone()
        };
        let as_any = Weights {
            title_terms: 1.0,
            ..Weights::default()
        };
        assert_eq!(first(&as_any), "Điều 1");
        assert_eq!(first(&Weights::default()), "Điều 3");
        // Ranking articles directly (`vanban eval`): the same order in the document's places.
        let articles = |w: &Weights| -> Vec<String> {
            let ranked = search_passages(&index, question, 3, w).unwrap();
            ranked.into_iter().map(|r| r.path).collect()
        };
        assert_eq!(articles(&as_any)[0], "Điều 1");
        assert_eq!(articles(&Weights::default())[0], "Điều 3");
    }

    #[test]
    fn documents_are_ranked_by_their_passages_and_a_title_only_document_still_counts() {
        let index = index_of(&[
            doc(
                "once",
                "Về công tác dân tộc",
                &["Chính sách đất đai.", "Hòa giải ở cơ sở một lần."],
            ),
            doc(
                "throughout",
                "Về hòa giải ở cơ sở",
                &[
                    "Hòa giải ở cơ sở là việc hòa giải viên giúp các bên.",
                    "Nguyên tắc tổ chức hoạt động hòa giải ở cơ sở.",
                ],
            ),
            doc("title-only", "Hòa giải ở cơ sở", &[]),
            doc("other", "Về thuế", &["Thuế thu nhập cá nhân."]),
        ]);
        let res = search(&index, &SearchRequest::new("hòa giải ở cơ sở")).unwrap();
        let ids: Vec<&str> = res.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(res.total, 3, "{ids:?}");
        assert_eq!(ids.len(), 3);
        // The record with only a title competes on its heading, on the scale of the others'
        // passages (issue 22 §2): its title is the query, so it ranks with the document about
        // the subject throughout, both before the one that mentions it once.
        assert_eq!(ids[2], "once", "{ids:?}");
        assert!(ids.contains(&"title-only"));
        assert!(!ids.contains(&"other"));
        // The summary comes from the passage: no whole-document read, same fields.
        let throughout = res.hits.iter().find(|h| h.id == "throughout").unwrap();
        assert_eq!(throughout.title.as_deref(), Some("Về hòa giải ở cơ sở"));
        assert_eq!(throughout.passages.len(), 2);
        assert!(throughout.passages[0].snippet.contains("<mark>"));
        // The title-only record shows its heading as its passage.
        let title_only = res.hits.iter().find(|h| h.id == "title-only").unwrap();
        assert!(title_only.passages[0].text.contains("Hòa giải ở cơ sở"));
    }

    #[test]
    fn a_title_lifts_every_passage_of_its_document_in_any_segment() {
        let index = crate::index::VanbanIndex::in_memory().unwrap();
        let mut w = index.writer().unwrap();
        let same = ["Điều kiện để được công nhận.", "Thủ tục đề nghị công nhận."];
        // One commit each: the documents land in two segments.
        for d in [
            doc("land", "Luật Đất đai", &same),
            doc("mediation", "Luật Hòa giải ở cơ sở", &same),
        ] {
            w.add(&d, "test").unwrap();
            w.commit().unwrap();
        }
        // Written again: the first copy stays behind as deleted entries between live ones.
        w.add(&doc("mediation", "Luật Hòa giải ở cơ sở", &same), "test")
            .unwrap();
        w.add(&doc("other", "Luật Thuế", &["Nộp thuế."]), "test")
            .unwrap();
        w.commit().unwrap();
        index.reload().unwrap();
        assert!(index.searcher().segment_readers().len() >= 2);
        let q = "điều kiện công nhận hòa giải";
        let score = |w: &Weights| -> HashMap<(String, String), f32> {
            search_passages(&index, q, 10, w)
                .unwrap()
                .into_iter()
                .map(|p| ((p.doc_id, p.path), p.score))
                .collect()
        };
        let key = |id: &str, path: &str| (id.to_string(), path.to_string());
        let titled = score(&Weights::default());
        assert_eq!(titled.len(), 4, "{titled:?}");
        // Each passage of the titled document gains exactly the same: the texts are the same.
        let lift = titled[&key("mediation", "Điều 1")] - titled[&key("land", "Điều 1")];
        assert!(lift > 0.0, "{titled:?}");
        let lift2 = titled[&key("mediation", "Điều 2")] - titled[&key("land", "Điều 2")];
        assert!((lift - lift2).abs() < 1e-4, "{lift} vs {lift2}");
        // Without titles counting, the documents tie.
        let plain = score(&Weights {
            context: 0.0,
            ..Weights::default()
        });
        let diff = plain[&key("mediation", "Điều 1")] - plain[&key("land", "Điều 1")];
        assert!(diff.abs() < 1e-4, "{plain:?}");
        let res = search(&index, &SearchRequest::new(q)).unwrap();
        let ids: Vec<&str> = res.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["mediation", "land"]);
        // Merged into one segment (deleted entries dropped), each passage keeps its document.
        w.merge_segments().unwrap();
        drop(w);
        index.reload().unwrap();
        assert_eq!(index.searcher().segment_readers().len(), 1);
        let merged = score(&Weights::default());
        assert_eq!(merged.len(), 4, "{merged:?}");
        for (k, v) in &titled {
            assert!((merged[k] - v).abs() < 1e-3, "{k:?}: {} vs {v}", merged[k]);
        }
    }

    #[test]
    fn a_filter_applies_to_the_ranked_passages() {
        let mut a = doc("a", "Về hòa giải", &["Hòa giải ở cơ sở."]);
        a.doc_type = Some("Kế hoạch".into());
        let b = doc("b", "Về hòa giải", &["Hòa giải ở cơ sở và hòa giải viên."]);
        let index = index_of(&[a, b]);
        let mut req = SearchRequest::new("hòa giải");
        req.types = vec!["Kế hoạch".into()];
        let res = search(&index, &req).unwrap();
        let ids: Vec<&str> = res.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a"]);
        assert_eq!(res.total, 1);
    }

    #[test]
    fn a_question_naming_an_article_ranks_that_article_first() {
        let index = index_of(&[doc(
            "law",
            "Luật Hòa giải ở cơ sở",
            &[
                "Hòa giải viên là người được bầu; hòa giải viên phải có uy tín.",
                "Cộng đồng dân cư bầu ra hòa giải viên và tổ trưởng.",
            ],
        )]);
        let ranked =
            search_passages(&index, "hòa giải viên theo điều 2", 2, &Weights::default()).unwrap();
        assert_eq!(ranked[0].path, "Điều 2");
        let without = Weights {
            article: 0.0,
            ..Weights::default()
        };
        let plain = search_passages(&index, "hòa giải viên theo điều 2", 2, &without).unwrap();
        assert_eq!(
            plain[0].path, "Điều 1",
            "without the article signal Điều 1 wins"
        );
    }

    #[test]
    fn a_quoted_phrase_nobody_wrote_falls_back_to_its_words() {
        let index = index_of(&[doc("a", "Về hòa giải", &["Hòa giải ở cơ sở."])]);
        let exact = search(&index, &SearchRequest::new("\"hòa giải ở cơ sở\"")).unwrap();
        assert_eq!(exact.total, 1);
        assert!(!exact.phrases_relaxed);
        let typo = search(&index, &SearchRequest::new("\"hòa giải ở cơ sờ\"")).unwrap();
        assert_eq!(typo.total, 1);
        assert!(typo.phrases_relaxed);
        let passages =
            search_passages(&index, "\"hòa giải ở cơ sờ\"", 5, &Weights::default()).unwrap();
        assert_eq!(passages.len(), 1);
    }

    #[test]
    fn a_quoted_phrase_must_stand_in_one_passage_and_an_excluded_one_removes_documents() {
        let index = index_of(&[
            doc(
                "phrase",
                "Về pháp luật",
                &["Phổ biến pháp luật cho nhân dân."],
            ),
            doc(
                "apart",
                "Về pháp luật",
                &["Pháp luật về đất đai.", "Phổ biến kinh nghiệm."],
            ),
            doc("other", "Về thuế", &["Thuế thu nhập cá nhân."]),
        ]);
        let ids = |q: &str| {
            let res = search(&index, &SearchRequest::new(q)).unwrap();
            assert!(!res.phrases_relaxed, "{q}");
            let mut ids: Vec<String> = res.hits.into_iter().map(|h| h.id).collect();
            ids.sort();
            (res.total, ids)
        };
        assert_eq!(ids("\"phổ biến pháp luật\""), (1, vec!["phrase".into()]));
        assert_eq!(ids("\"pho bien phap luat\""), (1, vec!["phrase".into()]));
        assert_eq!(
            ids("pháp luật -\"phổ biến pháp luật\""),
            (1, vec!["apart".into()])
        );
        // A quoted single word is looked up in the document's own terms.
        assert_eq!(ids("\"đất\""), (1, vec!["apart".into()]));
        assert_eq!(ids("\"thue\" -\"thu nhập\""), (0, vec![]));
    }

    /// A document without type or issuer is counted under no placeholder facet.
    #[test]
    fn placeholders_are_never_shown_as_facets() {
        let typed = Document {
            id: "a".into(),
            doc_type: Some("Kế hoạch".into()),
            issuer: Some("UBND tỉnh Lạng Sơn".into()),
            issued: chrono::NaiveDate::from_ymd_opt(2020, 10, 1),
            body: "Điều 1. Kế hoạch này.\nĐiều 2. Cán bộ.".into(),
            outline: ["Điều 1. Kế hoạch này.", "Điều 2. Cán bộ."]
                .iter()
                .enumerate()
                .map(|(i, t)| Passage {
                    path: format!("Điều {}", i + 1),
                    heading: None,
                    text: t.to_string(),
                })
                .collect(),
            ..Document::default()
        };
        let bare = Document {
            id: "b".into(),
            body: "hòa giải ở cơ sở".into(),
            ..Document::default()
        };
        let index = index_of(&[typed, bare]);
        // The placeholders are never shown as facets.
        let req = SearchRequest::new("hòa giải OR cán bộ");
        let res = search(&index, &req).unwrap();
        assert_eq!(res.total, 2);
        let types: Vec<_> = res.facets.doc_type.iter().collect();
        assert_eq!(types, vec![(&"Kế hoạch".to_string(), &1)]);
        assert_eq!(res.facets.issuer.len(), 1);
        assert_eq!(res.facets.year.keys().collect::<Vec<_>>(), vec!["2020"]);
        assert!(res.facets.agency.keys().all(|role| !role.is_empty()));
    }
}
