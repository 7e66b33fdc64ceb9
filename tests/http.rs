//! The HTTP API through the router (`oneshot`): every route, every filter, every error code.
//! Tests whose names end in `_needs_parsing` rely on number, date or task extraction and hold
//! once the real extractors replace the placeholders.

mod http_support;

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use serde_json::Value;

use http_support::*;
use vanban::http::ServerOptions;
use vanban::index::VanbanIndex;
use vanban::text;

const QUERY: &str = "pho bien giao duc phap luat";

#[tokio::test]
async fn search_without_diacritics_finds_the_seed_plan_with_marked_passages() {
    if !have_seed() {
        return;
    }
    let (index, seed_id) = seed_index();
    let app = app(index, &ServerOptions::default());
    let a = get(&app, &format!("/api/search?q={}", enc(QUERY))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(hit_ids(&a).first(), Some(&seed_id));
    let hit = &a.json["hits"][0];
    let passage = &hit["passages"][0];
    let snippet = passage["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>"), "{snippet}");
    // Highlight offsets are character offsets into `text`, each a query syllable once folded,
    // or an abbreviation the plan defines for the query's words (`PBGDPL`).
    let chars: Vec<char> = passage["text"].as_str().unwrap().chars().collect();
    let highlights = passage["highlights"].as_array().unwrap();
    assert!(!highlights.is_empty());
    let doc = get(&app, &format!("/api/documents/{}", enc(&seed_id))).await;
    let defined: Vec<&str> = doc.json["abbreviations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| text::fold(a["long"].as_str().unwrap()).contains("pho bien, giao duc"))
        .map(|a| a["short"].as_str().unwrap())
        .collect();
    assert!(defined.contains(&"PBGDPL"), "{defined:?}");
    let mut syllables: BTreeSet<&str> = QUERY.split(' ').collect();
    syllables.extend(defined);
    for h in highlights {
        let (s, e) = (
            h[0].as_u64().unwrap() as usize,
            h[1].as_u64().unwrap() as usize,
        );
        let word: String = chars[s..e].iter().collect();
        assert!(
            syllables.contains(text::fold(&word).as_str()) || syllables.contains(word.as_str()),
            "highlight {word:?} is not a query syllable"
        );
    }
    // The same search with diacritics finds the same document.
    let a = get(
        &app,
        &format!("/api/search?q={}", enc("phổ biến, giáo dục pháp luật")),
    )
    .await;
    assert_eq!(hit_ids(&a).first(), Some(&seed_id));
}

#[tokio::test]
async fn a_quoted_phrase_is_marked_in_a_row_or_as_its_abbreviation() {
    if !have_seed() {
        return;
    }
    let (index, seed_id) = seed_index();
    let app = app(index, &ServerOptions::default());
    let a = get(
        &app,
        &format!("/api/search?q={}", enc("\"phổ biến, giáo dục\"")),
    )
    .await;
    assert_eq!(hit_ids(&a).first(), Some(&seed_id), "{}", a.text);
    let mut marks = 0;
    for passage in a.json["hits"][0]["passages"].as_array().unwrap() {
        let chars: Vec<char> = passage["text"].as_str().unwrap().chars().collect();
        let words: Vec<String> = passage["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                let (s, e) = (h[0].as_u64().unwrap(), h[1].as_u64().unwrap());
                chars[s as usize..e as usize].iter().collect()
            })
            .collect();
        // Only the phrase's four syllables in order, or the plan's abbreviation for it.
        let mut i = 0;
        while i < words.len() {
            if words[i] == "PBGDPL" {
                i += 1;
                continue;
            }
            let run: Vec<String> = words[i..(i + 4).min(words.len())]
                .iter()
                .map(|w| w.to_lowercase())
                .collect();
            assert_eq!(run, ["phổ", "biến", "giáo", "dục"], "{words:?}");
            i += 4;
        }
        marks += words.len();
    }
    assert!(marks > 0);
}

#[tokio::test]
async fn search_hits_name_number_type_issuer_and_date_needs_parsing() {
    if !have_seed() {
        return;
    }
    let (index, seed_id) = seed_index();
    let app = app(index, &ServerOptions::default());
    let a = get(&app, &format!("/api/search?q={}", enc(QUERY))).await;
    let hit = &a.json["hits"][0];
    assert_eq!(hit["id"], seed_id.as_str());
    assert_eq!(hit["number"], "176/KH-UBND");
    assert_eq!(hit["type"], "Kế hoạch");
    assert_eq!(hit["issued"], "2020-10-27");
    assert!(hit["issuer"].as_str().unwrap().contains("Lạng Sơn"));
}

