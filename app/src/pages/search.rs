//! Search by everything: words (file names, descriptions, text in photos, object tags), places,
//! cameras, dates, people and the rest, combined freely. The search lives in the URL
//! (`/search?city=Siena&from=2008-10-01`), so it can be bookmarked and shared, and the form is a
//! plain GET form that works before (or without) the WASM bundle. Results are a timeline with the
//! same selection actions as Photos; smart search (CLIP, when the server has it) shows them by
//! relevance in a grid instead.

use crate::components::asset_grid::AssetGrid;
use crate::components::library_version::use_library_version;
use crate::components::person_picture::{person_name, PersonPicture};
use crate::components::timeline::Timeline;
use crate::server_fns::albums::album_list::album_list;
use crate::server_fns::people::people_list::people_list;
use crate::server_fns::search::smart_results::{smart_results, MAX_PAGE};
use crate::server_fns::search::smart_search_available::smart_search_available;
use crate::server_fns::search::suggestions::{search_suggestions, SuggestionLists};
use domain::dto::search::SearchFilters;
use domain::dto::timeline::TimelineQuery;
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// How many suggestions show under the words field.
const MAX_SUGGESTIONS: usize = 8;
/// Smart search results shown at first, and added by "Show more".
const SMART_PAGE: u64 = 100;

/// One suggestion: which filter it sets, to what, and how it reads.
#[derive(Debug, Clone, PartialEq)]
struct Suggestion {
    key: &'static str,
    kind: &'static str,
    value: String,
}

/// Places and cameras whose name holds `typed` (ignoring case), those starting with it first.
fn suggestions_for(all: &SuggestionLists, typed: &str) -> Vec<Suggestion> {
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() {
        return Vec::new();
    }
    let lists: [(&'static str, &'static str, &Vec<String>); 6] = [
        ("city", "City", &all.cities),
        ("state", "State", &all.states),
        ("country", "Country", &all.countries),
        ("make", "Camera make", &all.makes),
        ("model", "Camera model", &all.models),
        ("lens", "Lens", &all.lenses),
    ];
    let mut found: Vec<(bool, Suggestion)> = lists
        .iter()
        .flat_map(|(key, kind, values)| {
            values.iter().filter_map(|value| {
                let lower = value.to_lowercase();
                lower
                    .contains(&typed)
                    .then(|| (!lower.starts_with(&typed), Suggestion { key, kind, value: value.clone() }))
            })
        })
        .collect();
    // Stable: prefix matches first, each kind in the order above.
    found.sort_by_key(|(later, _)| *later);
    found.into_iter().map(|(_, s)| s).take(MAX_SUGGESTIONS).collect()
}

