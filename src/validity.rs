//! Validity (hiệu lực) of a document on a date, from what the sources say and from the
//! relations other documents state about it (issue 24). A pure function: the caller gathers the
//! record's status fields and the relations aimed at the number (resolving "from the day the
//! source takes effect" to the source's date), this module decides.
//!
//! Nothing known gives [`State::Unknown`], never a guessed `in_force`. A status given by a source
//! and one derived from relations that disagree are both returned.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::keys::fold;
use crate::relation::RelationKind;

/// The state a legal portal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Còn hiệu lực.
    InForce,
    /// Chưa có hiệu lực: its effective date is after the date asked.
    NotYetInForce,
    /// Hết hiệu lực một phần: articles ended, replaced or repealed.
    PartlyExpired,
    /// Hết hiệu lực toàn bộ.
    Expired,
    /// Nothing known.
    Unknown,
}

/// What a source record says about the document (`tinh_trang`, `ngay_hieu_luc`,
/// `ngay_het_hieu_luc`), and the document's own expiry clause when read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceStatus {
    /// The record's status text (`Đang hiệu lực`, `Hết hiệu lực một phần`, ...).
    pub tinh_trang: Option<String>,
    /// Effective date.
    pub effective: Option<NaiveDate>,
    /// Expiry date (`ngay_het_hieu_luc`, or `hết hiệu lực vào ngày ...` in the text).
    pub expires: Option<NaiveDate>,
    /// The last day of a plan's or programme's stated period (`giai đoạn 2021-2025` →
    /// 2025-12-31): after it the plan is spent (hết thời kỳ kế hoạch).
    pub period_ends: Option<NaiveDate>,
}

/// A relation aimed at the document, with its date resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// What the source does.
    pub kind: RelationKind,
    /// Number key of the document making the change; `None` when it is the document itself.
    pub by: Option<String>,
    /// When it takes effect; `None` when the text does not say.
    pub effective: Option<NaiveDate>,
    /// The articles aimed at; empty = the whole document.
    pub articles: Vec<String>,
    /// The sentence it was read from.
    pub evidence: String,
}

impl Event {
    /// Whether it ends the whole document.
    fn ends_all(&self) -> bool {
        matches!(
            self.kind,
            RelationKind::Expires | RelationKind::Replaces | RelationKind::Repeals
        ) && self.articles.is_empty()
    }

    /// Whether it ends part of the document.
    fn ends_part(&self) -> bool {
        match self.kind {
            RelationKind::PartlyRepeals => true,
            RelationKind::Expires | RelationKind::Replaces => !self.articles.is_empty(),
            _ => false,
        }
    }

    /// Whether it has happened on `on` (an undated event counts: the text says it happened).
    fn applies(&self, on: NaiveDate) -> bool {
        self.effective.is_none_or(|d| d <= on)
    }
}

/// The derived status, with what each kind of evidence says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// The state on the date asked.
    pub state: State,
    /// Since when, when known.
    pub since: Option<NaiveDate>,
    /// What the source record says on that date, when it says anything.
    pub from_source: Option<State>,
    /// What the relations say on that date, when any applies.
    pub from_relations: Option<State>,
    /// The relations aimed at the document that have happened by that date, in date order.
    pub events: Vec<Event>,
}

impl Status {
    /// Whether the source record and the relations disagree (both are shown).
    pub fn disagrees(&self) -> bool {
        matches!((self.from_source, self.from_relations), (Some(a), Some(b)) if a != b)
    }
}

/// The state a source's status text names.
pub fn state_of_text(tinh_trang: &str) -> Option<State> {
    let t = fold(tinh_trang);
    if t.contains("mot phan") {
        Some(State::PartlyExpired)
    } else if t.contains("het hieu luc") {
        Some(State::Expired)
    } else if t.contains("chua co hieu luc") {
        Some(State::NotYetInForce)
    } else if t.contains("hieu luc") {
        // `Còn hiệu lực`, `Đang hiệu lực`.
        Some(State::InForce)
    } else {
        None
    }
}

