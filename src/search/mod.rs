//! Search: from a [`SearchRequest`] to ranked documents with their best passages, snippets and
//! facets. Returns plain structs; the CLI and HTTP layers only serialize them.
//!
//! Document entries decide what matches (and are counted and faceted); documents are ranked by
//! their passages: BM25 over the accented and folded views of a passage's text and context, their
//! syllable pairs, the number key and the article number: an exact number match first, accented
//! above folded, pairs above scattered syllables.

pub mod at_least;
pub mod bm25;
pub mod entries;
pub mod exhaustive;
pub mod facets;
pub mod graph;
pub mod query;
pub mod snippet;
pub mod tasks;
pub mod titles;
pub mod within;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
    TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DateTime, DocAddress, Order, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::index::Summary;
use crate::index::{agency_term, filter_key, term_query, VanbanIndex, KIND_DOC, KIND_PASSAGE};
use crate::number;
use crate::text;
use at_least::AtLeast;
use entries::{DocKey, DocKeys, Entries, MatchedDocs};
use exhaustive::Exhaustive;
pub use query::ParsedQuery;
use titles::TitleScores;

/// Most hits a page may ask for.
pub const MAX_LIMIT: usize = 100;
/// Deepest offset a page may start at.
pub const MAX_OFFSET: usize = 10_000;
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
            title_terms: 0.0,
        }
    }
}

/// Sort orders.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest issue date first.
    IssuedDesc,
    /// Oldest issue date first.
    IssuedAsc,
}

impl std::str::FromStr for Sort {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "" | "relevance" => Ok(Sort::Relevance),
            "issued_desc" => Ok(Sort::IssuedDesc),
            "issued_asc" => Ok(Sort::IssuedAsc),
            other => Err(Error::bad_request(
                "bad_sort",
                format!("sort `{other}` is unknown; use relevance, issued_desc or issued_asc"),
            )),
        }
    }
}

/// Agency roles accepted by the `role` filter.
pub const ROLES: [&str; 4] = ["any", "issuer", "lead", "support"];

/// A search: query text plus filters, sort and page.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Query in the query language of [`query`].
    pub q: String,
    /// Document types (any of them).
    pub types: Vec<String>,
    /// Issuing agency.
    pub issuer: Option<String>,
    /// Agency in any role, or in `role`.
    pub agency: Option<String>,
    /// `issuer`, `lead`, `support` or `any` (default).
    pub role: Option<String>,
    /// Lĩnh vực.
    pub field: Option<String>,
    /// Issued on or after.
    pub issued_from: Option<NaiveDate>,
    /// Issued on or before.
    pub issued_to: Option<NaiveDate>,
    /// In force from on or after.
    pub effective_from: Option<NaiveDate>,
    /// In force from on or before.
    pub effective_to: Option<NaiveDate>,
    /// A task deadline overlapping from.
    pub deadline_from: Option<NaiveDate>,
    /// A task deadline overlapping to.
    pub deadline_to: Option<NaiveDate>,
    /// Cites this number.
    pub cites: Option<String>,
    /// Has this number.
    pub number: Option<String>,
    /// Sort order.
    pub sort: Sort,
    /// Page size (max [`MAX_LIMIT`]).
    pub limit: usize,
    /// Page start (max [`MAX_OFFSET`]).
    pub offset: usize,
}

impl SearchRequest {
    /// A relevance search for `q` with the default page.
    pub fn new(q: impl Into<String>) -> Self {
        SearchRequest {
            q: q.into(),
            limit: 10,
            ..SearchRequest::default()
        }
    }

    fn has_filter(&self) -> bool {
        !self.types.is_empty()
            || self.issuer.is_some()
            || self.agency.is_some()
            || self.field.is_some()
            || self.issued_from.is_some()
            || self.issued_to.is_some()
            || self.effective_from.is_some()
            || self.effective_to.is_some()
            || self.deadline_from.is_some()
            || self.deadline_to.is_some()
            || self.cites.is_some()
            || self.number.is_some()
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
}

/// The results of a search.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SearchResponse {
    /// Matching documents in all.
    pub total: usize,
    /// This page.
    pub hits: Vec<Hit>,
    /// Counts by type, issuer, year.
    pub facets: Facets,
    /// The query with likely diacritics restored, when it had none and that may help.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<String>,
    /// True when no document holds a quoted phrase exactly and these results hold its words.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub phrases_relaxed: bool,
}

/// Runs a search.
pub fn search(index: &VanbanIndex, req: &SearchRequest) -> Result<SearchResponse> {
    search_with(index, req, &Weights::default())
}

/// [`search`] that stops with [`crate::Error::TimedOut`] once `deadline` has passed (checked
/// between phases: after matching and ranking, before the retry without phrases).
pub fn search_until(
    index: &VanbanIndex,
    req: &SearchRequest,
    deadline: crate::deadline::Deadline,
) -> Result<SearchResponse> {
    search_checked(index, req, &Weights::default(), deadline)
}

/// Runs a search with explicit ranking weights (for evaluation).
pub fn search_with(
    index: &VanbanIndex,
    req: &SearchRequest,
    w: &Weights,
) -> Result<SearchResponse> {
    search_checked(index, req, w, crate::deadline::Deadline::none())
}

fn search_checked(
    index: &VanbanIndex,
    req: &SearchRequest,
    w: &Weights,
    deadline: crate::deadline::Deadline,
) -> Result<SearchResponse> {
    if req.limit > MAX_LIMIT {
        return Err(Error::bad_request(
            "limit_too_large",
            format!("limit is at most {MAX_LIMIT}"),
        ));
    }
    if req.offset > MAX_OFFSET {
        return Err(Error::bad_request(
            "offset_too_large",
            format!("offset is at most {MAX_OFFSET}; narrow the search with filters instead"),
        ));
    }
    let parsed = query::parse(&req.q)?;
    if parsed.is_empty() && !req.has_filter() {
        return Err(Error::bad_request(
            "empty_query",
            "give a query `q` or at least one filter",
        ));
    }
    let res = search_parsed(index, req, parsed.clone(), w, deadline)?;
    if res.total == 0 {
        if let Some(relaxed) = parsed.relax_phrases() {
            deadline.check()?;
            let mut words = search_parsed(index, req, relaxed, w, deadline)?;
            if words.total > 0 {
                words.phrases_relaxed = true;
                return Ok(words);
            }
        }
    }
    Ok(res)
}

