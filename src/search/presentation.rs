//! Presentation: a page of ranked documents as hits, with their summaries, the passages they
//! show (ordered among themselves by ranking) and snippets marking what the plan asks for.

use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::{Field, Value};
use tantivy::{DocAddress, TantivyDocument};

use super::engine::SearchContext;
use super::entries::{DocKey, Entries};
use super::plan::Plan;
use super::query::ParsedQuery;
use super::ranking::{self, Ranked};
use super::{
    snippet, within, Hit, PassageHit, WeightedTerm, PASSAGES_PER_HIT, PASSAGE_POOL_FACTOR,
};
use crate::error::Result;
use crate::index::{term_query, Summary, KIND_PASSAGE};

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
pub(super) fn ranked_hits(
    ctx: &SearchContext,
    plan: &Plan,
    terms: &[WeightedTerm],
    ranked: Vec<Ranked>,
    offset: usize,
    limit: usize,
) -> Result<Vec<Hit>> {
    let (index, searcher, f) = (ctx.index, &ctx.searcher, ctx.fields);
    let page: Vec<Ranked> = ranked.into_iter().skip(offset).take(limit).collect();
    let generator = snippets(ctx, plan)?;
    let mut hits = Vec::with_capacity(page.len());
    let mut whole = Vec::new();
    let (shown, mut read) = shown_passages(ctx, terms, &page)?;
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
            status: None,
        });
    }
    let ids: Vec<&str> = whole.iter().map(|&i| hits[i].id.as_str()).collect();
    let mut other = best_passages(ctx, &ids, plan, generator.as_ref())?;
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
    ctx: &SearchContext,
    terms: &[WeightedTerm],
    page: &[Ranked],
) -> Result<ShownPassages> {
    let mut read = HashMap::new();
    if ctx.weights.title_terms >= 1.0 {
        return Ok((page.iter().map(|r| r.passages.clone()).collect(), read));
    }
    let candidates: Vec<within::Candidate> = page
        .iter()
        .flat_map(|r| r.candidates.iter().map(|&(s, a)| (a, r.key, s)))
        .collect();
    let best = ranking::order_within(ctx, terms, &candidates, &mut read)?;
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

/// Hits for document entries found directly (sorted by date, or without query text), with
/// their best passages.
pub(super) fn document_hits(
    ctx: &SearchContext,
    plan: &Plan,
    addrs: Vec<(f32, DocAddress)>,
) -> Result<Vec<Hit>> {
    let (index, searcher) = (ctx.index, &ctx.searcher);
    let mut docs = Vec::with_capacity(addrs.len());
    for (score, addr) in addrs {
        let stored: TantivyDocument = searcher.doc(addr)?;
        docs.push((score, index.stored_document(&stored)?));
    }
    let ids: Vec<&str> = docs.iter().map(|(_, d)| d.id.as_str()).collect();
    let generator = snippets(ctx, plan)?;
    let mut passages = best_passages(ctx, &ids, plan, generator.as_ref())?;
    Ok(docs
        .into_iter()
        .map(|(score, doc)| Hit {
            passages: passages.remove(&doc.id).unwrap_or_default(),
            status: None,
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

/// What snippets mark for the plan: its free-text syllables (preferring the forms it wrote, or
/// the diacritics search restored), and its phrases in a row; `None` when it has neither.
fn snippets(ctx: &SearchContext, plan: &Plan) -> Result<Option<snippet::Snippets>> {
    let wanted = plan.snippet.clone();
    if wanted.words.is_empty() && wanted.phrases.is_empty() {
        return Ok(None);
    }
    snippet::Snippets::new(&ctx.searcher, ctx.fields.body_folded, wanted).map(Some)
}

/// The whole query with diacritics restored, offered when it was typed without any (`pho bien
/// giao duc phap luat` → `phổ biến giáo dục pháp luật`). Document numbers are left as typed:
/// a query holding one is not rewritten.
pub(super) fn did_you_mean(
    ctx: &SearchContext,
    q: &str,
    parsed: &ParsedQuery,
    plan: &Plan,
) -> Result<Option<String>> {
    if plan.restored.is_none() || !plan.numbers.is_empty() {
        return Ok(None);
    }
    // A query of plain words is its own free text: already restored.
    if q == parsed.free_text {
        return Ok(plan.restored.clone());
    }
    ctx.restore_accents(q)
}

/// The best passages of one document for the query, with snippets; the first passage when the
/// query has no text.
fn best_passages(
    ctx: &SearchContext,
    ids: &[&str],
    plan: &Plan,
    snippets: Option<&snippet::Snippets>,
) -> Result<HashMap<String, Vec<PassageHit>>> {
    let (index, searcher, f) = (ctx.index, &ctx.searcher, ctx.fields);
    let mut out: HashMap<String, Vec<PassageHit>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let passage_query = ranking::passage_query(ctx, plan, &ranking::within(&ctx.weights))?.query;
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

/// Sets each hit's status today, as [`crate::status`] reads it.
pub fn annotate_status(index: &crate::index::VanbanIndex, hits: &mut [Hit]) -> Result<()> {
    if hits.is_empty() {
        return Ok(());
    }
    let book = crate::status::book(index)?;
    let today = crate::status::today();
    for h in hits {
        h.status = book.status_of_doc(&h.id, today).map(|s| s.state);
    }
    Ok(())
}
