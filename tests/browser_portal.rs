//! Issue 26 in headless Chromium, the points `browser.rs` does not cover yet, each at 1280 and
//! 390 px with screenshots under `target/browser/`: the search's readable address and the site
//! header's search (§2), "Nguồn" and the original's download (§4), the Atom feed a reader
//! follows (§8), related documents both ways (§9), and the widget themed and driven by real
//! key presses (§10).

mod browser_support;
mod http_support;

use std::path::PathBuf;

use serde_json::{json, Value};

use browser_support::*;
use http_support::*;
use vanban::http::ServerOptions;
use vanban::index::VanbanIndex;

const WIDTHS: [u32; 2] = [1280, 390];

/// Presses keys (WebDriver key codes: Tab `\u{E004}`, ↓ `\u{E015}`, Esc `\u{E00C}`).
fn press(b: &Browser, keys: &[&str]) {
    let mut actions: Vec<Value> = Vec::new();
    for k in keys {
        actions.push(json!({"type": "keyDown", "value": k}));
        actions.push(json!({"type": "keyUp", "value": k}));
    }
    b.cmd(
        "POST",
        "/actions",
        Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
    );
}

/// §2: `/tim-kiem?q=...&type=...` searches with its filters; the document page's header form
/// goes there.
#[test]
fn the_search_has_a_readable_address_with_its_filters() {
    if !browser_available() {
        return;
    }
    let rt = runtime();
    let (index, seed_id) = seed_index();
    let base = serve(&rt, app(index, &ServerOptions::default()));
    let b = Browser::start();
    for w in WIDTHS {
        b.resize(w, 900);
        b.goto(&format!(
            "{base}/tim-kiem?q=pho%20bien&type=K%E1%BA%BF%20ho%E1%BA%A1ch"
        ));
        b.wait_for(
            "the hits of the address's search",
            "return document.querySelector('.hit .snippet mark')",
        );
        let first = b.js("return document.querySelector('.hit').getAttribute('data-id')");
        assert_eq!(first, seed_id.as_str());
        let chips = b.js(
            "return [...document.querySelectorAll('.chip')].map(c => c.textContent).join(' | ')",
        );
        assert!(chips.as_str().unwrap().contains("Kế hoạch"), "{chips}");
        let q = b.js("return document.getElementById('q').value");
        assert_eq!(q, "pho bien");
        b.screenshot(&format!("search-address-{w}"));
    }
    // From a document page, the header's search box.
    b.resize(1280, 900);
    b.goto(&format!("{base}/van-ban/176-KH-UBND"));
    b.wait_for("the page", "return document.querySelector('.toan-van')");
    b.type_into("#site-q", "giao duc phap luat");
    b.js("document.querySelector('form.site-search').submit(); return 1");
    b.wait_for(
        "the header search's hits",
        "return location.pathname === '/tim-kiem' && document.querySelector('.hit .snippet mark')",
    );
}