/// [`search_with`] for a parsed query.
fn search_parsed(
    index: &VanbanIndex,
    req: &SearchRequest,
    mut parsed: ParsedQuery,
    w: &Weights,
    deadline: crate::deadline::Deadline,
) -> Result<SearchResponse> {
    let f = *index.fields();
    let searcher = index.searcher();
    parsed.restored = restore_accents(index, &searcher, &parsed.free_text)?;
    let did_you_mean = did_you_mean(index, &searcher, &req.q, &parsed)?;
    let filters = filter_clauses(index, req)?;
    let text_query = text_query(index, &searcher, &parsed, Scope::Document, w)?;
    let has_text = text_query.is_some();
    // Which documents match: decided, counted and faceted on document entries.
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, term_query(f.kind, KIND_DOC))];
    clauses.push((
        Occur::Must,
        text_query.unwrap_or_else(|| Box::new(AllQuery)),
    ));
    clauses.extend(filters.iter().map(|(o, q)| (*o, q.box_clone())));
    let matching = BooleanQuery::new(clauses);

    let page = req.limit.max(1);
    let (total, hits, facets) = if req.sort == Sort::Relevance && has_text {
        // Counting and facets need no scores; the ranking is by passages.
        let (total, aggs, matched) =
            searcher.search(&matching, &(Count, facets::collector(index), MatchedDocs))?;
        let (ranked, terms) = rank_by_passages(
            index,
            &searcher,
            &parsed,
            &filters,
            (&matching, &matched),
            req.offset + page,
            w,
        )?;
        deadline.check()?;
        let page = (req.offset, page);
        let hits = ranked_hits(index, &searcher, (&parsed, &terms), ranked, page, w)?;
        (total, hits, aggs)
    } else {
        let order = match req.sort {
            Sort::IssuedAsc => Some(Order::Asc),
            Sort::IssuedDesc => Some(Order::Desc),
            Sort::Relevance => None,
        };
        let (total, addrs, aggs) = match order {
            None => {
                let top = TopDocs::with_limit(page).and_offset(req.offset);
                searcher.search(&matching, &(Count, top, facets::collector(index)))?
            }
            Some(order) => {
                let top = TopDocs::with_limit(page)
                    .and_offset(req.offset)
                    .order_by_fast_field::<DateTime>(crate::index::schema::names::ISSUED, order);
                let (total, top, aggs) =
                    searcher.search(&matching, &(Count, top, facets::collector(index)))?;
                let top = top.into_iter().map(|(_, a)| (0.0, a)).collect();
                (total, top, aggs)
            }
        };
        deadline.check()?;
        let hits = document_hits(index, &searcher, &parsed, addrs, w)?;
        (total, hits, aggs)
    };
    Ok(SearchResponse {
        total,
        hits,
        facets: facets.into_facets(),
        did_you_mean,
        phrases_relaxed: false,
    })
}

/// A document ranked by its best passages.
struct Ranked {
    key: DocKey,
    score: f32,
    /// Its best passages in the pool, best first; for a document ranked on its own entry, that
    /// entry.
    passages: Vec<DocAddress>,
    /// Its passages in the pool with their scores, best first (at most
    /// [`CANDIDATES_PER_HIT`]): those [`shown_passages`] chooses from.
    candidates: Vec<(f32, DocAddress)>,
}

/// Most passages of one document kept from the pool to choose the ones it shows from.
const CANDIDATES_PER_HIT: usize = 32;

/// The first tier of passages looked at: the best 200 passages rank the documents they reach.
const MIN_PASSAGE_POOL: usize = 200;

/// Each tier of passages is this many times the one before.
const PASSAGE_TIER_GROWTH: usize = 4;

/// Most passages looked at to fill a page of documents ranked by their passages (the last
/// tier); documents the pool does not reach follow, ranked on their document entries.
const MAX_PASSAGE_POOL: usize = 20_000;

/// The tiers of the passage pool, smallest first: 200, 800, 3,200, 12,800, 20,000.
fn passage_tiers() -> impl Iterator<Item = usize> {
    std::iter::successors(Some(MIN_PASSAGE_POOL), |&t| {
        (t < MAX_PASSAGE_POOL).then(|| (t * PASSAGE_TIER_GROWTH).min(MAX_PASSAGE_POOL))
    })
}

/// The first `wanted` matching documents, each scored by its best passages (BM25 over the
/// passage's text, pairs and context, as `vanban eval` measures it). Passages are searched with
/// the same filters; a document is kept only when it matches as a whole (its key is in the
/// `matched` set of the `matching` query). Matching documents no passage reaches follow, scored on
/// their entries.
///
/// Documents are ranked tier by tier ([`passage_tiers`]): first those the best 200 passages
/// reach, by their passages among those 200; then those the best 800 reach, by their passages
/// among those 800; and so on. The best passages of a larger pool begin with those of a smaller
/// one (ties break by address), so the order is the same however many documents a request asks
/// for: pages never overlap or skip a document.
fn rank_by_passages(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    parsed: &ParsedQuery,
    filters: &[(Occur, Box<dyn Query>)],
    (matching, matched): (&BooleanQuery, &DocKeys),
    wanted: usize,
    w: &Weights,
) -> Result<(Vec<Ranked>, Vec<WeightedTerm>)> {
    let mut ranked: Vec<Ranked> = Vec::new();
    let mut entries = Entries::new(searcher);
    let (tq, terms) = query_and_terms(index, searcher, parsed, Scope::Passage, w)?;
    if let Some(tq) = tq {
        let titles = title_scores(index, searcher, parsed, w)?;
        // Without filters the query stays a pure disjunction of terms, needing no `kind` filter;
        // the few document entries it can reach (through their number key) are skipped below.
        let query: Box<dyn Query> = if filters.is_empty() {
            tq
        } else {
            let mut clauses = vec![(Occur::Must, tq)];
            clauses.extend(filters.iter().map(|(o, q)| (*o, q.box_clone())));
            Box::new(BooleanQuery::new(clauses))
        };
        // The first tier likely to reach enough documents, then the next ones while too few do.
        let needed = wanted.saturating_mul(PASSAGE_POOL_FACTOR);
        let tiers = passage_tiers().skip_while(|&t| t < needed && t < MAX_PASSAGE_POOL);
        for pool in tiers {
            let top = search_passage_entries(
                index,
                searcher,
                (query.as_ref(), titles.as_ref()),
                pool,
                w,
            )?;
            // Each passage's document, when it is a passage of a matching document.
            let mut keys = Vec::with_capacity(top.len());
            for (_, addr) in &top {
                let key = match entries.is_passage(*addr)? {
                    true => entries.key(*addr)?.filter(|k| matched.contains(k)),
                    false => None,
                };
                keys.push(key);
            }
            ranked = by_tiers(&top, &keys);
            if ranked.len() >= wanted || top.len() < pool {
                break;
            }
        }
    }
    if ranked.len() < wanted && ranked.len() < matched.len() {
        // Matching documents no passage reached (no body, or beyond the pool).
        let seen: HashSet<DocKey> = ranked.iter().map(|r| r.key).collect();
        let top = searcher.search(matching, &TopDocs::with_limit(wanted + seen.len()))?;
        for (score, addr) in top {
            let Some(key) = entries.key(addr)? else {
                continue;
            };
            if !seen.contains(&key) && ranked.len() < wanted {
                ranked.push(Ranked {
                    key,
                    score,
                    passages: vec![addr],
                    candidates: Vec::new(),
                });
            }
        }
    }
    Ok((ranked, terms))
}

