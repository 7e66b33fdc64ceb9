//! The on-disk index: schema, opening and creating, the single writer, and turning a
//! [`Document`] into tantivy entries. Reading stored documents back lives here too.

pub mod accents;
pub mod manifest;
pub mod schema;

use std::path::{Path, PathBuf};

use tantivy::collector::{Count, TopDocs};
use tantivy::indexer::UserOperation;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DateTime, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::document::{Document, Role};
use crate::error::{Error, Result};
pub use crate::keys::{agency_term, filter_key};
use crate::text;
pub use manifest::{FileStamp, Manifest};
pub use schema::{Fields, FLAG_HEADING, FLAG_TASKS, KIND_DOC, KIND_PASSAGE, SCHEMA_VERSION};

/// Memory budget of the tantivy writer, shared by its indexing threads; a thread whose share is
/// full writes a segment. On ten copies of the shared corpus 512 MiB left 4 segments instead of
/// 17 and indexed in 48 s instead of 56 s (the final merge 6 s instead of 10 s). Memory is taken
/// as documents arrive, so a small batch uses little of it.
const WRITER_HEAP_BYTES: usize = 512 * 1024 * 1024;
/// Longest passage text stored (and indexed) per passage entry.
const MAX_PASSAGE_BYTES: usize = 64 * 1024;

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
            entries(&self.fields, doc, source_file)?
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

fn to_date(d: chrono::NaiveDate) -> DateTime {
    use crate::keys::{MAX_DATE, MIN_DATE};
    // Outside tantivy's nanosecond range the conversion overflows (a panic in a debug build).
    let secs = d
        .clamp(MIN_DATE, MAX_DATE)
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default();
    DateTime::from_timestamp_secs(secs)
}

/// Text indexed for a passage or body: the text plus, for each abbreviation the document defines,
/// the other form once per occurrence of one form (up to [`MAX_EXPANSIONS`]), so that either form
/// finds it and a document that writes `PBGDPL` thirty times counts as saying `phổ biến, giáo dục
/// pháp luật` thirty times.
fn with_abbreviations(text: &str, doc: &Document) -> String {
    let mut out = text.to_string();
    for a in &doc.abbreviations {
        if a.short.is_empty() || a.long.is_empty() {
            continue;
        }
        // The definition `(sau đây gọi tắt là PBGDPL)` holds both forms: not an extra use.
        let shorts = text.matches(a.short.as_str()).count();
        let longs = text.matches(a.long.as_str()).count();
        let (uses_of_short, uses_of_long) = (shorts.saturating_sub(longs.min(1)), longs);
        for _ in 0..uses_of_short.min(MAX_EXPANSIONS) {
            out.push('\n');
            out.push_str(&a.long);
        }
        for _ in 0..uses_of_long.min(MAX_EXPANSIONS) {
            out.push('\n');
            out.push_str(&a.short);
        }
    }
    out
}

/// Most expansions of one abbreviation added to one indexed text.
const MAX_EXPANSIONS: usize = 30;

fn add_analyzed(entry: &mut TantivyDocument, fields: [tantivy::schema::Field; 3], value: &str) {
    for f in fields {
        entry.add_text(f, value);
    }
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// An agency name with `UBND`/`HĐND` spelled out (`UBND tỉnh Lạng Sơn` → `Ủy ban nhân dân tỉnh
/// Lạng Sơn`), as questions write it; empty when there is nothing to spell out.
fn in_full(agency: &str) -> String {
    let mut changed = false;
    let words: Vec<&str> = agency
        .split_whitespace()
        .map(|w| match w {
            "UBND" => {
                changed = true;
                "Ủy ban nhân dân"
            }
            "HĐND" => {
                changed = true;
                "Hội đồng nhân dân"
            }
            w => w,
        })
        .collect();
    if changed {
        words.join(" ")
    } else {
        String::new()
    }
}

/// `issuer`, `lead`, `support` or `monitor`.
fn role_name(role: Role) -> &'static str {
    role.as_str()
}

