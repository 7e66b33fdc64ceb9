//! The status (hiệu lực) of a number and a document's lược đồ (issue 24): thin handlers over
//! [`crate::status`].

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::Json;
use once_cell::sync::Lazy;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::Code;
use crate::http::error::{AppError, ErrorBody};
use crate::http::params::{allowed_names, Params};
use crate::http::AppState;
use crate::relation::RelationKind;
use crate::status::{self, Lineage, LinkedDocument, NumberStatus};
use crate::validity::State as Validity;

/// The query parameters of `/api/status`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusParams {
    /// A document number as written (`619/QĐ-TTg`, `Số: 25/2021/QĐ-TTg`); indexed or not.
    pub number: String,
    /// The date the status is asked for, YYYY-MM-DD or DD/MM/YYYY (default: today in Vietnam).
    pub on: Option<String>,
}

/// The query parameters of `/api/documents/{id}/lineage`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OnParams {
    /// The date the statuses are asked for (default: today in Vietnam).
    pub on: Option<String>,
}

static STATUS_PARAMS: Lazy<Vec<String>> = Lazy::new(allowed_names::<StatusParams>);
static ON_PARAMS: Lazy<Vec<String>> = Lazy::new(allowed_names::<OnParams>);

fn on_of(p: &Params) -> Result<chrono::NaiveDate, AppError> {
    Ok(match p.get("on") {
        Some(d) => crate::params::parse_date("on", d)?,
        None => status::today(),
    })
}