/// Documents ranked tier by tier over `top` (the best passages, best first, with the document
/// `keys` of those that count): each tier's new documents by the sum of their best passages
/// (up to [`PASSAGES_PER_HIT`]) among that tier's passages. A document's score sums its best
/// passages: one about the subject throughout comes before one that mentions it in a single
/// article.
fn by_tiers(top: &[(f32, DocAddress)], keys: &[Option<DocKey>]) -> Vec<Ranked> {
    let mut ranked: Vec<Ranked> = Vec::new();
    let mut placed: HashSet<DocKey> = HashSet::new();
    for tier in passage_tiers() {
        let end = tier.min(top.len());
        let mut new: Vec<Ranked> = Vec::new();
        let mut at: HashMap<DocKey, usize> = HashMap::new();
        for ((score, addr), key) in top[..end].iter().zip(keys) {
            let Some(key) = key.filter(|k| !placed.contains(k)) else {
                continue;
            };
            match at.get(&key) {
                Some(&i) => {
                    let r = &mut new[i];
                    if r.passages.len() < PASSAGES_PER_HIT {
                        r.passages.push(*addr);
                        r.score += *score;
                    }
                    if r.candidates.len() < CANDIDATES_PER_HIT {
                        r.candidates.push((*score, *addr));
                    }
                }
                None => {
                    at.insert(key, new.len());
                    new.push(Ranked {
                        key,
                        score: *score,
                        passages: vec![*addr],
                        candidates: vec![(*score, *addr)],
                    });
                }
            }
        }
        // A stable sort: equal scores keep the order of their best passages.
        new.sort_by(|a, b| b.score.total_cmp(&a.score));
        placed.extend(new.iter().map(|r| r.key));
        ranked.extend(new);
        if end == top.len() {
            break;
        }
    }
    ranked
}

/// The best `limit` entries for a passage-ranking query, BM25 with passage lengths scaled by
/// [`Weights::length_scale`].
fn search_passage_entries(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    (query, titles): (&dyn Query, Option<&TitleScores>),
    limit: usize,
    w: &Weights,
) -> Result<Vec<(f32, DocAddress)>> {
    let f = index.fields();
    let fields = [f.body, f.body_folded, f.body_folded_pairs];
    let stats = bm25::ScaledLengths::new(searcher, &fields, w.length_scale);
    let top = TopDocs::with_limit(limit);
    Ok(match titles {
        // Tweaking scores leaves out tantivy's pruning too: every match is scored.
        Some(t) if !t.is_empty() => searcher.search_with_statistics_provider(
            query,
            &top.tweak_score(t.tweaker()),
            &stats,
        )?,
        _ => searcher.search_with_statistics_provider(query, &Exhaustive(top), &stats)?,
    })
}

/// The title score of each document whose title holds a term of the question (none when
/// titles do not count, [`Weights::context`] 0).
fn title_scores(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    parsed: &ParsedQuery,
    w: &Weights,
) -> Result<Option<TitleScores>> {
    if w.context <= 0.0 {
        return Ok(None);
    }
    let Some(q) = text_query(index, searcher, parsed, Scope::Title, w)? else {
        return Ok(None);
    };
    let kind_doc = Term::from_field_text(index.fields().kind, KIND_DOC);
    Ok(Some(TitleScores::collect(searcher, q.as_ref(), kind_doc)?))
}

/// Entries of any of the document ids.
fn of_ids(field: Field, ids: &[&str]) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        ids.iter()
            .map(|id| (Occur::Should, term_query(field, id)))
            .collect(),
    ))
}

/// The page `offset..offset + limit` of `ranked` as hits: their summaries and snippets come from
/// the passages that ranked them; a document ranked on its own entry is read whole and shown
/// with its best passages.
fn ranked_hits(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    (parsed, terms): (&ParsedQuery, &[WeightedTerm]),
    ranked: Vec<Ranked>,
    (offset, limit): (usize, usize),
    w: &Weights,
) -> Result<Vec<Hit>> {
    let f = *index.fields();
    let page: Vec<Ranked> = ranked.into_iter().skip(offset).take(limit).collect();
    let generator = snippets(index, searcher, parsed)?;
    let mut hits = Vec::with_capacity(page.len());
    let mut whole = Vec::new();
    let (shown, mut read) = shown_passages(index, searcher, terms, &page, w)?;
    for (r, shown) in page.into_iter().zip(shown) {
        let mut summary = None;
        let mut passages = Vec::with_capacity(r.passages.len());
        let mut id = String::new();
        for addr in &shown {
            let stored: TantivyDocument = match read.remove(addr) {
                Some(stored) => stored,
                None => searcher.doc(*addr)?,
            };
            let get = |field: Field| stored.get_first(field).and_then(|v| v.as_str());
            if id.is_empty() {
                id = get(f.id).unwrap_or("").to_string();
            }
            match index.stored_summary(&stored)? {
                Some(s) => {
                    let path = get(f.path).unwrap_or("").to_string();
                    passages.push(snippet::make(
                        generator.as_ref(),
                        path,
                        get(f.text).unwrap_or(""),
                        &s.abbreviations,
                    ));
                    summary.get_or_insert(s);
                }
                None => summary = Some(Summary::of(&index.stored_document(&stored)?)),
            }
        }
        if passages.is_empty() {
            whole.push(hits.len());
        }
        let s = summary.unwrap_or_default();
        hits.push(Hit {
            id,
            number: s.number,
            doc_type: s.doc_type,
            title: s.title,
            issuer: s.issuer,
            issued: s.issued,
            score: r.score,
            passages,
        });
    }
    let ids: Vec<&str> = whole.iter().map(|&i| hits[i].id.as_str()).collect();
    let mut other = best_passages(index, searcher, &ids, (parsed, w), generator.as_ref())?;
    for i in whole {
        let id = hits[i].id.clone();
        hits[i].passages = other.remove(&id).unwrap_or_default();
    }
    Ok(hits)
}