/// The keys every filter of a search looks at (number, type, issuer, agencies by role, citations,
/// tasks flag, field, dates), on the document entry and on each passage, so that filtered
/// passages can be ranked without a join.
fn add_filter_keys(e: &mut TantivyDocument, f: &Fields, doc: &Document) {
    if let Some(key) = &doc.number_key {
        e.add_text(f.number_key, key);
    }
    if let Some(t) = &doc.doc_type {
        e.add_text(f.doc_type_key, filter_key(t));
    }
    if let Some(i) = &doc.issuer {
        e.add_text(f.issuer_key, crate::keys::agency_key(i));
    }
    let mut agency_terms = std::collections::BTreeSet::new();
    if let Some(i) = &doc.issuer {
        agency_terms.insert(agency_term("issuer", i));
        agency_terms.insert(agency_term("any", i));
    }
    for a in &doc.agencies {
        agency_terms.insert(agency_term(role_name(a.role), &a.name));
        agency_terms.insert(agency_term("any", &a.name));
    }
    for t in agency_terms {
        e.add_text(f.agency, t);
    }
    // The numbers its relations aim at count as cited (a gazette title `Bãi bỏ Quyết định số …`
    // has no body to cite from): `/api/status` finds what changed a number through them.
    let cited: std::collections::BTreeSet<&str> = doc
        .citations
        .iter()
        .filter_map(|c| c.number_key.as_deref())
        .chain(doc.relations.iter().map(|r| r.target.as_str()))
        .collect();
    for key in cited {
        e.add_text(f.cites, key);
    }
    if !doc.tasks.is_empty() {
        e.add_text(f.flags, schema::FLAG_TASKS);
    }
    if let Some(field) = &doc.field {
        e.add_text(f.field_key, filter_key(field));
    }
    if let Some(issued) = doc.issued {
        e.add_date(f.issued, to_date(issued));
    }
    if let Some(eff) = doc.effective {
        e.add_date(f.effective, to_date(eff));
    }
}

/// A document's facet values (type, issuer, agencies by role, year), given to its entry and to
/// each of its passages: facets count document entries only, but a column every entry has a
/// value in is read without a search per entry.
struct FacetValues {
    doc_type: String,
    issuer: String,
    agencies: Vec<String>,
    year: u64,
}

impl FacetValues {
    fn of(doc: &Document) -> Self {
        let mut agencies = std::collections::BTreeSet::new();
        if let Some(i) = &doc.issuer {
            agencies.insert(format!("issuer:{i}"));
        }
        // One name per facet bucket and role (`Sở GD&ĐT` and `Sở Giáo dục và Đào tạo` are one
        // bucket), so that a document counts once in it.
        let mut buckets = std::collections::HashSet::new();
        for a in &doc.agencies {
            let role = role_name(a.role);
            if role != "issuer" || doc.issuer.is_none() {
                let value = format!("{role}:{}", a.name);
                if buckets.insert(crate::keys::agency_bucket(&value)) {
                    agencies.insert(value);
                }
            }
        }
        let or_none = |s: &Option<String>| s.clone().unwrap_or_else(|| schema::NO_FACET.into());
        FacetValues {
            doc_type: or_none(&doc.doc_type),
            issuer: or_none(&doc.issuer),
            agencies: if agencies.is_empty() {
                vec![schema::NO_FACET.into()]
            } else {
                agencies.into_iter().collect()
            },
            year: doc
                .issued
                .map(|d| chrono::Datelike::year(&d).max(0) as u64)
                .unwrap_or(0),
        }
    }

    fn add_to(&self, e: &mut TantivyDocument, f: &Fields) {
        e.add_text(f.doc_type, &self.doc_type);
        e.add_text(f.issuer, &self.issuer);
        for a in &self.agencies {
            e.add_text(f.agency_facet, a);
        }
        e.add_u64(f.year, self.year);
    }
}

/// What a result list shows of a document, stored on each of its passages.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// Number as written.
    pub number: Option<String>,
    /// Document type.
    pub doc_type: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Issuer.
    pub issuer: Option<String>,
    /// Issue date.
    pub issued: Option<chrono::NaiveDate>,
    /// The abbreviations the document defines, so that a snippet can mark `PBGDPL` where it
    /// matched as what it stands for (absent from indexes written before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub abbreviations: Vec<crate::document::Abbreviation>,
}

