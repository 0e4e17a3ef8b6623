//! People: everyone face recognition found in the library, as round face pictures with names and
//! how many photos show them, in the service's order (favourites, then named people, then by
//! photos). Hidden people show on request; a person opens their page.

pub mod person;

use crate::components::library_version::use_library_version;
use crate::components::person_picture::{person_name, PersonPicture};
use crate::server_fns::people::people_list::people_list;
use domain::dto::people::PersonTile;
use leptos::prelude::*;
use leptos_meta::Title;

/// `1 photo`, `12 photos`.
pub fn photo_count(count: i64) -> String {
    if count == 1 {
        "1 photo".to_string()
    } else {
        format!("{count} photos")
    }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let with_hidden = RwSignal::new(false);
    let version = use_library_version();
    let people = Resource::new(move || (with_hidden.get(), version.get()), |(hidden, _)| people_list(hidden));
    view! {
        <Title text="People" />
        <div class="people-page">
            <div class="page-header">
                <h1>"People"</h1>
                <button
                    type="button"
                    class="button secondary small"
                    aria-pressed=move || with_hidden.get().to_string()
                    on:click=move |_| with_hidden.update(|h| *h = !*h)
                >
                    "Show hidden people"
                </button>
            </div>
            // `Transition`: toggling hidden people keeps the grid on screen while it reloads.
            <Transition fallback=|| view! { <p class="loading">"Loading people…"</p> }>
                {move || Suspend::new(async move {
                    match people.await {
                        Ok(list) if list.tiles.is_empty() => view! { <NoPeople enabled=list.enabled /> }.into_any(),
                        Ok(list) => {
                            let count = list.tiles.len();
                            view! {
                                <p class="muted people-count">{if count == 1 { "1 person".to_string() } else { format!("{count} people") }}</p>
                                <ul class="people-grid" aria-label="People">
                                    {list.tiles.into_iter().map(|tile| view! { <PersonCard tile /> }).collect_view()}
                                </ul>
                            }
                            .into_any()
                        }
                        Err(err) => view! { <p class="alert" role="alert">{err.message().to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn NoPeople(enabled: bool) -> impl IntoView {
    view! {
        <div class="placeholder people-empty">
            <p>"No people yet."</p>
            {if enabled {
                view! {
                    <p>"Faces appear here once your photos have been processed: face detection finds them and \
                        recognition groups the same face into one person. New uploads are processed in the background."</p>
                }
                .into_any()
            } else {
                view! {
                    <p>"Face recognition is turned off on this server: an administrator can turn machine learning on, \
                        and faces then appear here after your photos are processed."</p>
                }
                .into_any()
            }}
        </div>
    }
}

#[component]
fn PersonCard(tile: PersonTile) -> impl IntoView {
    let person = tile.person;
    let name = person_name(&person);
    let count = photo_count(tile.asset_count);
    let unnamed = person.name.trim().is_empty();
    let label = format!("{name}, {count}{}", if person.is_hidden { ", hidden" } else { "" });
    view! {
        <li class="person-card" class:person-hidden=person.is_hidden>
            <a href=format!("/people/{}", person.id) aria-label=label>
                <PersonPicture person=person.clone() />
                <span class="person-name" class:muted=unnamed>{if unnamed { "Add a name".to_string() } else { name }}</span>
                <span class="person-meta">
                    {person.is_favorite.then(|| view! { <span aria-hidden="true">"♥ "</span> })}
                    {count}
                    {person.is_hidden.then_some(" · hidden")}
                </span>
            </a>
        </li>
    }
}
