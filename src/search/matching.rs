//! Matching: which documents a plan matches, decided, counted and faceted on document entries.
//!
//! Also the parts of a query every kind of entry shares: a syllable's group of terms over the
//! views of the text ([`groups`]), and the constraints of phrases, exclusions, articles and
//! numbers ([`constrained`]); ranking builds its passage query from them too.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::at_least::AtLeast;
use super::engine::SearchContext;
use super::entries::MatchedDocs;
use super::plan::{Phrase, Plan};
use super::{WeightedTerm, Weights};
use crate::error::Result;
use crate::index::{term_query, KIND_DOC};

/// The kind of entry a query is built for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// Document entries: what matches.
    Document,
    /// Passages: their ranking, on their text and heading.
    Passage,
    /// Document entries: the title score ranking adds to each of their passages.
    Title,
}

/// A view of the text a syllable is looked up in: its folded field, its accented field (when
/// accented terms count there) and its weight.
pub(super) type View = (Field, Option<Field>, f32);

/// The query deciding which documents match the plan, without filters: per syllable a group
/// over the folded views of title and body, enough groups required (all of up to three, half of
/// more), phrases required, exclusions, and number keys. `None` when the plan asks for no text.
pub fn documents(ctx: &SearchContext, plan: &Plan) -> Result<Option<Box<dyn Query>>> {
    let f = &ctx.fields;
    let w = &ctx.weights;
    // Deciding what matches needs no accented terms: a folded match includes every accented one.
    let views = [
        (f.doc_body_folded, None, 1.0),
        (f.doc_title_folded, None, w.title),
    ];
    let groups = groups(plan, &views, w);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !groups.is_empty() {
        let n = groups.len();
        let required = if plan.any {
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
        let occur = if plan.numbers.is_empty() && plan.phrases.is_empty() {
            Occur::Must
        } else {
            Occur::Should
        };
        clauses.push((occur, matching));
    }
    constrained(ctx, plan, Scope::Document, w, clauses)
}

/// The matching query: document entries holding `text` (all of them without text), under
/// `filters`.
pub fn matching_query(
    ctx: &SearchContext,
    text: Option<Box<dyn Query>>,
    filters: &[(Occur, Box<dyn Query>)],
) -> BooleanQuery {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, term_query(ctx.fields.kind, KIND_DOC))];
    clauses.push((Occur::Must, text.unwrap_or_else(|| Box::new(AllQuery))));
    clauses.extend(filters.iter().map(|(o, q)| (*o, q.box_clone())));
    BooleanQuery::new(clauses)
}

/// Per distinct syllable of the plan, its terms in each of `views`: the folded term, and the
/// accented one when the view has an accented field and the query wrote (or search restored,
/// with [`Weights::restored`]) an accented form.
pub(super) fn groups(plan: &Plan, views: &[View], w: &Weights) -> Vec<Vec<WeightedTerm>> {
    let mut groups = Vec::with_capacity(plan.syllables.len());
    for s in &plan.syllables {
        let mut group = Vec::new();
        for (fold_field, acc_field, weight) in views {
            group.push((Term::from_field_text(*fold_field, &s.folded), *weight));
            let exact = if plan.accented {
                s.written.as_ref().map(|t| (t, w.accented))
            } else if w.restored > 0.0 {
                s.restored.as_ref().map(|t| (t, w.restored))
            } else {
                None
            };
            if let (Some((t, extra)), Some(acc_field)) = (exact, acc_field) {
                group.push((Term::from_field_text(*acc_field, t), weight * extra));
            }
        }
        groups.push(group);
    }
    groups
}

/// `clauses` (the scored syllables) with the plan's constraints added: phrases required,
/// exclusions refused, named articles (passages) and number keys scored. `None` when nothing
/// is asked for.
pub(super) fn constrained(
    ctx: &SearchContext,
    plan: &Plan,
    scope: Scope,
    w: &Weights,
    mut clauses: Vec<(Occur, Box<dyn Query>)>,
) -> Result<Option<Box<dyn Query>>> {
    let f = &ctx.fields;
    let phrase = |p: &Phrase| match scope {
        Scope::Document => in_passages(ctx, p),
        Scope::Passage | Scope::Title => Ok(passage_phrase(ctx, p)),
    };
    for p in &plan.phrases {
        if let Some(q) = phrase(p)? {
            clauses.push((Occur::Must, q));
        }
    }
    for excluded in &plan.excluded {
        if let Some(q) = phrase(excluded)? {
            clauses.push((Occur::MustNot, q));
        }
    }
    let phrase_body = match scope {
        Scope::Document => f.doc_body,
        Scope::Passage | Scope::Title => f.body,
    };
    if scope == Scope::Passage && w.article > 0.0 {
        for n in &plan.articles {
            clauses.push((Occur::Should, scored_term(f.article, n, w.article)));
        }
    }
    for key in &plan.numbers {
        // Passages carry their document's number key too, and the keys it cites: the document
        // with the number first, then those citing it (`1521/QĐ-TTg` is cited, not held).
        clauses.push((Occur::Should, scored_term(f.number_key, key, w.number)));
        if w.cited > 0.0 {
            clauses.push((Occur::Should, scored_term(f.cites, key, w.cited)));
        }
        let lower = key.to_lowercase();
        clauses.push((Occur::Should, scored_term(phrase_body, &lower, 1.0)));
    }
    if clauses.is_empty() {
        return Ok(None);
    }
    if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}

/// Scored `Should` clauses of `terms`.
pub(super) fn should(terms: Vec<WeightedTerm>) -> Vec<(Occur, Box<dyn Query>)> {
    terms
        .into_iter()
        .map(|(t, weight)| (Occur::Should, scored(t, weight)))
        .collect()
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

/// The document entries of the documents that hold `phrase`. A word is looked up in the
/// document's own distinct terms; a phrase of several words in its passages (the document entry
/// keeps no positions), so it must stand inside one passage, as it does in running text.
fn in_passages(ctx: &SearchContext, phrase: &Phrase) -> Result<Option<Box<dyn Query>>> {
    let f = &ctx.fields;
    if let [word] = phrase.words.as_slice() {
        let field = if phrase.accented {
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
    let Some(q) = passage_phrase(ctx, phrase) else {
        return Ok(None);
    };
    let searcher = &ctx.searcher;
    let ids = searcher.search(q.as_ref(), &MatchedDocs)?.ids(searcher)?;
    let terms = ids.iter().map(|id| Term::from_field_text(f.id, id));
    Ok(Some(Box::new(TermSetQuery::new(terms))))
}

/// The passages holding the phrase's words in a row, in the accented or the folded body view.
fn passage_phrase(ctx: &SearchContext, phrase: &Phrase) -> Option<Box<dyn Query>> {
    let f = &ctx.fields;
    let field = if phrase.accented {
        f.body
    } else {
        f.body_folded
    };
    let mut terms: Vec<Term> = phrase
        .words
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