#[tokio::test]
async fn every_filter_narrows_the_results() {
    if !have_seed() {
        return;
    }
    let (app, _) = full_app().await;
    let ids = |a: &Answer| hit_ids(a).into_iter().collect::<BTreeSet<_>>();
    let search = |params: &str| {
        let app = app.clone();
        let uri = format!(
            "/api/search?q={}&limit=100&{params}",
            enc("giáo dục pháp luật")
        );
        async move { get(&app, &uri).await }
    };
    let all = search("").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    assert!(ids(&all).contains("qd-1521-ttg-2020") && ids(&all).contains("kl-80-tw-2020"));

    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            &format!("type={}", enc("Quyết định")),
            &["qd-1521-ttg-2020"],
            &["kl-80-tw-2020"],
        ),
        (
            &format!("type={}&type={}", enc("quyet dinh"), enc("Kết luận")),
            &["qd-1521-ttg-2020", "kl-80-tw-2020"],
            &[],
        ),
        (
            &format!("issuer={}", enc("thu tuong chinh phu")),
            &["qd-1521-ttg-2020"],
            &["kl-80-tw-2020"],
        ),
        (
            &format!("agency={}&role=issuer", enc("Ban Bí thư")),
            &["kl-80-tw-2020"],
            &["qd-1521-ttg-2020"],
        ),
        (
            &format!("agency={}", enc("Ban Bí thư")),
            &["kl-80-tw-2020"],
            &["qd-1521-ttg-2020"],
        ),
        (
            &format!("agency={}&role=support", enc("Ban Bí thư")),
            &[],
            &["kl-80-tw-2020", "qd-1521-ttg-2020"],
        ),
        (
            &format!("field={}", enc("bo may hanh chinh")),
            &["qd-1521-ttg-2020"],
            &["kl-80-tw-2020"],
        ),
        (
            "issued_from=2020-07-01&issued_to=2020-12-31",
            &["qd-1521-ttg-2020"],
            &["kl-80-tw-2020"],
        ),
        (
            "issued_to=2020-06-30",
            &["kl-80-tw-2020"],
            &["qd-1521-ttg-2020"],
        ),
        (
            "effective_from=2020-10-01&effective_to=2020-10-31",
            &["qd-1521-ttg-2020"],
            &["kl-80-tw-2020"],
        ),
    ];
    for (params, inside, outside) in cases {
        let a = search(params).await;
        assert_eq!(a.status, StatusCode::OK, "{params}: {}", a.text);
        let got = ids(&a);
        for id in *inside {
            assert!(got.contains(*id), "{params}: {id} missing from {got:?}");
        }
        for id in *outside {
            assert!(!got.contains(*id), "{params}: {id} should be filtered out");
        }
        assert_eq!(a.json["total"].as_u64().unwrap() as usize, got.len());
    }
}

#[tokio::test]
async fn sort_facets_and_pages() {
    if !have_seed() {
        return;
    }
    let (app, _) = full_app().await;
    let q = enc("giáo dục pháp luật");
    let asc = get(
        &app,
        &format!("/api/search?q={q}&sort=issued_asc&limit=100"),
    )
    .await;
    let ids = hit_ids(&asc);
    let pos = |id: &str| ids.iter().position(|x| x == id).unwrap();
    assert!(pos("kl-80-tw-2020") < pos("qd-1521-ttg-2020"));
    let desc = get(
        &app,
        &format!("/api/search?q={q}&sort=issued_desc&limit=100"),
    )
    .await;
    let ids = hit_ids(&desc);
    let pos = |id: &str| ids.iter().position(|x| x == id).unwrap();
    assert!(pos("qd-1521-ttg-2020") < pos("kl-80-tw-2020"));

    let f = &asc.json["facets"];
    assert_eq!(f["type"]["Quyết định"], 1);
    assert_eq!(f["type"]["Kết luận"], 1);
    assert_eq!(f["issuer"]["Thủ tướng Chính phủ"], 1);
    assert!(f["year"]["2020"].as_u64().unwrap() >= 2);

    let total = asc.json["total"].as_u64().unwrap();
    assert!(total >= 3, "{total}");
    let first = get(&app, &format!("/api/search?q={q}&limit=1")).await;
    let second = get(&app, &format!("/api/search?q={q}&limit=1&offset=1")).await;
    assert_eq!(hit_ids(&first).len(), 1);
    assert_eq!(hit_ids(&second).len(), 1);
    assert_ne!(hit_ids(&first), hit_ids(&second));
    assert_eq!(first.json["total"], total);
    let past = get(&app, &format!("/api/search?q={q}&offset={total}")).await;
    assert_eq!(past.status, StatusCode::OK);
    assert!(hit_ids(&past).is_empty());
    // A filter alone (no text) is a search too.
    let only = get(&app, &format!("/api/search?type={}", enc("Kết luận"))).await;
    assert_eq!(hit_ids(&only), vec!["kl-80-tw-2020"]);
}

