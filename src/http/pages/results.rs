//! The search page's results rendered on the server (`/tim-kiem?q=...&type=...`), so that the
//! page without JavaScript shows the hits; the script replaces them with its own view. The
//! request is read as `/api/search` reads it (same names, same checks); a bad parameter is
//! said in Vietnamese in the page.

use std::fmt::Write as _;

use crate::error::Code;
use crate::http::params::Params;
use crate::http::search::{search_request, SEARCH_PARAMS};
use crate::http::{AppError, AppState};
use crate::search::{Hit, SearchRequest, SearchResponse};

use super::{esc, id_path, vn_date};

/// Hits per page, as the script shows them.
pub const PAGE_SIZE: usize = 10;

/// The API's error codes as the page says them (the script's table, in Rust).
pub fn vi_error(code: Code) -> &'static str {
    match code {
        Code::EmptyQuery => "Nhập từ khóa hoặc chọn một bộ lọc.",
        Code::QueryTooLong => "Từ khóa quá dài; hãy rút gọn.",
        Code::TooManyTerms => "Từ khóa có quá nhiều từ; hãy rút gọn.",
        Code::QueryStringTooLong => "Địa chỉ tìm kiếm quá dài.",
        Code::TooManyValues => "Có quá nhiều giá trị trong một bộ lọc.",
        Code::ValueTooLong => "Một giá trị lọc quá dài.",
        Code::BadDate => "Ngày không hợp lệ; dùng dạng năm-tháng-ngày (2024-02-05).",
        Code::BadRange => "Khoảng ngày không hợp lệ: ngày bắt đầu sau ngày kết thúc.",
        Code::BadNumber => "Số hiệu văn bản không hợp lệ (ví dụ 176/KH-UBND).",
        Code::BadRole => "Vai trò phải là Ban hành, Chủ trì hoặc Phối hợp.",
        Code::RoleWithoutAgency => "Chọn vai trò thì cần nhập cơ quan liên quan.",
        Code::BadSort => "Cách sắp xếp không hợp lệ.",
        Code::BadInteger => "Số trang không hợp lệ.",
        Code::LimitTooLarge => "Số kết quả mỗi trang quá lớn.",
        Code::OffsetTooLarge => "Chỉ xem được 10.000 kết quả đầu; hãy thu hẹp tìm kiếm.",
        Code::UnknownParameter => "Địa chỉ có tham số không được hỗ trợ.",
        Code::BadEncoding => "Địa chỉ có ký tự không hợp lệ.",
        Code::Timeout => "Tìm kiếm mất quá nhiều thời gian; hãy thu hẹp từ khóa rồi thử lại.",
        _ => "Không tìm được; xin kiểm tra lại địa chỉ tìm kiếm.",
    }
}

/// True when the query string names no search at all (`/tim-kiem`, `/tim-kiem?q=`): the
/// page shows its home view.
pub fn is_empty_search(raw: Option<&str>) -> bool {
    raw.is_none_or(|r| form_urlencoded::parse(r.as_bytes()).all(|(_, v)| v.trim().is_empty()))
}

/// The search the page's address asks for: `/api/search`'s parameters, with the page's own
/// `page` and `year` turned into the API's `offset` and issue dates. Returns the request and
/// the 1-based page.
pub fn request(raw: Option<&str>) -> Result<(SearchRequest, usize), AppError> {
    let raw = raw.unwrap_or("");
    let mut page = 1usize;
    let mut year: Option<String> = None;
    let mut rest = form_urlencoded::Serializer::new(String::new());
    // A query string the API would refuse whole (too long, bad encoding) is left to `Params`.
    if raw.len() <= 8192 {
        for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
            match &*k {
                "page" => {
                    page = v
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .filter(|p| *p >= 1)
                        .ok_or_else(|| {
                            AppError::bad_request(Code::BadInteger, "page must be 1 or more")
                        })?;
                }
                "year" => year = Some(v.into_owned()),
                // An empty field of the page's form (submitted without the script) is no filter.
                _ if v.trim().is_empty() => {}
                _ => {
                    rest.append_pair(&k, &v);
                }
            }
        }
    }
    let rebuilt = if raw.len() <= 8192 {
        rest.finish()
    } else {
        raw.to_string()
    };
    // The page sets its own page size and start.
    let mut names: Vec<String> = SEARCH_PARAMS.clone();
    names.retain(|n| n != "limit" && n != "offset");
    let p = Params::parse(Some(&rebuilt), &names)?;
    let mut req = search_request(&p)?;
    if let Some(y) = year.filter(|y| !y.trim().is_empty()) {
        let y: i32 = y
            .trim()
            .parse()
            .ok()
            .filter(|y| (1000..=9999).contains(y))
            .ok_or_else(|| AppError::bad_request(Code::BadDate, "year must be four digits"))?;
        req.issued.from = chrono::NaiveDate::from_ymd_opt(y, 1, 1);
        req.issued.to = chrono::NaiveDate::from_ymd_opt(y, 12, 31);
    }
    req.page = crate::search::Page::new(PAGE_SIZE, (page - 1).saturating_mul(PAGE_SIZE))?;
    Ok((req, page))
}

/// Runs the page's search.
pub fn run(state: &AppState, raw: Option<&str>) -> Result<(SearchResponse, usize), AppError> {
    let (req, page) = request(raw)?;
    Ok((state.engine.search_until(&req, state.deadline())?, page))
}

