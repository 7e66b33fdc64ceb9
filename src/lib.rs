//! `vanban`: a search engine for Vietnamese legal and administrative documents.
//!
//! Data flows one way (see `DESIGN.md`):
//! `read` (files → [`RawDoc`]) → `extract` ([`RawDoc`] → [`Document`]) → `index` (tantivy) →
//! `search` (queries, ranking, facets, snippets) → `http` / the CLI.

pub mod bench;
pub mod config;
pub mod deadline;
pub mod doc_type;
pub mod document;
pub mod error;
pub mod eval;
pub mod extract;
pub mod http;
pub mod index;
pub mod ingest;
pub mod keys;
pub mod letters;
pub mod number;
pub mod originals;
pub mod params;
pub mod pipeline;
pub mod prune;
pub mod read;
pub mod relation;
pub mod replica;
pub mod search;
pub mod status;
pub mod sync;
pub mod text;
pub mod validity;
pub mod watch;

pub use document::{Document, Passage, RawDoc};
pub use error::{Code, Error, Result};
