//! Administration: users, and the background jobs (machine learning among them).

pub mod jobs;
pub mod users;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

/// The administration pages' own links, above each of them.
#[component]
pub fn AdminTabs() -> impl IntoView {
    let location = use_location();
    let link = move |href: &'static str, label: &'static str| {
        let current = move || location.pathname.with(|p| p == href).then_some("page");
        view! { <a href=href aria-current=current>{label}</a> }
    };
    view! {
        <nav class="admin-tabs" aria-label="Administration">
            {link("/admin/users", "Users")}
            {link("/admin/jobs", "Jobs")}
        </nav>
    }
}

/// What a non-admin sees, with a 403 status when rendered on the server.
#[component]
pub fn NotForYou() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server_fns::context::set_status(http::StatusCode::FORBIDDEN);
    view! {
        <Title text="Administration" />
        <h1>"Administration is for admins only"</h1>
        <p class="muted">"Ask an administrator of this server if you need something changed."</p>
    }
}
