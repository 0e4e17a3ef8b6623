//! One person: their picture, name (Enter saves), birth date, favourite and hidden, merging
//! someone else into them, and their photos as a timeline whose selection can also choose the
//! picture they are shown by.

use super::photo_count;
use crate::components::library_version::{library_changer, use_library_version};
use crate::components::person_picture::{person_name, PersonPicture};
use crate::components::selection::SelectionPlace;
use crate::components::timeline::Timeline;
use crate::server_fns::people::edit_person::edit_person;
use crate::server_fns::people::merge_people::merge_people;
use crate::server_fns::people::people_list::people_list;
use crate::server_fns::people::person_details::{person_details, PersonSummary};
use chrono::{Datelike, NaiveDate};
use domain::dto::people::{PersonResponse, PersonUpdate};
use domain::dto::search::SearchFilters;
use domain::dto::timeline::TimelineQuery;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

/// Whole years from `birth` to `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> i32 {
    let had_birthday = (today.month(), today.day()) >= (birth.month(), birth.day());
    today.year() - birth.year() - if had_birthday { 0 } else { 1 }
}

/// `Born 3 March 1990 (34 years old)`.
fn birth_line(birth: NaiveDate, today: NaiveDate) -> String {
    let age = age_on(birth, today);
    let years = if age == 1 { "1 year old".to_string() } else { format!("{age} years old") };
    format!("Born {} ({years})", birth.format("%-d %B %Y"))
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|raw| Uuid::parse_str(&raw).ok()));
    let version = use_library_version();
    let details = Resource::new(
        move || (id.get(), version.get()),
        |(id, _)| async move {
            match id {
                Some(id) => person_details(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    // Outside the header, which is rebuilt after every change: they outlive it.
    let tools_open = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    view! {
        <div class="timeline-page person-page">
            <Transition fallback=|| view! { <p class="loading">"Loading person…"</p> }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(Some(details)) => view! { <PersonHeader details tools_open message /> }.into_any(),
                        Ok(None) => view! {
                            <Title text="Person" />
                            <p class="alert" role="alert">"Person not found"</p>
                        }
                        .into_any(),
                        Err(err) => view! {
                            <Title text="Person" />
                            <p class="alert" role="alert" data-code=err.code().as_str()>{err.message().to_string()}</p>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
            // Outside the `Suspend`: the timeline creates resources of its own.
            {move || id.get().map(|person| {
                let search = SearchFilters { people: vec![person], ..Default::default() };
                view! {
                    <Timeline
                        query=TimelineQuery::default()
                        search
                        place=SelectionPlace::Person(person)
                        empty_text="No photos of this person"
                    />
                }
            })}
        </div>
    }
}

#[component]
fn PersonHeader(
    details: PersonSummary,
    tools_open: RwSignal<bool>,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let person = details.person;
    let id = person.id;
    let library_changed = library_changer();
    let name = RwSignal::new(person.name.clone());
    let save = move |changes: PersonUpdate, done: &'static str| {
        leptos::task::spawn_local(async move {
            match edit_person(id, changes).await {
                Ok(_) => {
                    message.set(Some(done.to_string()));
                    library_changed();
                }
                Err(err) => message.set(Some(err.message().to_string())),
            }
        });
    };
    let today = chrono::Utc::now().date_naive();
    let meta = [Some(photo_count(details.asset_count)), person.birth_date.map(|b| birth_line(b, today))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let (is_favorite, is_hidden) = (person.is_favorite, person.is_hidden);
    view! {
        <Title text=person_name(&person) />
        <h1 class="visually-hidden">{person_name(&person)}</h1>
        <header class="person-header">
            <PersonPicture person=person.clone() large=true />
            <div class="person-summary">
                <form class="person-name-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    save(PersonUpdate { name: Some(name.get_untracked()), ..Default::default() }, "Name saved");
                }>
                    <input
                        type="text"
                        class="person-name-input"
                        aria-label="Name"
                        placeholder="Add a name"
                        autocomplete="off"
                        value=person.name.clone()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <button type="submit" class="button small">"Save name"</button>
                </form>
                <p class="muted person-meta-line">{meta}</p>
                <div class="row person-actions">
                    <button type="button" class="button secondary small" aria-pressed=is_favorite.to_string()
                        on:click=move |_| save(
                            PersonUpdate { is_favorite: Some(!is_favorite), ..Default::default() },
                            if is_favorite { "Removed from favorites" } else { "Added to favorites" },
                        )>{if is_favorite { "♥ Favorite" } else { "♡ Favorite" }}</button>
                    <button type="button" class="button secondary small" aria-pressed=is_hidden.to_string()
                        title="Hidden people are left out of the People page"
                        on:click=move |_| save(
                            PersonUpdate { is_hidden: Some(!is_hidden), ..Default::default() },
                            if is_hidden { "Shown on the People page again" } else { "Hidden from the People page" },
                        )>"Hidden"</button>
                    <a class="button secondary small" href="/people">"All people"</a>
                </div>
                <p class="person-message" role="status">{move || message.get()}</p>
            </div>
        </header>
        <PersonTools person tools_open message />
    }
}

/// Birth date and merging: folded away, as they are rarely needed.
#[component]
fn PersonTools(person: PersonResponse, tools_open: RwSignal<bool>, message: RwSignal<Option<String>>) -> impl IntoView {
    let id = person.id;
    let library_changed = library_changer();
    let birth = RwSignal::new(person.birth_date.map(|d| d.to_string()).unwrap_or_default());
    let today = chrono::Utc::now().date_naive().to_string();
    // Loaded in the browser: a resource here would sit inside the page's `Suspend`, and the
    // server-rendered page would wait for it.
    let others = RwSignal::new(Vec::<PersonResponse>::new());
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(list) = people_list(true).await {
                others.set(list.tiles.into_iter().map(|t| t.person).filter(|p| p.id != id).collect());
            }
        });
    });
    let merge_with = RwSignal::new(String::new());
    let run =
        move |work: std::pin::Pin<Box<dyn std::future::Future<Output = Result<String, crate::error::UiError>>>>| {
            leptos::task::spawn_local(async move {
                match work.await {
                    Ok(done) => {
                        message.set(Some(done));
                        library_changed();
                    }
                    Err(err) => message.set(Some(err.message().to_string())),
                }
            });
        };
    let save_birth = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = birth.get_untracked();
        let date = if value.is_empty() {
            None
        } else {
            match value.parse::<NaiveDate>() {
                Ok(date) => Some(date),
                Err(_) => {
                    message.set(Some("Choose a date".into()));
                    return;
                }
            }
        };
        let changes = PersonUpdate { birth_date: Some(date), ..Default::default() };
        let done = if date.is_some() { "Birth date saved" } else { "Birth date removed" };
        run(Box::pin(async move { edit_person(id, changes).await.map(|_| done.to_string()) }));
    };
    let merge = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(other) = Uuid::parse_str(&merge_with.get_untracked()) else {
            message.set(Some("Choose someone to merge".into()));
            return;
        };
        let other_name = others.with_untracked(|list| list.iter().find(|p| p.id == other).map(person_name));
        let question = format!(
            "Merge {} into {}? Their faces become this person's, and they are removed.",
            other_name.unwrap_or_else(|| "this person".into()),
            person_name(&person),
        );
        let confirmed = leptos::prelude::window().confirm_with_message(&question).unwrap_or(false);
        if !confirmed {
            return;
        }
        merge_with.set(String::new());
        run(Box::pin(async move { merge_people(id, vec![other]).await.map(|_| "Merged".to_string()) }));
    };
    view! {
        <details class="person-tools" prop:open=move || tools_open.get()
            on:toggle=move |ev| tools_open.set(event_target::<leptos::web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>"Birth date and merging"</summary>
            <form class="row" on:submit=save_birth>
                <label>"Birth date"
                    <input type="date" aria-label="Birth date" max=today value=birth.get_untracked()
                        on:input=move |ev| birth.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class="button small">"Save birth date"</button>
            </form>
            <form class="row" on:submit=merge>
                <label>"Merge with"
                    <select aria-label="Merge with" prop:value=move || merge_with.get()
                        on:change=move |ev| merge_with.set(event_target_value(&ev))>
                        <option value="">"Choose a person…"</option>
                        {move || others.get().into_iter().map(|p| {
                            view! { <option value=p.id.to_string()>{person_name(&p)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="button small">"Merge"</button>
            </form>
            <p class="muted">"Merging moves the other person's faces here; use it when one person was found twice."</p>
        </details>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn age_counts_whole_years_until_the_birthday() {
        assert_eq!(age_on(day(1990, 3, 3), day(2024, 3, 2)), 33);
        assert_eq!(age_on(day(1990, 3, 3), day(2024, 3, 3)), 34);
        assert_eq!(age_on(day(2023, 12, 31), day(2024, 1, 1)), 0);
        assert_eq!(birth_line(day(1990, 3, 3), day(2024, 6, 1)), "Born 3 March 1990 (34 years old)");
        assert_eq!(birth_line(day(2023, 1, 2), day(2024, 6, 1)), "Born 2 January 2023 (1 year old)");
    }
}