/// The passages each hit of `page` shows: as many as ranked it, its best passages in the pool
/// ranked among themselves (`search::within`); a document ranked on its own entry, that entry. With
/// them, the stored entries read on the way (each hit's best passage in the pool).
fn shown_passages(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    terms: &[WeightedTerm],
    page: &[Ranked],
    w: &Weights,
) -> Result<ShownPassages> {
    let mut read = HashMap::new();
    if w.title_terms >= 1.0 {
        return Ok((page.iter().map(|r| r.passages.clone()).collect(), read));
    }
    let candidates: Vec<within::Candidate> = page
        .iter()
        .flat_map(|r| r.candidates.iter().map(|&(s, a)| (a, r.key, s)))
        .collect();
    let best = order_within(index, searcher, terms, &candidates, &mut read, w)?;
    let shown = page
        .iter()
        .map(|r| {
            let slots: Vec<(DocKey, DocAddress)> = r.passages.iter().map(|a| (r.key, *a)).collect();
            within::fill_slots(&slots, &best)
        })
        .collect();
    Ok((shown, read))
}

/// [`shown_passages`]: per hit its passages, and the stored entries already read.
type ShownPassages = (Vec<Vec<DocAddress>>, HashMap<DocAddress, TantivyDocument>);

/// Each document's passages among `candidates` (ranked across documents by `terms`), best first
/// among themselves ([`within::scores_within`], under the statistics passages are ranked by).
/// What each document's heading says is kept across searches, or read from the stored summary
/// of its best candidate, which is left in `read`.
fn order_within(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    terms: &[WeightedTerm],
    candidates: &[within::Candidate],
    read: &mut HashMap<DocAddress, TantivyDocument>,
    w: &Weights,
) -> Result<HashMap<DocKey, Vec<DocAddress>>> {
    let mut headings = within::Headings::default();
    for &(addr, key, _) in candidates {
        if headings.has(key) {
            continue;
        }
        let segment = searcher.segment_reader(key.0).segment_id();
        let covered = index.headings().get_or_add((segment, key.1), || {
            let stored: TantivyDocument = searcher.doc(addr)?;
            let heading = index.stored_summary(&stored)?.map(|s| s.heading());
            read.insert(addr, stored);
            Ok(heading.unwrap_or_default())
        })?;
        headings.add(key, covered);
    }
    let f = index.fields();
    let fields = [f.body, f.body_folded, f.body_folded_pairs];
    let stats = bm25::ScaledLengths::new(searcher, &fields, w.length_scale);
    let headings = (terms, &headings);
    let scores = within::scores_within(searcher, &stats, f, headings, candidates, w.title_terms)?;
    Ok(within::best_within(candidates, &scores))
}

/// The weights for finding the best passages of one document: every passage there has the same
/// title, so context terms would only cost, and common terms rank too (few passages to walk).
fn within(w: &Weights) -> Weights {
    Weights {
        context: 0.0,
        common: 0.0,
        ..*w
    }
}