#[tokio::test]
async fn bad_search_parameters_get_their_own_codes() {
    let app = app(VanbanIndex::in_memory().unwrap(), &ServerOptions::default());
    let long = "a ".repeat(600);
    let cases = [
        ("q=x&colour=red", "unknown_parameter"),
        ("q=%zz", "bad_encoding"),
        ("q=%E1%BB", "bad_encoding"),
        ("q=x&issued_from=2020-13-01", "bad_date"),
        ("q=x&deadline_to=tomorrow", "bad_date"),
        (
            "q=x&issued_from=2021-01-01&issued_to=2020-01-01",
            "bad_range",
        ),
        (
            "q=x&effective_from=2021-01-01&effective_to=2020-01-01",
            "bad_range",
        ),
        (
            "q=x&deadline_from=2021-01-01&deadline_to=2020-01-01",
            "bad_range",
        ),
        ("q=x&limit=abc", "bad_integer"),
        ("q=x&offset=-1", "bad_integer"),
        ("q=x&limit=101", "limit_too_large"),
        ("q=x&limit=0", "limit_too_large"),
        ("q=x&offset=10001", "offset_too_large"),
        ("q=x&sort=newest", "bad_sort"),
        ("q=x&agency=a&role=boss", "bad_role"),
        ("q=x&role=lead", "role_without_agency"),
        ("q=x&cites=hello", "bad_number"),
        ("q=x&number=hello", "bad_number"),
        ("q=", "empty_query"),
        ("", "empty_query"),
    ];
    for (query, code) in cases {
        let a = get(&app, &format!("/api/search?{query}")).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{query}: {}", a.text);
        assert_eq!(a.code(), code, "{query}: {}", a.text);
        assert!(!a.json["error"]["message"].as_str().unwrap().is_empty());
    }
    let a = get(&app, &format!("/api/search?q={}", enc(&long))).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "query_too_long")
    );
}

#[tokio::test]
async fn deadline_and_cites_filters_needs_parsing() {
    if !have_seed() {
        return;
    }
    let (app, seed_id) = full_app().await;
    let q = enc("giáo dục pháp luật");
    // The seed plan has a task due in Quý IV năm 2020; the central documents have none.
    let a = get(
        &app,
        &format!("/api/search?q={q}&deadline_from=2020-10-01&deadline_to=2020-12-31"),
    )
    .await;
    assert_eq!(hit_ids(&a), vec![seed_id.clone()]);
    let a = get(
        &app,
        &format!("/api/search?q={q}&cites={}", enc("1521/QĐ-TTg")),
    )
    .await;
    assert!(hit_ids(&a).contains(&seed_id), "{}", a.text);
    assert!(!hit_ids(&a).contains(&"qd-1521-ttg-2020".to_string()));
    let a = get(&app, &format!("/api/search?number={}", enc("176/KH-UBND"))).await;
    assert_eq!(hit_ids(&a), vec![seed_id]);
}

