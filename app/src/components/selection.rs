//! What a timeline selection can do: favorite, archive, add to an album, share by link,
//! download (one file as it is, several as a streamed ZIP), change the date, trash or restore;
//! on an album's page also take out and set the cover, on a person's page use as their picture.
//! The same bar serves every timeline (Photos, an album, Favorites, Archive, Trash…).

use crate::components::library_version::library_changer;
use crate::pages::sharing::link_address;
use crate::server_fns::albums::album_settings::album_settings;
use crate::server_fns::albums::put_in_album::put_in_album;
use crate::server_fns::albums::take_from_album::take_from_album;
use crate::server_fns::albums::writable_albums::writable_albums;
use crate::server_fns::assets::change_assets::change_assets;
use crate::server_fns::assets::move_to_trash::move_to_trash;
use crate::server_fns::assets::restore_from_trash::restore_from_trash;
use crate::server_fns::people::edit_person::edit_person;
use crate::server_fns::sharing::create_share_link::{create_share_link, LinkOptions};
use domain::dto::assets::{AssetVisibility, UpdateAsset};
use domain::dto::people::PersonUpdate;
use leptos::prelude::*;
use std::collections::HashSet;
use uuid::Uuid;

/// Which timeline the bar sits on: it decides which actions make sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectionPlace {
    Library,
    Favorites,
    Archive,
    Trash,
    /// An album's page: its assets can also be taken out, and one made the cover.
    Album(Uuid),
    /// A person's page: one photo can become the picture they are shown by.
    Person(Uuid),
}

/// The open sub-form of the bar, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    Album,
    Share,
    Date,
}

