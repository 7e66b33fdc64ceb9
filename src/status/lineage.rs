//! A document's lược đồ: what it cites or changes (each cited document with its own status), what
//! changed it, and the changes aimed at each of its articles.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use once_cell::sync::Lazy;
use serde::{Deserialize, Serialize};

use super::{passive, Book, NumberStatus, StatusEvent};
use crate::number;
use crate::relation::{Effective, RelationKind};
use crate::validity::State;

/// The changes aimed at each article of a document (`Điều 3` → the events naming `khoản 2
/// Điều 3` or `Điều 3`), by article number as written (`3`, `5a`).
pub fn by_article(events: &[StatusEvent]) -> BTreeMap<String, Vec<&StatusEvent>> {
    let mut out: BTreeMap<String, Vec<&StatusEvent>> = BTreeMap::new();
    for e in events {
        let mut seen = Vec::new();
        for a in &e.articles {
            if let Some(n) = article_number(a) {
                if !seen.contains(&n) {
                    seen.push(n.clone());
                    out.entry(n).or_default().push(e);
                }
            }
        }
    }
    out
}

/// The article number an article reference or a passage path names (`khoản 2 Điều 3` → `3`,
/// `Chương I > Điều 5a` → `5a`); `None` when it names no article.
pub fn article_number(s: &str) -> Option<String> {
    static ARTICLE: Lazy<regex::Regex> =
        Lazy::new(|| regex::Regex::new(r"(?i)\bđiều\s+(\d+[a-zđ]?)\b").expect("static regex"));
    ARTICLE
        .captures_iter(s)
        .last()
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_lowercase())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LinkedDocument {
    /// Its number key.
    pub number: String,
    /// Its number in the standard spelling.
    pub display: String,
    /// Its id when indexed.
    pub id: Option<String>,
    /// Its title when indexed.
    pub title: Option<String>,
    /// The articles of it this document names (changes), when stated.
    pub articles: Vec<String>,
    /// Where this document cites it (passage paths).
    pub passages: Vec<String>,
    /// When this document's change takes effect, when known.
    pub effective: Option<NaiveDate>,
    /// Its own status on the date asked.
    pub state: State,
    /// Its label.
    pub label: String,
    /// Since when, when known.
    pub since: Option<NaiveDate>,
    /// What ended it (`thay thế bởi 25/2021/QĐ-TTg`), when it has ended.
    pub ended_by: Option<String>,
}

/// The relations of one kind (`căn cứ`, `sửa đổi, bổ sung`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LinkGroup {
    /// The kind.
    pub kind: RelationKind,
    /// Its label, active (`thay thế`) for what this document does.
    pub label: String,
    /// The documents, each once.
    pub documents: Vec<LinkedDocument>,
}

/// The changes aimed at one article of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ArticleChanges {
    /// The article number (`3`, `5a`).
    pub article: String,
    /// The passage path of that article in the document, when it has one.
    pub path: Option<String>,
    /// The changes, oldest first.
    pub changes: Vec<StatusEvent>,
}

/// A document's "Lược đồ": its status, what it does to other documents (each with that
/// document's own status), what changed it, and the changes aimed at each article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Lineage {
    /// The document's id.
    pub id: String,
    /// Its status (the changes aimed at it in `events` and `later`).
    pub status: NumberStatus,
    /// What it cites or changes, grouped by kind: căn cứ, thực hiện, hướng dẫn, sửa đổi, thay
    /// thế, bãi bỏ, hết hiệu lực, dẫn chiếu.
    pub outgoing: Vec<LinkGroup>,
    /// What changed it, grouped by kind.
    pub incoming: Vec<LinkGroup>,
    /// The changes aimed at each of its articles.
    pub articles: Vec<ArticleChanges>,
}

/// The order groups are shown in.
const GROUP_ORDER: [RelationKind; 10] = [
    RelationKind::BasedOn,
    RelationKind::Implements,
    RelationKind::Guides,
    RelationKind::Amends,
    RelationKind::Replaces,
    RelationKind::Repeals,
    RelationKind::PartlyRepeals,
    RelationKind::Expires,
    RelationKind::Suspends,
    RelationKind::Mentions,
];

fn kind_of_citation(r: crate::document::Relation) -> RelationKind {
    use crate::document::Relation as R;
    match r {
        R::BasedOn => RelationKind::BasedOn,
        R::Implements => RelationKind::Implements,
        R::Amends => RelationKind::Amends,
        R::Replaces => RelationKind::Replaces,
        R::Repeals => RelationKind::Repeals,
        R::Guides => RelationKind::Guides,
        R::Expires => RelationKind::Expires,
        R::PartlyRepeals => RelationKind::PartlyRepeals,
        R::Suspends => RelationKind::Suspends,
        R::Mentions | R::AmendedBy | R::ReplacedBy | R::RepealedBy => RelationKind::Mentions,
    }
}

