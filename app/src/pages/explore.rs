//! Explore: the people face recognition found (opening their pages), the places in the library
//! (each city with its newest photo and how many were taken there, opening a search for that
//! place) and the object tags (likewise, opening a search for that tag).

use crate::components::person_picture::{person_name, PersonPicture};
use crate::server_fns::people::people_list::people_list;
use crate::server_fns::search::places::places;
use crate::server_fns::search::tags::tags;
use domain::dto::search::{ExploreTag, Place, SearchFilters};
use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

/// How many people the page shows (the People page has them all).
const EXPLORE_PEOPLE: usize = 12;

fn place_link(place: &Place) -> String {
    let filters =
        SearchFilters { city: Some(place.city.clone()), country: place.country.clone(), ..Default::default() };
    filters.page_url()
}

fn tag_link(tag: &ExploreTag) -> String {
    SearchFilters { tag: Some(tag.name.clone()), ..Default::default() }.page_url()
}

fn photo_count(count: u64) -> String {
    if count == 1 {
        "1 photo".to_string()
    } else {
        format!("{count} photos")
    }
}

/// A place or a thing: its newest photo, its name, where (for a place) and how many photos,
/// opening the search for it.
#[component]
fn ExploreCard(href: String, name: String, sample: Uuid, count: u64, detail: Option<String>) -> impl IntoView {
    let count = photo_count(count);
    let label = format!("{name} ({count})");
    view! {
        <li class="explore-card">
            <a href=href aria-label=label>
                <img src=format!("/api/assets/{sample}/thumbnail?size=thumbnail") alt="" loading="lazy" />
                <span class="explore-name">{name}</span>
                {detail.map(|d| view! { <span class="explore-meta">{d}</span> })}
                <span class="explore-meta">{count}</span>
            </a>
        </li>
    }
}

#[component]
pub fn ExplorePage() -> impl IntoView {
    let found = Resource::new(|| (), |_| places());
    let people = Resource::new(|| (), |_| people_list(false));
    let found_tags = Resource::new(|| (), |_| tags());
    view! {
        <Title text="Explore" />
        <div class="explore-page">
            <h1>"Explore"</h1>
            <section aria-labelledby="explore-places">
                <h2 id="explore-places">"Places"</h2>
                <Suspense fallback=|| view! { <p class="muted">"Loading places…"</p> }>
                    {move || Suspend::new(async move {
                        match found.await {
                            Ok(list) if list.is_empty() => view! {
                                <p class="muted">"No places yet: photos with a GPS position show up here by city."</p>
                            }.into_any(),
                            Ok(list) => view! {
                                <ul class="explore-grid">
                                    {list.into_iter().map(|place| {
                                        let where_ = [place.state.clone(), place.country.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ");
                                        view! {
                                            <ExploreCard href=place_link(&place) name=place.city sample=place.sample count=place.count detail=Some(where_) />
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <section aria-labelledby="explore-people">
                <h2 id="explore-people">"People"</h2>
                <Suspense fallback=|| view! { <p class="muted">"Loading people…"</p> }>
                    {move || Suspend::new(async move {
                        match people.await {
                            Ok(list) if list.tiles.is_empty() => view! {
                                <p class="muted">"People appear here once faces in your photos are recognised."</p>
                            }.into_any(),
                            Ok(list) => view! {
                                <ul class="explore-people">
                                    {list.tiles.into_iter().take(EXPLORE_PEOPLE).map(|tile| {
                                        let person = tile.person;
                                        view! {
                                            <li>
                                                <a href=format!("/people/{}", person.id)>
                                                    <PersonPicture person=person.clone() />
                                                    <span class="explore-name">{person_name(&person)}</span>
                                                </a>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                <a href="/people">"All people"</a>
                            }.into_any(),
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <section aria-labelledby="explore-tags">
                <h2 id="explore-tags">"Things"</h2>
                <Suspense fallback=|| view! { <p class="muted">"Loading tags…"</p> }>
                    {move || Suspend::new(async move {
                        match found_tags.await {
                            Ok(list) if list.is_empty() => view! {
                                <p class="muted">"Things in your photos (a cup, a dog, a bicycle) appear here once they are tagged."</p>
                            }.into_any(),
                            Ok(list) => view! {
                                <ul class="explore-grid explore-tags">
                                    {list.into_iter().map(|tag| view! {
                                        <ExploreCard href=tag_link(&tag) name=tag.name sample=tag.sample count=tag.count detail=None />
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </div>
    }
}