/// Hits for document entries found directly (sorted by date, or without query text), with
/// their best passages.
fn document_hits(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    parsed: &ParsedQuery,
    addrs: Vec<(f32, DocAddress)>,
    w: &Weights,
) -> Result<Vec<Hit>> {
    let mut docs = Vec::with_capacity(addrs.len());
    for (score, addr) in addrs {
        let stored: TantivyDocument = searcher.doc(addr)?;
        docs.push((score, index.stored_document(&stored)?));
    }
    let ids: Vec<&str> = docs.iter().map(|(_, d)| d.id.as_str()).collect();
    let generator = snippets(index, searcher, parsed)?;
    let mut passages = best_passages(index, searcher, &ids, (parsed, w), generator.as_ref())?;
    Ok(docs
        .into_iter()
        .map(|(score, doc)| Hit {
            passages: passages.remove(&doc.id).unwrap_or_default(),
            id: doc.id,
            number: doc.number,
            doc_type: doc.doc_type,
            title: doc.title,
            issuer: doc.issuer,
            issued: doc.issued,
            score,
        })
        .collect())
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

/// Ranks passages (articles) directly, without grouping by document: the unit of `vanban eval`.
pub fn search_passages(
    index: &VanbanIndex,
    q: &str,
    limit: usize,
    w: &Weights,
) -> Result<Vec<PassageRank>> {
    let parsed = query::parse(q)?;
    let found = passages_parsed(index, parsed.clone(), limit, w)?;
    match parsed.relax_phrases() {
        Some(relaxed) if found.is_empty() => passages_parsed(index, relaxed, limit, w),
        _ => Ok(found),
    }
}

/// [`search_passages`] for a parsed query.
fn passages_parsed(
    index: &VanbanIndex,
    mut parsed: ParsedQuery,
    limit: usize,
    w: &Weights,
) -> Result<Vec<PassageRank>> {
    let f = *index.fields();
    let searcher = index.searcher();
    if w.restored > 0.0 {
        parsed.restored = restore_accents(index, &searcher, &parsed.free_text)?;
    }
    let (Some(tq), terms) = query_and_terms(index, &searcher, &parsed, Scope::Passage, w)? else {
        return Ok(Vec::new());
    };
    let query = BooleanQuery::new(vec![
        (Occur::Must, term_query(f.kind, KIND_PASSAGE)),
        (Occur::Must, tq),
    ]);
    let titles = title_scores(index, &searcher, &parsed, w)?;
    let limit = limit.max(1);
    // The places are the best `limit` passages'; which of a document's passages stand in its
    // places is chosen among its passages in a pool as large as the search's first tier.
    let pool = match w.title_terms < 1.0 {
        true => limit.max(MIN_PASSAGE_POOL),
        false => limit,
    };
    let top = search_passage_entries(index, &searcher, (&query, titles.as_ref()), pool, w)?;
    let mut entries = Entries::new(&searcher);
    let mut keyed: Vec<(DocKey, DocAddress, f32)> = Vec::with_capacity(top.len());
    for (score, addr) in top {
        if let Some(key) = entries.key(addr)? {
            keyed.push((key, addr, score));
        }
    }
    let slots: Vec<(DocKey, DocAddress)> =
        keyed.iter().take(limit).map(|&(k, a, _)| (k, a)).collect();
    let order = match w.title_terms < 1.0 {
        true => {
            let placed: HashSet<DocKey> = slots.iter().map(|&(k, _)| k).collect();
            let candidates: Vec<within::Candidate> = keyed
                .iter()
                .filter(|(k, _, _)| placed.contains(k))
                .map(|&(k, a, s)| (a, k, s))
                .collect();
            let mut read = HashMap::new();
            let best = order_within(index, &searcher, &terms, &candidates, &mut read, w)?;
            within::fill_slots(&slots, &best)
        }
        false => slots.iter().map(|&(_, a)| a).collect(),
    };
    let mut out = Vec::with_capacity(order.len());
    for (addr, &(_, _, score)) in order.into_iter().zip(&keyed) {
        let stored: TantivyDocument = searcher.doc(addr)?;
        let get = |field: Field| {
            stored
                .get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        out.push(PassageRank {
            doc_id: get(f.id),
            path: get(f.path),
            score,
        });
    }
    Ok(out)
}

/// `text` with likely diacritics restored, when it has letters and none of them accented.
fn restore_accents(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    text: &str,
) -> Result<Option<String>> {
    if text.trim().is_empty()
        || text::has_diacritics(text)
        || !text.chars().any(char::is_alphabetic)
    {
        return Ok(None);
    }
    Ok(index.accent_model(searcher)?.restore(text))
}

/// What snippets mark for `parsed`: its free-text syllables (preferring the forms it wrote, or
/// the diacritics search restored), and its phrases in a row; `None` when it has neither.
fn snippets(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    parsed: &ParsedQuery,
) -> Result<Option<snippet::Snippets>> {
    let f = index.fields();
    let words = |text: &str, field: Field| syllables_in(index, field, text);
    let written_accented = text::has_diacritics(&parsed.free_text);
    let accented = match &parsed.restored {
        _ if written_accented => words(&parsed.free_text, f.body)?,
        Some(restored) => words(restored, f.body)?,
        None => Vec::new(),
    };
    let mut phrases = Vec::new();
    for p in &parsed.phrases {
        let forms = if text::has_diacritics(p) {
            Some(words(p, f.body)?)
        } else {
            None
        };
        phrases.push((words(p, f.body_folded)?, forms));
    }
    let wanted = snippet::Wanted {
        words: words(&parsed.free_text, f.body_folded)?,
        accented,
        phrases,
    };
    if wanted.words.is_empty() && wanted.phrases.is_empty() {
        return Ok(None);
    }
    snippet::Snippets::new(searcher, f.body_folded, wanted).map(Some)
}

/// The whole query with diacritics restored, offered when it was typed without any (`pho bien
/// giao duc phap luat` → `phổ biến giáo dục pháp luật`). Document numbers are left as typed:
/// a query holding one is not rewritten.
fn did_you_mean(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    q: &str,
    parsed: &ParsedQuery,
) -> Result<Option<String>> {
    if parsed.restored.is_none() || !parsed.numbers.is_empty() {
        return Ok(None);
    }
    // A query of plain words is its own free text: already restored.
    if q == parsed.free_text {
        return Ok(parsed.restored.clone());
    }
    restore_accents(index, searcher, q)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Document entries: what matches.
    Document,
    /// Passages: their ranking, on their text and heading.
    Passage,
    /// Document entries: the title score ranking adds to each of their passages.
    Title,
}

/// Tokens of `text` as the analyzer of `field` makes them, keyed by position.
fn analyze(index: &VanbanIndex, field: Field, text: &str) -> Result<Vec<(usize, String)>> {
    let mut analyzer = index.tantivy().tokenizer_for_field(field)?;
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push((t.position, t.text.clone()));
    }
    Ok(out)
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

fn scored_term(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    scored(Term::from_field_text(field, text), boost)
}

/// A term's BM25 score, times `boost`.
fn scored(term: Term, boost: f32) -> Box<dyn Query> {
    boosted(
        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
        boost,
    )
}

/// The matching and scoring part of a query.
///
/// On document entries ([`Scope::Document`]) it decides what matches: per syllable a group over
/// the folded and accented views of title and body, enough groups required (all of up to three,
/// half of more), phrases required, exclusions, and number keys. On passages
/// ([`Scope::Passage`]) it ranks: every syllable, syllable pair (accented when the query has
/// diacritics) and number key of the query as one flat disjunction of terms over the passage's
/// text and context, without the terms no passage holds or too many do ([`ranking_terms`]).
fn text_query(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    parsed: &ParsedQuery,
    scope: Scope,
    w: &Weights,
) -> Result<Option<Box<dyn Query>>> {
    Ok(query_and_terms(index, searcher, parsed, scope, w)?.0)
}

/// [`text_query`], and on passages and titles the weighted terms it ranks by.
fn query_and_terms(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    parsed: &ParsedQuery,
    scope: Scope,
    w: &Weights,
) -> Result<QueryAndTerms> {
    let f = *index.fields();
    let accented = text::has_diacritics(&parsed.free_text);
    // (folded field, accented field, weight) of each syllable view. Deciding what matches needs
    // no accented terms: a folded match includes every accented one.
    let views: Vec<(Field, Option<Field>, f32)> = match scope {
        Scope::Document => vec![
            (f.doc_body_folded, None, 1.0),
            (f.doc_title_folded, None, w.title),
        ],
        Scope::Passage if w.context > 0.0 => vec![
            (f.body_folded, Some(f.body), 1.0),
            (f.title_folded, Some(f.title), w.context),
        ],
        Scope::Passage => vec![(f.body_folded, Some(f.body), 1.0)],
        Scope::Title => vec![(f.doc_title_folded, Some(f.doc_title), w.context)],
    };
    // Syllable groups keyed by position in the query.
    let folded_tokens = analyze(index, f.body_folded, &parsed.free_text)?;
    let accented_tokens: HashMap<usize, String> = analyze(index, f.body, &parsed.free_text)?
        .into_iter()
        .collect();
    // Restored diacritics line up with the typed syllables: same positions.
    let restored_tokens: HashMap<usize, String> = match &parsed.restored {
        Some(r) if !accented && w.restored > 0.0 => {
            analyze(index, f.body, r)?.into_iter().collect()
        }
        _ => HashMap::new(),
    };
    let mut groups: Vec<Vec<WeightedTerm>> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (pos, folded) in &folded_tokens {
        if folded.contains('/') || !seen.insert(folded.clone()) {
            continue;
        }
        let mut group = Vec::new();
        for (fold_field, acc_field, weight) in &views {
            group.push((Term::from_field_text(*fold_field, folded), *weight));
            let exact = if accented {
                accented_tokens.get(pos).map(|t| (t, w.accented))
            } else {
                restored_tokens.get(pos).map(|t| (t, w.restored))
            };
            if let (Some((t, extra)), Some(acc_field)) = (exact, acc_field) {
                group.push((Term::from_field_text(*acc_field, t), weight * extra));
            }
        }
        groups.push(group);
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut ranked: Vec<WeightedTerm> = Vec::new();
    match scope {
        Scope::Document if !groups.is_empty() => {
            let n = groups.len();
            let required = if parsed.any {
                1
            } else if n <= 3 {
                n
            } else {
                n.div_ceil(2).max(3)
            };
            // Which documents hold enough syllables, counted without scores ([`AtLeast`]); the
            // same terms' BM25 scores them only when something is scored (documents no passage
            // ranked): tantivy leaves an optional clause out of an unscored search.
            let at_least = AtLeast::new(
                groups
                    .iter()
                    .map(|g| g.iter().map(|(t, _)| t.clone()).collect())
                    .collect(),
                required,
            );
            let scores = BooleanQuery::new(should(groups.into_iter().flatten().collect()));
            let matching: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(at_least) as Box<dyn Query>),
                (Occur::Should, Box::new(scores) as Box<dyn Query>),
            ]));
            let occur = if parsed.numbers.is_empty() && parsed.phrases.is_empty() {
                Occur::Must
            } else {
                Occur::Should
            };
            clauses.push((occur, matching));
        }
        Scope::Document => {}
        Scope::Passage | Scope::Title => {
            let mut terms: Vec<WeightedTerm> = groups.into_iter().flatten().collect();
            // Folded syllable pairs of the text, and of the context when it counts (accented
            // pairs ranked no better on either benchmark, so the index keeps none in passages).
            let pair_fields = match scope {
                Scope::Title => vec![(f.doc_title_pairs, w.pairs * w.context)],
                _ if w.context > 0.0 => vec![
                    (f.body_folded_pairs, w.pairs),
                    (f.title_folded_pairs, w.pairs * w.context),
                ],
                _ => vec![(f.body_folded_pairs, w.pairs)],
            };
            for (field, weight) in pair_fields {
                for (_, t) in analyze(index, field, &parsed.free_text)? {
                    terms.push((Term::from_field_text(field, &t), weight));
                }
            }
            // What is common depends on what is ranked: title terms among document titles
            // (`luật`, `quy định`); passage terms among passages, heading terms more strictly,
            // since a heading (`Điều 5. Trách nhiệm của...`) also stands in its passage's text.
            let (kind, text_share, heading_share) = match scope {
                Scope::Title => (KIND_DOC, common_share(w, TITLE_COMMON), 0.0),
                _ => (KIND_PASSAGE, w.common, common_share(w, HEADING_COMMON)),
            };
            let headings = [f.title, f.title_folded, f.title_folded_pairs];
            let (heading, text): (Vec<WeightedTerm>, Vec<WeightedTerm>) = terms
                .into_iter()
                .partition(|(t, _)| headings.contains(&t.field()));
            let mut terms = ranking_terms(index, searcher, text, (text_share, kind))?;
            terms.extend(ranking_terms(
                index,
                searcher,
                heading,
                (heading_share, kind),
            )?);
            ranked = terms.clone();
            clauses.extend(should(terms));
        }
    }
    if scope == Scope::Title {
        // Titles only add to passages: phrases, exclusions and numbers are theirs to decide.
        let query = (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as _);
        return Ok((query, ranked));
    }
    let phrase = |text: &str| match scope {
        Scope::Document => in_passages(index, searcher, text),
        Scope::Passage | Scope::Title => phrase_query(index, text),
    };
    for p in &parsed.phrases {
        if let Some(q) = phrase(p)? {
            clauses.push((Occur::Must, q));
        }
    }
    for excluded in &parsed.excluded {
        if let Some(q) = phrase(excluded)? {
            clauses.push((Occur::MustNot, q));
        }
    }
    let phrase_body = match scope {
        Scope::Document => f.doc_body,
        Scope::Passage | Scope::Title => f.body,
    };
    if scope == Scope::Passage && w.article > 0.0 {
        for n in &parsed.articles {
            clauses.push((Occur::Should, scored_term(f.article, n, w.article)));
        }
    }
    for key in &parsed.numbers {
        // Passages carry their document's number key too.
        clauses.push((Occur::Should, scored_term(f.number_key, key, w.number)));
        let lower = key.to_lowercase();
        clauses.push((Occur::Should, scored_term(phrase_body, &lower, 1.0)));
    }
    if clauses.is_empty() {
        return Ok((None, ranked));
    }
    if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Ok((Some(Box::new(BooleanQuery::new(clauses))), ranked))
}

