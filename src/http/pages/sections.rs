//! The sections below a document's text: the citations both ways, the documents closest in
//! subject ("Cùng chủ đề") and the tasks the document assigns.

use std::fmt::Write as _;

use crate::document::{Document, DocumentHead, Period, Relation, Task};
use crate::http::slug;
use crate::search::graph::CitingDocument;
use crate::search::reports::LaterReport;

use super::view::heading;
use super::{esc, esc_into, vn_date};

/// What `relation` reads as on the page.
pub fn relation_label(r: Relation) -> &'static str {
    match r {
        Relation::BasedOn => "Căn cứ",
        Relation::Implements => "Thực hiện",
        Relation::Amends => "Sửa đổi, bổ sung",
        Relation::Replaces => "Thay thế",
        Relation::Repeals => "Bãi bỏ",
        Relation::PartlyRepeals => "Bãi bỏ một phần",
        Relation::Expires => "Chấm dứt hiệu lực",
        Relation::Suspends => "Ngưng hiệu lực",
        Relation::Guides => "Hướng dẫn",
        Relation::Mentions => "Dẫn chiếu",
        Relation::AmendedBy => "Được sửa đổi bởi",
        Relation::ReplacedBy => "Được thay thế bởi",
        Relation::RepealedBy => "Bị bãi bỏ bởi",
    }
}

/// The search page's list of the documents citing a number.
fn cited_href(number: &str) -> String {
    format!("/#cited={}", slug::encode_segment(number))
}

/// The path of a document known by id (the page redirects to its readable address).
pub fn id_path(id: &str) -> String {
    format!(
        "/van-ban/{}{}",
        slug::ID_SEPARATOR,
        slug::encode_segment(id)
    )
}