impl Summary {
    /// The heading of the document as a reader sees it, as its title fields index it: number,
    /// type, title and issuer (a question often names the agency: `Ủy ban nhân dân tỉnh Lạng
    /// Sơn`, so an issuer written `UBND` is also spelled out).
    pub fn heading(&self) -> String {
        let issuer_in_full = self.issuer.as_deref().map(in_full);
        [
            self.number.as_deref(),
            self.doc_type.as_deref(),
            self.title.as_deref(),
            self.issuer.as_deref(),
            issuer_in_full.as_deref(),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
    }

    /// The summary of `doc`.
    pub fn of(doc: &Document) -> Self {
        Summary {
            number: doc.number.clone(),
            doc_type: doc.doc_type.clone(),
            title: doc.title.clone(),
            issuer: doc.issuer.clone(),
            issued: doc.issued,
            abbreviations: doc.abbreviations.clone(),
        }
    }
}

/// The tantivy entries of one document: the document entry and one per passage.
fn entries(f: &Fields, doc: &Document, source_file: &str) -> Result<Vec<TantivyDocument>> {
    let mut d = TantivyDocument::default();
    d.add_text(f.kind, KIND_DOC);
    d.add_text(f.id, &doc.id);
    d.add_text(f.source_file, source_file);
    let summary = Summary::of(doc);
    let title = summary.heading();
    // Title and whole body decide which documents match; ranking is by passages. Deciding what
    // matches asks only whether a document holds a term (phrases are matched in passages): each
    // distinct term once, a tenth of the body's tokens. The accented pairs are the statistics
    // diacritics are restored from.
    add_analyzed(
        &mut d,
        [f.doc_title, f.doc_title_folded, f.doc_title_pairs],
        &title,
    );
    let body = with_abbreviations(&doc.body, doc);
    // The title comes first, a blank line apart, so that no pair spans the two.
    let terms = text::Distinct::of(&format!("{title}\n\n{body}"));
    d.add_text(f.doc_body, terms.accented);
    d.add_text(f.doc_body_folded, terms.folded);
    d.add_text(f.doc_pairs, terms.pairs);
    // Filter keys and facet values are the same on the document entry and on every passage.
    let mut shared = TantivyDocument::default();
    add_filter_keys(&mut shared, f, doc);
    FacetValues::of(doc).add_to(&mut shared, f);
    for (field, value) in shared.field_values() {
        d.add_field_value(field, value);
    }
    d.add_text(f.doc_json, serde_json::to_string(doc)?);

    let summary = serde_json::to_string(&summary)?;
    let mut out = vec![d];
    let whole_body;
    let passages: Vec<(&str, Option<&str>, &str)> = if doc.outline.is_empty() {
        whole_body = doc.body.as_str();
        vec![("", None, whole_body)]
    } else {
        doc.outline
            .iter()
            .map(|p| (p.path.as_str(), p.heading.as_deref(), p.text.as_str()))
            .collect()
    };
    // A document with no text (a gazette record giving only its number and title) competes on
    // its heading as a passage of its own, on the same scale as other documents' passages.
    let heading_only = !passages.iter().any(|(_, _, t)| !t.trim().is_empty());
    let passages = match heading_only {
        false => passages,
        true => vec![("", None, title.as_str())],
    };
    for (ordinal, (path, heading, text)) in passages.into_iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let text = truncate(text, MAX_PASSAGE_BYTES);
        let mut p = shared.clone();
        p.add_text(f.kind, KIND_PASSAGE);
        if heading_only {
            p.add_text(f.flags, schema::FLAG_HEADING);
        }
        p.add_text(f.id, &doc.id);
        p.add_text(f.source_file, source_file);
        p.add_text(f.summary, &summary);
        add_analyzed(
            &mut p,
            [f.body, f.body_folded, f.body_folded_pairs],
            &with_abbreviations(text, doc),
        );
        // A passage's title views hold its own heading (`điều kiện kết hôn`); its document's
        // title (`theo Luật Trọng tài thương mại`) is scored once, on the document entry.
        if let Some(h) = heading {
            add_analyzed(&mut p, [f.title, f.title_folded, f.title_folded_pairs], h);
        }
        p.add_text(f.path, path);
        for n in crate::keys::article_refs(path) {
            p.add_text(f.article, n);
        }
        p.add_u64(f.ordinal, ordinal as u64);
        p.add_text(f.text, text);
        out.push(p);
    }
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn councils_are_spelled_out_for_the_context() {
        assert_eq!(
            in_full("UBND tỉnh Lạng Sơn"),
            "Ủy ban nhân dân tỉnh Lạng Sơn"
        );
        assert_eq!(in_full("HĐND tỉnh Sơn La"), "Hội đồng nhân dân tỉnh Sơn La");
        assert_eq!(in_full("Sở Tư pháp"), "");
    }

    /// Every entry, passages and documents without a type, issuer or date included, has a
    /// value in each facet column: the columns are dense, read without a search per entry.
    #[test]
    fn facet_columns_have_a_value_on_every_entry() {
        let typed = Document {
            id: "a".into(),
            doc_type: Some("Kế hoạch".into()),
            issuer: Some("UBND tỉnh Lạng Sơn".into()),
            issued: chrono::NaiveDate::from_ymd_opt(2020, 10, 1),
            body: "Điều 1. Kế hoạch này.\nĐiều 2. Cán bộ.".into(),
            outline: ["Điều 1. Kế hoạch này.", "Điều 2. Cán bộ."]
                .iter()
                .enumerate()
                .map(|(i, t)| crate::document::Passage {
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
        let searcher = index.searcher();
        let entries: u32 = searcher.segment_readers().iter().map(|r| r.max_doc()).sum();
        assert_eq!(entries, 5, "two documents and three passages");
        use tantivy::columnar::ColumnIndex;
        for reader in searcher.segment_readers() {
            let fast = reader.fast_fields();
            for name in [schema::names::DOC_TYPE, schema::names::ISSUER] {
                let column = fast.str(name).unwrap().unwrap();
                assert!(
                    matches!(column.ords().index, ColumnIndex::Full),
                    "{name} is dense"
                );
            }
            let year = fast.u64(schema::names::YEAR).unwrap();
            assert!(matches!(year.index, ColumnIndex::Full));
            let agency = fast.str(schema::names::AGENCY_FACET).unwrap().unwrap();
            for doc in 0..reader.max_doc() {
                assert!(
                    agency.term_ords(doc).next().is_some(),
                    "agency of entry {doc}"
                );
            }
        }
    }
}