#[component]
pub fn SelectionBar(selection: RwSignal<HashSet<Uuid>>, place: SelectionPlace) -> impl IntoView {
    let changed = library_changer();
    let message = RwSignal::new(None::<String>);
    let panel = RwSignal::new(None::<Panel>);
    let busy = RwSignal::new(false);
    let ids = move || selection.with(|s| s.iter().copied().collect::<Vec<_>>());
    let count = move || selection.with(HashSet::len);
    let selecting = move || count() != 0;
    let clear = move || {
        selection.set(HashSet::new());
        panel.set(None);
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && selection.with_untracked(|s| !s.is_empty()) {
            clear();
        }
    });
    on_cleanup(move || keys.remove());

    // Runs an action on the selection; on success the library reloads and the selection ends.
    let act =
        move |done: &'static str,
              work: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), crate::error::UiError>>>>| {
            busy.set(true);
            leptos::task::spawn_local(async move {
                match work.await {
                    Ok(()) => {
                        message.set(Some(done.to_string()));
                        clear();
                        changed();
                    }
                    Err(err) => message.set(Some(err.message().to_string())),
                }
                busy.set(false);
            });
        };
    let set = move |done: &'static str, changes: UpdateAsset| act(done, Box::pin(change_assets(ids(), changes)));

    view! {
        {move || message.get().filter(|_| count() == 0).map(|m| view! {
            <p class="selection-message" role="status">{m}</p>
        })}
        <Show when=selecting>
            <div class="selection-bar" role="toolbar" aria-label="Selection">
                <button type="button" class="selection-clear" aria-label="Clear selection" on:click=move |_| clear()>"✕"</button>
                <span class="selection-count" role="status">{move || format!("{} selected", count())}</span>
                <div class="selection-actions">
                    {match place {
                        SelectionPlace::Trash => view! {
                            <button type="button" class="button" disabled=move || busy.get()
                                on:click=move |_| act("Restored", Box::pin(restore_from_trash(ids())))>"Restore"</button>
                        }.into_any(),
                        _ => view! {
                            {if place == SelectionPlace::Favorites {
                                view! { <button type="button" class="button" on:click=move |_| set("Removed from favorites", UpdateAsset { is_favorite: Some(false), ..Default::default() })>"♡ Unfavorite"</button> }.into_any()
                            } else {
                                view! { <button type="button" class="button" on:click=move |_| set("Added to favorites", UpdateAsset { is_favorite: Some(true), ..Default::default() })>"♥ Favorite"</button> }.into_any()
                            }}
                            {if place == SelectionPlace::Archive {
                                view! { <button type="button" class="button" on:click=move |_| set("Unarchived", UpdateAsset { visibility: Some(AssetVisibility::Timeline), ..Default::default() })>"Unarchive"</button> }.into_any()
                            } else {
                                view! { <button type="button" class="button" on:click=move |_| set("Archived", UpdateAsset { visibility: Some(AssetVisibility::Archive), ..Default::default() })>"Archive"</button> }.into_any()
                            }}
                            <button type="button" class="button" aria-expanded=move || (panel.get() == Some(Panel::Album)).to_string()
                                on:click=move |_| panel.update(|p| *p = if *p == Some(Panel::Album) { None } else { Some(Panel::Album) })>"Add to album"</button>
                            <button type="button" class="button" aria-expanded=move || (panel.get() == Some(Panel::Share)).to_string()
                                on:click=move |_| panel.update(|p| *p = if *p == Some(Panel::Share) { None } else { Some(Panel::Share) })>"Share"</button>
                            <DownloadButton ids=Signal::derive(ids) />
                            <button type="button" class="button" aria-expanded=move || (panel.get() == Some(Panel::Date)).to_string()
                                on:click=move |_| panel.update(|p| *p = if *p == Some(Panel::Date) { None } else { Some(Panel::Date) })>"Change date"</button>
                            {match place {
                                SelectionPlace::Album(album) => view! {
                                    <button type="button" class="button" disabled=move || busy.get()
                                        on:click=move |_| act("Taken out of the album", Box::pin(async move {
                                            take_from_album(album, ids()).await.map(|_| ())
                                        }))>"Remove from album"</button>
                                    <Show when=move || count() == 1>
                                        <button type="button" class="button"
                                            on:click=move |_| act("Cover changed", Box::pin(album_settings(album, ids().first().copied(), None)))>"Set as cover"</button>
                                    </Show>
                                }.into_any(),
                                SelectionPlace::Person(person) => view! {
                                    <Show when=move || count() == 1>
                                        <button type="button" class="button"
                                            on:click=move |_| {
                                                let changes = PersonUpdate { feature_face_asset_id: ids().first().copied(), ..Default::default() };
                                                act("Picture changed", Box::pin(async move { edit_person(person, changes).await.map(|_| ()) }))
                                            }>"Use as picture"</button>
                                    </Show>
                                }.into_any(),
                                _ => ().into_any(),
                            }}
                            <button type="button" class="button danger" disabled=move || busy.get()
                                on:click=move |_| act("Moved to the trash", Box::pin(move_to_trash(ids())))>"Trash"</button>
                        }.into_any(),
                    }}
                </div>
                {move || message.get().map(|m| view! { <span class="selection-message" role="status">{m}</span> })}
                {move || match panel.get() {
                    Some(Panel::Album) => view! { <AlbumPanel ids=Signal::derive(ids) on_done=Callback::new(move |text: String| { message.set(Some(text)); clear(); changed(); }) /> }.into_any(),
                    Some(Panel::Share) => view! { <SharePanel ids=Signal::derive(ids) /> }.into_any(),
                    Some(Panel::Date) => view! { <DatePanel on_apply=Callback::new(move |value: String| set("Date changed", UpdateAsset { date_time_original: Some(value), ..Default::default() })) /> }.into_any(),
                    None => ().into_any(),
                }}
            </div>
        </Show>
    }
    .into_any()
}

/// One file downloads as it is; several as one ZIP that the server streams.
#[component]
fn DownloadButton(ids: Signal<Vec<Uuid>>) -> impl IntoView {
    move || {
        let list = ids.get();
        match list.as_slice() {
            [one] => view! {
                <a class="button" href=format!("/api/assets/{one}/original") download="">"Download"</a>
            }
            .into_any(),
            _ => {
                let joined = list.iter().map(Uuid::to_string).collect::<Vec<_>>().join(",");
                view! {
                    <form class="selection-download" method="post" action="/api/download/archive">
                        <input type="hidden" name="assetIds" value=joined />
                        <button type="submit" class="button">"Download"</button>
                    </form>
                }
                .into_any()
            }
        }
    }
}