/// A term and its weight in a query.
type WeightedTerm = (Term, f32);

/// [`query_and_terms`]: a query, and the weighted terms it ranks by.
type QueryAndTerms = (Option<Box<dyn Query>>, Vec<WeightedTerm>);

/// Heading terms held by more than this share of all passages do not rank them. At a million
/// passages, 0.01 instead of the share of other terms (0.1) took 15 % off a question's CPU;
/// nDCG@10 went 0.004 up on ALQAC and 0.002 down on the Zalo subset.
const HEADING_COMMON: f32 = 0.01;

/// Title terms held by more than this share of all document titles do not rank them. At a
/// million passages, 0.03 instead of 0.1 took another sixth off a question's CPU; the Zalo
/// subset ranked within 0.002 (ALQAC's 17 titles make every title term common either way).
const TITLE_COMMON: f32 = 0.03;

/// `share` where [`Weights::common`] leaves out common terms at all (between 0 and 1).
fn common_share(w: &Weights, share: f32) -> f32 {
    if w.common > 0.0 && w.common < 1.0 {
        share
    } else {
        w.common
    }
}

/// Scored `Should` clauses of `terms`.
fn should(terms: Vec<WeightedTerm>) -> Vec<(Occur, Box<dyn Query>)> {
    terms
        .into_iter()
        .map(|(t, weight)| (Occur::Should, scored(t, weight)))
        .collect()
}