#[tokio::test]
async fn document_citations_and_unknown_ids() {
    if !have_seed() {
        return;
    }
    let (index, seed_id) = seed_index();
    let app = app(index, &ServerOptions::default());
    let a = get(&app, &format!("/api/documents/{seed_id}")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json["id"], seed_id.as_str());
    assert!(a.json["body"].as_str().unwrap().contains("Quý IV năm 2020"));
    for key in ["outline", "citations", "tasks", "agencies", "warnings"] {
        assert!(a.json[key].is_array(), "{key}");
    }
    let a = get(&app, &format!("/api/documents/{seed_id}/citations")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json["id"], seed_id.as_str());
    assert!(a.json["citations"].is_array());
    for uri in ["/api/documents/nope", "/api/documents/nope/citations"] {
        let a = get(&app, uri).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::NOT_FOUND, "not_found"),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn citation_graph_both_ways_needs_parsing() {
    if !have_seed() {
        return;
    }
    let (app, seed_id) = full_app().await;
    // The plan cites 1521/QĐ-TTg (implements it), which is indexed: resolved.
    let a = get(&app, &format!("/api/documents/{seed_id}/citations")).await;
    let cites = a.json["citations"].as_array().unwrap();
    let c = cites
        .iter()
        .find(|c| c["number_key"] == "1521/QĐ-TTG")
        .unwrap_or_else(|| panic!("{}", a.text));
    assert_eq!(c["resolved_id"], "qd-1521-ttg-2020");
    let a = get(
        &app,
        &format!("/api/cited-by?number={}", enc("1521/QĐ-TTg")),
    )
    .await;
    assert_eq!(a.json["number"], "1521/QĐ-TTG");
    assert_eq!(a.json["display"], "1521/QĐ-TTg");
    let citing: Vec<&str> = a.json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert!(citing.contains(&seed_id.as_str()), "{}", a.text);
    // Pasted with its date, the number is read up to `ngày` (issue 22).
    let pasted = get(
        &app,
        &format!(
            "/api/cited-by?number={}",
            enc("1521/QĐ-TTg ngày 06/10/2020")
        ),
    )
    .await;
    assert_eq!(pasted.json["number"], "1521/QĐ-TTG", "{}", pasted.text);
    assert_eq!(pasted.json["documents"], a.json["documents"]);
    // Any spelling of the number finds the document.
    let a = get(
        &app,
        &format!("/api/documents?number={}", enc("176 / kh-ubnd")),
    )
    .await;
    assert_eq!(a.json["number"], "176/KH-UBND");
    assert_eq!(a.json["documents"][0]["id"], seed_id.as_str());
}

#[tokio::test]
async fn number_routes_refuse_missing_and_bad_numbers() {
    let app = app(VanbanIndex::in_memory().unwrap(), &ServerOptions::default());
    for route in ["/api/cited-by", "/api/documents"] {
        let a = get(&app, route).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::BAD_REQUEST, "missing_parameter")
        );
        for bad in ["hello", "ng%C3%A0y%2006/10/2020"] {
            let a = get(&app, &format!("{route}?number={bad}")).await;
            assert_eq!(
                (a.status, a.code()),
                (StatusCode::BAD_REQUEST, "bad_number"),
                "{bad}"
            );
        }
        let a = get(&app, &format!("{route}?number=1&q=x")).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::BAD_REQUEST, "unknown_parameter")
        );
        let a = get(&app, &format!("{route}?number=%C0")).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::BAD_REQUEST, "bad_encoding")
        );
    }
}

#[tokio::test]
async fn tasks_route_checks_its_period() {
    let app = app(VanbanIndex::in_memory().unwrap(), &ServerOptions::default());
    let a = get(&app, "/api/tasks?from=2020-10-01&to=2020-12-31").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.json["tasks"].as_array().unwrap().is_empty());
    for (q, code) in [
        ("from=2021-01-01&to=2020-01-01", "bad_range"),
        ("from=31/02/2020", "bad_date"),
        ("agency=x&owner=y", "unknown_parameter"),
    ] {
        let a = get(&app, &format!("/api/tasks?{q}")).await;
        assert_eq!((a.status, a.code()), (StatusCode::BAD_REQUEST, code), "{q}");
    }
}

#[tokio::test]
async fn tasks_of_the_seed_plan_needs_parsing() {
    if !have_seed() {
        return;
    }
    let (index, seed_id) = seed_index();
    let app = app(index, &ServerOptions::default());
    let a = get(&app, "/api/tasks?from=2020-10-01&to=2020-12-31").await;
    let tasks = a.json["tasks"].as_array().unwrap();
    assert!(tasks.iter().any(|t| t["doc_id"] == seed_id.as_str()
        && t["task"]["deadline_text"]
            .as_str()
            .is_some_and(|d| d.contains("Quý IV năm 2020"))));
    let a = get(
        &app,
        &format!(
            "/api/tasks?agency={}&from=2021-01-01&to=2021-12-31",
            enc("Sở Tư pháp")
        ),
    )
    .await;
    assert!(
        !a.json["tasks"].as_array().unwrap().is_empty(),
        "{}",
        a.text
    );
}

