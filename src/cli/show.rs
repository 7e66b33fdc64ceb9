//! `vanban show`: one document by id or number, with its citations both ways.

use std::path::Path;

use anyhow::Result;
use clap::Args;

use vanban::index::VanbanIndex;
use vanban::search::graph;

/// The arguments of `vanban show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Document id or number.
    id: String,
    /// Print JSON.
    #[arg(long)]
    pub(super) json: bool,
}

/// Runs `vanban show`.
pub fn run(args: &ShowArgs, dir: &Path) -> Result<()> {
    let (id, json) = (args.id.as_str(), args.json);
    let index = VanbanIndex::open(dir)?;
    let doc = find(&index, id)?;
    let citations = graph::citations_of(&index, &doc)?;
    let cited_by = match &doc.number_key {
        Some(k) => graph::cited_by(&index, k)?,
        None => Vec::new(),
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"document": doc, "citations": citations, "cited_by": cited_by})
            )?
        );
        return Ok(());
    }
    print_document(&doc);
    println!("cites:");
    for c in &citations {
        println!(
            "  {:?} {} {} {}{}",
            c.relation,
            c.doc_type.as_deref().unwrap_or(""),
            c.number_key.as_deref().unwrap_or("-"),
            c.date.map(|d| d.to_string()).unwrap_or_default(),
            c.resolved_id
                .as_ref()
                .map(|r| format!(" -> [{r}]"))
                .unwrap_or_default()
        );
    }
    println!("cited by:");
    for c in &cited_by {
        println!(
            "  {:?} {} {} [{}]",
            c.relation,
            c.number.as_deref().unwrap_or("-"),
            c.title.as_deref().unwrap_or(""),
            c.id
        );
    }
    Ok(())
}

/// The document with this id, else the first with this number; not found otherwise.
pub(super) fn find(index: &VanbanIndex, id: &str) -> Result<vanban::Document> {
    if let Some(d) = index.get(id)? {
        return Ok(d);
    }
    let found = match vanban::number::key(id) {
        Some(key) => index.by_number_key(&key)?.into_iter().next(),
        None => None,
    };
    found.ok_or_else(|| {
        vanban::Error::NotFound(format!("no document with id or number `{id}`")).into()
    })
}

/// Prints a document's metadata, outline, tasks and warnings.
pub fn print_document(d: &vanban::Document) {
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
    println!("id:        {}", d.id);
    println!("number:    {} (key {})", opt(&d.number), opt(&d.number_key));
    println!("type:      {}", opt(&d.doc_type));
    println!("title:     {}", opt(&d.title));
    println!(
        "issuer:    {}{}",
        opt(&d.issuer),
        d.issuer_parent
            .as_ref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default()
    );
    println!(
        "issued:    {}",
        d.issued
            .map(|x| x.to_string())
            .unwrap_or_else(|| "-".into())
    );
    println!(
        "effective: {}",
        d.effective
            .map(|x| x.to_string())
            .unwrap_or_else(|| "-".into())
    );
    println!("signer:    {} {}", opt(&d.signer_role), opt(&d.signer));
    println!("source:    {}", d.source);
    println!("outline:   {} passage(s)", d.outline.len());
    for p in d.outline.iter().take(50) {
        println!("  {}  {}", p.path, p.heading.as_deref().unwrap_or(""));
    }
    if !d.tasks.is_empty() {
        println!("tasks:");
        for t in &d.tasks {
            println!(
                "  {}  {}  lead: {}  support: {}",
                t.path,
                t.deadline_text.as_deref().unwrap_or("-"),
                t.lead.join(", "),
                t.support.join(", ")
            );
        }
    }
    for w in &d.warnings {
        println!("warning:   {w}");
    }
}