/// The terms worth ranking by: those some entry holds, without the common ones, held by more
/// than the `common` share of all entries of the `kind` ranked (`của`, `và` in passages). A
/// common term weighs little in BM25 (its IDF is low) but its posting list is the longest to
/// walk; it still decides which documents match. When every term is common, all of them rank.
fn ranking_terms(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    terms: Vec<WeightedTerm>,
    (common, kind): (f32, &str),
) -> Result<Vec<WeightedTerm>> {
    let kind = Term::from_field_text(index.fields().kind, kind);
    let passages = searcher.doc_freq(&kind)?;
    let max = if common > 0.0 && common < 1.0 {
        (f64::from(common) * passages as f64) as u64
    } else {
        u64::MAX
    };
    let mut held = Vec::with_capacity(terms.len());
    for (term, weight) in terms {
        let df = searcher.doc_freq(&term)?;
        if df > 0 {
            held.push((term, weight, df));
        }
    }
    let all_common = held.iter().all(|(_, _, df)| *df > max);
    Ok(held
        .into_iter()
        .filter(|(_, _, df)| all_common || *df <= max)
        .map(|(t, w, _)| (t, w))
        .collect())
}

/// The document entries of the documents that hold `phrase`. A word is looked up in the
/// document's own distinct terms; a phrase of several words in its passages (the document entry
/// keeps no positions), so it must stand inside one passage, as it does in running text.
fn in_passages(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    phrase: &str,
) -> Result<Option<Box<dyn Query>>> {
    let f = index.fields();
    let (accented, words) = phrase_words(index, phrase)?;
    if let [word] = words.as_slice() {
        let field = if accented {
            f.doc_body
        } else {
            f.doc_body_folded
        };
        let term = Term::from_field_text(field, word);
        return Ok(Some(Box::new(TermQuery::new(
            term,
            IndexRecordOption::Basic,
        ))));
    }
    let Some(q) = passage_phrase(index, accented, words) else {
        return Ok(None);
    };
    let ids = searcher.search(q.as_ref(), &MatchedDocs)?.ids(searcher)?;
    let terms = ids.iter().map(|id| Term::from_field_text(f.id, id));
    Ok(Some(Box::new(TermSetQuery::new(terms))))
}

/// A phrase (or single word) matched in passages: [`passage_phrase`] of [`phrase_words`].
fn phrase_query(index: &VanbanIndex, phrase: &str) -> Result<Option<Box<dyn Query>>> {
    let (accented, words) = phrase_words(index, phrase)?;
    Ok(passage_phrase(index, accented, words))
}

/// Whether `phrase` has diacritics, and its syllables in that view (accented when it has them,
/// so that `đường` does not match `dương`; folded otherwise), without document-number keys.
fn phrase_words(index: &VanbanIndex, phrase: &str) -> Result<(bool, Vec<String>)> {
    let f = index.fields();
    let accented = text::has_diacritics(phrase);
    let field = if accented { f.body } else { f.body_folded };
    Ok((accented, syllables_in(index, field, phrase)?))
}

/// The syllables of `text` as the analyzer of `field` makes them, without document-number keys.
fn syllables_in(index: &VanbanIndex, field: Field, text: &str) -> Result<Vec<String>> {
    Ok(analyze(index, field, text)?
        .into_iter()
        .map(|(_, t)| t)
        .filter(|t| !t.contains('/'))
        .collect())
}

/// The passages holding `words` in a row, in the accented or the folded body view.
fn passage_phrase(
    index: &VanbanIndex,
    accented: bool,
    words: Vec<String>,
) -> Option<Box<dyn Query>> {
    let f = index.fields();
    let field = if accented { f.body } else { f.body_folded };
    let mut terms: Vec<Term> = words
        .iter()
        .map(|w| Term::from_field_text(field, w))
        .collect();
    match terms.len() {
        0 => None,
        1 => terms
            .pop()
            .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)) as Box<dyn Query>),
        _ => Some(Box::new(PhraseQuery::new(terms))),
    }
}

/// Parses a date parameter: `YYYY-MM-DD` (or `DD/MM/YYYY`).
pub fn parse_date(name: &str, value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value.trim(), "%d/%m/%Y"))
        .map_err(|_| {
            Error::bad_request(
                "bad_date",
                format!("{name}=`{value}` is not a date; write YYYY-MM-DD"),
            )
        })
        .and_then(|d| {
            use crate::extract::dates::{in_range, MAX_DATE, MIN_DATE};
            if in_range(d) {
                Ok(d)
            } else {
                Err(Error::bad_request(
                    "bad_date",
                    format!("{name}=`{value}` is outside {MIN_DATE} to {MAX_DATE}"),
                ))
            }
        })
}

fn date_term(field: Field, d: NaiveDate) -> Term {
    let secs = d
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default();
    Term::from_field_date(field, DateTime::from_timestamp_secs(secs))
}

