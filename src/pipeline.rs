//! The document pipeline of a single upload or change: bytes to documents
//! ([`documents_from`]: read, then extract), and a [`Change`] applied to the index as one commit,
//! or rolled back ([`apply`]). The write API uses it; `vanban index` walks folders through
//! [`crate::ingest`], which reads and extracts the same way, file by file, in batched commits.

use std::collections::HashSet;

use crate::document::Document;
use crate::error::{Code, Error, Result};
use crate::extract;
use crate::index::{VanbanIndex, Writer};
use crate::read;

/// The documents of a file given by name (its extension picks the reader) and bytes.
pub fn documents_from(name: &str, bytes: &[u8]) -> Result<Vec<Document>> {
    Ok(read::read_bytes(name, bytes)?
        .docs
        .into_iter()
        .map(extract::extract)
        .collect())
}

/// One change to the index.
#[derive(Debug)]
pub enum Change {
    /// New documents; none may exist yet, and no two share an id.
    Create(Vec<Document>),
    /// A document that replaces the one with its id, or is added when there is none.
    Upsert(Box<Document>),
    /// Removal of an existing document.
    Delete(String),
    /// Removal of documents that may or may not exist (a sync's deleted rows), in one commit.
    DeleteMany(Vec<String>),
}

/// Applies `change` with the writer held: checks it (`duplicate_id`, `already_exists`,
/// not found), writes, commits and reloads (`Ok(true)` when an upsert added a new document); on a failed write, rolls back so that nothing of it
/// lingers for the next commit.
pub fn apply(index: &VanbanIndex, writer: &mut Writer, change: &Change) -> Result<bool> {
    check(index, change)?;
    let created = match change {
        Change::Upsert(d) => index.get(&d.id)?.is_none(),
        _ => false,
    };
    let written = (|| -> Result<()> {
        match change {
            Change::Create(docs) => {
                for d in docs {
                    writer.add(d, &d.source)?;
                }
            }
            Change::Upsert(d) => writer.add(d, &d.source)?,
            Change::Delete(id) => writer.delete_id(id),
            Change::DeleteMany(ids) => ids.iter().for_each(|id| writer.delete_id(id)),
        }
        writer.commit()
    })();
    if let Err(e) = written {
        if let Err(r) = writer.rollback() {
            tracing::error!(error = %r, "rollback after a failed write failed");
        }
        return Err(e);
    }
    index.reload()?;
    Ok(created)
}

/// Refuses a change that does not fit the index as it is.
fn check(index: &VanbanIndex, change: &Change) -> Result<()> {
    let exists = |id: &str| -> Result<bool> { Ok(index.get(id)?.is_some()) };
    let missing = |id: &str| Error::NotFound(format!("no document with id `{id}`"));
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
                if exists(&d.id)? {
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
        Change::Delete(id) if !exists(id)? => Err(missing(id)),
        _ => Ok(()),
    }
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
}
