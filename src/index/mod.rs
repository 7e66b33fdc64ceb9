//! The on-disk index: schema, opening and creating, the single writer, and reading stored
//! documents back. Turning a [`Document`] into tantivy entries is [`entries`].

pub mod accents;
mod entries;
pub mod manifest;
pub mod schema;

use std::path::{Path, PathBuf};

use tantivy::collector::{Count, TopDocs};
use tantivy::indexer::UserOperation;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::document::Document;
use crate::error::{Error, Result};
pub use crate::keys::{agency_term, filter_key};
use crate::text;
pub use entries::Summary;
pub use manifest::{FileStamp, Manifest};
pub use schema::{Fields, FLAG_HEADING, FLAG_TASKS, KIND_DOC, KIND_PASSAGE, SCHEMA_VERSION};

/// Memory budget of the tantivy writer, shared by its indexing threads; a thread whose share is
/// full writes a segment. On ten copies of the shared corpus 512 MiB left 4 segments instead of
/// 17 and indexed in 48 s instead of 56 s (the final merge 6 s instead of 10 s). Memory is taken
/// as documents arrive, so a small batch uses little of it.
const WRITER_HEAP_BYTES: usize = 512 * 1024 * 1024;

/// An open `vanban` index.
pub struct VanbanIndex {
    dir: Option<PathBuf>,
    index: Index,
    fields: Fields,
    reader: IndexReader,
    accents: accents::AccentCache,
}

impl VanbanIndex {
    /// Opens the index in `dir`, creating it when the directory holds none.
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        if dir.join("meta.json").exists() {
            return Self::open(dir);
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        // The manifest first: a crash between the two steps then leaves a directory without
        // `meta.json`, which the next run creates again, never a tantivy index without a
        // manifest, which `open` refuses as another schema version.
        Manifest {
            schema_version: SCHEMA_VERSION,
            ..Manifest::default()
        }
        .save(dir)?;
        let (schema, _) = schema::build();
        let index = Index::create_in_dir(dir, schema)?;
        Self::from_index(index, Some(dir.to_path_buf()))
    }

    /// Opens an existing index in `dir`; refuses one of another schema version.
    pub fn open(dir: &Path) -> Result<Self> {
        if !dir.join("meta.json").exists() {
            return Err(Error::NoIndex(dir.to_path_buf()));
        }
        let found = Manifest::load(dir)?.map(|m| m.schema_version).unwrap_or(0);
        if found != SCHEMA_VERSION {
            return Err(Error::SchemaVersion {
                path: dir.to_path_buf(),
                found,
                expected: SCHEMA_VERSION,
            });
        }
        let index = Index::open_in_dir(dir)?;
        Self::from_index(index, Some(dir.to_path_buf()))
    }

    /// An index held in memory, for tests and the evaluation runs.
    pub fn in_memory() -> Result<Self> {
        let (schema, _) = schema::build();
        Self::from_index(Index::create_in_ram(schema), None)
    }

    fn from_index(index: Index, dir: Option<PathBuf>) -> Result<Self> {
        text::register(index.tokenizers());
        let (expected, _) = schema::build();
        if index.schema() != expected {
            let path = dir.clone().unwrap_or_default();
            return Err(Error::SchemaVersion {
                path,
                found: 0,
                expected: SCHEMA_VERSION,
            });
        }
        let fields = resolve_fields(&index)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(VanbanIndex {
            dir,
            index,
            fields,
            reader,
            accents: accents::AccentCache::default(),
        })
    }

    /// The directory on disk, `None` for an in-memory index.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The tantivy index.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    /// Field handles.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// A searcher over the last reloaded commit.
    pub fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// The diacritics statistics of what `searcher` sees (in how many documents each accented
    /// syllable and pair of titles and bodies occurs), counted on first use per commit.
    pub fn accent_model(
        &self,
        searcher: &tantivy::Searcher,
    ) -> Result<std::sync::Arc<text::AccentModel>> {
        let f = &self.fields;
        self.accents.model(searcher, &[f.doc_body], &[f.doc_pairs])
    }

    /// Makes the last commit visible to new searchers now.
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// The manifest (an in-memory index has an empty one).
    pub fn manifest(&self) -> Result<Manifest> {
        match &self.dir {
            Some(dir) => Ok(Manifest::load(dir)?.unwrap_or_default()),
            None => Ok(Manifest {
                schema_version: SCHEMA_VERSION,
                ..Manifest::default()
            }),
        }
    }