fn date_range(
    field: Field,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Option<Box<dyn Query>> {
    if from.is_none() && to.is_none() {
        return None;
    }
    let lower = from.map_or(Bound::Unbounded, |d| Bound::Included(date_term(field, d)));
    let upper = to.map_or(Bound::Unbounded, |d| Bound::Included(date_term(field, d)));
    Some(Box::new(RangeQuery::new(lower, upper)))
}

/// Number keys for the `number` and `cites` filters; an unparseable number is a user error.
pub fn number_param(name: &str, value: &str) -> Result<String> {
    number::key(value).ok_or_else(|| {
        Error::bad_request(
            "bad_number",
            format!("{name}=`{value}` is not a document number like 176/KH-UBND"),
        )
    })
}

fn filter_clauses(
    index: &VanbanIndex,
    req: &SearchRequest,
) -> Result<Vec<(Occur, Box<dyn Query>)>> {
    let f = *index.fields();
    let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !req.types.is_empty() {
        let any = req
            .types
            .iter()
            .map(|t| (Occur::Should, term_query(f.doc_type_key, &filter_key(t))))
            .collect();
        out.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    if let Some(i) = &req.issuer {
        out.push((
            Occur::Must,
            term_query(f.issuer_key, &crate::extract::agencies::agency_key(i)),
        ));
    }
    let role = req.role.as_deref().unwrap_or("any");
    if !ROLES.contains(&role) {
        return Err(Error::bad_request(
            "bad_role",
            format!("role `{role}` is unknown; use issuer, lead, support or any"),
        ));
    }
    if let Some(a) = &req.agency {
        // The agency as typed (`so giao duc`, `Sở GD&ĐT`): every indexed name it matches.
        let terms = tasks::agency_terms(index, role, a)?;
        let terms = if terms.is_empty() {
            vec![agency_term(role, a)]
        } else {
            terms
        };
        let any = terms
            .iter()
            .map(|t| (Occur::Should, term_query(f.agency, t)))
            .collect();
        out.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    if let Some(field) = &req.field {
        out.push((Occur::Must, term_query(f.field_key, &filter_key(field))));
    }
    if let Some(q) = date_range(f.issued, req.issued_from, req.issued_to) {
        out.push((Occur::Must, q));
    }
    if let Some(q) = date_range(f.effective, req.effective_from, req.effective_to) {
        out.push((Occur::Must, q));
    }
    if let Some(c) = &req.cites {
        out.push((Occur::Must, term_query(f.cites, &number_param("cites", c)?)));
    }
    if let Some(n) = &req.number {
        out.push((
            Occur::Must,
            term_query(f.number_key, &number_param("number", n)?),
        ));
    }
    if req.deadline_from.is_some() || req.deadline_to.is_some() {
        let ids = tasks::documents_with_tasks_in(index, req.deadline_from, req.deadline_to, None)?;
        // One term-set query, not up to 10,000 boolean clauses (issue 23).
        if ids.is_empty() {
            out.push((Occur::MustNot, Box::new(AllQuery)));
        } else {
            let terms = ids.iter().map(|id| Term::from_field_text(f.id, id));
            out.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
    }
    Ok(out)
}

/// The best passages of one document for the query, with snippets; the first passage when the
/// query has no text.
fn best_passages(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    ids: &[&str],
    (parsed, w): (&ParsedQuery, &Weights),
    snippets: Option<&snippet::Snippets>,
) -> Result<HashMap<String, Vec<PassageHit>>> {
    let f = *index.fields();
    let mut out: HashMap<String, Vec<PassageHit>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let passage_query = text_query(index, searcher, parsed, Scope::Passage, &within(w))?;
    let text_query = passage_query.as_deref();
    // One pass over the passages of every hit: the best matching ones, grouped by document.
    let mut found: Vec<(String, DocAddress)> = Vec::new();
    if let Some(q) = text_query {
        let query = BooleanQuery::new(vec![
            (Occur::Must, term_query(f.kind, KIND_PASSAGE)),
            (Occur::Must, of_ids(f.id, ids)),
            (Occur::Must, q.box_clone()),
        ]);
        let limit = ids.len() * PASSAGES_PER_HIT * PASSAGE_POOL_FACTOR;
        let mut per_doc: HashMap<String, usize> = HashMap::new();
        let top = searcher.search(&query, &TopDocs::with_limit(limit))?;
        let addrs: Vec<DocAddress> = top.into_iter().map(|(_, a)| a).collect();
        let found_ids = Entries::new(searcher).ids(&addrs)?;
        for (addr, id) in addrs.into_iter().zip(found_ids) {
            let n = per_doc.entry(id.clone()).or_default();
            if *n < PASSAGES_PER_HIT {
                *n += 1;
                found.push((id, addr));
            }
        }
    }
    // A hit matched only through its title or number (or crowded out of the pool): its
    // opening passage.
    for id in ids {
        if found.iter().any(|(i, _)| i == id) {
            continue;
        }
        let mut best = Vec::new();
        if let Some(q) = text_query {
            let matching = BooleanQuery::new(vec![
                (Occur::Must, term_query(f.kind, KIND_PASSAGE)),
                (Occur::Must, term_query(f.id, id)),
                (Occur::Must, q.box_clone()),
            ]);
            best = searcher.search(&matching, &TopDocs::with_limit(PASSAGES_PER_HIT))?;
        }
        if best.is_empty() {
            let first = BooleanQuery::new(vec![
                (Occur::Must, term_query(f.kind, KIND_PASSAGE)),
                (Occur::Must, term_query(f.id, id)),
            ]);
            best = searcher.search(&first, &TopDocs::with_limit(1))?;
        }
        found.extend(best.into_iter().map(|(_, a)| (id.to_string(), a)));
    }
    for (id, addr) in found {
        let stored: TantivyDocument = searcher.doc(addr)?;
        let get = |field: Field| stored.get_first(field).and_then(|v| v.as_str());
        let path = get(f.path).unwrap_or("").to_string();
        let text = get(f.text).unwrap_or("");
        let abbreviations = index
            .stored_summary(&stored)?
            .map(|s| s.abbreviations)
            .unwrap_or_default();
        out.entry(id)
            .or_default()
            .push(snippet::make(snippets, path, text, &abbreviations));
    }
    Ok(out)
}

/// Matching passages looked at per wanted document (ranking) or per shown passage (finding a
/// page's passages), so that one long document with many matching articles does not crowd the
/// others out.
const PASSAGE_POOL_FACTOR: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Passage};
    use crate::index::index_of;

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
            (req.limit, req.offset) = (limit, offset);
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
        assert_eq!(ids[0], "throughout");
        assert!(ids.contains(&"title-only"));
        assert!(!ids.contains(&"other"));
        // The summary comes from the passage: no whole-document read, same fields.
        assert_eq!(res.hits[0].title.as_deref(), Some("Về hòa giải ở cơ sở"));
        assert_eq!(res.hits[0].passages.len(), 2);
        assert!(res.hits[0].passages[0].snippet.contains("<mark>"));
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
}
