//! The search page and the widget in headless Chromium, driven over WebDriver (chromedriver's
//! plain HTTP + JSON, spoken with `ureq`; no browser download, no extra crate).
//!
//! Needs the Debian packages `chromium` and `chromium-driver`. Without them the tests fail with
//! the reason; `VANBAN_SKIP_BROWSER=1` skips them explicitly. `VANBAN_CHROMIUM` and
//! `VANBAN_CHROMEDRIVER` override the binaries' paths. Screenshots go to `target/browser/`.

mod browser_support;
mod http_support;

use std::path::PathBuf;

use serde_json::json;

use browser_support::*;
use http_support::*;
use vanban::http::ServerOptions;

#[test]
fn page_searches_and_opens_a_document() {
    if !browser_available() {
        return;
    }
    let rt = runtime();
    let (index, seed_id) = seed_index();
    let base = serve(&rt, app(index, &ServerOptions::default()));
    let b = Browser::start();
    search_on_page(&b, &base);
    let first = b.js("return document.querySelector('.hit').getAttribute('data-id')");
    assert_eq!(first, seed_id.as_str());
    let marks = b.js(
        "return [...document.querySelectorAll('.hit .snippet mark')].map(m => m.textContent.toLowerCase())",
    );
    let marks: Vec<String> = serde_json::from_value(marks).unwrap();
    assert!(
        marks
            .iter()
            .any(|m| m == "phổ biến" || m == "phổ" || m == "pháp"),
        "{marks:?}"
    );
    // Facet counts are listed and a hit's passage shows its marks as markup, not as text.
    let escaped =
        b.js("return document.querySelector('.hit .snippet').textContent.includes('<mark>')");
    assert_eq!(escaped, false);
    b.screenshot("page-results");

    // A passage's path jumps to its place in the document's page.
    let jump =
        b.js("var a = document.querySelector('.hit a.path'); return a && a.getAttribute('href')");
    assert!(
        jump.as_str()
            .is_some_and(|h| h.starts_with(&format!("/van-ban/--{seed_id}?q=")) && h.contains('#')),
        "{jump}"
    );
    b.click(".hit .hit-link");
    b.wait_for(
        "the document page",
        "return location.pathname === '/van-ban/176-KH-UBND' && document.getElementById('van-ban') !== null",
    );
    let body = b.js("return document.getElementById('van-ban').textContent");
    assert!(body.as_str().unwrap().contains("Quý IV năm 2020"));
    for section in [
        "Mục lục",
        "Văn bản được dẫn chiếu",
        "Văn bản dẫn chiếu đến văn bản này",
        "Nhiệm vụ và thời hạn",
    ] {
        assert!(body.as_str().unwrap().contains(section), "{section}");
    }
    // The search's words are marked in the text.
    let marks = b.js("return document.querySelectorAll('.toan-van mark').length");
    assert!(marks.as_u64().unwrap() > 3, "{marks}");
    b.screenshot("page-document");
    // Back to the results through history.
    b.js("history.back()");
    b.wait_for(
        "the results again",
        "return document.querySelector('.hit') !== null",
    );
}

#[test]
fn page_shows_numbers_and_follows_a_citation_to_its_cited_by_list_needs_parsing() {
    if !browser_available() {
        return;
    }
    let rt = runtime();
    let (index, seed_id) = seed_index();
    let base = serve(&rt, app(index, &ServerOptions::default()));
    let b = Browser::start();
    search_on_page(&b, &base);
    let number = b.js("return document.querySelector('.hit .hit-link').textContent");
    assert_eq!(number, "176/KH-UBND");
    let meta = b.js("return document.querySelector('.hit .hit-head').textContent");
    assert!(meta.as_str().unwrap().contains("27/10/2020"), "{meta}");
    b.wait_for(
        "a type facet",
        "return document.querySelector('.facet[data-facet=type]')",
    );
    b.click(".hit .hit-link");
    b.wait_for(
        "the document page",
        "return document.getElementById('van-ban') !== null",
    );
    // The plan carries out 1521/QĐ-TTg, which is not indexed: its link opens the cited-by list.
    let link = b.wait_for(
        "a citation of 1521/QĐ-TTg",
        "return [...document.querySelectorAll('a.citation-link')].map(a => a.getAttribute('href')).find(h => h.includes(encodeURIComponent('1521/QĐ-TTg'))) || null",
    );
    b.js(&format!(
        "document.querySelector('a.citation-link[href=\"{}\"]').click()",
        link.as_str().unwrap()
    ));
    b.wait_for(
        "the cited-by list",
        "return document.querySelector('#cited-by-list .citing')",
    );
    let citing = b.js(
        "return [...document.querySelectorAll('#cited-by-list .citing')].map(li => li.getAttribute('data-id'))",
    );
    assert!(
        citing
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v == seed_id.as_str()),
        "{citing}"
    );
    b.screenshot("page-cited-by");
}