/// The status of any number on a date, from the documents' own words: what the indexed record
/// states and the changes the indexed documents state about it, each with its evidence.
#[utoipa::path(
    get,
    path = "/api/status",
    tag = "documents",
    params(StatusParams),
    responses(
        (status = 200, description = "The status (`unknown` when nothing is known)", body = NumberStatus),
        (status = 400, description = "`missing_parameter`, `bad_number`, `bad_date`, `unknown_parameter`, `bad_encoding`", body = ErrorBody),
    )
)]
pub async fn status(
    State(s): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<NumberStatus>, AppError> {
    let p = Params::parse(raw.as_deref(), &STATUS_PARAMS)?;
    let written = p.get("number").ok_or_else(|| {
        AppError::bad_request(
            Code::MissingParameter,
            "give `number`, e.g. ?number=619/QĐ-TTg",
        )
    })?;
    let key = crate::params::number_param("number", written)?;
    let on = on_of(&p)?;
    let state = s.clone();
    let found = s
        .read(move || status::status_of_number(&state.index, &key, on))
        .await??;
    Ok(Json(found))
}

/// A document's lược đồ: its status, what it cites or changes (each document once, with its
/// places and its own status), what changed it, and the changes aimed at each article.
#[utoipa::path(
    get,
    path = "/api/documents/{id}/lineage",
    tag = "documents",
    params(("id" = String, Path, description = "Document id"), OnParams),
    responses(
        (status = 200, description = "The lược đồ", body = Lineage),
        (status = 400, description = "`bad_date`, `unknown_parameter`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
    )
)]
pub async fn lineage(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Lineage>, AppError> {
    let p = Params::parse(raw.as_deref(), &ON_PARAMS)?;
    let on = on_of(&p)?;
    let state = s.clone();
    let found = s
        .read(move || -> Result<Lineage, AppError> {
            let doc = state
                .index
                .get(&id)?
                .ok_or_else(|| AppError::not_found(format!("no document with id `{id}`")))?;
            Ok(status::book(&state.index)?.lineage(&doc, on))
        })
        .await??;
    Ok(Json(found))
}

/// The status badge of a document page: the state, since when, and why (the change that ended
/// it, or the record's own words); a disagreement between record and relations is said.
pub fn badge_html(s: &NumberStatus) -> String {
    use crate::http::pages::{esc, vn_date};
    let mut out = format!(
        "<p class=\"hieu-luc hieu-luc-{}\" id=\"hieu-luc\"><strong>{}</strong>",
        status::state_name(s.state),
        esc(&s.label)
    );
    if let Some(d) = s.since {
        out.push_str(&format!(" từ {}", vn_date(d)));
    }
    let (reason, _) = status::reason(s);
    if let Some(r) = reason {
        out.push_str(&format!(" — <span class=\"ly-do\">{}</span>", esc(&r)));
    }
    if s.disagrees {
        out.push_str(&format!(
            " <span class=\"lech\">(nguồn ghi «{}», các văn bản khác cho thấy «{}»)</span>",
            esc(s.from_source.map_or("", status::label)),
            esc(s.from_relations.map_or("", status::label))
        ));
    }
    if !s.later.is_empty() {
        let next = &s.later[0];
        out.push_str(&format!(
            " <span class=\"sap-toi\">Sắp tới: {}</span>",
            esc(&status::event_line(next))
        ));
    }
    out.push_str("</p>");
    out
}

/// The warning under the badge when the document relies on documents that have ended (cites
/// them as its basis, carries them out or mentions them): `Dẫn chiếu văn bản đã hết hiệu lực:
/// 619/QĐ-TTg (hết hiệu lực theo 25/2021/QĐ-TTg)`. Empty when none has.
pub fn ended_citations_html(l: &Lineage) -> String {
    use crate::http::pages::esc;
    let ended: Vec<String> = l
        .outgoing
        .iter()
        .filter(|g| {
            matches!(
                g.kind,
                RelationKind::BasedOn
                    | RelationKind::Implements
                    | RelationKind::Guides
                    | RelationKind::Mentions
            )
        })
        .flat_map(|g| &g.documents)
        .filter(|d| matches!(d.state, Validity::Expired | Validity::PartlyExpired))
        .map(|d| match &d.ended_by {
            Some(by) => format!("{} ({}, {})", d.display, d.label.to_lowercase(), by),
            None => format!("{} ({})", d.display, d.label.to_lowercase()),
        })
        .collect();
    if ended.is_empty() {
        return String::new();
    }
    format!(
        "<p class=\"het-dan-chieu\">Dẫn chiếu văn bản đã hết hiệu lực: {} — <a href=\"#luoc-do\">xem Lược đồ</a></p>",
        esc(&ended.join("; "))
    )
}

/// The groups of a "Lược đồ" side, each under its heading with its documents.
fn groups_html(groups: &[status::LinkGroup], out: &mut String) {
    use crate::http::pages::esc;
    for g in groups {
        out.push_str(&format!(
            "<div class=\"nhom\" data-kind=\"{}\"><h4>{}</h4><ul>",
            g.kind.name(),
            esc(&first_upper(&g.label))
        ));
        for d in &g.documents {
            linked_html(d, out);
        }
        out.push_str("</ul></div>");
    }
}

fn linked_html(d: &LinkedDocument, out: &mut String) {
    use crate::http::pages::{esc, id_path, vn_date};
    let href = match &d.id {
        Some(id) => id_path(id),
        None => format!("/#cited={}", crate::http::slug::encode_segment(&d.display)),
    };
    out.push_str(&format!(
        "<li><a class=\"citation-link\" href=\"{}\">{}</a>",
        esc(&href),
        esc(&d.display)
    ));
    if !d.articles.is_empty() {
        out.push_str(&format!(" ({})", esc(&d.articles.join(", "))));
    }
    if let Some(e) = d.effective {
        out.push_str(&format!(", hiệu lực từ {}", vn_date(e)));
    }
    out.push_str(&format!(
        " — <span class=\"hieu-luc-nho hieu-luc-{}\">{}",
        status::state_name(d.state),
        esc(&d.label)
    ));
    if let Some(s) = d.since.filter(|_| d.state != Validity::InForce) {
        out.push_str(&format!(" từ {}", vn_date(s)));
    }
    if let Some(by) = &d.ended_by {
        out.push_str(&format!(", {}", esc(by)));
    }
    out.push_str("</span>");
    if !d.passages.is_empty() {
        out.push_str(&format!(
            " <span class=\"meta\">tại {}</span>",
            esc(&d.passages.join("; "))
        ));
    }
    if let Some(t) = &d.title {
        out.push_str(&format!("<div class=\"meta\">{}</div>", esc(t)));
    }
    out.push_str("</li>");
}

/// The "Lược đồ" section: what the document cites or changes (each with its own status), what
/// changed it, and the changes aimed at each article (linked to the article).
pub fn lineage_html(l: &Lineage) -> String {
    use crate::http::pages::esc;
    let mut out = String::from("<section class=\"luoc-do\" id=\"luoc-do\"><h2>Lược đồ</h2>");
    out.push_str("<h3>Văn bản này</h3>");
    if l.outgoing.is_empty() {
        out.push_str("<p class=\"meta\">Không dẫn chiếu văn bản nào có số hiệu.</p>");
    }
    groups_html(&l.outgoing, &mut out);
    out.push_str("<h3>Văn bản này bị thay đổi</h3>");
    if l.incoming.is_empty() {
        out.push_str("<p class=\"meta\">Chưa thấy văn bản nào trong cơ sở dữ liệu sửa đổi, thay thế, bãi bỏ hay hướng dẫn văn bản này.</p>");
    }
    groups_html(&l.incoming, &mut out);
    if !l.articles.is_empty() {
        out.push_str("<h3>Thay đổi theo điều</h3><ul class=\"theo-dieu\">");
        for a in &l.articles {
            let name = format!("Điều {}", a.article);
            match a
                .path
                .as_deref()
                .and_then(crate::http::reading::passage_anchor)
            {
                Some(anchor) => out.push_str(&format!(
                    "<li><a href=\"#{}\">{}</a>: ",
                    esc(&anchor),
                    esc(&name)
                )),
                None => out.push_str(&format!("<li>{}: ", esc(&name))),
            }
            let lines: Vec<String> = a.changes.iter().map(status::event_line).collect();
            out.push_str(&esc(&lines.join("; ")));
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
    out
}

/// The note under an article's heading: the changes aimed at it, by the article's anchor.
pub fn article_notes(l: &Lineage) -> Vec<(String, String)> {
    use crate::http::pages::esc;
    l.articles
        .iter()
        .filter_map(|a| {
            let anchor = crate::http::reading::passage_anchor(a.path.as_deref()?)?;
            let lines: Vec<String> = a
                .changes
                .iter()
                .map(|e| {
                    let mut line = status::event_line(e);
                    if let Some(id) = &e.by.id {
                        line = format!(
                            "<a href=\"{}\">{}</a>",
                            esc(&crate::http::pages::id_path(id)),
                            esc(&line)
                        );
                    } else {
                        line = esc(&line);
                    }
                    line
                })
                .collect();
            Some((
                anchor,
                format!("<p class=\"thay-doi\">{}</p>", lines.join("<br>")),
            ))
        })
        .collect()
}

fn first_upper(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
