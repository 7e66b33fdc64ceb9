//! Extraction: from a [`RawDoc`] to a [`Document`] — metadata, structure, numbers, citations,
//! tasks, agencies, abbreviations. Pure functions, no I/O.
//!
//! The steps, in order: page furniture is removed from the body ([`metadata::strip_furniture`]);
//! the header and signature blocks are read ([`header`]) and merged with the source's fields
//! ([`metadata`]); the content between them is outlined into passages ([`structure`]); then
//! abbreviations, citations and tasks are read, and the agencies named with a role collected.

pub mod abbreviations;
pub mod agencies;
pub mod citations;
pub mod dates;
pub mod header;
pub mod metadata;
pub mod structure;
pub mod tasks;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::document::{AgencyRole, Document, Passage, RawDoc, Role};

/// Makes a [`Document`] of what a reader produced.
pub fn extract(raw: RawDoc) -> Document {
    let body = metadata::strip_furniture(&raw.text);
    let head = header::read_header(&body);
    let meta = metadata::read_metadata(&raw.fields, &body, &head);
    let outline: Vec<Passage> = if raw.passages.is_empty() {
        let content = body
            .get(head.content_start..head.content_end)
            .filter(|c| !c.trim().is_empty())
            .unwrap_or(&body);
        structure::outline(content)
    } else {
        raw.passages
            .into_iter()
            .map(|p| Passage {
                path: p.path,
                heading: p.heading,
                text: p.text,
            })
            .collect()
    };
    let abbreviations = abbreviations::extract_abbreviations(&body);
    let citations = citations::extract_citations(&body, &outline);
    let tasks = tasks::extract_tasks(&outline, meta.issued);
    let agencies = agency_roles(meta.issuer.as_deref(), &tasks);
    let id = document_id(
        raw.fields.id.as_deref(),
        meta.number_key.as_deref(),
        meta.issuer.as_deref(),
        meta.issued,
        &body,
    );
    let mut warnings = raw.warnings;
    warnings.extend(meta.warnings);
    Document {
        id,
        number: meta.number,
        number_key: meta.number_key,
        doc_type: meta.doc_type,
        title: meta.title,
        issuer: meta.issuer,
        issuer_parent: meta.issuer_parent,
        place: meta.place,
        issued: meta.issued,
        effective: meta.effective,
        signer: meta.signer,
        signer_role: meta.signer_role,
        field: meta.field,
        source: raw.source,
        body,
        outline,
        citations,
        tasks,
        abbreviations,
        agencies,
        warnings,
    }
}

/// The stable id: the source's id, else a hash of number key + issuer + issue date, else a hash
/// of the content.
fn document_id(
    source_id: Option<&str>,
    number_key: Option<&str>,
    issuer: Option<&str>,
    issued: Option<chrono::NaiveDate>,
    body: &str,
) -> String {
    if let Some(id) = source_id.map(str::trim).filter(|s| !s.is_empty()) {
        return id.to_string();
    }
    let hash = match number_key {
        Some(key) => {
            let issuer = issuer.map(agencies::agency_key).unwrap_or_default();
            let date = issued.map(|d| d.to_string()).unwrap_or_default();
            blake3::hash(format!("{key}|{issuer}|{date}").as_bytes())
        }
        None => blake3::hash(body.as_bytes()),
    };
    hash.to_hex().chars().take(16).collect()
}

/// The issuer and the agencies the tasks name as lead or support, each once per role.
fn agency_roles(issuer: Option<&str>, tasks: &[crate::document::Task]) -> Vec<AgencyRole> {
    let mut out: Vec<AgencyRole> = Vec::new();
    let mut add = |name: &str, role: Role| {
        let name = agencies::normalize_agency(name);
        if name.is_empty() {
            return;
        }
        let key = agencies::agency_key(&name);
        if !out
            .iter()
            .any(|a| a.role == role && agencies::agency_key(&a.name) == key)
        {
            out.push(AgencyRole { name, role });
        }
    };
    if let Some(i) = issuer {
        add(i, Role::Issuer);
    }
    for t in tasks {
        for l in &t.lead {
            add(l, Role::Lead);
        }
        for s in &t.support {
            add(s, Role::Support);
        }
    }
    out
}

/// Lower case without diacritics, `đ` → `d`, spaces collapsed: how extraction compares words
/// (`KẾ HOẠCH` → `ke hoach`). Independent of the index's analysis on purpose.
pub(crate) fn fold(s: &str) -> String {
    let folded: String = s
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' | 'ð' | 'Ð' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}