#[test]
fn widget_on_a_page_of_another_origin_shows_results() {
    if !browser_available() {
        return;
    }
    let rt = runtime();
    let (index, seed_id) = seed_index();
    let api = serve(&rt, app(index, &ServerOptions::default()));
    let host_page = format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Cổng thông tin</title></head>\
         <body><h1>Cổng thông tin điện tử</h1><div id=\"search\"></div>\
         <script src=\"{api}/widget.js\" data-target=\"#search\" data-accent=\"rgb(0, 87, 156)\"></script></body></html>"
    );
    let other = serve(
        &rt,
        axum::Router::new().route(
            "/",
            axum::routing::get(move || {
                let page = host_page.clone();
                async move { axum::response::Html(page) }
            }),
        ),
    );
    assert_ne!(api, other);
    let b = Browser::start();
    b.goto(&format!("{other}/"));
    b.wait_for(
        "the widget",
        "const h = document.querySelector('#search'); return h && h.shadowRoot && h.shadowRoot.querySelector('input')",
    );
    b.js(&format!(
        "const r = document.querySelector('#search').shadowRoot; \
         r.querySelector('input').value = '{QUERY}'; \
         r.querySelector('form').requestSubmit();"
    ));
    b.wait_for(
        "widget hits",
        "return document.querySelector('#search').shadowRoot.querySelector('.hit .snippet mark')",
    );
    let href = b.js(
        "return document.querySelector('#search').shadowRoot.querySelector('.hit a').getAttribute('href')",
    );
    assert_eq!(href, format!("{api}/van-ban/--{seed_id}").as_str());
    // Issue 26 §10: "Xem tất cả N kết quả" opens the full search; the theme's colour from
    // data-accent; the keyboard moves from the box to the hits and back.
    let all = b.js(
        "const a = document.querySelector('#search').shadowRoot.querySelector('a.all'); \
         return [a.hidden, a.textContent, a.getAttribute('href')]",
    );
    assert_eq!(all[0], false, "{all}");
    assert!(
        all[1].as_str().unwrap().starts_with("Xem tất cả 1 kết quả"),
        "{all}"
    );
    assert!(
        all[2].as_str().unwrap().starts_with(&format!("{api}/#q=")),
        "{all}"
    );
    let accent = b.js(
        "return getComputedStyle(document.querySelector('#search').shadowRoot.querySelector('form button')).backgroundColor",
    );
    assert_eq!(accent, "rgb(0, 87, 156)");
    // Typed without diacritics: the restored query is offered, and one click searches it.
    let offer = b.js(
        "const r = document.querySelector('#search').shadowRoot; const d = r.querySelector('.did-you-mean'); \
         return [r.querySelector('.status').textContent, d && d.textContent]",
    );
    assert!(
        offer[0].as_str().unwrap().contains("Có phải bạn muốn tìm"),
        "{offer}"
    );
    assert_eq!(offer[1], "phổ biến giáo dục pháp luật", "{offer}");
    b.click_in_widget(".did-you-mean");
    b.wait_for(
        "the restored query searched",
        "const r = document.querySelector('#search').shadowRoot; \
         return r.querySelector('input').value === 'phổ biến giáo dục pháp luật' && !r.querySelector('.did-you-mean') && r.querySelector('.hit')",
    );
    let focused = b.js(
        "const r = document.querySelector('#search').shadowRoot; const i = r.querySelector('input'); i.focus(); \
         i.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown', bubbles: true, composed: true})); \
         const first = r.activeElement && r.activeElement.className; \
         r.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true, composed: true})); \
         return [first, r.activeElement === i]",
    );
    assert_eq!(focused[0], "hit-link", "{focused}");
    assert_eq!(focused[1], true, "{focused}");
    b.screenshot("widget");
}

