use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server_fns::context::set_status(http::StatusCode::NOT_FOUND);
    view! {
        <Title text="Not found" />
        <main class="centered">
            <h1>"Page not found"</h1>
            <p><a href="/">"Back to Shoebox"</a></p>
        </main>
    }
}
