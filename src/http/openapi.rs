//! The OpenAPI 3 document of every route, generated from the handlers' `utoipa::path` attributes
//! and the response types' `ToSchema` derives, served at `GET /api/openapi.json`.

use axum::http::header;
use axum::response::IntoResponse;
use once_cell::sync::Lazy;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::http::{assets, bulk, documents, feed, health, pages, search, status, tasks, write};

/// The API description; `ApiDoc::openapi()` builds it.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "vanban",
        description = "Search Vietnamese legal and administrative documents. Errors are `{\"error\": {\"code\", \"message\"}}`; dates are ISO (YYYY-MM-DD).",
        license(name = "MIT")
    ),
    paths(
        search::search,
        documents::by_number,
        documents::document,
        documents::citations,
        documents::original,
        documents::cited_by,
        status::status,
        status::lineage,
        tasks::tasks,
        tasks::tasks_csv,
        tasks::tasks_xlsx,
        tasks::tasks_page,
        tasks::tasks_js,
        health::health,
        write::create,
        bulk::bulk,
        write::delete_by_source,
        write::replace,
        write::delete,
        openapi_json,
        assets::page,
        assets::search_page,
        pages::document_page,
        feed::feed,
        assets::app_js,
        assets::app_css,
        assets::widget_js,
    ),
    // Schemas referenced from parameters only (utoipa puts the `$ref` but not the schema).
    components(schemas(crate::search::Sort)),
    modifiers(&Security),
    tags(
        (name = "search", description = "Full-text search with filters and facets"),
        (name = "documents", description = "Documents and the citation graph"),
        (name = "tasks", description = "Tasks and deadlines"),
        (name = "write", description = "Adding, replacing and deleting documents (API key)"),
        (name = "service", description = "Health and this document"),
        (name = "portal", description = "The search page and the embeddable widget"),
    )
)]
pub struct ApiDoc;

/// Adds the two ways to present the API key.
struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-Api-Key"))),
        );
    }
}

/// Examples of the parameters, by name, wherever they appear: what a reader types.
const PARAMETER_EXAMPLES: &[(&str, &str)] = &[
    ("q", "\"hòa giải ở cơ sở\" -đề án"),
    ("type", "Quyết định"),
    ("issuer", "UBND tỉnh Lạng Sơn"),
    ("agency", "Sở Tư pháp"),
    ("role", "lead"),
    ("field", "Bộ máy hành chính"),
    ("issued_from", "2020-01-01"),
    ("issued_to", "2020-12-31"),
    ("effective_from", "2021-01-01"),
    ("effective_to", "2021-12-31"),
    ("deadline_from", "2026-01-01"),
    ("deadline_to", "2026-12-31"),
    ("cites", "1521/QĐ-TTg"),
    ("number", "176/KH-UBND"),
    ("status", "in_force"),
    ("in_force_on", "2024-07-01"),
    ("sort", "issued_desc"),
    ("limit", "10"),
    ("offset", "0"),
    ("id", "qd-1521-ttg-2020"),
    ("slug", "176-KH-UBND"),
    ("source", "api:qd-1521-ttg-2020"),
    ("overdue_on", "2026-06-30"),
];