/// The page "Việc theo cơ quan" over the CCHC plan (read in place): an agency from the address,
/// then typed into the form; the two downloads open (CSV with its byte-order mark, XLSX a zip).
#[test]
fn task_board_lists_an_agency_and_both_downloads_open() {
    let cchc = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(
        "../shared/corpus/provincial/originals/5a984d5c_Ke_hoach_CCHC_giai_doan_2026_2030.docx",
    );
    if !browser_available() || !cchc.exists() {
        return;
    }
    let rt = runtime();
    let index = vanban::index::VanbanIndex::in_memory().unwrap();
    add_files(&index, &[&cchc, &seed_path()]);
    let base = serve(&rt, app(index, &ServerOptions::default()));
    let b = Browser::start();
    // Linked from the home page.
    b.goto(&format!("{base}/"));
    let href = b.wait_for(
        "the link to the task board",
        "var a = document.getElementById('tasks-link'); return a && a.getAttribute('href')",
    );
    assert_eq!(href, "/tasks");
    b.goto(&format!(
        "{base}/tasks?agency=S%E1%BB%9F%20N%E1%BB%99i%20v%E1%BB%A5&role=lead"
    ));
    let rows = b.wait_for(
        "the tasks of Sở Nội vụ",
        "var n = document.querySelectorAll('#tasks-table tbody tr').length; return n > 0 ? n : null",
    );
    let line = b.js("return document.getElementById('tasks-status').textContent");
    assert!(
        rows.as_u64().unwrap() >= 12,
        "{rows} rows; status line {line}"
    );
    let cells = b.js(
        "return Array.from(document.querySelectorAll('#tasks-table tbody tr')).map(r => r.innerText).join('\\n')",
    );
    let cells = cells.as_str().unwrap();
    assert!(cells.contains("Phụ lục > VII"), "{cells}");
    assert!(cells.contains("Chủ trì: Sở Nội vụ"), "{cells}");
    b.screenshot("task_board");
    // Typed without diacritics in the form.
    b.js("document.getElementById('agency').value = ''; return true");
    b.type_into("#agency", "so giao duc");
    b.js("document.getElementById('role').value = ''; return true");
    b.click("#tasks-button");
    b.wait_for(
        "the tasks of Sở Giáo dục và Đào tạo",
        "return Array.from(document.querySelectorAll('#tasks-table tbody tr')).some(r => r.innerText.includes('Sở Giáo dục và Đào tạo'))",
    );
    // Both downloads, fetched as the links give them.
    let download = |id: &str| {
        let script = format!(
            "var done = arguments[arguments.length - 1]; \
             fetch(document.getElementById('{id}').href).then(r => r.arrayBuffer().then(buf => {{ \
               var b = new Uint8Array(buf); var bin = ''; \
               for (var i = 0; i < b.length; i++) bin += String.fromCharCode(b[i]); \
               done([r.status, r.headers.get('content-type'), r.headers.get('content-disposition'), \
                     [b[0], b[1], b[2]], b.length, btoa(bin)]); }}));"
        );
        b.cmd(
            "POST",
            "/execute/async",
            Some(json!({"script": script, "args": []})),
        )
    };
    let csv = download("csv-link");
    assert_eq!(csv[0], 200, "{csv}");
    assert!(csv[1].as_str().unwrap().starts_with("text/csv"), "{csv}");
    assert!(csv[2].as_str().unwrap().contains(".csv"), "{csv}");
    assert_eq!(
        csv[3],
        json!([0xEF, 0xBB, 0xBF]),
        "UTF-8 byte-order mark: {csv}"
    );
    let xlsx = download("xlsx-link");
    assert_eq!(xlsx[0], 200, "{xlsx}");
    assert!(
        xlsx[1].as_str().unwrap().contains("spreadsheetml"),
        "{xlsx}"
    );
    assert_eq!(xlsx[3][0], b'P', "{xlsx}");
    assert_eq!(xlsx[3][1], b'K', "{xlsx}");
    assert!(xlsx[4].as_u64().unwrap() > 1000, "{xlsx}");
    // Both open: the CSV's header is the export's columns and it has a line per task; the
    // workbook reads back (a zip whose sheet holds the same header and as many rows).
    let columns = vanban::search::tasks::EXPORT_COLUMNS
        .iter()
        .map(|c| {
            if c.contains(',') {
                format!("\"{c}\"")
            } else {
                c.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    let csv_text = String::from_utf8(base64_decode(csv[5].as_str().unwrap())).unwrap();
    let csv_lines: Vec<&str> = csv_text
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(csv_lines[0], columns, "{csv_text}");
    assert!(csv_lines.len() > 1, "{csv_text}");
    assert!(
        csv_lines[1..]
            .iter()
            .all(|l| l.contains("Sở Giáo dục và Đào tạo")),
        "{csv_text}"
    );
    let bytes = base64_decode(xlsx[5].as_str().unwrap());
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let read = |book: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut book.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let strings = read(&mut book, "xl/sharedStrings.xml");
    let sheet = read(&mut book, "xl/worksheets/sheet1.xml");
    for c in vanban::search::tasks::EXPORT_COLUMNS {
        assert!(strings.contains(&format!(">{c}<")), "column {c}: {strings}");
    }
    assert!(strings.contains("Sở Giáo dục và Đào tạo"), "{strings}");
    assert_eq!(sheet.matches("<row ").count(), csv_lines.len(), "{sheet}");
}

/// Issue 26: the reading view at its permalink, at 1280 and 390 px; an article's anchor scrolls
/// to it; printed, the whole text and its header block without controls; an old `#doc=` link
/// lands on the page.
#[test]
fn document_page_reads_links_and_prints() {
    if !browser_available() {
        return;
    }
    let rt = runtime();
    let (index, seed_id) = seed_index();
    let base = serve(&rt, app(index, &ServerOptions::default()));
    let b = Browser::start();
    // An old link of the search page.
    b.goto(&format!("{base}/#doc={seed_id}"));
    b.wait_for(
        "the redirect to the readable address",
        "return location.pathname === '/van-ban/176-KH-UBND' && document.querySelector('.toan-van')",
    );
    for (width, name) in [(1280, "document-1280"), (390, "document-390")] {
        b.resize(width, 900);
        b.goto(&format!("{base}/van-ban/176-KH-UBND#ii"));
        b.wait_for("the page", "return document.querySelector('.toan-van')");
        let top =
            b.js("return Math.round(document.getElementById('ii').getBoundingClientRect().top)");
        assert!(
            top.as_i64().is_some_and(|t| (-5..200).contains(&t)),
            "{name}: #ii at {top}"
        );
        let overflow = b.js("return document.documentElement.scrollWidth > window.innerWidth + 1");
        assert_eq!(overflow, false, "{name}: the page scrolls sideways");
        b.screenshot(name);
    }
    // The table of contents links to the same anchors.
    let toc = b
        .js("return [...document.querySelectorAll('.muc-luc a')].map(a => a.getAttribute('href'))");
    assert!(toc.as_array().unwrap().iter().any(|h| h == "#ii"), "{toc}");
    // Printed: controls gone, text and header block kept.
    b.resize(1280, 900);
    b.goto(&format!("{base}/van-ban/176-KH-UBND"));
    b.wait_for("the page", "return document.querySelector('.toan-van')");
    b.cdp("Emulation.setEmulatedMedia", json!({"media": "print"}));
    let shown = b.js(
        "var v = s => { var e = document.querySelector(s); return e && getComputedStyle(e).display !== 'none'; }; \
         return [v('.site'), v('.muc-luc'), v('.the-thuc'), v('.toan-van'), v('.tieu-de')]",
    );
    assert_eq!(shown, json!([false, false, true, true, true]), "print view");
    b.screenshot("document-print");
    b.cdp("Emulation.setEmulatedMedia", json!({"media": ""}));
}

/// Issue 26 §5–6: on a phone (390 px) the first hit is on the first screen and the facets open
/// from a "Lọc" button; filter chips say roles and sort orders in words and dates as
/// dd/mm/yyyy; an error reads in Vietnamese.
#[test]
fn phone_search_shows_the_first_hit_first_and_speaks_vietnamese() {
    if !browser_available() {
        return;
    }
    let rt = runtime();
    let (index, _) = seed_index();
    let base = serve(&rt, app(index, &ServerOptions::default()));
    let b = Browser::start();
    b.resize(390, 844);
    search_on_page(&b, &base);
    let (inner, bottom) = (
        b.js("return window.innerHeight"),
        b.js("return Math.round(document.querySelector('.hit').getBoundingClientRect().top + 60)"),
    );
    assert!(
        bottom.as_i64().unwrap() < inner.as_i64().unwrap(),
        "first hit at {bottom} of a {inner} px screen"
    );
    let facets_shown =
        "return getComputedStyle(document.getElementById('facets')).display !== 'none'";
    assert_eq!(b.js(facets_shown), false);
    let overflow = b.js("return document.documentElement.scrollWidth > window.innerWidth + 1");
    assert_eq!(
        overflow, false,
        "the results page scrolls sideways at 390 px"
    );
    b.screenshot("phone-results-390");
    b.click(".filter-toggle");
    assert_eq!(b.js(facets_shown), true);
    b.screenshot("phone-facets-390");
    // Chips in words.
    b.goto(&format!(
        "{base}/#q=pho%20bien&agency=S%E1%BB%9F%20T%C6%B0%20ph%C3%A1p&role=lead&sort=issued_desc&issued_from=2020-01-31"
    ));
    let chips = b.wait_for(
        "the filter chips",
        "var c = [...document.querySelectorAll('.chip')].map(c => c.textContent); return c.length ? c.join(' | ') : null",
    );
    let chips = chips.as_str().unwrap();
    assert!(chips.contains("Vai trò: Chủ trì"), "{chips}");
    assert!(chips.contains("Sắp xếp: Mới ban hành trước"), "{chips}");
    assert!(chips.contains("Ban hành từ: 31/01/2020"), "{chips}");
    // An error code of the API, said in Vietnamese.
    b.goto(&format!("{base}/#q=pho&issued_from=2020-99-99"));
    let status = b.wait_for(
        "the error line",
        "var s = document.getElementById('status'); return s.className === 'error' && s.textContent",
    );
    assert!(
        status.as_str().unwrap().starts_with("Ngày không hợp lệ"),
        "{status}"
    );
    b.resize(1280, 900);
    search_on_page(&b, &base);
    assert_eq!(
        b.js(facets_shown),
        true,
        "facets beside the results at 1280 px"
    );
    b.screenshot("results-1280");
}

/// Issue 26 §7: the home page lists "Văn bản mới" with counts by type and issuer and example
/// searches that run when clicked; back on the home view after a search.
#[test]
fn home_page_shows_new_documents_counts_and_example_searches() {
    if !browser_available() {
        return;
    }
    let rt = runtime();
    let (index, seed_id) = seed_index();
    let base = serve(&rt, app(index, &ServerOptions::default()));
    let b = Browser::start();
    for (width, name) in [(1280, "home-1280"), (390, "home-390")] {
        b.resize(width, 900);
        b.goto(&format!("{base}/"));
        let first = b.wait_for(
            "the new documents",
            "var a = document.querySelector('#home .moi a'); return a && a.getAttribute('href')",
        );
        assert_eq!(first, format!("/van-ban/--{seed_id}").as_str());
        let counts =
            b.js("return document.querySelector('#home .dem[data-facet=type]').textContent");
        assert!(
            counts.as_str().unwrap().contains("Kế hoạch (1)"),
            "{counts}"
        );
        b.screenshot(name);
    }
    b.click("#home .vi-du a");
    b.wait_for(
        "the example's hits",
        "return document.querySelector('.hit .snippet mark')",
    );
    b.js("history.back()");
    b.wait_for(
        "the home view again",
        "return document.querySelector('#home .moi a')",
    );
}

/// The seed's page in a browser (issue 24): a visible status badge, and a Lược đồ in which
/// 619/QĐ-TTg, which Article 8 of 25/2021/QĐ-TTg ended, shows as ended; its link opens the
/// search page's list of the documents citing it.
#[test]
fn the_seed_page_shows_its_status_and_the_ended_619() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let all = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/congbao/phapdien_quyetdinh_chithi.jsonl"),
    )
    .unwrap();
    let line = all
        .lines()
        .find(|l| l.contains("\"so_hieu\": \"25/2021/QĐ-TTg\""))
        .expect("the shared corpus holds 25/2021/QĐ-TTg");
    let qd25 = dir.path().join("qd25.jsonl");
    std::fs::write(&qd25, format!("{line}\n")).unwrap();
    let index = vanban::index::VanbanIndex::in_memory().unwrap();
    add_files(&index, &[&seed_path(), &qd25]);
    let rt = runtime();
    let base = serve(&rt, app(index, &ServerOptions::default()));
    let b = Browser::start();
    b.goto(&format!("{base}/van-ban/176-KH-UBND"));
    b.wait_for(
        "the badge",
        "return document.getElementById('hieu-luc') !== null",
    );
    let badge = b.js(
        "const e = document.getElementById('hieu-luc'); const r = e.getBoundingClientRect(); \
         return {text: e.textContent, h: r.height, top: r.top, border: getComputedStyle(e).borderLeftStyle}",
    );
    assert!(
        badge["text"].as_str().unwrap().starts_with("Còn hiệu lực"),
        "{badge}"
    );
    assert!(
        badge["h"].as_f64().unwrap() > 10.0,
        "the badge is drawn: {badge}"
    );
    assert!(
        badge["top"].as_f64().unwrap() < 400.0,
        "near the title: {badge}"
    );
    assert_eq!(badge["border"], "solid");
    let item = b.js(
        "const li = [...document.querySelectorAll('#luoc-do li')].find(l => l.textContent.includes('619/QĐ-TTg')); \
         if (!li) return null; const s = li.querySelector('.hieu-luc-nho'); \
         return {text: li.textContent, color: getComputedStyle(s).color, href: li.querySelector('a').getAttribute('href')}",
    );
    assert!(item.is_object(), "619/QĐ-TTg in the Lược đồ");
    let text = item["text"].as_str().unwrap();
    assert!(
        text.contains("Hết hiệu lực toàn bộ từ 01/01/2022"),
        "{text}"
    );
    assert!(text.contains("25/2021/QĐ-TTg"), "{text}");
    assert_eq!(
        item["color"], "rgb(198, 40, 40)",
        "an ended document is shown in red"
    );
    let warning = b.js("return document.querySelector('.het-dan-chieu').textContent");
    assert!(
        warning.as_str().unwrap().contains("619/QĐ-TTg"),
        "{warning}"
    );
    b.screenshot("status-badge");
    b.js("document.getElementById('luoc-do').scrollIntoView(); return 1");
    b.screenshot("luoc-do");
    b.click("#luoc-do a[href^='/#cited=619']");
    b.wait_for(
        "the documents citing 619/QĐ-TTg",
        "return document.querySelector('#view .hit, #view li') !== null",
    );
    // The status facet, in words (the seed is in force today); choosing it filters.
    b.goto(&format!("{base}/#q=quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh"));
    let facet = b.wait_for(
        "the status facet",
        "const f = document.querySelector('.facet[data-facet=status][data-value=in_force]'); return f && f.textContent",
    );
    assert!(
        facet.as_str().unwrap().starts_with("Còn hiệu lực ("),
        "{facet}"
    );
    b.click(".facet[data-facet=status][data-value=in_force]");
    let chip = b.wait_for(
        "the status chip",
        "const c = [...document.querySelectorAll('.chip')].find(c => c.textContent.startsWith('Hiệu lực')); return c && c.textContent",
    );
    assert!(chip.as_str().unwrap().contains("Còn hiệu lực"), "{chip}");
    b.wait_for(
        "hits in force",
        "return location.hash.includes('status=in_force') && document.querySelector('#view .hit') !== null",
    );
    b.screenshot("status-facet");
}
