//! The Leptos web app: server-rendered pages, server functions, and the built browser bundle.

use crate::state::AppState;
use axum::Router;
use domain::config::Settings;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub fn leptos_options(settings: &Settings) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("shoebox")
        .site_root(settings.web_root.display().to_string())
        .site_pkg_dir("pkg")
        .build()
}

pub fn router(state: &AppState) -> Router<AppState> {
    let routes = generate_route_list(app::App);
    let services = state.services.clone();
    let options = state.leptos_options.clone();
    let web_root = &state.services.settings().web_root;
    // Revalidated on every load (cheap: Last-Modified), so a new build is never served stale.
    let files = |dir: std::path::PathBuf| {
        Router::new().fallback_service(ServeDir::new(dir)).layer(SetResponseHeaderLayer::overriding(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-cache"),
        ))
    };
    Router::new()
        .leptos_routes_with_context(
            state,
            routes,
            move || provide_context(services.clone()),
            move || app::shell(options.clone()),
        )
        .nest_service("/pkg", files(web_root.join("pkg")))
        // Third-party browser code from npm (MapLibre), loaded by the pages that need it.
        .nest_service("/vendor", files(web_root.join("vendor")))
}
