//! Sharing: partners (my whole library, one way), and the links I have made, with their
//! addresses and a way to revoke each.

use crate::components::library_version::{library_changer, use_library_version};
use crate::server_fns::albums::album_sharing::people_to_share_with;
use crate::server_fns::sharing::edit_link::edit_link;
use crate::server_fns::sharing::my_links::my_links;
use crate::server_fns::sharing::partners::{
    partner_overview, share_library_with, show_partner_in_timeline, stop_sharing_with,
};
use crate::server_fns::sharing::revoke_link::revoke_link;
use domain::dto::shared_links::{SharedLinkEdit, SharedLinkResponse, SharedLinkType};
use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

/// The address a visitor opens: the page's origin, then `/share/<key>`.
pub fn link_address(key: &str) -> String {
    let origin = web_origin();
    format!("{origin}/share/{key}")
}

#[cfg(feature = "hydrate")]
fn web_origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

#[cfg(not(feature = "hydrate"))]
fn web_origin() -> String {
    String::new()
}

#[component]
pub fn SharingPage() -> impl IntoView {
    view! {
        <Title text="Sharing" />
        <div class="sharing-page">
            <h1>"Sharing"</h1>
            <PartnersSection />
            <LinksSection />
        </div>
    }
    .into_any()
}

#[component]
fn PartnersSection() -> impl IntoView {
    let version = use_library_version();
    let changed = library_changer();
    let overview = Resource::new(move || version.get(), |_| partner_overview());
    let people = Resource::new(|| (), |_| people_to_share_with());
    let chosen = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let run = move |work: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), crate::error::UiError>>>>| {
        leptos::task::spawn_local(async move {
            match work.await {
                Ok(()) => {
                    error.set(None);
                    changed();
                }
                Err(err) => error.set(Some(err.message().to_string())),
            }
        });
    };
    let share = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(user) = Uuid::parse_str(&chosen.get_untracked()) {
            run(Box::pin(share_library_with(user)));
        }
    };
    view! {
        <section class="card" aria-labelledby="partners-heading">
            <h2 id="partners-heading">"Partners"</h2>
            <p class="muted">"A partner sees your whole library (not your archive or trash) and cannot change it."</p>
            {move || error.get().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let (by_me, with_me) = overview.await.unwrap_or_default();
                    let candidates = people.await.unwrap_or_default();
                    let taken: Vec<Uuid> = by_me.iter().map(|p| p.user.id).collect();
                    view! {
                        <h3>"I share my library with"</h3>
                        {by_me.is_empty().then(|| view! { <p class="muted">"Nobody yet."</p> })}
                        <ul class="partner-list">
                            {by_me.into_iter().map(|p| {
                                let id = p.user.id;
                                view! {
                                    <li data-partner=p.user.email.clone()>
                                        <span>{p.user.name.clone()}" · "{p.user.email.clone()}</span>
                                        <button type="button" class="button" on:click=move |_| run(Box::pin(stop_sharing_with(id)))>"Stop sharing"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <form class="inline-form" on:submit=share>
                            <label for="partner-choice">"Share my library with"</label>
                            <select id="partner-choice" on:change=move |ev| chosen.set(event_target_value(&ev))>
                                <option value="">"Choose someone…"</option>
                                {candidates.into_iter().filter(|u| !taken.contains(&u.id)).map(|u| view! {
                                    <option value=u.id.to_string()>{format!("{} ({})", u.name, u.email)}</option>
                                }).collect_view()}
                            </select>
                            <button type="submit" class="button primary">"Share"</button>
                        </form>
                        <h3>"Sharing with me"</h3>
                        {with_me.is_empty().then(|| view! { <p class="muted">"Nobody shares their library with you yet."</p> })}
                        <ul class="partner-list">
                            {with_me.into_iter().map(|p| {
                                let id = p.user.id;
                                let shown = p.in_timeline.unwrap_or(false);
                                view! {
                                    <li data-partner=p.user.email.clone()>
                                        <span>{p.user.name.clone()}" · "{p.user.email.clone()}</span>
                                        <label class="checkbox">
                                            <input type="checkbox" checked=shown
                                                on:change=move |ev| run(Box::pin(show_partner_in_timeline(id, event_target_checked(&ev)))) />
                                            "Show in my timeline"
                                        </label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

/// The owner's changes to one link, saved together.
#[component]
fn LinkEditor(link: SharedLinkResponse, on_saved: Callback<Result<(), String>>) -> impl IntoView {
    let id = link.id;
    let allow_download = RwSignal::new(link.allow_download);
    let show_metadata = RwSignal::new(link.show_metadata);
    let expiry = RwSignal::new(String::from("keep"));
    let password = RwSignal::new(String::new());
    let remove_password = RwSignal::new(false);
    let had_password = link.password.is_some();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let expires_at = match expiry.get_untracked().as_str() {
            "keep" => None,
            "never" => Some(None),
            days => days.parse::<i64>().ok().map(|d| Some(chrono::Utc::now() + chrono::Duration::days(d))),
        };
        let new_password = password.get_untracked();
        let password_change = if remove_password.get_untracked() {
            Some(None)
        } else if new_password.is_empty() {
            None
        } else {
            Some(Some(new_password))
        };
        let changes = SharedLinkEdit {
            allow_download: Some(allow_download.get_untracked()),
            show_metadata: Some(show_metadata.get_untracked()),
            expires_at,
            password: password_change,
            ..Default::default()
        };
        leptos::task::spawn_local(async move {
            on_saved.run(edit_link(id, changes).await.map_err(|e| e.message().to_string()));
        });
    };
    view! {
        <details class="link-editor">
            <summary>"Edit"</summary>
            <form class="selection-panel" on:submit=save>
                <label class="checkbox"><input type="checkbox" prop:checked=move || allow_download.get()
                    on:change=move |ev| allow_download.set(event_target_checked(&ev)) />"Allow download"</label>
                <label class="checkbox"><input type="checkbox" prop:checked=move || show_metadata.get()
                    on:change=move |ev| show_metadata.set(event_target_checked(&ev)) />"Show metadata"</label>
                <label>"Expires"
                    <select on:change=move |ev| expiry.set(event_target_value(&ev))>
                        <option value="keep">"As it is"</option>
                        <option value="never">"Never"</option>
                        <option value="1">"In a day"</option>
                        <option value="7">"In a week"</option>
                        <option value="30">"In a month"</option>
                    </select>
                </label>
                <label>"New password"
                    <input type="text" autocomplete="off" prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev)) />
                </label>
                {had_password.then(|| view! {
                    <label class="checkbox"><input type="checkbox" on:change=move |ev| remove_password.set(event_target_checked(&ev)) />"Remove the password"</label>
                })}
                <button type="submit" class="button primary">"Save"</button>
            </form>
        </details>
    }
    .into_any()
}

fn describe(link: &SharedLinkResponse) -> String {
    let what = match (&link.album, link.link_type) {
        (Some(album), _) => format!("Album “{}”", album.album_name),
        (None, SharedLinkType::Album) => "An album".to_string(),
        (None, SharedLinkType::Individual) => {
            format!("{} item{}", link.assets.len(), if link.assets.len() == 1 { "" } else { "s" })
        }
    };
    let mut notes = vec![what];
    if link.password.is_some() {
        notes.push("password".into());
    }
    if let Some(at) = link.expires_at {
        let past = at <= chrono::Utc::now();
        notes.push(format!(
            "{} {}",
            if past { "expired" } else { "expires" },
            at.format("%e %b %Y").to_string().trim()
        ));
    }
    if !link.allow_download {
        notes.push("no downloads".into());
    }
    notes.join(" · ")
}

#[component]
fn LinksSection() -> impl IntoView {
    let version = use_library_version();
    let changed = library_changer();
    let links = Resource::new(move || version.get(), |_| my_links());
    let error = RwSignal::new(None::<String>);
    view! {
        <section class="card" aria-labelledby="links-heading">
            <h2 id="links-heading">"Shared links"</h2>
            {move || error.get().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match links.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="muted">"No links yet. Select photos or open an album and choose Share."</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="link-list">
                                {list.into_iter().map(|link| {
                                    let id = link.id;
                                    let address = format!("/share/{}", link.key);
                                    view! {
                                        <li data-link=link.key.clone()>
                                            <a href=address.clone() target="_blank" rel="noopener">{address.clone()}</a>
                                            <span class="muted">{describe(&link)}</span>
                                            <button type="button" class="button" on:click=move |_| {
                                                leptos::task::spawn_local(async move {
                                                    match revoke_link(id).await {
                                                        Ok(()) => changed(),
                                                        Err(err) => error.set(Some(err.message().to_string())),
                                                    }
                                                });
                                            }>"Revoke"</button>
                                            <LinkEditor link=link.clone() on_saved=Callback::new(move |result: Result<(), String>| match result {
                                                Ok(()) => changed(),
                                                Err(message) => error.set(Some(message)),
                                            }) />
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <p class="alert" role="alert">{err.message().to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}