/// Citations both ways: what the document cites and what cites it.
pub(super) fn related(doc: &Document, citing: &[CitingDocument], out: &mut String) {
    out.push_str("<section class=\"lien-quan\"><h2>Văn bản được dẫn chiếu</h2>");
    if doc.citations.is_empty() {
        out.push_str("<p class=\"meta\">Không có.</p>");
    } else {
        out.push_str("<ul class=\"dan-chieu\">");
        let mut seen: Vec<(String, Relation)> = Vec::new();
        for c in &doc.citations {
            let number = c.number.clone().or_else(|| c.number_key.clone());
            let key = (number.clone().unwrap_or_else(|| c.raw.clone()), c.relation);
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let label = [c.doc_type.as_deref(), number.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let label = if label.is_empty() {
                c.raw.clone()
            } else {
                label
            };
            let _ = write!(
                out,
                "<li><span class=\"relation\">{}</span> ",
                relation_label(c.relation)
            );
            match (&c.resolved_id, &number) {
                (Some(id), _) => {
                    let _ = write!(
                        out,
                        "<a class=\"citation-link\" href=\"{}\">{}</a>",
                        esc(&id_path(id)),
                        esc(&label)
                    );
                }
                (None, Some(n)) => {
                    let _ = write!(
                        out,
                        "<a class=\"citation-link\" href=\"{}\">{}</a>",
                        esc(&cited_href(n)),
                        esc(&label)
                    );
                }
                (None, None) => esc_into(&label, out),
            }
            if let Some(d) = c.date {
                let _ = write!(out, " ngày {}", vn_date(d));
            }
            if let Some(i) = c.issuer.as_deref() {
                let _ = write!(out, " của {}", esc(i));
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("<h2>Văn bản dẫn chiếu đến văn bản này</h2>");
    if citing.is_empty() {
        out.push_str("<p class=\"meta\">Chưa có văn bản nào trong cơ sở dữ liệu.</p>");
    } else {
        out.push_str("<ul id=\"cited-by-list\">");
        for d in citing {
            let label = [d.doc_type.as_deref(), d.number.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let _ = write!(
                out,
                "<li class=\"citing\" data-id=\"{}\"><span class=\"relation\">{}</span> <a href=\"{}\">{}</a>",
                esc(&d.id),
                relation_label(d.relation),
                esc(&id_path(&d.id)),
                esc(if label.is_empty() { &d.id } else { &label })
            );
            if let Some(x) = d.issued {
                let _ = write!(out, " ngày {}", vn_date(x));
            }
            if let Some(t) = d.title.as_deref() {
                let _ = write!(out, "<div class=\"meta\">{}</div>", esc(t));
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
}

/// "Cùng chủ đề": the documents closest in subject, each with its type, number, date and title.
pub(super) fn same_subject(similar: &[DocumentHead], out: &mut String) {
    if similar.is_empty() {
        return;
    }
    out.push_str("<section class=\"lien-quan cung-chu-de\"><h2>Văn bản cùng chủ đề</h2><ul id=\"same-subject\">");
    for h in similar {
        let d = h.to_document();
        let label = [d.doc_type.as_deref(), d.number.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let label = if label.is_empty() { heading(&d) } else { label };
        let _ = write!(
            out,
            "<li data-id=\"{}\"><a href=\"{}\">{}</a>",
            esc(&d.id),
            esc(&id_path(&d.id)),
            esc(&label)
        );
        if let Some(x) = d.issued {
            let _ = write!(out, " ngày {}", vn_date(x));
        }
        if let Some(t) = d.title.as_deref() {
            let _ = write!(out, "<div class=\"meta\">{}</div>", esc(t));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul></section>");
}

/// When a task is due, in words.
fn period_text(t: &Task) -> String {
    if let Some(d) = t.deadline_text.as_deref() {
        return d.to_string();
    }
    match &t.period {
        Some(Period::Yearly) => "Hằng năm".into(),
        Some(Period::Quarterly) => "Hằng quý".into(),
        Some(Period::Monthly) => "Hằng tháng".into(),
        Some(Period::Ongoing) => "Thường xuyên".into(),
        Some(Period::Range { from, to }) => match from {
            Some(f) => format!("{} – {}", vn_date(*f), vn_date(*to)),
            None => format!("Trước {}", vn_date(*to)),
        },
        None => String::new(),
    }
}

/// The tasks the document assigns, with deadlines and agencies (each links to its tasks).
pub(super) fn tasks(doc: &Document, later: &[LaterReport], out: &mut String) {
    if doc.tasks.is_empty() {
        return;
    }
    out.push_str("<section class=\"nhiem-vu\"><h2>Nhiệm vụ và thời hạn</h2><div class=\"table-wrap\"><table><thead><tr><th>Mục</th><th>Nội dung</th><th>Thời hạn</th><th>Chủ trì</th><th>Phối hợp</th></tr></thead><tbody>");
    let agencies = |names: &[String], role: &str, out: &mut String| {
        for (i, n) in names.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            let href = format!("/tasks?agency={}&role={role}", slug::encode_segment(n));
            let _ = write!(
                out,
                "<a class=\"agency-link\" href=\"{}\">{}</a>",
                esc(&href),
                esc(n)
            );
        }
    };
    for t in &doc.tasks {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>",
            esc(&t.path),
            esc(&t.text),
            esc(&period_text(t))
        );
        agencies(&t.lead, "lead", out);
        out.push_str("</td><td>");
        agencies(&t.support, "support", out);
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table></div>");
    later_reports(later, out);
    out.push_str("</section>");
}

/// The later reports on a plan: each linked, with the sentence that names the plan when it is
/// not cited by number.
fn later_reports(later: &[LaterReport], out: &mut String) {
    if later.is_empty() {
        return;
    }
    out.push_str("<h3>Báo cáo sau về văn bản này</h3><ul class=\"bao-cao-sau\">");
    for r in later {
        let label = r
            .number
            .as_deref()
            .or(r.title.as_deref())
            .unwrap_or(&r.doc_id);
        let _ = write!(
            out,
            "<li><a href=\"{}\">Báo cáo {}</a>",
            esc(&id_path(&r.doc_id)),
            esc(label)
        );
        if let Some(n) = &r.named_as {
            let _ = write!(out, " <q class=\"nhac-den\">{}</q>", esc(n));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}
