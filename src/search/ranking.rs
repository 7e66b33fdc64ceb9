//! Ranking: documents ordered by their best passages, and a document's passages among
//! themselves.
//!
//! Passages are ranked by BM25 over the accented and folded views of their text and context,
//! their syllable pairs, the number key and the article number: an exact number match first,
//! accented above folded, pairs above scattered syllables. A document's title adds its score to
//! each of its passages ([`super::titles`]). What the query names besides its words (a number,
//! a pasted sentence, a type) then regroups the ranked documents ([`super::regroup`]).

use std::collections::{HashMap, HashSet};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, TantivyDocument, Term};

use super::engine::SearchContext;
use super::entries::{DocKey, DocKeys, Entries};
use super::exhaustive::Exhaustive;
use super::matching::{self, Scope};
use super::plan::Plan;
use super::titles::TitleScores;
use super::{bm25, query, within};
use super::{PassageRank, WeightedTerm, Weights, PASSAGES_PER_HIT, PASSAGE_POOL_FACTOR};
use crate::error::Result;
use crate::index::{term_query, FLAG_HEADING, KIND_DOC, KIND_PASSAGE};

/// A document ranked by its best passages.
pub(super) struct Ranked {
    pub key: DocKey,
    pub score: f32,
    /// Its best passages in the pool, best first; for a document ranked on its own entry, that
    /// entry.
    pub passages: Vec<DocAddress>,
    /// Its passages in the pool with their scores, best first (at most
    /// [`CANDIDATES_PER_HIT`]): those [`super::presentation`] chooses the shown ones from.
    pub candidates: Vec<(f32, DocAddress)>,
}

/// Most passages of one document kept from the pool to choose the ones it shows from.
const CANDIDATES_PER_HIT: usize = 32;

