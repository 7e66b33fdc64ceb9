//! What the query names besides its words regroups the documents its words ranked: no constant
//! added to a score can tell how far apart the scores of one query's documents lie, but a group
//! keeps its place whatever they are. Each group keeps the order of its scores (stable sorts).
//!
//! - A named number (`Quyết định số 1521/QĐ-TTg`, `quyết định 25/2021`): the documents with that
//!   number, then those citing it (the citation index knows), then the rest.
//! - A pasted sentence (8 syllables or more, no quotes): the documents with a passage holding
//!   the query's syllables in its order, close together ([`super::proximity`]), then the rest.
//! - A type word opening the query (`nghị định về hóa đơn điện tử`, `luật thanh niên`): the query
//!   names a document as documents are named, by their type and title. The documents of that
//!   type whose title holds words of the query come first, ordered by their score times the
//!   share of the query's title weight their title holds (each term weighed by its rarity among
//!   titles, as BM25's IDF, but counted once, whatever the title's length: a name covers a
//!   subject or not); the rest follow in their order. The only decree whose title says `hóa đơn`,
//!   41/2022/NĐ-CP, holds 0.74 of `nghị định về hóa đơn điện tử`'s title weight: it comes before
//!   the decree on electronic legal deposit (0.26), whose passages say `điện tử` throughout.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Term};

use super::engine::SearchContext;
use super::entries::{DocKey, DocKeys, Entries, MatchedDocs};
use super::matching::Scope;
use super::plan::Plan;
use super::ranking::{ranked_terms, Ranked};
use super::titles::TitleScores;
use crate::error::Result;
use crate::index::{term_query, KIND_DOC};

/// Regroups `ranked` by what the plan names: documents with a named number, then citing one;
/// then those holding the pasted sentence; then those the type word and title name (by score
/// times the share of the query their title holds). Documents holding the pasted sentence that
/// the pool of passages did not reach, and that match (`matched`), are added to their group.
pub(super) fn regroup(
    ctx: &SearchContext,
    plan: &Plan,
    ranked: &mut Vec<Ranked>,
    matched: &DocKeys,
) -> Result<()> {
    let runs = pasted_runs(ctx, plan)?;
    if !runs.is_empty() {
        let seen: HashSet<DocKey> = ranked.iter().map(|r| r.key).collect();
        let mut missing: Vec<(&DocKey, &DocAddress)> = runs
            .iter()
            .filter(|(key, _)| !seen.contains(key) && matched.contains(key))
            .collect();
        missing.sort_by_key(|(_, addr)| (addr.segment_ord, addr.doc_id));
        for (key, addr) in missing {
            ranked.push(Ranked {
                key: *key,
                score: 0.0,
                passages: vec![*addr],
                candidates: vec![(0.0, *addr)],
            });
        }
    }
    let numbers = number_groups(ctx, plan)?;
    let names = match plan.preferred_type {
        Some(_) if !ranked.is_empty() => named_titles(ctx, plan)?,
        _ => None,
    };
    if numbers.is_none() && runs.is_empty() && names.is_none() {
        return Ok(());
    }
    // What each ranked document's title holds of the query, when a type word names it.
    let share: HashMap<DocKey, f32> = match &names {
        Some(n) => ranked
            .iter()
            .map(|r| {
                let addr = r.passages[0];
                let segment = ctx.searcher.segment_reader(addr.segment_ord).segment_id();
                (r.key, n.of(segment, addr.doc_id))
            })
            .filter(|(_, s)| *s > 0.0)
            .collect(),
        None => HashMap::new(),
    };
    let group = |r: &Ranked| {
        let number = numbers.as_ref().map_or(0, |(held, citing)| {
            match (held.contains(&r.key), citing.contains(&r.key)) {
                (true, _) => 0,
                (false, true) => 1,
                _ => 2,
            }
        });
        let run = u8::from(!runs.is_empty() && !runs.contains_key(&r.key));
        let named = u8::from(names.is_some() && !share.contains_key(&r.key));
        (number, run, named)
    };
    ranked.sort_by(|a, b| {
        group(a)
            .cmp(&group(b))
            .then_with(|| match (share.get(&a.key), share.get(&b.key)) {
                (Some(sa), Some(sb)) => (b.score * sb).total_cmp(&(a.score * sa)),
                _ => Ordering::Equal,
            })
    });
    Ok(())
}

