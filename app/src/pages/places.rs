//! The library's places that are timelines of their own: Favorites, Archive (kept out of
//! Photos) and Trash (emptied for good after the configured number of days).

use crate::components::library_version::library_changer;
use crate::components::timeline::Timeline;
use crate::server_fns::assets::empty_the_trash::empty_the_trash;
use crate::server_fns::assets::restore_from_trash::restore_everything;
use domain::dto::assets::AssetVisibility;
use domain::dto::timeline::TimelineQuery;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn Place(title: &'static str, query: TimelineQuery, empty_text: &'static str) -> impl IntoView {
    view! {
        <Title text=title />
        <div class="timeline-page">
            <h1>{title}</h1>
            <Timeline query empty_text=empty_text />
        </div>
    }
}

#[component]
pub fn FavoritesPage() -> impl IntoView {
    let query = TimelineQuery { is_favorite: Some(true), ..Default::default() };
    view! { <Place title="Favorites" query empty_text="No favorites yet — mark photos with ♥ to find them here" /> }
}

#[component]
pub fn ArchivePage() -> impl IntoView {
    let query = TimelineQuery { visibility: Some(AssetVisibility::Archive), ..Default::default() };
    view! { <Place title="Archive" query empty_text="Nothing archived — archived photos stay out of Photos" /> }
}

/// The trash, with "Restore all" and "Empty trash"; single photos are restored from the viewer.
#[component]
pub fn TrashPage() -> impl IntoView {
    let query = TimelineQuery { is_trashed: Some(true), ..Default::default() };
    let message = RwSignal::new(None::<String>);
    let library_changed = library_changer();
    let run = move |empty: bool| {
        leptos::task::spawn_local(async move {
            let done = if empty {
                empty_the_trash().await.map(|n| format!("Deleted {n} for good"))
            } else {
                restore_everything().await.map(|n| format!("Restored {n}"))
            };
            match done {
                Ok(text) => {
                    message.set(Some(text));
                    library_changed();
                }
                Err(err) => message.set(Some(err.message().to_string())),
            }
        });
    };
    view! {
        <Title text="Trash" />
        <div class="timeline-page">
            <div class="page-header">
                <h1>"Trash"</h1>
                <div class="row">
                    <button type="button" class="button secondary" on:click=move |_| run(false)>"Restore all"</button>
                    <button type="button" class="button" on:click=move |_| run(true)>"Empty trash"</button>
                </div>
            </div>
            <p class="muted">"Items in the trash are deleted for good after the number of days the administrator set (30 by default)."</p>
            <p role="status">{move || message.get()}</p>
            <Timeline query empty_text="The trash is empty" />
        </div>
    }
}
