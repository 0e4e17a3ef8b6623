//! The frame of every signed-in page: sidebar, top bar with the user menu, and the page. It
//! loads the visitor once per mount and sends visitors without a session to the login page.

use crate::components::user_menu::UserMenu;
use crate::server_fns::auth::current_user::get_current_user;
use domain::dto::auth::CurrentUser;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::use_location;

const NAV: &[(&str, &str, &str)] = &[
    ("/photos", "Photos", "▦"),
    ("/explore", "Explore", "◎"),
    ("/map", "Map", "⌖"),
    ("/people", "People", "☺"),
    ("/sharing", "Sharing", "⇄"),
    ("/albums", "Albums", "▣"),
    ("/favorites", "Favorites", "♡"),
    ("/archive", "Archive", "▤"),
    ("/trash", "Trash", "⌫"),
];

#[component]
pub fn Shell() -> impl IntoView {
    // Blocking: the server knows who the visitor is before it sends the first byte, so a
    // redirect is a real HTTP redirect and a signed-in page never flashes the login form.
    let user = Resource::new_blocking(|| (), |_| get_current_user());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) if user.should_change_password => {
                        view! { <Redirect path="/auth/change-password" /> }.into_any()
                    }
                    Ok(Some(user)) => {
                        provide_context(user.clone());
                        view! { <Layout user /> }.into_any()
                    }
                    Ok(None) => view! { <Redirect path="/auth/login" /> }.into_any(),
                    Err(err) => view! {
                        <main class="page"><p class="alert" role="alert">{err.message().to_string()}</p></main>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Layout(user: CurrentUser) -> impl IntoView {
    let menu_open = RwSignal::new(false);
    let location = use_location();
    // Close the phone menu whenever the page changes.
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });
    let is_admin = user.is_admin;
    view! {
        <div class="app" class:menu-open=move || menu_open.get()>
            <header class="topbar">
                <button
                    type="button"
                    class="icon-button menu-toggle"
                    aria-label="Open menu"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|o| *o = !*o)
                >
                    "☰"
                </button>
                <a href="/photos" class="brand">"Shoebox"</a>
                <div class="topbar-actions">
                    <button type="button" class="icon-button" aria-label="Toggle theme" on:click=|_| crate::theme::toggle()>
                        "◐"
                    </button>
                    <UserMenu user=user.clone() />
                </div>
            </header>
            <nav class="sidebar" aria-label="Main">
                <ul>
                    {NAV
                        .iter()
                        .map(|(href, label, icon)| view! { <NavLink href=*href label=*label icon=*icon /> })
                        .collect_view()}
                    {is_admin.then(|| view! { <NavLink href="/admin/users" label="Administration" icon="⚙" /> })}
                </ul>
            </nav>
            <div class="scrim" on:click=move |_| menu_open.set(false)></div>
            <main class="page">
                <Outlet />
            </main>
        </div>
    }
}

#[component]
fn NavLink(href: &'static str, label: &'static str, icon: &'static str) -> impl IntoView {
    let location = use_location();
    let prefix = if href.starts_with("/admin") { "/admin" } else { href };
    let current = move || location.pathname.with(|p| p.starts_with(prefix)).then_some("page");
    view! {
        <li>
            <a href=href aria-current=current>
                <span class="nav-icon" aria-hidden="true">{icon}</span>
                <span>{label}</span>
            </a>
        </li>
    }
}

/// The signed-in user, for pages inside the shell.
pub fn use_current_user() -> Option<CurrentUser> {
    use_context::<CurrentUser>()
}