impl Book {
    /// `key` as this document cites it (of `year` and `issuer` when the citation says), with its
    /// own status.
    fn linked(
        &self,
        key: &str,
        (year, issuer): (Option<i32>, Option<&str>),
        on: NaiveDate,
    ) -> LinkedDocument {
        let doc = self.record(key, year, issuer);
        let s = self.status_with(key, doc, on);
        let ended_by = match super::ending_event(&s) {
            Some(e) => Some(format!(
                "{} {}",
                passive(e.kind),
                e.by.display.as_deref().unwrap_or("?")
            )),
            None => super::plan_spent(&s).then(|| super::PLAN_SPENT.to_string()),
        };
        LinkedDocument {
            number: key.to_string(),
            display: number::display_key(key),
            id: doc.map(|d| d.id.clone()),
            title: doc.and_then(|d| d.title.clone()),
            articles: Vec::new(),
            passages: Vec::new(),
            effective: None,
            state: s.state,
            label: s.label,
            since: s.since,
            ended_by,
        }
    }

    /// The lược đồ of the stored document `doc` on `on`.
    pub fn lineage(&self, doc: &crate::Document, on: NaiveDate) -> Lineage {
        let own = doc.number_key.clone().unwrap_or_default();
        let status = self.status_with(
            &own,
            self.doc(&doc.id).or(self.record(
                &own,
                doc.issued.map(|d| d.year()),
                doc.issuer.as_deref(),
            )),
            on,
        );
        // What it does: its own relations (with articles and dates), then its other citations.
        let mut groups: BTreeMap<RelationKind, Vec<LinkedDocument>> = BTreeMap::new();
        let mut placed: Vec<String> = Vec::new();
        let source_effective = doc.effective;
        for r in doc.relations.iter().filter(|r| r.source.is_none()) {
            let list = groups.entry(r.kind).or_default();
            let i = match list.iter().position(|l| l.number == r.target) {
                Some(i) => i,
                None => {
                    list.push(self.linked(
                        &r.target,
                        (super::book::cited_year(&r.evidence, &r.target), None),
                        on,
                    ));
                    list.len() - 1
                }
            };
            let item = &mut list[i];
            for a in &r.articles {
                if !item.articles.contains(a) {
                    item.articles.push(a.clone());
                }
            }
            item.effective = item.effective.or(match r.effective {
                Some(Effective::On(d)) => Some(d),
                Some(Effective::WithSource) => source_effective,
                None => None,
            });
            placed.push(r.target.clone());
        }
        for c in &doc.citations {
            let Some(key) = &c.number_key else { continue };
            let kind = kind_of_citation(c.relation);
            let kind = if placed.contains(key) {
                // Already under the relation its words state.
                match groups
                    .iter()
                    .find(|(_, l)| l.iter().any(|d| &d.number == key))
                {
                    Some((k, _)) => *k,
                    None => kind,
                }
            } else {
                kind
            };
            let list = groups.entry(kind).or_default();
            let i = match list.iter().position(|l| &l.number == key) {
                Some(i) => i,
                None => {
                    list.push(self.linked(
                        key,
                        (c.date.map(|d| d.year()), c.issuer.as_deref()),
                        on,
                    ));
                    list.len() - 1
                }
            };
            if let Some(p) = &c.passage {
                if !list[i].passages.contains(p) {
                    list[i].passages.push(p.clone());
                }
            }
        }
        let outgoing = GROUP_ORDER
            .iter()
            .filter_map(|k| {
                let documents = groups.remove(k)?;
                Some(LinkGroup {
                    kind: *k,
                    label: k.label().to_string(),
                    documents,
                })
            })
            .collect();
        // What changed it.
        let mut incoming: Vec<LinkGroup> = Vec::new();
        for k in GROUP_ORDER {
            let mut documents: Vec<LinkedDocument> = Vec::new();
            for e in status
                .events
                .iter()
                .chain(&status.later)
                .filter(|e| e.kind == k)
            {
                let Some(by) = &e.by.number else { continue };
                let i = match documents.iter().position(|d| &d.number == by) {
                    Some(i) => i,
                    None => {
                        documents.push(self.linked(by, (None, None), on));
                        documents.len() - 1
                    }
                };
                let item = &mut documents[i];
                for a in &e.articles {
                    if !item.articles.contains(a) {
                        item.articles.push(a.clone());
                    }
                }
                item.effective = item.effective.or(e.effective);
            }
            if !documents.is_empty() {
                incoming.push(LinkGroup {
                    kind: k,
                    label: passive(k).to_string(),
                    documents,
                });
            }
        }
        let all: Vec<StatusEvent> = status.events.iter().chain(&status.later).cloned().collect();
        let articles = by_article(&all)
            .into_iter()
            .map(|(article, changes)| ArticleChanges {
                path: doc
                    .outline
                    .iter()
                    .find(|p| article_number(&p.path).as_deref() == Some(article.as_str()))
                    .map(|p| p.path.clone()),
                article,
                changes: changes.into_iter().cloned().collect(),
            })
            .collect();
        Lineage {
            id: doc.id.clone(),
            status,
            outgoing,
            incoming,
            articles,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_numbers() {
        assert_eq!(article_number("khoản 2 Điều 3").as_deref(), Some("3"));
        assert_eq!(article_number("Chương I > Điều 5a").as_deref(), Some("5a"));
        assert_eq!(article_number("Phụ lục II"), None);
    }
}
