//! Shoebox's web UI: one Leptos app, rendered on the server and hydrated in the browser. Pages
//! talk to the server only through the server functions in `server_fns`.

#![recursion_limit = "256"]

pub mod components;
pub mod error;
pub mod pages;
pub mod server_fns;
pub mod theme;

use components::shell::Shell;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};
use pages::{account, admin, auth, root::RootRedirect};

/// The HTML document around the app. The theme comes from a cookie so the first paint is
/// already in the right colours.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let theme = theme::initial_theme();
    view! {
        <!DOCTYPE html>
        <html lang="en" data-theme=theme>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="stylesheet" href="/pkg/shoebox.css" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Every route renders in `Async` mode: the server waits for who the visitor is before it sends
/// the first byte, so sign-in redirects are real HTTP redirects and the whole page is plain HTML
/// (streamed out-of-order chunks need JavaScript to be put in place, and sometimes arrived so).
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|title: String| if title.is_empty() { "Shoebox".to_string() } else { format!("{title} · Shoebox") } />
        <Router>
            <Routes fallback=|| view! { <pages::not_found::NotFound /> }>
                <Route path=path!("/") ssr=SsrMode::Async view=RootRedirect />
                <Route path=path!("/auth/register") ssr=SsrMode::Async view=auth::register::RegisterPage />
                <Route path=path!("/auth/login") ssr=SsrMode::Async view=auth::login::LoginPage />
                <Route path=path!("/auth/change-password") ssr=SsrMode::Async view=auth::change_password::ChangePasswordPage />
                <Route path=path!("/share/:key") ssr=SsrMode::Async view=pages::share::SharePage />
                <ParentRoute path=path!("") ssr=SsrMode::Async view=Shell>
                    <Route path=path!("/photos") ssr=SsrMode::Async view=pages::photos::PhotosPage />
                    <Route path=path!("/search") ssr=SsrMode::Async view=pages::search::SearchPage />
                    <Route path=path!("/explore") ssr=SsrMode::Async view=pages::explore::ExplorePage />
                    <Route path=path!("/map") ssr=SsrMode::Async view=pages::map::MapPage />
                    <Route path=path!("/people") ssr=SsrMode::Async view=pages::people::PeoplePage />
                    <Route path=path!("/people/:id") ssr=SsrMode::Async view=pages::people::person::PersonPage />
                    <Route path=path!("/sharing") ssr=SsrMode::Async view=pages::sharing::SharingPage />
                    <Route path=path!("/albums") ssr=SsrMode::Async view=pages::albums::AlbumsPage />
                    <Route path=path!("/albums/:id") ssr=SsrMode::Async view=pages::albums::album::AlbumPage />
                    <Route path=path!("/favorites") ssr=SsrMode::Async view=pages::places::FavoritesPage />
                    <Route path=path!("/archive") ssr=SsrMode::Async view=pages::places::ArchivePage />
                    <Route path=path!("/trash") ssr=SsrMode::Async view=pages::places::TrashPage />
                    <Route path=path!("/recent") ssr=SsrMode::Async view=pages::recent::RecentPage />
                    <Route path=path!("/utilities") ssr=SsrMode::Async view=pages::utilities::UtilitiesPage />
                    <Route path=path!("/utilities/duplicates") ssr=SsrMode::Async view=pages::utilities::duplicates::DuplicatesPage />
                    <Route path=path!("/user-settings") ssr=SsrMode::Async view=account::settings::AccountSettingsPage />
                    <Route path=path!("/admin/users") ssr=SsrMode::Async view=admin::users::AdminUsersPage />
                    <Route path=path!("/admin/jobs") ssr=SsrMode::Async view=admin::jobs::AdminJobsPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
