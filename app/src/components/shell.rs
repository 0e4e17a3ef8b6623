//! The frame of every signed-in page: sidebar, top bar with the user menu, and the page. It
//! loads the visitor once per mount and sends visitors without a session to the login page.

use crate::components::library_version::provide_library_version;
use crate::components::upload::{provide_uploads, DropZone, UploadButton, UploadPanel};
use crate::components::user_menu::UserMenu;
use crate::error::UiError;
use crate::server_fns::auth::current_user::get_current_user;
use domain::dto::auth::CurrentUser;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::use_location;

const NAV: &[(&str, &str, &str)] = &[
    ("/photos", "Photos", "▦"),
    ("/explore", "Explore", "◎"),
    ("/map", "Map", "◈"),
    ("/people", "People", "☺"),
    ("/sharing", "Sharing", "⇄"),
    ("/albums", "Albums", "▣"),
    ("/recent", "Recently added", "⊕"),
    ("/favorites", "Favorites", "♡"),
    ("/archive", "Archive", "▤"),
    ("/trash", "Trash", "⌫"),
    ("/utilities", "Utilities", "⚒"),
];

/// The visitor, loaded once per mount of the shell. Pages read it through
/// [`use_current_user`] and await it inside their own `Suspense`.
#[derive(Clone, Copy)]
pub struct CurrentUserResource(pub Resource<Result<Option<CurrentUser>, UiError>>);

#[component]
pub fn Shell() -> impl IntoView {
    // Blocking: the server knows who the visitor is before it sends the first byte, so a
    // redirect is a real HTTP redirect and a signed-in page never flashes the login form.
    let user = Resource::new_blocking(|| (), |_| get_current_user());
    provide_context(CurrentUserResource(user));
    // One upload queue per mount of the shell: uploads go on while the visitor changes pages.
    provide_uploads();
    provide_library_version();
    // Nothing that creates resources may sit inside a `Suspend`: the server can run its closure
    // more than once, the browser runs it once, and resource ids would then disagree during
    // hydration. So the guard below only redirects, and the page (`Outlet`) stays outside it.
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) if user.should_change_password => {
                        view! { <Redirect path="/auth/change-password" /> }.into_any()
                    }
                    Ok(Some(_)) => ().into_any(),
                    Ok(None) => view! { <Redirect path="/auth/login" /> }.into_any(),
                    Err(err) => view! { <p class="alert" role="alert">{err.message().to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
        <Layout user />
    }
}

#[component]
fn Layout(user: Resource<Result<Option<CurrentUser>, UiError>>) -> impl IntoView {
    let menu_open = RwSignal::new(false);
    let location = use_location();
    // Close the phone menu whenever the page changes.
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });
    let signed_in = move || async move { user.await.ok().flatten() };
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
                // A plain GET form: the search page reads its filters from the URL.
                <form class="topbar-search" action="/search" method="get" role="search">
                    <input type="search" name="q" aria-label="Search photos" placeholder="Search photos" />
                </form>
                <div class="topbar-actions">
                    <UploadButton />
                    <button type="button" class="icon-button" aria-label="Toggle theme" on:click=|_| crate::theme::toggle()>
                        "◐"
                    </button>
                    <Suspense>
                        {move || Suspend::new(async move {
                            signed_in().await.map(|user| view! { <UserMenu user /> })
                        })}
                    </Suspense>
                </div>
            </header>
            <nav class="sidebar" aria-label="Main">
                <ul>
                    {NAV
                        .iter()
                        .map(|(href, label, icon)| view! { <NavLink href=*href label=*label icon=*icon /> })
                        .collect_view()}
                    <Suspense>
                        {move || Suspend::new(async move {
                            signed_in()
                                .await
                                .filter(|u| u.is_admin)
                                .map(|_| view! { <NavLink href="/admin/users" label="Administration" icon="⚙" /> })
                        })}
                    </Suspense>
                </ul>
            </nav>
            <div class="scrim" on:click=move |_| menu_open.set(false)></div>
            <main class="page">
                <Outlet />
            </main>
            <UploadPanel />
            <DropZone />
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

/// The visitor's resource, for pages inside the shell; await it inside a `Suspense`.
pub fn use_current_user() -> Resource<Result<Option<CurrentUser>, UiError>> {
    match use_context::<CurrentUserResource>() {
        Some(CurrentUserResource(resource)) => resource,
        // Outside the shell (never in this app): load it here instead.
        None => Resource::new_blocking(|| (), |_| get_current_user()),
    }
}