/// The first tier of passages looked at: the best 200 passages rank the documents they reach.
pub(super) const MIN_PASSAGE_POOL: usize = 200;

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
pub(super) fn rank_by_passages(
    ctx: &SearchContext,
    plan: &Plan,
    filters: &[(Occur, Box<dyn Query>)],
    matching: &BooleanQuery,
    matched: &DocKeys,
    wanted: usize,
) -> Result<(Vec<Ranked>, Vec<WeightedTerm>)> {
    let searcher = &ctx.searcher;
    let w = &ctx.weights;
    let mut ranked: Vec<Ranked> = Vec::new();
    let mut entries = Entries::new(searcher);
    let PassageQuery { query: tq, terms } = passage_query(ctx, plan, w)?;
    if let Some(tq) = tq {
        let titles = title_scores(ctx, plan)?;
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
            let mut top = search_passage_entries(ctx, query.as_ref(), titles.as_ref(), pool)?;
            // A document with no text has one passage, its heading, where others sum their
            // best [`PASSAGES_PER_HIT`]: it counts that many times, on the same scale.
            for (i, only) in heading_only(ctx, &top)?.into_iter().enumerate() {
                if only {
                    top[i].0 *= PASSAGES_PER_HIT as f32;
                }
            }
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
    super::regroup::regroup(ctx, plan, &mut ranked, matched)?;
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

/// Which of `top` are the heading passages of documents with no text ([`FLAG_HEADING`]): one
/// walk of that flag's postings per segment, seeking the addresses in order.
fn heading_only(ctx: &SearchContext, top: &[(f32, DocAddress)]) -> Result<Vec<bool>> {
    let term = Term::from_field_text(ctx.fields.flags, FLAG_HEADING);
    let mut out = vec![false; top.len()];
    let mut order: Vec<usize> = (0..top.len()).collect();
    order.sort_by_key(|&i| (top[i].1.segment_ord, top[i].1.doc_id));
    let mut segment = None;
    let mut postings = None;
    for i in order {
        let addr = top[i].1;
        if segment != Some(addr.segment_ord) {
            segment = Some(addr.segment_ord);
            postings = ctx
                .searcher
                .segment_reader(addr.segment_ord)
                .inverted_index(ctx.fields.flags)?
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(tantivy::TantivyError::from)?;
        }
        if let Some(p) = postings.as_mut() {
            if p.doc() < addr.doc_id {
                p.seek(addr.doc_id);
            }
            out[i] = p.doc() == addr.doc_id;
        }
    }
    Ok(out)
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
    ctx: &SearchContext,
    query: &dyn Query,
    titles: Option<&TitleScores>,
    limit: usize,
) -> Result<Vec<(f32, DocAddress)>> {
    let (f, searcher, w) = (&ctx.fields, &ctx.searcher, &ctx.weights);
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
fn title_scores(ctx: &SearchContext, plan: &Plan) -> Result<Option<TitleScores>> {
    let w = &ctx.weights;
    if w.context <= 0.0 {
        return Ok(None);
    }
    let terms = ranked_terms(ctx, plan, Scope::Title, w)?;
    if terms.is_empty() {
        // Titles only add to passages: phrases, exclusions and numbers are theirs to decide.
        return Ok(None);
    }
    let q = BooleanQuery::new(matching::should(terms));
    let kind_doc = Term::from_field_text(ctx.fields.kind, KIND_DOC);
    Ok(Some(TitleScores::collect(&ctx.searcher, &q, kind_doc)?))
}

/// Each document's passages among `candidates` (ranked across documents by `terms`), best first
/// among themselves ([`within::scores_within`], under the statistics passages are ranked by).
/// What each document's heading says is kept across searches, or read from the stored summary
/// of its best candidate, which is left in `read`.
pub(super) fn order_within(
    ctx: &SearchContext,
    terms: &[WeightedTerm],
    candidates: &[within::Candidate],
    read: &mut HashMap<DocAddress, TantivyDocument>,
) -> Result<HashMap<DocKey, Vec<DocAddress>>> {
    let (index, searcher, w) = (ctx.index, &ctx.searcher, &ctx.weights);
    let mut headings = within::Headings::default();
    for &(addr, key, _) in candidates {
        if headings.has(key) {
            continue;
        }
        let segment = searcher.segment_reader(key.0).segment_id();
        let covered = ctx.caches.headings.get_or_add((segment, key.1), || {
            let stored: TantivyDocument = searcher.doc(addr)?;
            let heading = index.stored_summary(&stored)?.map(|s| s.heading());
            read.insert(addr, stored);
            Ok(heading.unwrap_or_default())
        })?;
        headings.add(key, covered);
    }
    let f = &ctx.fields;
    let fields = [f.body, f.body_folded, f.body_folded_pairs];
    let stats = bm25::ScaledLengths::new(searcher, &fields, w.length_scale);
    let scores = within::scores_within(
        searcher,
        &stats,
        f,
        terms,
        &headings,
        candidates,
        w.title_terms,
    )?;
    Ok(within::best_within(candidates, &scores))
}

/// The weights for finding the best passages of one document: every passage there has the same
/// title, so context terms would only cost, and common terms rank too (few passages to walk).
pub(super) fn within(w: &Weights) -> Weights {
    Weights {
        context: 0.0,
        common: 0.0,
        ..*w
    }
}

/// Ranks passages (articles) directly, without grouping by document: the unit of `vanban eval`.
pub fn passages(ctx: &SearchContext, q: &str, limit: usize) -> Result<Vec<PassageRank>> {
    let parsed = query::parse(q)?;
    let found = passages_parsed(ctx, &parsed, limit)?;
    match parsed.relax_phrases() {
        Some(relaxed) if found.is_empty() => passages_parsed(ctx, &relaxed, limit),
        _ => Ok(found),
    }
}

/// [`passages`] for a parsed query.
fn passages_parsed(
    ctx: &SearchContext,
    parsed: &query::ParsedQuery,
    limit: usize,
) -> Result<Vec<PassageRank>> {
    let (f, searcher, w) = (ctx.fields, &ctx.searcher, &ctx.weights);
    let plan = ctx.plan(parsed, w.restored > 0.0)?;
    let PassageQuery {
        query: Some(tq),
        terms,
    } = passage_query(ctx, &plan, w)?
    else {
        return Ok(Vec::new());
    };
    let query = BooleanQuery::new(vec![
        (Occur::Must, term_query(f.kind, KIND_PASSAGE)),
        (Occur::Must, tq),
    ]);
    let titles = title_scores(ctx, &plan)?;
    let limit = limit.max(1);
    // The places are the best `limit` passages'; which of a document's passages stand in its
    // places is chosen among its passages in a pool as large as the search's first tier.
    let pool = match w.title_terms < 1.0 {
        true => limit.max(MIN_PASSAGE_POOL),
        false => limit,
    };
    let top = search_passage_entries(ctx, &query, titles.as_ref(), pool)?;
    let top = runs_first(ctx, &plan, top)?;
    let mut entries = Entries::new(searcher);
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
            let best = order_within(ctx, &terms, &candidates, &mut read)?;
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

/// `top` with the passages holding the query as a pasted sentence first ([`super::proximity`]),
/// those the pool did not reach too (with no score of their own: 0).
fn runs_first(
    ctx: &SearchContext,
    plan: &Plan,
    top: Vec<(f32, DocAddress)>,
) -> Result<Vec<(f32, DocAddress)>> {
    if !plan.phrases.is_empty() || plan.any {
        return Ok(top);
    }
    let runs = super::proximity::runs(ctx, &plan.snippet.words)?;
    if runs.is_empty() {
        return Ok(top);
    }
    let held: HashSet<DocAddress> = runs.iter().copied().collect();
    let (mut first, rest): (Vec<_>, Vec<_>) = top.into_iter().partition(|(_, a)| held.contains(a));
    let reached: HashSet<DocAddress> = first.iter().map(|(_, a)| *a).collect();
    first.extend(
        runs.into_iter()
            .filter(|a| !reached.contains(a))
            .map(|a| (0.0, a)),
    );
    first.extend(rest);
    Ok(first)
}

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

/// The terms worth ranking by: those some entry holds, without the common ones, held by more
/// than the `common` share of all entries of the `kind` ranked (`của`, `và` in passages). A
/// common term weighs little in BM25 (its IDF is low) but its posting list is the longest to
/// walk; it still decides which documents match. When every term is common, all of them rank.
fn ranking_terms(
    ctx: &SearchContext,
    terms: Vec<WeightedTerm>,
    common: f32,
    kind: &str,
) -> Result<Vec<WeightedTerm>> {
    let searcher = &ctx.searcher;
    let kind = Term::from_field_text(ctx.fields.kind, kind);
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

/// The passage query of the plan under `w`, and the weighted terms it ranks by: every syllable,
/// syllable pair (accented when the query has diacritics) and number key of the query as one
/// flat disjunction of terms over the passage's text and context, without the terms no passage
/// holds or too many do ([`ranking_terms`]); phrases required, exclusions refused, named
/// articles scored.
pub(super) fn passage_query(ctx: &SearchContext, plan: &Plan, w: &Weights) -> Result<PassageQuery> {
    let terms = ranked_terms(ctx, plan, Scope::Passage, w)?;
    let clauses = matching::should(terms.clone());
    let query = matching::constrained(ctx, plan, Scope::Passage, w, clauses)?;
    Ok(PassageQuery { query, terms })
}

/// [`passage_query`]: the query (`None` when the plan asks for nothing), and the weighted terms
/// it ranks by.
pub(super) struct PassageQuery {
    pub query: Option<Box<dyn Query>>,
    pub terms: Vec<WeightedTerm>,
}

/// The weighted terms passages ([`Scope::Passage`]) or titles ([`Scope::Title`]) are ranked by.
pub(super) fn ranked_terms(
    ctx: &SearchContext,
    plan: &Plan,
    scope: Scope,
    w: &Weights,
) -> Result<Vec<WeightedTerm>> {
    let f = &ctx.fields;
    let views: Vec<matching::View> = match scope {
        Scope::Passage if w.context > 0.0 => vec![
            (f.body_folded, Some(f.body), 1.0),
            (f.title_folded, Some(f.title), w.context),
        ],
        Scope::Title => vec![(f.doc_title_folded, Some(f.doc_title), w.context)],
        _ => vec![(f.body_folded, Some(f.body), 1.0)],
    };
    let mut terms: Vec<WeightedTerm> = matching::groups(plan, &views, w)
        .into_iter()
        .flatten()
        .collect();
    // Folded syllable pairs of the text, and of the context when it counts (accented pairs
    // ranked no better on either benchmark, so the index keeps none in passages).
    let pair_fields = match scope {
        Scope::Title => vec![(f.doc_title_pairs, w.pairs * w.context)],
        _ if w.context > 0.0 => vec![
            (f.body_folded_pairs, w.pairs),
            (f.title_folded_pairs, w.pairs * w.context),
        ],
        _ => vec![(f.body_folded_pairs, w.pairs)],
    };
    for (field, weight) in pair_fields {
        for t in &plan.pairs {
            terms.push((Term::from_field_text(field, t), weight));
        }
    }
    // What is common depends on what is ranked: title terms among document titles (`luật`,
    // `quy định`); passage terms among passages, heading terms more strictly, since a heading
    // (`Điều 5. Trách nhiệm của...`) also stands in its passage's text.
    let (kind, text_share, heading_share) = match scope {
        Scope::Title => (KIND_DOC, common_share(w, TITLE_COMMON), 0.0),
        _ => (KIND_PASSAGE, w.common, common_share(w, HEADING_COMMON)),
    };
    let headings = [f.title, f.title_folded, f.title_folded_pairs];
    let (heading, text): (Vec<WeightedTerm>, Vec<WeightedTerm>) = terms
        .into_iter()
        .partition(|(t, _)| headings.contains(&t.field()));
    let mut terms = ranking_terms(ctx, text, text_share, kind)?;
    terms.extend(ranking_terms(ctx, heading, heading_share, kind)?);
    Ok(terms)
}
