//! The search engine: an index with the caches searches keep across requests, and the context
//! one search runs in.

use std::sync::Arc;

use super::facets::FacetColumns;
use super::named;
use super::plan::Plan;
use super::query::ParsedQuery;
use super::within::HeadingCache;
use super::{PassageRank, SearchRequest, SearchResponse, Weights};
use crate::deadline::Deadline;
use crate::error::Result;
use crate::index::{Fields, VanbanIndex};
use crate::text;

/// What searches keep across requests. Both are keyed by segment, and segments never change, so
/// a cache never goes stale when the index is reloaded.
#[derive(Debug, Default)]
pub struct Caches {
    /// Each segment's facet columns and the names of their values, opened once per segment.
    pub facet_columns: Arc<FacetColumns>,
    /// What the headings of documents searches showed say.
    pub headings: HeadingCache,
}

/// An index and the search-side caches kept beside it: what a server holds for its lifetime.
pub struct Engine {
    index: Arc<VanbanIndex>,
    caches: Caches,
}

impl Engine {
    /// An engine over `index`, with empty caches.
    pub fn new(index: impl Into<Arc<VanbanIndex>>) -> Self {
        Engine {
            index: index.into(),
            caches: Caches::default(),
        }
    }

    /// The index searched.
    pub fn index(&self) -> &VanbanIndex {
        &self.index
    }

    /// The index searched, shared.
    pub fn shared_index(&self) -> Arc<VanbanIndex> {
        self.index.clone()
    }

    /// The caches kept across searches.
    pub fn caches(&self) -> &Caches {
        &self.caches
    }

    /// The context of one search under `weights`, over the last reloaded commit.
    pub fn context(&self, weights: Weights) -> SearchContext<'_> {
        SearchContext::new(&self.index, &self.caches, weights)
    }

    /// Runs a search with the default weights.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResponse> {
        super::run(&self.context(Weights::default()), req)
    }

    /// [`Engine::search`] that stops with [`crate::Error::TimedOut`] once `deadline` has passed
    /// (checked between stages: after ranking, before presenting, before the retry without
    /// phrases).
    pub fn search_until(&self, req: &SearchRequest, deadline: Deadline) -> Result<SearchResponse> {
        let mut ctx = self.context(Weights::default());
        ctx.deadline = deadline;
        super::run(&ctx, req)
    }

    /// Runs a search with explicit ranking weights (for evaluation).
    pub fn search_with(&self, req: &SearchRequest, w: &Weights) -> Result<SearchResponse> {
        super::run(&self.context(*w), req)
    }

    /// Ranks passages (articles) directly: the unit of `vanban eval`.
    pub fn search_passages(&self, q: &str, limit: usize, w: &Weights) -> Result<Vec<PassageRank>> {
        super::ranking::passages(&self.context(*w), q, limit)
    }
}

/// What every stage of one search reads: the index, one searcher (one committed snapshot for
/// the whole search), the ranking weights and the caches.
pub struct SearchContext<'a> {
    /// The index.
    pub index: &'a VanbanIndex,
    /// The searcher every stage uses.
    pub searcher: tantivy::Searcher,
    /// Field handles.
    pub fields: Fields,
    /// Ranking weights.
    pub weights: Weights,
    /// Caches kept across searches.
    pub caches: &'a Caches,
    /// When the search must stop (none by default).
    pub deadline: Deadline,
}

impl<'a> SearchContext<'a> {
    /// A context over the last reloaded commit of `index`.
    pub fn new(index: &'a VanbanIndex, caches: &'a Caches, weights: Weights) -> Self {
        SearchContext {
            index,
            searcher: index.searcher(),
            fields: *index.fields(),
            weights,
            caches,
            deadline: Deadline::none(),
        }
    }

    /// The plan of `parsed`; with `restore`, diacritics are restored in free text typed without
    /// any.
    ///
    /// What the query names besides its words ([`named`]) is read here: numbers given in part
    /// become the number keys they stand for, the type its first words name is preferred, and
    /// the numbers and laws the index does not hold are noted.
    pub fn plan(&self, parsed: &ParsedQuery, restore: bool) -> Result<Plan> {
        let restored = match restore {
            true => self.restore_accents(&parsed.free_text)?,
            false => None,
        };
        let mut plan = Plan::analyze(self.index.tantivy().tokenizers(), parsed, restored)?;
        let named = named::Named::of(&parsed.free_text);
        plan.preferred_type = named.preferred_type;
        for key in &parsed.numbers {
            if !named::holds_number(self, key)? {
                plan.not_indexed.push(crate::number::display_key(key));
            }
        }
        for partial in &named.partial {
            let keys = named::resolve(self, partial)?;
            let mut held = false;
            for key in keys {
                held |= named::holds_number(self, &key)?;
                if !plan.numbers.contains(&key) {
                    plan.numbers.push(key);
                }
            }
            if !held {
                plan.not_indexed.push(partial.written.clone());
            }
        }
        for law in &named.laws {
            if !named::holds_law(self, law)? {
                plan.not_indexed.push(law.written.clone());
            }
        }
        Ok(plan)
    }

    /// `text` with likely diacritics restored, when it has letters and none of them accented.
    pub fn restore_accents(&self, text: &str) -> Result<Option<String>> {
        if text.trim().is_empty()
            || text::has_diacritics(text)
            || !text.chars().any(char::is_alphabetic)
        {
            return Ok(None);
        }
        Ok(self.index.accent_model(&self.searcher)?.restore(text))
    }
}