/// §4: the official link as "Nguồn" and the original file downloadable from the page, as
/// indexed; no server path on the page.
#[test]
fn the_page_links_its_source_and_downloads_its_original() {
    let record = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/congbao/phapdien_nghidinh.jsonl");
    if !browser_available() || !record.exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("van-ban");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(seed_path(), folder.join("176-KH-UBND.txt")).unwrap();
    let first = std::fs::read_to_string(&record)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    std::fs::write(folder.join("nghi-dinh.jsonl"), format!("{first}\n")).unwrap();
    let index_dir = dir.path().join("index");
    let index = VanbanIndex::open_or_create(&index_dir).unwrap();
    vanban::ingest::ingest(
        &index,
        std::slice::from_ref(&folder),
        vanban::ingest::IngestOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    let record_id = index
        .all_documents(10)
        .unwrap()
        .into_iter()
        .find(|d| d.source.ends_with("#L1"))
        .unwrap()
        .id;
    let rt = runtime();
    let base = serve(&rt, app(index, &ServerOptions::default()));
    let b = Browser::start();
    for w in WIDTHS {
        b.resize(w, 900);
        b.goto(&format!("{base}/van-ban/176-KH-UBND"));
        b.wait_for("the page", "return document.querySelector('.thuoc-tinh')");
        let link = b.js("var a = document.querySelector('.tep-goc a'); return a && [a.textContent, a.getAttribute('href')]");
        assert_eq!(link[0], "176-KH-UBND.txt", "{link}");
        let text = b.js("return document.body.innerText");
        let text = text.as_str().unwrap().to_string();
        let tmp = dir.path().to_string_lossy().into_owned();
        for path in [tmp.as_str(), "/shared/corpus"] {
            assert!(!text.contains(path), "{path}");
        }
        b.js("document.querySelector('.thuoc-tinh').scrollIntoView(); return 1");
        b.screenshot(&format!("original-{w}"));
        // The download as the link gives it (fetched from the search page: the reading view's
        // policy allows the page no requests of its own).
        b.goto(&format!("{base}/"));
        let script = format!(
            "var done = arguments[arguments.length - 1]; \
             fetch('{}').then(r => r.text().then(t => done([r.status, r.headers.get('content-disposition'), t.includes('Quý IV năm 2020')])), e => done([0, String(e), false]));",
            link[1].as_str().unwrap()
        );
        let got = b.cmd(
            "POST",
            "/execute/async",
            Some(json!({"script": script, "args": []})),
        );
        assert_eq!(got[0], 200, "{got}");
        assert!(
            got[1].as_str().unwrap().contains("176-KH-UBND.txt"),
            "{got}"
        );
        assert_eq!(got[2], true, "{got}");
        // The gazette record: its official link as "Nguồn", opening vbpl.vn.
        b.goto(&format!("{base}/van-ban/--{record_id}"));
        let source = b.wait_for(
            "the record's Nguồn",
            "var a = document.querySelector('.nguon a'); return a && a.getAttribute('href')",
        );
        assert!(
            source.as_str().unwrap().starts_with("https://vbpl.vn/"),
            "{source}"
        );
        b.screenshot(&format!("nguon-{w}"));
    }
}

/// §8: every page names its feed; the feed of a search is Atom 1.0 that the browser parses,
/// with the search's documents as entries linking to their pages.
#[test]
fn a_search_can_be_followed_as_an_atom_feed() {
    if !browser_available() {
        return;
    }
    let rt = runtime();
    let (index, seed_id) = seed_index();
    let base = serve(&rt, app(index, &ServerOptions::default()));
    let b = Browser::start();
    for w in WIDTHS {
        b.resize(w, 900);
        // The search page last: the reading view's policy allows the page no requests.
        for page in ["/van-ban/176-KH-UBND", "/"] {
            b.goto(&format!("{base}{page}"));
            let feed = b.wait_for(
                "the feed's link",
                "var l = document.querySelector('link[rel=alternate][type=\"application/atom+xml\"]'); return l && l.getAttribute('href')",
            );
            assert_eq!(feed, "/feed.atom", "{page}");
        }
        let script = format!(
            "var done = arguments[arguments.length - 1]; \
             fetch('{base}/feed.atom?q=pho%20bien&type=K%E1%BA%BF%20ho%E1%BA%A1ch').then(r => r.text().then(t => {{ \
               var x = new DOMParser().parseFromString(t, 'application/xml'); \
               var root = x.documentElement; \
               done([r.status, r.headers.get('content-type'), root.namespaceURI, root.localName, \
                     x.getElementsByTagName('parsererror').length, \
                     [...x.getElementsByTagName('entry')].map(e => e.getElementsByTagName('link')[0].getAttribute('href'))]); }}), e => done([0, String(e)]));"
        );
        let got = b.cmd(
            "POST",
            "/execute/async",
            Some(json!({"script": script, "args": []})),
        );
        assert_eq!(got[0], 200, "{got}");
        assert!(got[1].as_str().unwrap().starts_with("application/atom+xml"));
        assert_eq!(got[2], "http://www.w3.org/2005/Atom", "{got}");
        assert_eq!(got[3], "feed");
        assert_eq!(got[4], 0, "parse errors: {got}");
        let links = got[5].as_array().unwrap();
        assert_eq!(links.len(), 1, "{got}");
        assert!(
            links[0]
                .as_str()
                .unwrap()
                .ends_with(&format!("/van-ban/--{seed_id}")),
            "{got}"
        );
        b.goto(&format!("{base}/feed.atom?q=pho%20bien"));
        b.screenshot(&format!("feed-{w}"));
    }
}

/// §9: "Văn bản liên quan" both ways: the plan's page links the decision it carries out, whose
/// page lists the plan among the documents citing it; each once.
#[test]
fn related_documents_are_listed_both_ways() {
    if !browser_available() {
        return;
    }
    let rt = runtime();
    let (index, seed_id) = seed_index();
    let app = app(index, &writable());
    let rt_app = app.clone();
    rt.block_on(async {
        for r in [decision_1521(), conclusion_80()] {
            let a = post_record(&rt_app, &r).await;
            assert_eq!(a.status.as_u16(), 201, "{}", a.text);
        }
    });
    let base = serve(&rt, app);
    let b = Browser::start();
    for w in WIDTHS {
        b.resize(w, 900);
        b.goto(&format!("{base}/van-ban/176-KH-UBND"));
        b.wait_for("the page", "return document.querySelector('.lien-quan')");
        let cited = b.js(
            "return [...document.querySelectorAll('.dan-chieu a.citation-link')].map(a => a.textContent + ' ' + a.getAttribute('href'))",
        );
        let cited: Vec<String> = serde_json::from_value(cited).unwrap();
        let to_1521: Vec<&String> = cited.iter().filter(|c| c.contains("1521/QĐ-TTg")).collect();
        assert!(!to_1521.is_empty(), "{cited:?}");
        assert!(
            to_1521
                .iter()
                .all(|c| c.contains("/van-ban/--qd-1521-ttg-2020")),
            "resolved to the indexed decision: {cited:?}"
        );
        b.js("document.querySelector('.lien-quan').scrollIntoView(); return 1");
        b.screenshot(&format!("related-plan-{w}"));
        b.click(".dan-chieu a.citation-link[href='/van-ban/--qd-1521-ttg-2020']");
        b.wait_for(
            "the decision's page",
            "return location.pathname.startsWith('/van-ban/1521') && document.querySelector('#cited-by-list')",
        );
        let citing = b.js(
            "return [...document.querySelectorAll('#cited-by-list .citing')].map(li => li.getAttribute('data-id'))",
        );
        let citing: Vec<String> = serde_json::from_value(citing).unwrap();
        assert_eq!(
            citing.iter().filter(|i| **i == seed_id).count(),
            1,
            "{citing:?}"
        );
        b.js("document.querySelector('#cited-by-list').scrollIntoView(); return 1");
        b.screenshot(&format!("related-decision-{w}"));
    }
}

/// §10: the widget themed by `data-*` (colour and font), driven by the keyboard alone: Tab to
/// the box, type, Enter, ↓ to the first hit, Esc back; "Xem tất cả" reachable by Tab.
#[test]
fn the_widget_is_themed_and_works_from_the_keyboard() {
    if !browser_available() {
        return;
    }
    let rt = runtime();
    let (index, _) = seed_index();
    let api = serve(&rt, app(index, &ServerOptions::default()));
    let host_page = format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Cổng thông tin</title></head>\
         <body><h1>Cổng thông tin điện tử tỉnh</h1><a id=\"before\" href=\"#\">Trang chủ</a><div id=\"search\"></div>\
         <script src=\"{api}/widget.js\" data-target=\"#search\" data-accent=\"rgb(0, 87, 156)\" \
         data-font=\"Georgia, serif\"></script></body></html>"
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
    let b = Browser::start();
    for w in WIDTHS {
        b.resize(w, 900);
        b.goto(&format!("{other}/"));
        b.wait_for(
            "the widget",
            "const h = document.querySelector('#search'); return h && h.shadowRoot && h.shadowRoot.querySelector('input')",
        );
        let font = b.js(
            "return getComputedStyle(document.querySelector('#search').shadowRoot.querySelector('input')).fontFamily",
        );
        assert!(font.as_str().unwrap().contains("Georgia"), "{font}");
        let accent = b.js(
            "return getComputedStyle(document.querySelector('#search').shadowRoot.querySelector('form button')).backgroundColor",
        );
        assert_eq!(accent, "rgb(0, 87, 156)");
        // Keyboard only: from the host page's link, Tab reaches the box.
        b.js("document.getElementById('before').focus(); return 1");
        press(&b, &["\u{E004}"]);
        let in_box = b.js(
            "const r = document.querySelector('#search').shadowRoot; return r.activeElement === r.querySelector('input')",
        );
        assert_eq!(in_box, true, "Tab from the page reaches the widget's box");
        b.cmd(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions":
                "phổ biến giáo dục".chars().flat_map(|c| [json!({"type": "keyDown", "value": c.to_string()}), json!({"type": "keyUp", "value": c.to_string()})]).collect::<Vec<_>>()
            }]})),
        );
        press(&b, &["\u{E007}"]);
        b.wait_for(
            "the hits",
            "return document.querySelector('#search').shadowRoot.querySelector('.hit .snippet mark')",
        );
        press(&b, &["\u{E015}"]);
        let on_hit = b.js(
            "const r = document.querySelector('#search').shadowRoot; return r.activeElement && r.activeElement.className",
        );
        assert_eq!(on_hit, "hit-link");
        b.screenshot(&format!("widget-keyboard-{w}"));
        press(&b, &["\u{E00C}"]);
        let back = b.js(
            "const r = document.querySelector('#search').shadowRoot; return r.activeElement === r.querySelector('input')",
        );
        assert_eq!(back, true, "Esc goes back to the box");
        // Tab from the box: the button, then the hit, then "Xem tất cả".
        press(&b, &["\u{E004}", "\u{E004}", "\u{E004}"]);
        let on_all = b.js(
            "const r = document.querySelector('#search').shadowRoot; const a = r.activeElement; return a && [a.className, a.textContent]",
        );
        assert_eq!(on_all[0], "all", "{on_all}");
        let outline = b.js(
            "const r = document.querySelector('#search').shadowRoot; return getComputedStyle(r.activeElement).outlineStyle",
        );
        assert_eq!(outline, "solid", "the focused link shows its focus");
        b.screenshot(&format!("widget-focus-{w}"));
    }
}
