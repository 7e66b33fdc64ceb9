//! Search: from a [`SearchRequest`] to ranked documents with their best passages, snippets and
//! facets. Returns plain structs; the CLI and HTTP layers only serialize them.
//!
//! Ranking is BM25 over the accented and folded views of title and body, their syllable pairs,
//! and the number key: an exact number match first, title above body, accented above folded,
//! pairs above scattered syllables.

pub mod facets;
pub mod graph;
pub mod query;
pub mod snippet;
pub mod tasks;

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DateTime, DocAddress, Order, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::index::{agency_term, filter_key, term_query, VanbanIndex, KIND_DOC, KIND_PASSAGE};
use crate::number;
use crate::text;
pub use query::ParsedQuery;

/// Most hits a page may ask for.
pub const MAX_LIMIT: usize = 100;
/// Deepest offset a page may start at.
pub const MAX_OFFSET: usize = 10_000;
/// Passages shown per hit.
const PASSAGES_PER_HIT: usize = 3;

/// Weights of the ranking signals (kept only where `vanban eval` measured them better).
///
/// Measured on ALQAC 2023 (210 questions, nDCG@10 as written / without diacritics): pairs 1 →
/// 0.858 / 0.871, pairs 4 → 0.874 / 0.877, then passage context 0.5 → 0.878 / 0.881. Title
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
}

/// Runs a search.
pub fn search(index: &VanbanIndex, req: &SearchRequest) -> Result<SearchResponse> {
    search_with(index, req, &Weights::default())
}

/// Runs a search with explicit ranking weights (for evaluation).
pub fn search_with(
    index: &VanbanIndex,
    req: &SearchRequest,
    w: &Weights,
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
    let mut parsed = query::parse(&req.q)?;
    if parsed.is_empty() && !req.has_filter() {
        return Err(Error::bad_request(
            "empty_query",
            "give a query `q` or at least one filter",
        ));
    }
    let f = *index.fields();
    let searcher = index.searcher();
    parsed.restored = restore_accents(index, &searcher, &parsed.free_text)?;
    let did_you_mean = did_you_mean(index, &searcher, &req.q, &parsed)?;
    let text_query = text_query(index, &parsed, Scope::Document, w)?;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, term_query(f.kind, KIND_DOC))];
    match text_query {
        Some(q) => clauses.push((Occur::Must, q)),
        None => clauses.push((Occur::Must, Box::new(AllQuery))),
    }
    clauses.extend(filter_clauses(index, req)?);
    let query = BooleanQuery::new(clauses);

    // Hits, their count and the facets in one pass over the matching documents.
    let page = req.limit.max(1);
    let (total, addrs, facets): (usize, Vec<(f32, DocAddress)>, _) = match req.sort {
        Sort::Relevance => {
            let top = TopDocs::with_limit(page).and_offset(req.offset);
            let (total, top, aggs) =
                searcher.search(&query, &(Count, top, facets::collector()?))?;
            (total, top, aggs)
        }
        Sort::IssuedDesc | Sort::IssuedAsc => {
            let order = if req.sort == Sort::IssuedDesc {
                Order::Desc
            } else {
                Order::Asc
            };
            let top = TopDocs::with_limit(page)
                .and_offset(req.offset)
                .order_by_fast_field::<DateTime>(crate::index::schema::names::ISSUED, order);
            let (total, top, aggs) =
                searcher.search(&query, &(Count, top, facets::collector()?))?;
            (
                total,
                top.into_iter().map(|(_, a)| (0.0, a)).collect(),
                aggs,
            )
        }
    };
    let facets = facets::from_result(facets)?;

    // Within one document every passage has the same title: its context terms would only cost.
    let within = Weights { context: 0.0, ..*w };
    let passage_query = text_query_for_passages(index, &parsed, &within)?;
    let mut docs = Vec::with_capacity(addrs.len());
    for (score, addr) in addrs {
        let stored: TantivyDocument = searcher.doc(addr)?;
        docs.push((score, index.stored_document(&stored)?));
    }
    let ids: Vec<&str> = docs.iter().map(|(_, d)| d.id.as_str()).collect();
    let mut passages = best_passages(index, &searcher, &ids, passage_query.as_deref())?;
    let hits = docs
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
        .collect();
    Ok(SearchResponse {
        total,
        hits,
        facets,
        did_you_mean,
    })
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
    let mut parsed = query::parse(q)?;
    let f = *index.fields();
    let searcher = index.searcher();
    if w.restored > 0.0 {
        parsed.restored = restore_accents(index, &searcher, &parsed.free_text)?;
    }
    let Some(tq) = text_query_for_passages(index, &parsed, w)? else {
        return Ok(Vec::new());
    };
    let query = BooleanQuery::new(vec![
        (Occur::Must, term_query(f.kind, KIND_PASSAGE)),
        (Occur::Must, tq),
    ]);
    let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)))?;
    let mut out = Vec::with_capacity(top.len());
    for (score, addr) in top {
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
    Document,
    Passage,
}

