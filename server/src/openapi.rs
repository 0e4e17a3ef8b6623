//! The OpenAPI document, built from the annotated handlers the API router serves, and the
//! permission table read from it: each operation's Immich permission (`x-immich-permission`) is
//! declared once, on its handler, and both documented and enforced from there.

use http::Method;
use std::collections::HashMap;
use std::sync::OnceLock;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi as Document, PathItem};
use utoipa::{Modify, OpenApi};

/// Where the document is served, and its browsable page.
pub const SPEC_PATH: &str = "/api/spec.json";
pub const DOCS_PATH: &str = "/api/docs";
/// The extension naming the API-key permission an operation needs (Immich's own name for it).
pub const PERMISSION_EXTENSION: &str = "x-immich-permission";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Shoebox",
        description = "Shoebox's REST API: Immich's v3 shapes, so Immich's clients and SDK work against it.",
        license(name = "AGPL-3.0-only", identifier = "AGPL-3.0-only")
    ),
    servers((url = "/api")),
    // Schemas only query parameters name are not collected from the handlers.
    components(schemas(domain::dto::partners::PartnerDirection, domain::dto::search::SearchSuggestionType)),
    modifiers(&SecuritySchemes),
    security(("bearer" = []), ("cookie" = []), ("api_key" = []))
)]
pub struct ApiDoc;

/// The three ways a client authenticates, named as Immich names them.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(domain::auth::web::SESSION_COOKIE))),
        );
        components
            .add_security_scheme("api_key", SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("x-api-key"))));
    }
}

/// The whole document, as served and as committed in `openapi/shoebox.json`.
pub fn document() -> &'static Document {
    static DOCUMENT: OnceLock<Document> = OnceLock::new();
    DOCUMENT.get_or_init(|| crate::api::router().split_for_parts().1)
}

/// The document as pretty JSON with a final newline (the committed file's exact bytes).
pub fn document_json() -> String {
    let mut json = serde_json::to_string_pretty(document()).unwrap_or_else(|_| "{}".into());
    json.push('\n');
    json
}

type PermissionTable = HashMap<(Method, String), Option<String>>;

fn permission_table() -> &'static PermissionTable {
    static TABLE: OnceLock<PermissionTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for (path, item) in &document().paths.paths {
            for (method, operation) in operations(item) {
                let permission = operation
                    .extensions
                    .as_ref()
                    .and_then(|ext| ext.get(PERMISSION_EXTENSION))
                    .and_then(|value| value.as_str())
                    .map(str::to_string);
                table.insert((method, format!("/api{path}")), permission);
            }
        }
        table
    })
}

fn operations(item: &PathItem) -> Vec<(Method, &utoipa::openapi::path::Operation)> {
    [
        (Method::GET, &item.get),
        (Method::PUT, &item.put),
        (Method::POST, &item.post),
        (Method::DELETE, &item.delete),
        (Method::PATCH, &item.patch),
        (Method::HEAD, &item.head),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.as_ref().map(|op| (method, op)))
    .collect()
}

/// What an API key needs for this route (`matched` is axum's route template, `/api/assets/{id}`).
#[derive(Debug, PartialEq, Eq)]
pub enum Requirement {
    /// Any valid credential will do (Immich's authenticated routes without a permission).
    Authenticated,
    Permission(&'static str),
    /// Not an API route: a key must hold `all` (server functions and pages are the web app's).
    NotApi,
}

pub fn requirement(method: &Method, matched: &str) -> Requirement {
    match permission_table().get(&(method.clone(), matched.to_string())) {
        Some(Some(permission)) => Requirement::Permission(permission.as_str()),
        Some(None) => Requirement::Authenticated,
        None => Requirement::NotApi,
    }
}
