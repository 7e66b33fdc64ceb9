//! The one document pipeline of every writer (`vanban index`, the write API, eval, bench):
//! a file's bytes to documents ([`read_documents`]: read, then extract), and [`Change`]s to the
//! index, staged in a [`Batch`] and committed together, or rolled back so that nothing of them
//! lingers ([`apply`]: one change, one commit). What is particular to a writer stays with it:
//! the walk, the manifest and the merges of [`crate::ingest`]; the records of the HTTP routes.

use std::collections::HashSet;
use std::path::Path;

use crate::document::{Document, RawDoc};
use crate::error::{Code, Error, Result};
use crate::extract;
use crate::index::{Manifest, VanbanIndex, Writer};
use crate::read;

/// The documents extracted from one file.
#[derive(Debug, Default)]
pub struct FileDocuments {
    /// Documents, in the order the file holds them.
    pub documents: Vec<Document>,
    /// For each document, the file a record says it was made from (its `file` field, relative
    /// to the record's file), as the provincial export names each original.
    pub made_from: Vec<Option<String>>,
    /// Records skipped inside an otherwise good file (`path#L12: malformed JSON ...`).
    pub skipped: Vec<String>,
}

/// Reads the file `name` (its extension picks the reader) from `bytes` and extracts its
/// documents. `place` stands for the file in the ids of documents that have no identity of their
/// own (`vanban index` gives the file's path inside the folder indexed, so that a corpus gives
/// the same ids wherever it sits); a record's `#L12` is appended to it.
pub fn read_documents(name: &str, bytes: &[u8], place: &str) -> Result<FileDocuments> {
    let read = read::read_bytes(name, bytes)?;
    let mut out = FileDocuments {
        documents: Vec::with_capacity(read.docs.len()),
        made_from: Vec::with_capacity(read.docs.len()),
        skipped: read.skipped,
    };
    for raw in read.docs {
        // `name#L12` → `place#L12`.
        let at = raw.source.strip_prefix(name).unwrap_or("");
        let locator = format!("{place}{at}");
        out.made_from.push(raw.fields.original.clone());
        let mut doc = extract::extract_at(raw, &locator);
        // Where it was read inside the folder indexed: no server folder in the index (issue 23).
        doc.source = locator;
        out.documents.push(doc);
    }
    Ok(out)
}

/// The documents of a file given by name (its extension picks the reader) and bytes, the name
/// standing for the file in ids.
pub fn documents_from(name: &str, bytes: &[u8]) -> Result<Vec<Document>> {
    Ok(read_documents(name, bytes, name)?.documents)
}

/// The first name of a JSON record that the record reader does not know (a writer that takes
/// records one by one refuses it, so that a misspelt field is not silently dropped).
pub fn unknown_record_name(record: &serde_json::Value) -> Option<&str> {
    record
        .as_object()?
        .keys()
        .find(|k| !read::record::is_known_key(k))
        .map(String::as_str)
}

/// One JSON record in the names the file readers know (`so_hieu`, `trich_yeu`, `noi_dung`, ...),
/// read as a line of a `.jsonl` file is; `Err` says what it lacks. Give it to [`document_of`]
/// (after setting what the writer knows, such as an id).
pub fn record(record: &serde_json::Value, source: &str) -> std::result::Result<RawDoc, String> {
    read::record::to_raw_doc(record, source.to_string())
}

/// The document of a record a writer built or read itself (the write API's JSON records),
/// through the same extraction as a file's.
pub fn document_of(raw: RawDoc) -> Document {
    extract::extract(raw)
}