fn text_query_for_passages(
    index: &VanbanIndex,
    parsed: &ParsedQuery,
    w: &Weights,
) -> Result<Option<Box<dyn Query>>> {
    text_query(index, parsed, Scope::Passage, w)
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
    boosted(
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        )),
        boost,
    )
}

/// The scoring and matching part of a query: per syllable a group over the views (folded always,
/// accented when the query has diacritics; title and body), syllable pairs, phrases, exclusions
/// and document numbers.
fn text_query(
    index: &VanbanIndex,
    parsed: &ParsedQuery,
    scope: Scope,
    w: &Weights,
) -> Result<Option<Box<dyn Query>>> {
    let f = *index.fields();
    let accented = text::has_diacritics(&parsed.free_text);
    let views: Vec<(Field, Field, f32)> = {
        let mut v = vec![(f.body_folded, f.body, 1.0)];
        match scope {
            Scope::Document => v.push((f.title_folded, f.title, w.title)),
            Scope::Passage if w.context > 0.0 => v.push((f.title_folded, f.title, w.context)),
            Scope::Passage => {}
        }
        v
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
    let mut groups: Vec<Box<dyn Query>> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (pos, folded) in &folded_tokens {
        if folded.contains('/') || !seen.insert(folded.clone()) {
            continue;
        }
        let mut group: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (fold_field, acc_field, weight) in &views {
            group.push((Occur::Should, scored_term(*fold_field, folded, *weight)));
            if accented {
                if let Some(acc) = accented_tokens.get(pos) {
                    group.push((
                        Occur::Should,
                        scored_term(*acc_field, acc, weight * w.accented),
                    ));
                }
            } else if let Some(restored) = restored_tokens.get(pos) {
                group.push((
                    Occur::Should,
                    scored_term(*acc_field, restored, weight * w.restored),
                ));
            }
        }
        groups.push(Box::new(BooleanQuery::new(group)));
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let n = groups.len();
    if n > 0 {
        let required = if parsed.any || scope == Scope::Passage {
            1
        } else if n <= 3 {
            n
        } else {
            n.div_ceil(2).max(3)
        };
        let groups = groups.into_iter().map(|g| (Occur::Should, g)).collect();
        let matching: Box<dyn Query> = Box::new(BooleanQuery::with_minimum_required_clauses(
            groups, required,
        ));
        let occur = if parsed.numbers.is_empty() && parsed.phrases.is_empty() {
            Occur::Must
        } else {
            Occur::Should
        };
        clauses.push((occur, matching));
    }
    // Syllable pairs: scored, never required.
    let mut pair_fields = vec![(f.body_folded_pairs, f.body_pairs, w.pairs)];
    match scope {
        Scope::Document => {
            pair_fields.push((f.title_folded_pairs, f.title_pairs, w.pairs * w.title))
        }
        Scope::Passage if w.context > 0.0 => {
            pair_fields.push((f.title_folded_pairs, f.title_pairs, w.pairs * w.context))
        }
        Scope::Passage => {}
    }
    for (fold_field, acc_field, weight) in pair_fields {
        for (_, t) in analyze(index, fold_field, &parsed.free_text)? {
            clauses.push((Occur::Should, scored_term(fold_field, &t, weight)));
        }
        if accented {
            for (_, t) in analyze(index, acc_field, &parsed.free_text)? {
                clauses.push((
                    Occur::Should,
                    scored_term(acc_field, &t, weight * w.accented),
                ));
            }
        } else if let Some(r) = parsed.restored.as_deref().filter(|_| w.restored > 0.0) {
            for (_, t) in analyze(index, acc_field, r)? {
                clauses.push((
                    Occur::Should,
                    scored_term(acc_field, &t, weight * w.restored),
                ));
            }
        }
    }
    for phrase in &parsed.phrases {
        if let Some(q) = phrase_query(index, phrase)? {
            clauses.push((Occur::Must, q));
        }
    }
    for excluded in &parsed.excluded {
        if let Some(q) = phrase_query(index, excluded)? {
            clauses.push((Occur::MustNot, q));
        }
    }
    for key in &parsed.numbers {
        if scope == Scope::Document {
            clauses.push((Occur::Should, scored_term(f.number_key, key, w.number)));
        }
        let lower = key.to_lowercase();
        clauses.push((Occur::Should, scored_term(f.body, &lower, 1.0)));
    }
    if clauses.is_empty() {
        return Ok(None);
    }
    if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}

/// A phrase (or single word) matched in the folded body view; accented when the phrase has
/// diacritics, so that `đường` does not match `dương`.
fn phrase_query(index: &VanbanIndex, phrase: &str) -> Result<Option<Box<dyn Query>>> {
    let f = index.fields();
    let field = if text::has_diacritics(phrase) {
        f.body
    } else {
        f.body_folded
    };
    let terms: Vec<Term> = analyze(index, field, phrase)?
        .into_iter()
        .filter(|(_, t)| !t.contains('/'))
        .map(|(_, t)| Term::from_field_text(field, &t))
        .collect();
    Ok(match terms.len() {
        0 => None,
        1 => terms
            .into_iter()
            .next()
            .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)) as Box<dyn Query>),
        _ => Some(Box::new(PhraseQuery::new(terms))),
    })
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
        out.push((Occur::Must, term_query(f.agency, &agency_term(role, a))));
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
        let any: Vec<(Occur, Box<dyn Query>)> = ids
            .iter()
            .map(|id| (Occur::Should, term_query(f.id, id)))
            .collect();
        if any.is_empty() {
            out.push((Occur::MustNot, Box::new(AllQuery)));
        } else {
            out.push((Occur::Must, Box::new(BooleanQuery::new(any))));
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
    text_query: Option<&dyn Query>,
) -> Result<HashMap<String, Vec<PassageHit>>> {
    let f = *index.fields();
    let mut out: HashMap<String, Vec<PassageHit>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let of_hits = |ids: &[&str]| -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            ids.iter()
                .map(|id| (Occur::Should, term_query(f.id, id)))
                .collect(),
        ))
    };
    // One pass over the passages of every hit: the best matching ones, grouped by document.
    let mut found: Vec<(String, DocAddress)> = Vec::new();
    if let Some(q) = text_query {
        let query = BooleanQuery::new(vec![
            (Occur::Must, term_query(f.kind, KIND_PASSAGE)),
            (Occur::Must, of_hits(ids)),
            (Occur::Must, q.box_clone()),
        ]);
        let limit = ids.len() * PASSAGES_PER_HIT * PASSAGE_POOL_FACTOR;
        let mut per_doc: HashMap<String, usize> = HashMap::new();
        for (_, addr) in searcher.search(&query, &TopDocs::with_limit(limit))? {
            let id = entry_id(searcher, addr)?;
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
    let generator = text_query
        .map(|q| snippet::Snippets::new(searcher, q, f.body_folded))
        .transpose()?;
    for (id, addr) in found {
        let stored: TantivyDocument = searcher.doc(addr)?;
        let get = |field: Field| stored.get_first(field).and_then(|v| v.as_str());
        let path = get(f.path).unwrap_or("").to_string();
        let text = get(f.text).unwrap_or("");
        out.entry(id)
            .or_default()
            .push(snippet::make(generator.as_ref(), path, text));
    }
    Ok(out)
}

/// Matching passages looked at per shown passage, so that one long document with many matching
/// articles does not crowd the other hits out of the single passage pass.
const PASSAGE_POOL_FACTOR: usize = 4;

/// The document id of the entry at `addr`, from the `id` fast field (no stored-document read).
fn entry_id(searcher: &tantivy::Searcher, addr: DocAddress) -> Result<String> {
    let fast = searcher.segment_reader(addr.segment_ord).fast_fields();
    let mut id = String::new();
    if let Some(column) = fast.str(crate::index::schema::names::ID)? {
        if let Some(ord) = column.term_ords(addr.doc_id).next() {
            column
                .ord_to_str(ord, &mut id)
                .map_err(|e| Error::io("index id column", e))?;
        }
    }
    Ok(id)
}