#[tokio::test]
async fn health_reports_the_index() {
    if !have_seed() {
        return;
    }
    let (index, _) = seed_index();
    let app = app(index, &ServerOptions::default());
    let a = get(&app, "/api/health").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json["status"], "ok");
    assert_eq!(a.json["documents"], 1);
    assert_eq!(a.json["schema_version"], vanban::index::SCHEMA_VERSION);
    assert_eq!(a.json["writes_enabled"], false);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json() {
    let app = app(VanbanIndex::in_memory().unwrap(), &ServerOptions::default());
    let a = get(&app, "/api/nothing").await;
    assert_eq!((a.status, a.code()), (StatusCode::NOT_FOUND, "not_found"));
    let a = call(&app, Method::PATCH, "/api/search?q=x", &[], "").await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(a.code(), "method_not_allowed");
    assert!(a.headers.get("allow").is_some());
    assert_eq!(a.headers["content-type"], "application/json");
}

#[tokio::test]
async fn slow_requests_time_out_with_json() {
    if !have_seed() {
        return;
    }
    let (index, _) = seed_index();
    let options = ServerOptions {
        request_timeout: std::time::Duration::from_nanos(1),
        ..ServerOptions::default()
    };
    let app = app(index, &options);
    let a = get(&app, &format!("/api/search?q={}", enc(QUERY))).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{}", a.text);
    assert_eq!(a.code(), "timeout");
}

#[tokio::test]
async fn page_and_widget_are_served() {
    let app = app(VanbanIndex::in_memory().unwrap(), &ServerOptions::default());
    let a = get(&app, "/").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(a.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("script-src 'self'"));
    assert!(a.text.contains("<html lang=\"vi\""));
    assert!(a.text.contains("/assets/app.js"));
    for (uri, ty, needle) in [
        ("/assets/app.js", "text/javascript", "/api/search"),
        ("/assets/app.css", "text/css", "mark"),
        ("/widget.js", "text/javascript", "currentScript"),
    ] {
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        assert!(
            a.headers["content-type"].to_str().unwrap().starts_with(ty),
            "{uri}"
        );
        assert!(a.text.contains(needle), "{uri}");
    }
}

#[tokio::test]
async fn scripts_never_insert_document_text_as_html() {
    // The snippet HTML is escaped by the server; every other value must go in as text.
    let app = app(VanbanIndex::in_memory().unwrap(), &ServerOptions::default());
    for uri in ["/assets/app.js", "/widget.js"] {
        let js = get(&app, uri).await.text;
        for line in js.lines().filter(|l| l.contains("innerHTML")) {
            assert!(
                line.contains("snippet") || line.trim_start().starts_with("//"),
                "{uri}: innerHTML with something else than a snippet: {line}"
            );
        }
        assert!(!js.contains("outerHTML") && !js.contains("insertAdjacentHTML"));
        assert!(!js.contains("document.write"));
    }
}