/// A file's bytes, read whole, and their blake3 hash (what `vanban index` compares to skip an
/// unchanged file). A file over [`read::MAX_FILE_BYTES`] is refused without reading it.
pub fn load(path: &Path) -> Result<(Vec<u8>, String)> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.len() > read::MAX_FILE_BYTES {
        return Err(Error::Read {
            path: path.to_path_buf(),
            reason: format!(
                "file is {} bytes, over the {}-byte limit",
                meta.len(),
                read::MAX_FILE_BYTES
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let hash = blake3::hash(&bytes).to_hex().to_string();
    Ok((bytes, hash))
}

/// The documents of the file at `path` ([`load`], then [`read_documents`] with the path as the
/// place).
pub fn read_path(path: &Path) -> Result<FileDocuments> {
    let (bytes, _) = load(path)?;
    let name = path.to_string_lossy();
    read_documents(&name, &bytes, &name)
}

/// One change to the index.
#[derive(Debug)]
pub enum Change {
    /// New documents; none may exist yet (`already_exists`), and no two share an id
    /// (`duplicate_id`).
    Create(Vec<Document>),
    /// A document that replaces the one with its id, or is added when there is none.
    Upsert(Box<Document>),
    /// Removal of an existing document (not found when there is none).
    Delete(String),
    /// Removal of documents that may or may not exist (a sync's deleted rows), in one commit.
    DeleteMany(Vec<String>),
    /// The documents read from one source (a file, under its key): whatever the source gave
    /// before is removed, and each document replaces any other with its id.
    Source {
        /// The source's key (a file's canonical path).
        key: String,
        /// What it gives now.
        documents: Vec<Document>,
    },
    /// Removal of every document of one source (a file that is gone).
    DeleteSource(String),
}

/// Changes staged with the writer held, visible to searches only once committed together by
/// [`Batch::commit`]; a batch dropped uncommitted is rolled back.
pub struct Batch<'a> {
    index: &'a VanbanIndex,
    writer: &'a mut Writer,
    /// Ids written since the batch began (a delete of one of them is not refused).
    written: HashSet<String>,
    /// Documents written since the last commit.
    pending: usize,
    /// Whether anything was staged since the last commit.
    dirty: bool,
    /// Whether something staged since the last commit removes or replaces a committed
    /// document, whose original file may then be named by none ([`crate::originals::collect`]).
    may_orphan: bool,
}

impl<'a> Batch<'a> {
    /// A batch on `index`, through its writer.
    pub fn new(index: &'a VanbanIndex, writer: &'a mut Writer) -> Self {
        Batch {
            index,
            writer,
            written: HashSet::new(),
            pending: 0,
            dirty: false,
            may_orphan: false,
        }
    }

    /// Checks `change` against the index as last committed and the batch so far, then writes
    /// it. A refused change writes nothing.
    pub fn stage(&mut self, change: &Change) -> Result<()> {
        self.check(change)?;
        self.dirty = true;
        self.may_orphan |= self.removes_committed(change)?;
        match change {
            Change::Create(docs) => {
                for d in docs {
                    self.add(d, &d.source)?;
                }
            }
            Change::Upsert(d) => self.add(d, &d.source)?,
            Change::Delete(id) => self.writer.delete_id(id),
            Change::DeleteMany(ids) => ids.iter().for_each(|id| self.writer.delete_id(id)),
            Change::Source { key, documents } => {
                self.writer.delete_source(key);
                for d in documents {
                    self.add(d, key)?;
                }
            }
            Change::DeleteSource(key) => self.writer.delete_source(key),
        }
        Ok(())
    }

    /// Documents written since the last commit.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Commits what was staged, with `manifest` recorded after it (it must describe this
    /// commit), and reloads the index's readers. On a failure, rolls back.
    pub fn commit(&mut self, manifest: Option<&Manifest>) -> Result<()> {
        let committed = match manifest {
            Some(m) => self.writer.commit_with_manifest(m),
            None => self.writer.commit(),
        };
        if let Err(e) = committed {
            self.rollback();
            return Err(e);
        }
        self.pending = 0;
        self.dirty = false;
        self.index.reload()?;
        if std::mem::take(&mut self.may_orphan) {
            collect_originals(self.index, self.writer);
        }
        Ok(())
    }

    /// Whether `change` removes or replaces a document already committed.
    fn removes_committed(&self, change: &Change) -> Result<bool> {
        Ok(match change {
            Change::Create(_) => false,
            Change::Delete(_) | Change::DeleteMany(_) | Change::DeleteSource(_) => true,
            Change::Upsert(d) => {
                let f = self.index.fields();
                let q = tantivy::query::BooleanQuery::new(vec![
                    (
                        tantivy::query::Occur::Must,
                        crate::index::term_query(f.kind, crate::index::KIND_DOC),
                    ),
                    (
                        tantivy::query::Occur::Must,
                        crate::index::term_query(f.id, &d.id),
                    ),
                ]);
                self.index
                    .searcher()
                    .search(&q, &tantivy::collector::Count)?
                    > 0
            }
            Change::Source { key, .. } => self.index.count_source(key)? > 0,
        })
    }

    /// Drops what was staged since the last commit.
    pub fn rollback(&mut self) {
        if let Err(r) = self.writer.rollback() {
            tracing::error!(error = %r, "rollback after a failed write failed");
        }
        self.pending = 0;
        self.dirty = false;
        self.may_orphan = false;
    }

    fn add(&mut self, doc: &Document, source: &str) -> Result<()> {
        self.writer.add(doc, source)?;
        self.written.insert(doc.id.clone());
        self.pending += 1;
        Ok(())
    }

    /// Refuses a change that does not fit the index as it is.
    fn check(&self, change: &Change) -> Result<()> {
        let committed = |id: &str| -> Result<bool> { Ok(self.index.get(id)?.is_some()) };
        match change {
            Change::Create(docs) => {
                let mut seen = HashSet::new();
                for d in docs {
                    if !seen.insert(d.id.as_str()) {
                        return Err(Error::bad_request(
                            Code::DuplicateId,
                            format!("the upload holds two documents with id `{}`", d.id),
                        ));
                    }
                    if self.written.contains(&d.id) || committed(&d.id)? {
                        return Err(Error::bad_request(
                            Code::AlreadyExists,
                            format!(
                                "a document with id `{}` exists; replace it with PUT /api/documents/{{id}}",
                                d.id
                            ),
                        ));
                    }
                }
                Ok(())
            }
            Change::Delete(id) if !self.written.contains(id) && !committed(id)? => {
                Err(Error::NotFound(format!("no document with id `{id}`")))
            }
            _ => Ok(()),
        }
    }
}

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        if self.dirty {
            self.rollback();
        }
    }
}

