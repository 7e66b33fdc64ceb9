//! `vanban delete`: removes one document from the index, through the document pipeline.

use std::path::Path;

use anyhow::Result;
use clap::Args;

use vanban::error::Code;
use vanban::index::VanbanIndex;
use vanban::pipeline::{self, Change};

/// The arguments of `vanban delete`.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Document id, or a number only one document has.
    id: String,
    /// Print JSON: `{"deleted": {id, number, title, source}}`.
    #[arg(long)]
    pub(super) json: bool,
}

/// Runs `vanban delete`: finds the document (by id, else by number), then deletes it in one
/// commit. Takes the index writer, so it waits for no one: a server with writes enabled or a
/// running `vanban index` makes it fail with `index_locked`.
pub fn run(args: &DeleteArgs, dir: &Path) -> Result<()> {
    let index = VanbanIndex::open(dir)?;
    let doc = match index.get(&args.id)? {
        Some(d) => d,
        None => one_by_number(&index, &args.id)?,
    };
    let mut writer = index.writer()?;
    pipeline::apply(&index, &mut writer, &Change::Delete(doc.id.clone()))?;
    if args.json {
        let out = serde_json::json!({"deleted": {
            "id": doc.id, "number": doc.number, "title": doc.title, "source": doc.source,
        }});
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "deleted {} ({} {})",
            doc.id,
            doc.number.as_deref().unwrap_or("-"),
            doc.title.as_deref().unwrap_or("")
        );
    }
    Ok(())
}

/// The one document with the number `written`; several are refused with their ids, since a
/// number does not name one document across issuers.
fn one_by_number(index: &VanbanIndex, written: &str) -> Result<vanban::Document> {
    let not_found =
        || vanban::Error::NotFound(format!("no document with id or number `{written}`"));
    let Some(key) = vanban::number::key(written) else {
        return Err(not_found().into());
    };
    let mut docs = index.by_number_key(&key)?;
    match docs.len() {
        0 => Err(not_found().into()),
        1 => Ok(docs.remove(0)),
        _ => {
            let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
            Err(vanban::Error::bad_request(
                Code::AmbiguousNumber,
                format!(
                    "{} documents have the number `{written}`; delete one by its id: {}",
                    docs.len(),
                    ids.join(", ")
                ),
            )
            .into())
        }
    }
}