/// When the query names numbers: the documents with one of them, and those citing one.
fn number_groups(ctx: &SearchContext, plan: &Plan) -> Result<Option<(DocKeys, DocKeys)>> {
    if plan.numbers.is_empty() {
        return Ok(None);
    }
    let f = &ctx.fields;
    let with = |field: Field| -> Result<DocKeys> {
        let q = BooleanQuery::new(vec![
            (Occur::Must, term_query(f.kind, KIND_DOC)),
            (
                Occur::Must,
                Box::new(BooleanQuery::new(
                    plan.numbers
                        .iter()
                        .map(|k| (Occur::Should, term_query(field, k)))
                        .collect(),
                )) as Box<dyn Query>,
            ),
        ]);
        Ok(ctx.searcher.search(&q, &MatchedDocs)?)
    };
    Ok(Some((with(f.number_key)?, with(f.cites)?)))
}

/// The documents with a passage holding the query's syllables as a run, when the query reads
/// as a pasted sentence (no quoted phrase, no `OR`), each with that passage.
fn pasted_runs(ctx: &SearchContext, plan: &Plan) -> Result<HashMap<DocKey, DocAddress>> {
    let mut out = HashMap::new();
    if !plan.phrases.is_empty() || plan.any {
        return Ok(out);
    }
    let mut entries = Entries::new(&ctx.searcher);
    for addr in super::proximity::runs(ctx, &plan.snippet.words)? {
        if let Some(key) = entries.key(addr)? {
            out.entry(key).or_insert(addr);
        }
    }
    Ok(out)
}

/// For a query whose first words name a type: each document of that type whose title holds a
/// title term of the query, with the share of the query's title weight its title holds (each
/// term's weight times its IDF among document titles, counted once). `None` when the query has
/// no title term.
fn named_titles(ctx: &SearchContext, plan: &Plan) -> Result<Option<TitleScores>> {
    let Some(t) = plan.preferred_type else {
        return Ok(None);
    };
    let (f, searcher) = (&ctx.fields, &ctx.searcher);
    let terms = ranked_terms(ctx, plan, Scope::Title, &ctx.weights)?;
    let docs = searcher.doc_freq(&Term::from_field_text(f.kind, KIND_DOC))? as f32;
    let mut weighed = Vec::with_capacity(terms.len());
    for (term, weight) in terms {
        let df = searcher.doc_freq(&term)? as f32;
        weighed.push((term, weight * idf(docs, df)));
    }
    let total: f32 = weighed.iter().map(|(_, v)| v).sum();
    if total <= 0.0 {
        return Ok(None);
    }
    let any: Vec<(Occur, Box<dyn Query>)> = weighed
        .into_iter()
        .map(|(term, v)| {
            let q = TermQuery::new(term, IndexRecordOption::Basic);
            let q: Box<dyn Query> = Box::new(ConstScoreQuery::new(Box::new(q), v / total));
            (Occur::Should, q)
        })
        .collect();
    // Filters without scores (a term query would weigh the type by BM25 among document
    // entries, but passages carry their document's type too).
    let only = |field: Field, text: &str| -> Box<dyn Query> {
        let set = TermSetQuery::new([Term::from_field_text(field, text)]);
        Box::new(ConstScoreQuery::new(Box::new(set), 0.0))
    };
    let q = BooleanQuery::new(vec![
        (Occur::Must, only(f.kind, KIND_DOC)),
        (
            Occur::Must,
            only(f.doc_type_key, &crate::keys::filter_key(t)),
        ),
        (Occur::Must, Box::new(BooleanQuery::new(any))),
    ]);
    let kind_doc = Term::from_field_text(f.kind, KIND_DOC);
    Ok(Some(TitleScores::collect(searcher, &q, kind_doc)?))
}

/// BM25's IDF of a term held by `df` of `n` entries.
fn idf(n: f32, df: f32) -> f32 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln().max(0.0)
}