/// Removes the original files no committed document names any more; a failure is logged, not
/// returned (what was committed stays committed, and the next collection tries again).
pub fn collect_originals(index: &VanbanIndex, writer: &Writer) {
    if let Err(e) = crate::originals::collect(index, writer) {
        tracing::warn!(error = %e, "collecting the original files no document names");
    }
}

/// Applies `change` alone, with the writer held: checks it (`duplicate_id`, `already_exists`,
/// not found), writes, commits and reloads (`Ok(true)` when an upsert added a new document);
/// a change refused or failed leaves nothing behind.
pub fn apply(index: &VanbanIndex, writer: &mut Writer, change: &Change) -> Result<bool> {
    let created = match change {
        Change::Upsert(d) => index.get(&d.id)?.is_none(),
        _ => false,
    };
    let mut batch = Batch::new(index, writer);
    batch.stage(change)?;
    batch.commit(None)?;
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, body: &str) -> Document {
        Document {
            id: id.into(),
            source: format!("api:{id}"),
            body: body.into(),
            ..Document::default()
        }
    }

    #[test]
    fn a_change_commits_whole_or_is_refused_with_its_code() {
        let index = VanbanIndex::in_memory().unwrap();
        let mut writer = index.writer().unwrap();
        let create = Change::Create(vec![doc("a", "hòa giải"), doc("b", "cán bộ")]);
        apply(&index, &mut writer, &create).unwrap();
        assert_eq!(index.document_count().unwrap(), 2);
        let code = |r: Result<bool>| match r {
            Err(Error::BadRequest { code, .. }) => Some(code),
            _ => None,
        };
        let again = Change::Create(vec![doc("c", "x"), doc("a", "y")]);
        assert_eq!(
            code(apply(&index, &mut writer, &again)),
            Some(Code::AlreadyExists)
        );
        let twice = Change::Create(vec![doc("d", "x"), doc("d", "y")]);
        assert_eq!(
            code(apply(&index, &mut writer, &twice)),
            Some(Code::DuplicateId)
        );
        // Nothing of a refused change was written.
        assert_eq!(index.document_count().unwrap(), 2);
        let gone = Change::Delete("zzz".into());
        assert!(matches!(
            apply(&index, &mut writer, &gone),
            Err(Error::NotFound(_))
        ));
        apply(&index, &mut writer, &Change::Delete("b".into())).unwrap();
        assert_eq!(index.document_count().unwrap(), 1);
        let docs = documents_from("plan.txt", "Điều 1. Hòa giải ở cơ sở.".as_bytes()).unwrap();
        assert_eq!(docs.len(), 1);
    }

    #[test]
    fn a_batch_replaces_a_source_whole_and_commits_once() {
        let index = VanbanIndex::in_memory().unwrap();
        let mut writer = index.writer().unwrap();
        let mut batch = Batch::new(&index, &mut writer);
        let file = |docs: Vec<Document>| Change::Source {
            key: "/docs/a.jsonl".into(),
            documents: docs,
        };
        batch
            .stage(&file(vec![doc("a1", "x"), doc("a2", "y")]))
            .unwrap();
        batch
            .stage(&Change::Upsert(Box::new(doc("b", "z"))))
            .unwrap();
        assert_eq!(batch.pending(), 3);
        // Nothing is visible before the commit; a staged document can be deleted.
        assert_eq!(index.document_count().unwrap(), 0);
        batch.stage(&Change::Delete("b".into())).unwrap();
        batch.commit(None).unwrap();
        assert_eq!(index.document_count().unwrap(), 2);
        // The file read again gives one document: the other is gone.
        batch.stage(&file(vec![doc("a2", "y2")])).unwrap();
        batch.commit(None).unwrap();
        assert_eq!(index.document_count().unwrap(), 1);
        assert_eq!(index.get("a2").unwrap().unwrap().body, "y2");
        batch
            .stage(&Change::DeleteSource("/docs/a.jsonl".into()))
            .unwrap();
        // Dropped uncommitted: rolled back.
        drop(batch);
        assert_eq!(index.document_count().unwrap(), 1);
        apply(
            &index,
            &mut writer,
            &Change::DeleteSource("/docs/a.jsonl".into()),
        )
        .unwrap();
        assert_eq!(index.document_count().unwrap(), 0);
    }

    #[test]
    fn a_record_is_placed_where_the_file_sits() {
        let jsonl = concat!(
            r#"{"so_hieu": "1/KH-UBND", "trich_yeu": "Kế hoạch", "noi_dung": "Điều 1. Một.", "file": "a.pdf"}"#,
            "\n",
            "not json\n"
        );
        let read = read_documents("/srv/x/p.jsonl", jsonl.as_bytes(), "x/p.jsonl").unwrap();
        assert_eq!(read.documents.len(), 1);
        assert_eq!(read.made_from, vec![Some("a.pdf".to_string())]);
        assert_eq!(read.skipped.len(), 1, "{:?}", read.skipped);
        let elsewhere = read_documents("/mnt/y/p.jsonl", jsonl.as_bytes(), "x/p.jsonl").unwrap();
        assert_eq!(read.documents[0].id, elsewhere.documents[0].id);
    }
}