    /// Takes the single writer; a second process gets [`Error::Locked`].
    pub fn writer(&self) -> Result<Writer> {
        let writer = self.index.writer(WRITER_HEAP_BYTES).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => {
                Error::Locked(self.dir.clone().unwrap_or_default())
            }
            other => Error::Tantivy(other),
        })?;
        Ok(Writer {
            fields: self.fields,
            dir: self.dir.clone(),
            writer,
        })
    }

    /// Number of documents (not passages) in the last reloaded commit.
    pub fn document_count(&self) -> Result<usize> {
        let q = TermQuery::new(
            Term::from_field_text(self.fields.kind, KIND_DOC),
            IndexRecordOption::Basic,
        );
        Ok(self.searcher().search(&q, &Count)?)
    }

    /// Size of the index files on disk, in bytes.
    pub fn size_bytes(&self) -> u64 {
        self.dir.as_deref().map(dir_size).unwrap_or(0)
    }

    /// The stored document with this id.
    pub fn get(&self, id: &str) -> Result<Option<Document>> {
        let docs = self.documents_where(self.fields.id, id, 1)?;
        Ok(docs.into_iter().next())
    }

    /// The source file of the committed document `id` when it came from a file other than
    /// `source_file` and other than the files in `replaced` (whose entries are being deleted):
    /// the earlier read of a document read again, which ingest reports as merged.
    pub fn source_elsewhere(
        &self,
        id: &str,
        source_file: &str,
        replaced: &std::collections::HashSet<String>,
    ) -> Result<Option<String>> {
        let searcher = self.searcher();
        let q = BooleanQuery::new(vec![
            (Occur::Must, term_query(self.fields.kind, KIND_DOC)),
            (Occur::Must, term_query(self.fields.id, id)),
        ]);
        for (_, addr) in searcher.search(&q, &TopDocs::with_limit(4))? {
            let stored: TantivyDocument = searcher.doc(addr)?;
            let file = stored
                .get_first(self.fields.source_file)
                .and_then(|v| v.as_str())
                .unwrap_or("");
            if file != source_file && !replaced.contains(file) {
                return Ok(Some(file.to_string()));
            }
        }
        Ok(None)
    }

    /// Documents whose number key is `key` (already canonical).
    pub fn by_number_key(&self, key: &str) -> Result<Vec<Document>> {
        self.documents_where(self.fields.number_key, key, 100)
    }

    /// Documents citing the number `key` (already canonical).
    pub fn citing(&self, key: &str, limit: usize) -> Result<Vec<Document>> {
        self.documents_where(self.fields.cites, key, limit)
    }

    /// The stored document with this id, as `T` (a part of it, see
    /// [`VanbanIndex::by_number_key_as`]).
    pub fn get_as<T: serde::de::DeserializeOwned>(&self, id: &str) -> Result<Option<T>> {
        Ok(self
            .stored_where(self.fields.id, id, 0, 1)?
            .1
            .into_iter()
            .next())
    }

    /// How many documents have the number key `key`, without loading them.
    pub fn count_number_key(&self, key: &str) -> Result<usize> {
        let q = BooleanQuery::new(vec![
            (Occur::Must, term_query(self.fields.kind, KIND_DOC)),
            (Occur::Must, term_query(self.fields.number_key, key)),
        ]);
        Ok(self.searcher().search(&q, &Count)?)
    }

    /// The documents whose number key is `key`, as `T`: a part of the stored document (serde
    /// skips the fields `T` lacks, so a list never builds whole bodies). `offset..offset+limit`
    /// of them, in index order, and how many there are.
    pub fn by_number_key_as<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<T>)> {
        self.stored_where(self.fields.number_key, key, offset, limit)
    }

    /// The documents citing the number `key`, as `T` (see [`VanbanIndex::by_number_key_as`]).
    pub fn citing_as<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<T>)> {
        self.stored_where(self.fields.cites, key, offset, limit)
    }

    fn stored_where<T: serde::de::DeserializeOwned>(
        &self,
        field: tantivy::schema::Field,
        value: &str,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<T>)> {
        let searcher = self.searcher();
        let q = BooleanQuery::new(vec![
            (Occur::Must, term_query(self.fields.kind, KIND_DOC)),
            (Occur::Must, term_query(field, value)),
        ]);
        let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        let (total, hits) = searcher.search(&q, &(Count, top))?;
        let mut out = Vec::with_capacity(hits.len());
        for (_, addr) in hits {
            let stored: TantivyDocument = searcher.doc(addr)?;
            let json = stored
                .get_first(self.fields.doc_json)
                .and_then(|v| v.as_str())
                .unwrap_or("{}");
            out.push(serde_json::from_str(json)?);
        }
        Ok((total, out))
    }

    /// Every stored document, in index order, up to `limit`.
    pub fn all_documents(&self, limit: usize) -> Result<Vec<Document>> {
        self.documents_where(self.fields.kind, KIND_DOC, limit)
    }

    /// How many documents were read from `source_file` (a file's key, or `api:<id>`).
    pub fn count_source(&self, source_file: &str) -> Result<usize> {
        let q = BooleanQuery::new(vec![
            (Occur::Must, term_query(self.fields.kind, KIND_DOC)),
            (
                Occur::Must,
                term_query(self.fields.source_file, source_file),
            ),
        ]);
        Ok(self.searcher().search(&q, &tantivy::collector::Count)?)
    }

    /// Ids of the documents whose `source_file` is `source_file` (a sync's or a bulk write's
    /// source tag), in no particular order.
    pub fn ids_of_source(&self, source_file: &str) -> Result<Vec<String>> {
        let searcher = self.searcher();
        let q = BooleanQuery::new(vec![
            (Occur::Must, term_query(self.fields.kind, KIND_DOC)),
            (
                Occur::Must,
                term_query(self.fields.source_file, source_file),
            ),
        ]);
        let hits = searcher.search(&q, &tantivy::collector::DocSetCollector)?;
        let mut ids = Vec::with_capacity(hits.len());
        for addr in hits {
            let stored: TantivyDocument = searcher.doc(addr)?;
            if let Some(id) = stored.get_first(self.fields.id).and_then(|v| v.as_str()) {
                ids.push(id.to_string());
            }
        }
        Ok(ids)
    }

    fn documents_where(
        &self,
        field: tantivy::schema::Field,
        value: &str,
        limit: usize,
    ) -> Result<Vec<Document>> {
        let searcher = self.searcher();
        let q: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (Occur::Must, term_query(self.fields.kind, KIND_DOC)),
            (Occur::Must, term_query(field, value)),
        ]));
        let hits = searcher.search(&q, &TopDocs::with_limit(limit.max(1)))?;
        let mut out = Vec::with_capacity(hits.len());
        for (_, addr) in hits {
            let stored: TantivyDocument = searcher.doc(addr)?;
            out.push(self.stored_document(&stored)?);
        }
        Ok(out)
    }

    /// Decodes the document [`Summary`] stored in a passage entry (`None` on a document entry).
    pub fn stored_summary(&self, stored: &TantivyDocument) -> Result<Option<Summary>> {
        match stored
            .get_first(self.fields.summary)
            .and_then(|v| v.as_str())
        {
            Some(json) => Ok(Some(serde_json::from_str(json)?)),
            None => Ok(None),
        }
    }

    /// Decodes the [`Document`] stored in a document entry.
    pub fn stored_document(&self, stored: &TantivyDocument) -> Result<Document> {
        let json = stored
            .get_first(self.fields.doc_json)
            .and_then(|v| v.as_str())
            .unwrap_or("{}");
        Ok(serde_json::from_str(json)?)
    }
}

