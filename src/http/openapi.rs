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

/// The document as JSON, built once.
static DOCUMENT: Lazy<String> = Lazy::new(|| {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\":{{\"code\":\"internal\",\"message\":\"{e}\"}}}}"))
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
