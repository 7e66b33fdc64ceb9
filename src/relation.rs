//! The relations between documents (issue 24): what one document does to another, with the
//! direction, the target's articles and when it takes effect. The vocabulary only; reading them
//! from text is [`crate::extract::relations`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a citing document relates to the cited one (vbpl.vn vocabulary, plus `implements`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Căn cứ (ban hành).
    BasedOn,
    /// Thực hiện: a plan carrying out a higher document.
    Implements,
    /// Sửa đổi, bổ sung.
    Amends,
    /// Thay thế.
    Replaces,
    /// Bãi bỏ.
    Repeals,
    /// Hướng dẫn / quy định chi tiết.
    Guides,
    /// Any other reference (dẫn chiếu).
    Mentions,
    /// The citing passage is amended by the cited document (Pháp điển: `có nội dung được sửa
    /// đổi bởi ...`); the reverse of [`Relation::Amends`].
    AmendedBy,
    /// The citing passage is replaced by the cited document (`được thay thế bởi ...`).
    ReplacedBy,
    /// The citing passage is repealed by the cited document (`bị bãi bỏ bởi ...`).
    RepealedBy,
    /// Hết hiệu lực: the citing document ends the cited one (`... hết hiệu lực kể từ ...`).
    Expires,
    /// Bãi bỏ of named articles, clauses or annexes of the cited document.
    PartlyRepeals,
    /// Ngưng hiệu lực.
    Suspends,
}

/// What one document does to another.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// Hết hiệu lực: the source ends the target (whole, or the articles named).
    Expires,
    /// Thay thế.
    Replaces,
    /// Bãi bỏ (the whole document).
    Repeals,
    /// Bãi bỏ named articles, clauses or annexes.
    PartlyRepeals,
    /// Sửa đổi, bổ sung.
    Amends,
    /// Ngưng hiệu lực, tạm ngưng thi hành.
    Suspends,
    /// Hướng dẫn, quy định chi tiết.
    Guides,
    /// Căn cứ (ban hành).
    BasedOn,
    /// Thực hiện, triển khai: a plan or report carrying out the target.
    Implements,
    /// Any other reference.
    Mentions,
}

impl RelationKind {
    /// Every kind, in the order of [`WORDINGS`].
    pub const ALL: [RelationKind; 10] = [
        Self::Expires,
        Self::Replaces,
        Self::Repeals,
        Self::PartlyRepeals,
        Self::Amends,
        Self::Suspends,
        Self::Guides,
        Self::BasedOn,
        Self::Implements,
        Self::Mentions,
    ];

    /// The snake_case name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Expires => "expires",
            Self::Replaces => "replaces",
            Self::Repeals => "repeals",
            Self::PartlyRepeals => "partly_repeals",
            Self::Amends => "amends",
            Self::Suspends => "suspends",
            Self::Guides => "guides",
            Self::BasedOn => "based_on",
            Self::Implements => "implements",
            Self::Mentions => "mentions",
        }
    }

    /// The kind of a snake_case name.
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }

    /// The Vietnamese label a legal portal shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::Expires => "hết hiệu lực",
            Self::Replaces => "thay thế",
            Self::Repeals => "bãi bỏ",
            Self::PartlyRepeals => "bãi bỏ một phần",
            Self::Amends => "sửa đổi, bổ sung",
            Self::Suspends => "ngưng hiệu lực",
            Self::Guides => "hướng dẫn",
            Self::BasedOn => "căn cứ",
            Self::Implements => "thực hiện",
            Self::Mentions => "dẫn chiếu",
        }
    }

    /// The relation stored on a [`Citation`] when the citing document is the source.
    pub fn as_citation_relation(self) -> Relation {
        match self {
            Self::Expires => Relation::Expires,
            Self::Replaces => Relation::Replaces,
            Self::Repeals => Relation::Repeals,
            Self::PartlyRepeals => Relation::PartlyRepeals,
            Self::Amends => Relation::Amends,
            Self::Suspends => Relation::Suspends,
            Self::Guides => Relation::Guides,
            Self::BasedOn => Relation::BasedOn,
            Self::Implements => Relation::Implements,
            Self::Mentions => Relation::Mentions,
        }
    }
}

/// When a change takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind", content = "date")]
pub enum Effective {
    /// On a stated date.
    On(NaiveDate),
    /// When the source document takes effect (`kể từ ngày Nghị định này có hiệu lực`).
    WithSource,
}

/// One relation read from a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DocRelation {
    /// What the source does to the target.
    pub kind: RelationKind,
    /// Number key of the document making the change; `None` = the document the text belongs to.
    pub source: Option<String>,
    /// Number key of the document changed.
    pub target: String,
    /// The target's articles, clauses or annexes when stated (`khoản 2 Điều 3`); `part` when
    /// only "the provisions on …" are named.
    pub articles: Vec<String>,
    /// When the change takes effect, when the text says.
    pub effective: Option<Effective>,
    /// The clause it was read from.
    pub evidence: String,
    /// Path of the passage of the document it was read from (a Pháp điển article whose note
    /// it is), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passage: Option<String>,
    /// The target's own effective date when the text states it (a Pháp điển note's head:
    /// `Điều 7 Thông tư số 152/2015/TT-BTC, có hiệu lực thi hành kể từ ngày 20/11/2015`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_effective: Option<NaiveDate>,
}