/// Examples of the properties of the schemas, by property name, wherever they appear.
const PROPERTY_EXAMPLES: &[(&str, &str)] = &[
    ("id", "\"qd-1521-ttg-2020\""),
    ("number", "\"176/KH-UBND\""),
    ("type", "\"Kế hoạch\""),
    ("doc_type", "\"Kế hoạch\""),
    ("title", "\"Thực hiện Kết luận số 80-KL/TW của Ban Bí thư về công tác phổ biến, giáo dục pháp luật\""),
    ("issuer", "\"UBND tỉnh Lạng Sơn\""),
    ("issued", "\"2020-10-27\""),
    ("effective", "\"2020-10-27\""),
    ("field", "\"Bộ máy hành chính\""),
    ("signer", "\"Nguyễn Long Hải\""),
    ("body", "\"Điều 1. Phạm vi điều chỉnh...\""),
    ("score", "12.5"),
    ("total", "42"),
    ("path", "\"II > 1\""),
    ("snippet", "\"Kịp thời tổ chức <mark>phổ biến</mark>, quán triệt...\""),
    ("did_you_mean", "\"phổ biến giáo dục pháp luật\""),
    ("hash", "\"5c1f0e8b2a7d4c3e9f6a1b0d8e7c6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e\""),
    ("name", "\"Kế hoạch 176.docx\""),
    ("media_type", "\"application/vnd.openxmlformats-officedocument.wordprocessingml.document\""),
    ("bytes", "11264"),
    ("code", "\"not_found\""),
    ("message", "\"no document with id `x`\""),
    ("source", "\"so-tu-phap/176-KH-UBND.docx\""),
    ("documents", "1910"),
    ("status", "\"ok\""),
];

/// Puts the examples into the document: `example` on each parameter, `examples` (JSON Schema
/// 2020-12, as OpenAPI 3.1 has it) on each property, where the document has none.
fn with_examples(doc: &mut serde_json::Value) {
    use serde_json::Value;
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for ops in paths.values_mut().filter_map(Value::as_object_mut) {
            for op in ops.values_mut() {
                let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
                    continue;
                };
                for p in params.iter_mut().filter_map(Value::as_object_mut) {
                    let name = p.get("name").and_then(Value::as_str).unwrap_or("");
                    let example = PARAMETER_EXAMPLES.iter().find(|(n, _)| *n == name);
                    if let (Some((_, e)), false) = (example, p.contains_key("example")) {
                        let number = p
                            .get("schema")
                            .and_then(|s| s.get("type"))
                            .is_some_and(|t| t.to_string().contains("integer"));
                        let value = match (number, e.parse::<u64>()) {
                            (true, Ok(n)) => Value::from(n),
                            _ => Value::from(*e),
                        };
                        p.insert("example".into(), value);
                    }
                }
            }
        }
    }
    let schemas = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut);
    for schema in schemas.into_iter().flat_map(|s| s.values_mut()) {
        let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
            continue;
        };
        for (name, prop) in props.iter_mut() {
            let Some((_, e)) = PROPERTY_EXAMPLES.iter().find(|(n, _)| n == name) else {
                continue;
            };
            let Ok(value) = serde_json::from_str::<Value>(e) else {
                continue;
            };
            // Only where the example fits the property's type.
            let kind = prop.get("type").map(Value::to_string).unwrap_or_default();
            let fits = match &value {
                Value::String(_) => kind.contains("string"),
                Value::Number(_) => kind.contains("number") || kind.contains("integer"),
                _ => false,
            };
            if let (true, Some(p)) = (fits, prop.as_object_mut()) {
                p.entry("examples")
                    .or_insert_with(|| Value::Array(vec![value]));
            }
        }
    }
}

/// The document as JSON, built once.
static DOCUMENT: Lazy<String> = Lazy::new(|| {
    let built = ApiDoc::openapi()
        .to_json()
        .and_then(|j| serde_json::from_str::<serde_json::Value>(&j));
    match built {
        Ok(mut doc) => {
            with_examples(&mut doc);
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        }
        Err(e) => format!("{{\"error\":{{\"code\":\"internal\",\"message\":\"{e}\"}}}}"),
    }
});

/// This OpenAPI 3 document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "service",
    responses((status = 200, description = "The OpenAPI 3 document", content_type = "application/json", body = Object))
)]
pub async fn openapi_json() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;

    /// The error codes the document lists are those of the one table, all of them.
    #[test]
    fn the_document_lists_every_error_code_of_the_table() {
        let doc: serde_json::Value = serde_json::from_str(&DOCUMENT).unwrap();
        let listed = &doc["components"]["schemas"]["Code"]["enum"];
        let listed: Vec<&str> = listed
            .as_array()
            .unwrap_or_else(|| panic!("no Code schema in {}", doc["components"]["schemas"]))
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        let table: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(listed, table);
    }
}