fn resolve_fields(index: &Index) -> Result<Fields> {
    // The schema equals `schema::build()` (checked by the caller), so the handles match.
    let _ = index;
    Ok(schema::build().1)
}

/// Bytes of the files under `dir` (an index folder).
pub fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// A term query on an exact keyword.
pub fn term_query(field: tantivy::schema::Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// The single writer of an index. Adds and deletes become visible only at [`Writer::commit`].
pub struct Writer {
    fields: Fields,
    dir: Option<PathBuf>,
    writer: IndexWriter,
}

impl Writer {
    /// Removes every entry that came from `source_file`.
    pub fn delete_source(&mut self, source_file: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.source_file, source_file));
    }

    /// Removes the document `id` and its passages.
    pub fn delete_id(&mut self, id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.id, id));
    }

    /// Adds a document and its passages, replacing any earlier document with the same id.
    ///
    /// The document entry and its passages go in one batch, which tantivy keeps in one segment:
    /// search relies on a document and its passages sharing a segment.
    pub fn add(&mut self, doc: &Document, source_file: &str) -> Result<()> {
        let mut ops = vec![UserOperation::Delete(Term::from_field_text(
            self.fields.id,
            &doc.id,
        ))];
        ops.extend(
            entries::entries(&self.fields, doc, source_file)?
                .into_iter()
                .map(UserOperation::Add),
        );
        self.writer.run(ops)?;
        Ok(())
    }

    /// Commits everything added or deleted so far; all-or-nothing.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        Ok(())
    }

    /// Commits, then records `manifest` (which must describe this commit) atomically.
    pub fn commit_with_manifest(&mut self, manifest: &Manifest) -> Result<()> {
        self.commit()?;
        if let Some(dir) = &self.dir {
            manifest.save(dir)?;
        }
        Ok(())
    }

    /// Turns tantivy's background merges off for this writer: for a bulk run that ends with
    /// [`Writer::merge_segments`]. A background merge racing that final merge would take its
    /// segments away from under it (tantivy then fails the merge), which the kill loop found on
    /// runs with several commits.
    pub fn without_background_merges(&mut self) {
        self.writer
            .set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    }

    /// Merges the committed segments into one, so that a query looks each term up once instead of
    /// once per segment. The merge is published atomically (tantivy's `meta.json`); a crash during
    /// it leaves the segments as they were. The documents, and so the manifest, do not change.
    /// Call it on a writer [`Writer::without_background_merges`].
    pub fn merge_segments(&mut self) -> Result<()> {
        let ids = self.writer.index().searchable_segment_ids()?;
        if ids.len() > 1 {
            self.writer.merge(&ids).wait()?;
        }
        Ok(())
    }

    /// Drops what was added since the last commit.
    pub fn rollback(&mut self) -> Result<()> {
        self.writer.rollback()?;
        Ok(())
    }
}

/// An in-memory index holding `docs`, committed and visible: for tests.
#[cfg(test)]
pub(crate) fn index_of(docs: &[Document]) -> VanbanIndex {
    let index = VanbanIndex::in_memory().unwrap();
    let mut w = index.writer().unwrap();
    for d in docs {
        w.add(d, "test").unwrap();
    }
    w.commit().unwrap();
    index.reload().unwrap();
    index
}
