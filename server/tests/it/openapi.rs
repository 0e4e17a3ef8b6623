//! The OpenAPI document: generated from the handlers, committed, served, and faithful to Immich's
//! operation ids and permissions for every operation the two share.

use crate::support::{on_both, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::Value;
use std::path::PathBuf;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../openapi/shoebox.json")
}

fn reference() -> Option<Value> {
    let path = std::env::var("IMMICH_OPENAPI")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("../../shared/reference/immich-openapi-v3.1.0.json"));
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"))),
        Err(_) => {
            eprintln!("skipping: Immich's reference document {} is absent", path.display());
            None
        }
    }
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                out.push((method.to_string(), path.clone(), op.clone()));
            }
        }
    }
    out
}

/// CI fails when code and the committed document differ. To accept a change:
/// `UPDATE_OPENAPI=1 cargo test -p server --test it openapi::`.
#[test]
fn committed_document_matches_the_code() {
    let generated = server::openapi::document_json();
    let path = committed_path();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap_or_else(|e| panic!("{e}"));
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/shoebox.json is out of date: run `UPDATE_OPENAPI=1 cargo test -p server --test it openapi::` and commit it"
    );
}

#[test]
fn every_reference_resolves() {
    let doc: Value = serde_json::from_str(&server::openapi::document_json()).unwrap_or_else(|e| panic!("{e}"));
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().cloned().unwrap_or_default();
    let missing: Vec<&str> = text
        .split("\"#/components/schemas/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|name| !schemas.contains_key(*name))
        .collect();
    assert!(missing.is_empty(), "unresolvable references: {missing:?}");
}

#[test]
fn shared_operations_keep_immichs_ids_permissions_and_statuses() {
    let Some(immich) = reference() else { return };
    let ours: Value = serde_json::from_str(&server::openapi::document_json()).unwrap_or_else(|e| panic!("{e}"));
    let mut shared = 0;
    let mut problems = Vec::new();
    for (method, path, op) in operations(&ours) {
        let Some(theirs) = immich["paths"].get(&path).and_then(|item| item.get(&method)) else {
            problems.push(format!("{method} {path} is not an Immich operation"));
            continue;
        };
        shared += 1;
        if op["operationId"] != theirs["operationId"] {
            problems.push(format!("{method} {path}: operationId {} ≠ {}", op["operationId"], theirs["operationId"]));
        }
        if op.get("x-immich-permission") != theirs.get("x-immich-permission") {
            problems.push(format!(
                "{method} {path}: permission {:?} ≠ {:?}",
                op.get("x-immich-permission"),
                theirs.get("x-immich-permission")
            ));
        }
        let success = |o: &Value| {
            o["responses"].as_object().into_iter().flatten().map(|(code, _)| code.clone()).find(|c| c.starts_with('2'))
        };
        if success(&op) != success(theirs) {
            problems.push(format!("{method} {path}: success status {:?} ≠ {:?}", success(&op), success(theirs)));
        }
        // Public in Immich (no `security`) means public here (an empty requirement overriding
        // the document's), and the other way round.
        let ours_public =
            op["security"].as_array().is_some_and(|a| a.iter().all(|r| r.as_object().is_some_and(|m| m.is_empty())));
        let theirs_public = theirs.get("security").is_none();
        if ours_public != theirs_public {
            problems.push(format!("{method} {path}: public here {ours_public} but in Immich {theirs_public}"));
        }
    }
    assert!(problems.is_empty(), "{} differences:\n{}", problems.len(), problems.join("\n"));
    assert!(shared >= 70, "only {shared} operations shared with Immich");
}

/// Schemas carry Immich's names (`AssetResponseDto`…), so code generated from either document
/// names things alike, and hold no field Immich's schema of that name lacks.
#[test]
fn schemas_carry_immichs_names_and_fields() {
    let Some(immich) = reference() else { return };
    // Shoebox's own: one schema for Immich's identical folders/tags preference sections.
    const OWN: [&str; 2] = ["SidebarPreferences", "SidebarUpdate"];
    // Fields Shoebox adds (Immich's clients ignore fields they do not know).
    const EXTRA: [(&str, &str); 1] = [("AssetResponseDto", "processingError")];
    let ours: Value = serde_json::from_str(&server::openapi::document_json()).unwrap_or_else(|e| panic!("{e}"));
    let names = |schema: &Value| -> Vec<String> {
        let keys = schema["properties"].as_object().map(|p| p.keys().cloned().collect::<Vec<_>>());
        let values = schema["enum"].as_array().map(|e| e.iter().filter_map(|v| v.as_str().map(String::from)).collect());
        keys.or(values).unwrap_or_default()
    };
    let mut problems = Vec::new();
    for (name, schema) in ours["components"]["schemas"].as_object().into_iter().flatten() {
        if OWN.contains(&name.as_str()) {
            continue;
        }
        let Some(theirs) = immich["components"]["schemas"].get(name) else {
            problems.push(format!("{name}: Immich has no schema of that name"));
            continue;
        };
        let known = names(theirs);
        for field in names(schema) {
            if !known.contains(&field) && !EXTRA.contains(&(name.as_str(), field.as_str())) {
                problems.push(format!("{name}.{field}: not in Immich's {name}"));
            }
        }
    }
    assert!(problems.is_empty(), "{} differences:\n{}", problems.len(), problems.join("\n"));
}

#[tokio::test]
async fn the_document_and_its_browser_are_served() {
    let app = TestApp::new(crate::support::Backend::Sqlite).await;
    let spec = app.call(Method::GET, "/api/spec.json", &[], None).await;
    assert_eq!(spec.status, StatusCode::OK);
    let served = spec.json();
    let generated: Value = serde_json::from_str(&server::openapi::document_json()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(served, generated);
    assert_eq!(served["paths"]["/assets/{id}"]["get"]["x-immich-permission"], "asset.read");
    let page = app.call(Method::GET, "/api/docs/", &[], None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("swagger"), "{}", &page.text[..page.text.len().min(300)]);
    // The API's own 404 still answers under /api.
    let missing = app.call(Method::GET, "/api/no-such-thing", &[], None).await;
    assert_eq!(
        (missing.status, missing.json()["code"].clone()),
        (StatusCode::NOT_FOUND, serde_json::json!("not-found"))
    );
    app.finish().await;
}

#[tokio::test]
async fn well_known_points_at_the_api() {
    on_both(|app| async move {
        let reply = app.call(Method::GET, "/.well-known/immich", &[], None).await;
        assert_eq!(reply.json(), serde_json::json!({"api": {"endpoint": "/api"}}));
        app
    })
    .await;
}
