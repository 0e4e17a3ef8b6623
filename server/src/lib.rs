//! The `shoebox` server: REST API, web app and (in embedded mode) the background work, in one
//! process. `run` is the entry point tests use too, with a listener on port 0.

pub mod api;
pub mod cli;
mod compression;
pub mod error;
pub mod extract;
pub mod files;
pub mod middleware;
pub mod openapi;
pub mod shutdown;
pub mod state;
pub mod telemetry;
pub mod web;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use domain::config::Settings;
use domain::services::Services;
use state::AppState;
use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

/// Connects storage, builds the app and serves until `shutdown` resolves; in-flight requests
/// finish first, then the background tasks stop.
pub async fn run(
    settings: Settings,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let services = Services::connect(settings.clone()).await?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let scheduler = jobs::scheduler::spawn(services.clone(), stop_rx.clone());
    let queue = jobs::workers::connect(&services).await?;
    let pipeline = tokio::spawn(start_pipeline(services.clone(), queue.clone(), stop_rx));
    let app = router(services.clone());
    let addr = listener.local_addr()?;
    tracing::info!(
        %addr,
        database = domain::db::backend_name(services.db()),
        sessions = services.session_store().kind(),
        queue = queue.kind(),
        data_dir = %settings.data_dir.display(),
        startup_ms = started.elapsed().as_millis() as u64,
        "shoebox is listening"
    );
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await?;
    let _ = stop_tx.send(true);
    let _ = scheduler.await;
    if let Ok(workers) = pipeline.await {
        for worker in workers {
            let _ = worker.await;
        }
    }
    tracing::info!("stopped");
    Ok(())
}

/// After the server listens: load the places for reverse geocoding (once per database), queue
/// whatever an earlier run left unfinished, then start the workers when this process runs them.
async fn start_pipeline(
    services: Services,
    queue: jobs::queue::Backend,
    stop: tokio::sync::watch::Receiver<bool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    if let Err(err) = services.geocoding().ensure_loaded().await {
        tracing::error!(error = %err, "reverse geocoding is unavailable");
    }
    if let Err(err) = services.processing().catch_up().await {
        tracing::error!(error = %err, "could not queue unfinished processing");
    }
    if services.settings().jobs.run_in_server {
        jobs::workers::spawn(services, queue, stop)
    } else {
        Vec::new()
    }
}

/// `shoebox worker`: the queue workers alone, until `shutdown` resolves.
pub async fn run_worker(settings: Settings, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
    let services = Services::connect_shared(settings.clone()).await?;
    let queue = jobs::workers::connect(&services).await?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let workers = jobs::workers::spawn(services.clone(), queue.clone(), stop_rx);
    tracing::info!(
        database = domain::db::backend_name(services.db()),
        queue = queue.kind(),
        data_dir = %settings.data_dir.display(),
        "shoebox worker is running"
    );
    shutdown.await;
    let _ = stop_tx.send(true);
    for worker in workers {
        let _ = worker.await;
    }
    tracing::info!("worker stopped");
    Ok(())
}

/// The whole HTTP surface, for `run` and for tests through `tower::ServiceExt::oneshot`.
pub fn router(services: Services) -> Router {
    let settings = services.settings().clone();
    let state = AppState { services, leptos_options: web::leptos_options(&settings) };
    let (api, _) = api::router().split_for_parts();
    let docs =
        utoipa_swagger_ui::SwaggerUi::new(openapi::DOCS_PATH).url(openapi::SPEC_PATH, openapi::document().clone());
    Router::new()
        .nest(
            "/api",
            api.layer(DefaultBodyLimit::max(settings.max_request_body_bytes))
                .layer(axum::middleware::from_fn(middleware::reject_nul_in_query)),
        )
        .merge(docs)
        .route("/.well-known/immich", axum::routing::get(api::server::well_known))
        .merge(web::router(&state))
        .layer(axum::middleware::from_fn(middleware::reject_cross_site))
        .layer(compression::layer())
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            // The path only: query strings may carry shared-link keys.
            tracing::info_span!("http", method = %req.method(), path = %req.uri().path())
        }))
        .with_state(state)
}