/// The status on `on` of a document with `source` fields and `events` aimed at it.
pub fn derive(source: &SourceStatus, events: &[Event], on: NaiveDate) -> Status {
    let mut applied: Vec<Event> = events.iter().filter(|e| e.applies(on)).cloned().collect();
    applied.sort_by_key(|e| e.effective);
    let from_relations = if let Some(e) = applied.iter().find(|e| e.ends_all()) {
        Some((State::Expired, e.effective))
    } else {
        applied
            .iter()
            .find(|e| e.ends_part())
            .map(|e| (State::PartlyExpired, e.effective))
    };
    let from_source = source_state(source, on);
    let not_yet = source.effective.is_some_and(|d| d > on);
    let (state, since) = match (not_yet, from_relations, from_source) {
        (true, _, _) => (State::NotYetInForce, None),
        (false, Some(found), _) | (false, None, Some(found)) => found,
        (false, None, None) => (State::Unknown, None),
    };
    Status {
        state,
        since,
        from_source: from_source.map(|(s, _)| s),
        from_relations: from_relations.map(|(s, _)| s),
        events: applied,
    }
}

/// What the source record says on `on`: its dates first (they are dated), then its text
/// (which holds on the day the record was made, so only when the dates do not contradict it).
fn source_state(source: &SourceStatus, on: NaiveDate) -> Option<(State, Option<NaiveDate>)> {
    if let Some(d) = source.expires.filter(|d| *d <= on) {
        return Some((State::Expired, Some(d)));
    }
    if let Some(d) = source.period_ends.filter(|d| *d < on) {
        return Some((State::Expired, d.succ_opt()));
    }
    if source.effective.is_some_and(|d| d > on) {
        return Some((State::NotYetInForce, None));
    }
    let text = source.tinh_trang.as_deref().and_then(state_of_text);
    match text {
        // `Chưa có hiệu lực` on a record whose effective date has passed is stale.
        Some(State::NotYetInForce) if source.effective.is_some_and(|d| d <= on) => {
            Some((State::InForce, source.effective))
        }
        Some(State::InForce) => Some((State::InForce, source.effective)),
        Some(s) => Some((s, None)),
        None => source.effective.map(|d| (State::InForce, Some(d))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::relations::{relations_in, Effective};

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn event(kind: RelationKind, effective: Option<NaiveDate>, articles: &[&str]) -> Event {
        Event {
            kind,
            by: Some("X".into()),
            effective,
            articles: articles.iter().map(|a| a.to_string()).collect(),
            evidence: String::new(),
        }
    }

    #[test]
    fn nothing_known_is_unknown() {
        let s = derive(&SourceStatus::default(), &[], ymd(2026, 1, 1));
        assert_eq!(s.state, State::Unknown);
    }

    #[test]
    fn source_fields() {
        let src = SourceStatus {
            tinh_trang: Some("Đang hiệu lực".into()),
            effective: Some(ymd(2026, 5, 19)),
            expires: None,
            period_ends: None,
        };
        assert_eq!(derive(&src, &[], ymd(2026, 6, 1)).state, State::InForce);
        assert_eq!(
            derive(&src, &[], ymd(2026, 5, 1)).state,
            State::NotYetInForce
        );
        let src = SourceStatus {
            tinh_trang: Some("Chưa có hiệu lực".into()),
            effective: Some(ymd(2026, 7, 1)),
            expires: Some(ymd(2027, 1, 1)),
            period_ends: None,
        };
        assert_eq!(derive(&src, &[], ymd(2026, 8, 1)).state, State::InForce);
        let s = derive(&src, &[], ymd(2027, 2, 1));
        assert_eq!((s.state, s.since), (State::Expired, Some(ymd(2027, 1, 1))));
        assert_eq!(
            state_of_text("Hết hiệu lực một phần"),
            Some(State::PartlyExpired)
        );
        assert_eq!(state_of_text("Còn hiệu lực"), Some(State::InForce));
    }

    #[test]
    fn a_plan_past_its_period_is_spent() {
        let src = SourceStatus {
            effective: Some(ymd(2021, 3, 1)),
            period_ends: Some(ymd(2025, 12, 31)),
            ..SourceStatus::default()
        };
        let s = derive(&src, &[], ymd(2025, 12, 31));
        assert_eq!(s.state, State::InForce);
        let s = derive(&src, &[], ymd(2026, 1, 1));
        assert_eq!((s.state, s.since), (State::Expired, Some(ymd(2026, 1, 1))));
    }

    #[test]
    fn relations_decide_and_disagreement_is_kept() {
        let src = SourceStatus {
            tinh_trang: Some("Còn hiệu lực".into()),
            ..SourceStatus::default()
        };
        let events = [
            event(RelationKind::Amends, Some(ymd(2019, 1, 1)), &["Điều 2"]),
            event(
                RelationKind::PartlyRepeals,
                Some(ymd(2020, 1, 1)),
                &["Điều 3"],
            ),
            event(RelationKind::Replaces, Some(ymd(2024, 1, 1)), &[]),
        ];
        let s = derive(&src, &events, ymd(2019, 6, 1));
        assert_eq!(s.state, State::InForce);
        assert_eq!(s.events.len(), 1);
        let s = derive(&src, &events, ymd(2021, 6, 1));
        assert_eq!(
            (s.state, s.since),
            (State::PartlyExpired, Some(ymd(2020, 1, 1)))
        );
        assert!(s.disagrees());
        let s = derive(&src, &events, ymd(2025, 1, 1));
        assert_eq!((s.state, s.since), (State::Expired, Some(ymd(2024, 1, 1))));
        assert_eq!(s.from_source, Some(State::InForce));
    }

    /// 619/QĐ-TTg, ended by Article 8 of 25/2021/QĐ-TTg from the day that decision takes effect,
    /// read from the shared corpus's record of 25/2021/QĐ-TTg.
    #[test]
    fn decision_619_expired_by_25_2021() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/congbao/phapdien_quyetdinh_chithi.jsonl"
        );
        let Ok(all) = std::fs::read_to_string(path) else {
            eprintln!("note: {path} missing, skipped");
            return;
        };
        let record: serde_json::Value = all
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|r| r["so_hieu"] == "25/2021/QĐ-TTg")
            .expect("the shared corpus holds 25/2021/QĐ-TTg");
        let effective =
            crate::extract::dates::parse_date(record["ngay_hieu_luc"].as_str().unwrap_or_default());
        assert_eq!(effective, Some(ymd(2022, 1, 1)));
        let events: Vec<Event> = relations_in(record["noi_dung"].as_str().unwrap_or_default())
            .into_iter()
            .filter(|r| r.target == "619/QĐ-TTG")
            .map(|r| Event {
                kind: r.kind,
                by: r.source.or(Some("25/2021/QĐ-TTG".into())),
                effective: match r.effective {
                    Some(Effective::On(d)) => Some(d),
                    Some(Effective::WithSource) => effective,
                    None => None,
                },
                articles: r.articles,
                evidence: r.evidence,
            })
            .collect();
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].kind, RelationKind::Expires);
        let s = derive(&SourceStatus::default(), &events, ymd(2026, 12, 6));
        assert_eq!((s.state, s.since), (State::Expired, Some(ymd(2022, 1, 1))));
        assert!(s.events[0].evidence.contains("hết hiệu lực"));
        // Before 2022 nothing says whether it was in force: unknown, not a guess.
        let s = derive(&SourceStatus::default(), &events, ymd(2021, 6, 1));
        assert_eq!(s.state, State::Unknown);
    }
}