/// A hit's link: its reading view, the search's words marked there.
fn hit_href(h: &Hit, q: &str) -> String {
    let mut href = id_path(&h.id);
    if !q.trim().is_empty() {
        href.push_str("?q=");
        href.push_str(&form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>());
    }
    href
}

/// The results section: the count, did-you-mean, the hits with their passages, the pager.
pub fn results_html(raw: Option<&str>, q: &str, res: &SearchResponse, page: usize) -> String {
    let mut out = String::from("<section class=\"results\" aria-label=\"Kết quả\">");
    let _ = write!(
        out,
        "<p class=\"total\">Tìm thấy {} văn bản.</p>",
        res.total
    );
    if let Some(alt) = &res.did_you_mean {
        let _ = write!(
            out,
            "<p class=\"did-you-mean\">Có phải bạn muốn tìm: <a href=\"/tim-kiem?q={}\">{}</a>?</p>",
            esc(&form_urlencoded::byte_serialize(alt.as_bytes()).collect::<String>()),
            esc(alt)
        );
    }
    if res.hits.is_empty() {
        out.push_str("<p>Không có văn bản nào phù hợp.</p>");
    }
    let _ = write!(
        out,
        "<ol class=\"hits\" start=\"{}\">",
        (page - 1) * PAGE_SIZE + 1
    );
    for h in &res.hits {
        let _ = write!(
            out,
            "<li class=\"hit\" data-id=\"{}\"><div class=\"hit-head\"><a class=\"hit-link\" href=\"{}\">{}</a>",
            esc(&h.id),
            esc(&hit_href(h, q)),
            esc(h.number.as_deref().unwrap_or("(không số)"))
        );
        for (class, v) in [("type", &h.doc_type), ("issuer", &h.issuer)] {
            if let Some(v) = v {
                let _ = write!(out, " <span class=\"meta {class}\">{}</span>", esc(v));
            }
        }
        if let Some(d) = h.issued {
            let _ = write!(out, " <span class=\"meta date\">{}</span>", vn_date(d));
        }
        out.push_str("</div>");
        if let Some(t) = &h.title {
            let _ = write!(out, "<p class=\"hit-title\">{}</p>", esc(t));
        }
        for p in &h.passages {
            // The snippet is escaped by the search, only `<mark>` is markup.
            let _ = write!(
                out,
                "<div class=\"passage\"><span class=\"path\">{}</span><p class=\"snippet\">{}</p></div>",
                esc(&p.path),
                p.snippet
            );
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
    let pages = res
        .total
        .min(crate::search::MAX_OFFSET + PAGE_SIZE)
        .div_ceil(PAGE_SIZE);
    if pages > 1 {
        let link = |n: usize| {
            let mut s = form_urlencoded::Serializer::new(String::new());
            for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
                if k != "page" {
                    s.append_pair(&k, &v);
                }
            }
            s.append_pair("page", &n.to_string());
            format!("/tim-kiem?{}", s.finish())
        };
        out.push_str("<nav class=\"pager\" aria-label=\"Trang\">");
        if page > 1 {
            let _ = write!(
                out,
                "<a href=\"{}\">‹ Trang trước</a>",
                esc(&link(page - 1))
            );
        }
        let _ = write!(out, "<span>Trang {page}/{pages}</span>");
        if page < pages {
            let _ = write!(out, "<a href=\"{}\">Trang sau ›</a>", esc(&link(page + 1)));
        }
        out.push_str("</nav>");
    }
    out.push_str("</section>");
    out
}

/// A search the page could not run, said in Vietnamese.
pub fn error_html(e: &AppError) -> String {
    format!(
        "<section class=\"results\" aria-label=\"Kết quả\"><p class=\"error\" role=\"alert\">{}</p></section>",
        esc(vi_error(e.code))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_reads_the_apis_parameters_and_its_own() {
        let (req, page) = request(Some(
            "q=h%C3%B2a+gi%E1%BA%A3i&type=Ngh%E1%BB%8B+%C4%91%E1%BB%8Bnh&page=3&year=2022",
        ))
        .unwrap();
        assert_eq!(req.q, "hòa giải");
        assert_eq!(req.types, vec!["Nghị định".to_string()]);
        assert_eq!(page, 3);
        assert_eq!(req.page.offset, 20);
        assert_eq!(req.issued.from, chrono::NaiveDate::from_ymd_opt(2022, 1, 1));
        for (raw, code) in [
            ("q=a&issued_from=hom-qua", Code::BadDate),
            ("q=a&sort=x", Code::BadSort),
            ("q=a&page=0", Code::BadInteger),
            ("q=a&nonsense=1", Code::UnknownParameter),
            ("q=a&limit=1", Code::UnknownParameter),
        ] {
            let e = request(Some(raw)).map(|_| ()).unwrap_err();
            assert_eq!(e.code, code, "{raw}");
        }
        let (req, _) = request(Some("q=a&type=&issued_from=&sort=")).unwrap();
        assert!(req.types.is_empty() && req.issued.is_open());
        assert!(is_empty_search(None));
        assert!(is_empty_search(Some("q=")));
        assert!(!is_empty_search(Some("type=Ngh")));
    }
}