/// The filters with one more set from a suggestion (the words that found it are dropped).
fn with_suggestion(filters: &SearchFilters, suggestion: &Suggestion) -> SearchFilters {
    let mut next = filters.clone();
    next.words = None;
    let value = Some(suggestion.value.clone());
    match suggestion.key {
        "city" => next.city = value,
        "state" => next.state = value,
        "country" => next.country = value,
        "make" => next.make = value,
        "model" => next.model = value,
        _ => next.lens = value,
    }
    next
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        query.with(|q| {
            // Every value of each key: `person` repeats.
            let pairs: Vec<(&str, String)> = SearchFilters::KEYS
                .iter()
                .flat_map(|key| q.get_all(key).unwrap_or_default().into_iter().map(move |value| (*key, value)))
                .collect();
            SearchFilters::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        })
    });
    view! {
        <Title text="Search" />
        <div class="timeline-page search-page">
            <h1>"Search"</h1>
            {move || {
                let current = filters.get();
                view! { <SearchForm filters=current /> }.into_any()
            }}
            {move || {
                let current = filters.get();
                if current.is_empty() {
                    view! {
                        <p class="search-hint">
                            "Type words from a file name, a description or text in a photo, or pick a place, a camera, people or dates."
                        </p>
                    }
                        .into_any()
                } else if current.smart && current.words.is_some() {
                    view! { <SmartResults filters=current /> }.into_any()
                } else {
                    view! {
                        <Timeline query=TimelineQuery::default() search=current empty_text="No photos match this search" />
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// Smart search's answer: the photos nearest the words, most relevant first, in a grid. Loaded in
/// the browser (encoding the words takes a moment), a page at a time.
#[component]
fn SmartResults(filters: SearchFilters) -> impl IntoView {
    let version = use_library_version();
    let limit = RwSignal::new(SMART_PAGE);
    let found = LocalResource::new(move || {
        let (filters, limit) = (filters.clone(), limit.get());
        version.track();
        async move { smart_results(filters, 0, limit).await }
    });
    // The list shown stays while a longer one loads.
    let ids = Memo::new(move |previous: Option<&Vec<uuid::Uuid>>| match found.get() {
        Some(Ok(list)) => list,
        _ => previous.cloned().unwrap_or_default(),
    });
    let more = move || {
        let shown = ids.with(Vec::len) as u64;
        let asked = limit.get();
        shown >= asked && asked < MAX_PAGE
    };
    view! {
        <div class="smart-results">
            {move || match found.get() {
                None if ids.with(Vec::is_empty) => Some(view! { <p class="loading">"Searching…"</p> }.into_any()),
                Some(Err(err)) => Some(view! {
                    <p class="alert" role="alert" data-code=err.code().as_str()>{err.message().to_string()}</p>
                }.into_any()),
                Some(Ok(list)) if list.is_empty() => Some(view! {
                    <p class="placeholder photos-empty">"No photos match this search"</p>
                }.into_any()),
                _ => None,
            }}
            <Show when=move || ids.with(|list| !list.is_empty())>
                <p class="muted smart-note">"Smart search: the most relevant photos first."</p>
            </Show>
            <AssetGrid ids=ids label="Search results" />
            <Show when=more>
                <button type="button" class="button secondary smart-more"
                    on:click=move |_| limit.update(|l| *l = (*l + SMART_PAGE).min(MAX_PAGE))>"Show more"</button>
            </Show>
        </div>
    }
    .into_any()
}

#[component]
fn SearchForm(filters: SearchFilters) -> impl IntoView {
    let navigate = use_navigate();
    let form = NodeRef::<html::Form>::new();
    // Loaded in the browser only: the page renders without waiting for them.
    let known = LocalResource::new(search_suggestions);
    let albums = LocalResource::new(album_list);
    let smart_available = LocalResource::new(smart_search_available);
    let people = LocalResource::new(|| people_list(false));
    let typed = RwSignal::new(filters.words.clone().unwrap_or_default());
    let open_suggestions = RwSignal::new(false);
    let current = StoredValue::new(filters.clone());
    let shown = move || {
        let all = known.get().and_then(Result::ok).unwrap_or_default();
        if open_suggestions.get() {
            suggestions_for(&all, &typed.get())
        } else {
            Vec::new()
        }
    };
    let go = {
        let navigate = navigate.clone();
        move |next: SearchFilters| navigate(&next.page_url(), Default::default())
    };
    let submit = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            let Some(element) = form.get() else { return };
            let Ok(data) = web_sys::FormData::new_with_form(&element) else { return };
            ev.prevent_default();
            // Every value of each key: the people's checkboxes share one name.
            let values: Vec<(&str, String)> = SearchFilters::KEYS
                .iter()
                .flat_map(|key| {
                    data.get_all(key).iter().filter_map(|v| v.as_string()).map(move |v| (*key, v)).collect::<Vec<_>>()
                })
                .collect();
            open_suggestions.set(false);
            go(SearchFilters::from_pairs(values.iter().map(|(k, v)| (*k, v.as_str()))));
        }
    };
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let date = |value: Option<chrono::NaiveDate>| value.map(|d| d.to_string()).unwrap_or_default();
    let media = filters.media.map(|m| m.as_str().to_ascii_lowercase()).unwrap_or_default();
    let rating = filters.rating.map(|r| r.to_string()).unwrap_or_default();
    let album = filters.album.map(|a| a.to_string()).unwrap_or_default();
    let datalist = move |id: &'static str, pick: fn(&SuggestionLists) -> &Vec<String>| {
        view! {
            <datalist id=id>
                {move || {
                    known
                        .get()
                        .and_then(Result::ok)
                        .map(|all| pick(&all).iter().map(|v| view! { <option value=v.clone()></option> }).collect_view())
                }}
            </datalist>
        }
    };
    view! {
        <form class="search-form" action="/search" method="get" role="search" node_ref=form on:submit=submit>
            <div class="search-row">
                <input
                    type="search"
                    name="q"
                    aria-label="Words"
                    placeholder="Search file names, descriptions, text in photos and tags"
                    autocomplete="off"
                    prop:value=move || typed.get()
                    on:input=move |ev| {
                        typed.set(event_target_value(&ev));
                        open_suggestions.set(true);
                    }
                />
                <button type="submit" class="button primary">"Search"</button>
            </div>
            {move || smart_available.get().and_then(Result::ok).filter(|on| *on).map(|_| view! {
                <label class="check smart-toggle">
                    <input type="checkbox" name="smart" value="1" checked=filters.smart />
                    "Smart search: match what the photos show, most relevant first"
                </label>
            })}
            <ul class="search-suggestions" aria-label="Suggestions" hidden=move || shown().is_empty()>
                {move || {
                    shown()
                        .into_iter()
                        .map(|s| {
                            let go = go.clone();
                            let label = format!("{}: {}", s.kind, s.value);
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="suggestion"
                                        on:click=move |_| {
                                            open_suggestions.set(false);
                                            go(with_suggestion(&current.get_value(), &s));
                                        }
                                    >
                                        {label}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <fieldset class="search-filters">
                <legend>"Filters"</legend>
                <label>"City" <input name="city" list="search-cities" value=text(&filters.city) /></label>
                <label>"State" <input name="state" list="search-states" value=text(&filters.state) /></label>
                <label>"Country" <input name="country" list="search-countries" value=text(&filters.country) /></label>
                <label>"Camera make" <input name="make" list="search-makes" value=text(&filters.make) /></label>
                <label>"Camera model" <input name="model" list="search-models" value=text(&filters.model) /></label>
                <label>"Lens" <input name="lens" list="search-lenses" value=text(&filters.lens) /></label>
                <label>"Thing" <input name="tag" placeholder="cup, dog, bicycle" value=text(&filters.tag) /></label>
                <label>"Taken from" <input type="date" name="from" value=date(filters.from) /></label>
                <label>"Taken to" <input type="date" name="to" value=date(filters.to) /></label>
                <label>
                    "Type"
                    <select name="type">
                        <option value="" selected=media.is_empty()>"Photos and videos"</option>
                        <option value="image" selected=media == "image">"Photos"</option>
                        <option value="video" selected=media == "video">"Videos"</option>
                    </select>
                </label>
                <label>
                    "Rating"
                    <select name="rating">
                        <option value="" selected=rating.is_empty()>"Any"</option>
                        {(0..=5)
                            .map(|r| {
                                let value = r.to_string();
                                let selected = value == rating;
                                view! { <option value=value selected=selected>{format!("{r} ★")}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    "Album"
                    <select name="album">
                        <option value="" selected=album.is_empty()>"Any"</option>
                        {
                            let album = album.clone();
                            move || {
                                let album = album.clone();
                                albums
                                    .get()
                                    .and_then(Result::ok)
                                    .map(|list| {
                                        list.into_iter()
                                            .map(|a| {
                                                let selected = a.id.to_string() == album;
                                                view! { <option value=a.id.to_string() selected=selected>{a.album_name}</option> }
                                            })
                                            .collect_view()
                                    })
                            }
                        }
                    </select>
                </label>
                <label class="check"><input type="checkbox" name="favorite" value="1" checked=filters.favorite />"Favorites only"</label>
                <label class="check"><input type="checkbox" name="archived" value="1" checked=filters.archived />"Archived only"</label>
                <label class="check"><input type="checkbox" name="trash" value="1" checked=filters.with_trash />"Include trash"</label>
                <label class="check"><input type="checkbox" name="noplace" value="1" checked=filters.no_location />"No location"</label>
                <a class="button" href="/search">"Clear"</a>
            </fieldset>
            <PeopleFilter people chosen=filters.clone() />
            {datalist("search-cities", |s| &s.cities)}
            {datalist("search-states", |s| &s.states)}
            {datalist("search-countries", |s| &s.countries)}
            {datalist("search-makes", |s| &s.makes)}
            {datalist("search-models", |s| &s.models)}
            {datalist("search-lenses", |s| &s.lenses)}
        </form>
    }
    .into_any()
}

/// People who must all be in the photo, and "no people": shown once face recognition found
/// someone (or when the address already asks for people).
#[component]
fn PeopleFilter(
    people: LocalResource<Result<crate::server_fns::people::people_list::PeopleTiles, crate::error::UiError>>,
    chosen: SearchFilters,
) -> impl IntoView {
    let asked = !chosen.people.is_empty() || chosen.no_people;
    let chosen = StoredValue::new(chosen);
    let list = move || people.get().and_then(Result::ok).map(|l| l.tiles).unwrap_or_default();
    view! {
        <fieldset class="search-people" hidden=move || !asked && list().is_empty()>
            <legend>"People (all of them in the photo)"</legend>
            <ul class="search-people-list">
                {move || list().into_iter().map(|tile| {
                    let person = tile.person;
                    let id = person.id;
                    let checked = chosen.with_value(|c| c.people.contains(&id));
                    view! {
                        <li>
                            <label class="person-check">
                                <input type="checkbox" name="person" value=id.to_string() checked=checked />
                                <PersonPicture person=person.clone() />
                                <span>{person_name(&person)}</span>
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <label class="check">
                <input type="checkbox" name="nopeople" value="1" checked=chosen.with_value(|c| c.no_people) />
                "No people"
            </label>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_match_any_part_prefixes_first_and_set_their_filter() {
        let all = SuggestionLists {
            cities: vec!["Montepulciano".into(), "Siena".into()],
            countries: vec!["Italy".into()],
            models: vec!["PENTAX K10D".into(), "Canon EOS 40D".into()],
            ..Default::default()
        };
        let found = suggestions_for(&all, "si");
        assert_eq!(found.iter().map(|s| s.value.as_str()).collect::<Vec<_>>(), vec!["Siena"]);
        let found = suggestions_for(&all, "e");
        // "EOS…" does not start with "e"; nothing here does, so the kinds' order holds.
        assert_eq!(
            found.iter().map(|s| s.value.as_str()).collect::<Vec<_>>(),
            vec!["Montepulciano", "Siena", "PENTAX K10D", "Canon EOS 40D"]
        );
        assert!(suggestions_for(&all, "  ").is_empty());
        let start = SearchFilters { words: Some("sie".into()), favorite: true, ..Default::default() };
        let next = with_suggestion(&start, &found[1]);
        assert_eq!(next, SearchFilters { city: Some("Siena".into()), favorite: true, ..Default::default() });
        assert_eq!(next.page_url(), "/search?city=Siena&favorite=1");
    }
}