#[tokio::test]
async fn cors_answers_any_origin_or_only_the_configured_ones() {
    let app_any = app(VanbanIndex::in_memory().unwrap(), &ServerOptions::default());
    let a = call(
        &app_any,
        Method::GET,
        "/api/health",
        &[("origin", "https://example.org")],
        "",
    )
    .await;
    assert_eq!(a.headers["access-control-allow-origin"], "*");
    // Errors carry the header too, so that the widget can read them.
    let a = call(
        &app_any,
        Method::GET,
        "/api/search?q=",
        &[("origin", "https://example.org")],
        "",
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.headers["access-control-allow-origin"], "*");

    let only = ServerOptions {
        cors_origins: vec!["https://portal.langson.gov.vn".into()],
        ..ServerOptions::default()
    };
    let app_one = app(VanbanIndex::in_memory().unwrap(), &only);
    let a = call(
        &app_one,
        Method::OPTIONS,
        "/api/documents",
        &[
            ("origin", "https://portal.langson.gov.vn"),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "x-api-key,content-type"),
        ],
        "",
    )
    .await;
    assert_eq!(
        a.headers["access-control-allow-origin"],
        "https://portal.langson.gov.vn"
    );
    assert!(a.headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("x-api-key"));
    let a = call(
        &app_one,
        Method::GET,
        "/api/health",
        &[("origin", "https://elsewhere.example")],
        "",
    )
    .await;
    assert!(a.headers.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn openapi_documents_every_route_of_the_router() {
    let app = app(VanbanIndex::in_memory().unwrap(), &ServerOptions::default());
    let a = get(&app, "/api/openapi.json").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.json["openapi"].as_str().unwrap().starts_with("3."));
    let paths = a.json["paths"].as_object().unwrap();
    let documented: BTreeSet<(String, String)> = paths
        .iter()
        .flat_map(|(p, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .filter(|m| m.as_str() != "parameters")
                .map(move |m| (m.to_uppercase(), p.clone()))
        })
        .collect();
    let routed: BTreeSet<(String, String)> = vanban::http::ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(routed, documented, "routes and the OpenAPI document differ");
    // Every route in the list is really routed (not the 404 fallback, not a 405).
    for (m, p) in vanban::http::ROUTES {
        let uri = p.replace("{id}", "some-id");
        let a = call(&app, m.parse().unwrap(), &uri, &[], "").await;
        assert!(
            a.status != StatusCode::METHOD_NOT_ALLOWED
                && !(a.status == StatusCode::NOT_FOUND
                    && a.json["error"]["message"]
                        .as_str()
                        .is_some_and(|m| m.starts_with("no such route"))),
            "{m} {p} is not routed: {} {}",
            a.status,
            a.text
        );
    }
    // Parameters are documented, with their names exactly as accepted.
    let search_params: BTreeSet<&str> = a.json["paths"]["/api/search"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in [
        "q",
        "type",
        "issuer",
        "agency",
        "role",
        "field",
        "issued_from",
        "issued_to",
        "effective_from",
        "effective_to",
        "deadline_from",
        "deadline_to",
        "cites",
        "number",
        "sort",
        "limit",
        "offset",
    ] {
        assert!(search_params.contains(name), "{name}");
    }
    // Error answers are documented with the error shape; writes with their auth codes.
    let post = &a.json["paths"]["/api/documents"]["post"]["responses"];
    for status in [
        "201", "400", "401", "403", "409", "413", "415", "422", "503",
    ] {
        assert!(
            post.get(status).is_some(),
            "POST /api/documents lacks {status}"
        );
    }
    assert_eq!(
        a.json["paths"]["/api/search"]["get"]["responses"]["400"]["content"]["application/json"]
            ["schema"]["$ref"],
        "#/components/schemas/ErrorBody"
    );
    let schemas = a.json["components"]["schemas"].as_object().unwrap();
    for s in [
        "SearchResponse",
        "Hit",
        "PassageHit",
        "Facets",
        "Document",
        "Citation",
        "Task",
        "Period",
        "CitedBy",
        "TaskPage",
        "Health",
        "DocumentRecord",
        "WriteResult",
        "ErrorBody",
    ] {
        assert!(schemas.contains_key(s), "schema {s} missing");
    }
    let security = a.json["components"]["securitySchemes"].as_object().unwrap();
    assert!(security.contains_key("bearer") && security.contains_key("api_key"));
}

#[test]
fn the_server_answers_on_a_real_port() {
    if !have_seed() {
        return;
    }
    let (index, seed_id) = seed_index();
    let app = app(index, &writable());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    rt.spawn(async move { axum::serve(listener, app).await });

    let health: Value = ureq::get(&format!("{base}/api/health"))
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    assert_eq!(health["documents"], 1);
    assert_eq!(health["writes_enabled"], true);
    let res: Value = ureq::get(&format!("{base}/api/search"))
        .query("q", "phổ biến giáo dục pháp luật")
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    assert_eq!(res["hits"][0]["id"], seed_id.as_str());
    let created = ureq::post(&format!("{base}/api/documents"))
        .set("X-Api-Key", KEY)
        .send_json(conclusion_80())
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(
        created.header("location"),
        Some("/api/documents/kl-80-tw-2020")
    );
    match ureq::get(&format!("{base}/api/search?q=x&limit=1000")).call() {
        Err(ureq::Error::Status(400, r)) => {
            let body: Value = r.into_json().unwrap();
            assert_eq!(body["error"]["code"], "limit_too_large");
        }
        other => panic!("expected a 400, got {other:?}"),
    }
    rt.shutdown_background();
}