#[component]
fn AlbumPanel(ids: Signal<Vec<Uuid>>, on_done: Callback<String>) -> impl IntoView {
    let albums = Resource::new(|| (), |_| writable_albums());
    let chosen = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(album) = Uuid::parse_str(&chosen.get_untracked()) else { return };
        let list = ids.get_untracked();
        leptos::task::spawn_local(async move {
            match put_in_album(album, list).await {
                Ok(added) => on_done.run(format!("{added} added to the album")),
                Err(err) => error.set(Some(err.message().to_string())),
            }
        });
    };
    view! {
        <form class="selection-panel" on:submit=add>
            <label for="selection-album">"Album"</label>
            <select id="selection-album" on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="">"Choose an album…"</option>
                <Suspense>
                    {move || Suspend::new(async move {
                        albums.await.unwrap_or_default().into_iter().map(|(id, name)| view! {
                            <option value=id.to_string()>{name}</option>
                        }).collect_view()
                    })}
                </Suspense>
            </select>
            <button type="submit" class="button primary">"Add"</button>
            {move || error.get().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
        </form>
    }
    .into_any()
}

/// The options of a new link, then its address to copy.
#[component]
pub fn SharePanel(ids: Signal<Vec<Uuid>>, #[prop(optional)] album: Option<Uuid>) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let expires = RwSignal::new(String::new());
    let allow_download = RwSignal::new(true);
    let show_metadata = RwSignal::new(true);
    let allow_upload = RwSignal::new(false);
    let address = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let options = LinkOptions {
            password: Some(password.get_untracked()).filter(|p| !p.is_empty()),
            expires_in_days: expires.get_untracked().parse().ok(),
            allow_download: allow_download.get_untracked(),
            show_metadata: show_metadata.get_untracked(),
            allow_upload: allow_upload.get_untracked(),
        };
        let list = ids.get_untracked();
        leptos::task::spawn_local(async move {
            match create_share_link(list, album, options).await {
                Ok(link) => address.set(Some(link_address(&link.key))),
                Err(err) => error.set(Some(err.message().to_string())),
            }
        });
    };
    view! {
        <form class="selection-panel share-panel" on:submit=create>
            <label>"Password (optional)"
                <input type="text" name="link-password" autocomplete="off" prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev)) />
            </label>
            <label>"Expires"
                <select name="link-expiry" on:change=move |ev| expires.set(event_target_value(&ev))>
                    <option value="">"Never"</option>
                    <option value="1">"In a day"</option>
                    <option value="7">"In a week"</option>
                    <option value="30">"In a month"</option>
                    <option value="365">"In a year"</option>
                </select>
            </label>
            <label class="checkbox"><input type="checkbox" prop:checked=move || allow_download.get()
                on:change=move |ev| allow_download.set(event_target_checked(&ev)) />"Allow download"</label>
            <label class="checkbox"><input type="checkbox" prop:checked=move || show_metadata.get()
                on:change=move |ev| show_metadata.set(event_target_checked(&ev)) />"Show metadata"</label>
            {album.is_some().then(|| view! {
                <label class="checkbox"><input type="checkbox" prop:checked=move || allow_upload.get()
                    on:change=move |ev| allow_upload.set(event_target_checked(&ev)) />"Allow upload"</label>
            })}
            <button type="submit" class="button primary">"Create link"</button>
            {move || error.get().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
            {move || address.get().map(|a| view! {
                <label class="share-address">"Link"
                    <input type="text" readonly=true value=a.clone() aria-label="Shared link address" />
                </label>
            })}
        </form>
    }
    .into_any()
}

#[component]
fn DatePanel(on_apply: Callback<String>) -> impl IntoView {
    let value = RwSignal::new(String::new());
    view! {
        <form class="selection-panel" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let v = value.get_untracked();
            if !v.is_empty() {
                // `datetime-local` gives minutes only; the server wants seconds.
                on_apply.run(if v.len() == 16 { format!("{v}:00") } else { v });
            }
        }>
            <label for="selection-date">"Date and time taken"</label>
            <input id="selection-date" type="datetime-local" required on:input=move |ev| value.set(event_target_value(&ev)) />
            <button type="submit" class="button primary">"Apply"</button>
        </form>
    }
    .into_any()
}
