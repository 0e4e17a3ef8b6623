//! One album: its name, description, dates and people above its own timeline. The owner
//! renames, describes, shares (viewer or editor), removes people and deletes; members leave.

use super::{count_text, date_range};
use crate::components::library_version::{library_changer, use_library_version};
use crate::components::selection::SharePanel;
use crate::components::timeline::Timeline;
use crate::server_fns::albums::album_info::album_info;
use crate::server_fns::albums::album_settings::album_settings;
use crate::server_fns::albums::album_sharing::{invite_to_album, people_to_share_with, remove_from_album};
use crate::server_fns::albums::edit_album::edit_album;
use crate::server_fns::albums::remove_album::remove_album;
use domain::dto::albums::{AlbumResponse, AlbumUserRole};
use domain::dto::timeline::AssetOrder;
use domain::dto::timeline::TimelineQuery;
use domain::dto::users::UserResponse;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;

#[component]
pub fn AlbumPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|raw| Uuid::parse_str(&raw).ok()));
    let version = use_library_version();
    let album = Resource::new(
        move || (id.get(), version.get()),
        |(id, _)| async move {
            match id {
                Some(id) => album_info(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    // Outside the header, which is rebuilt after every change: the tools stay open while used.
    let tools_open = RwSignal::new(false);
    view! {
        <div class="timeline-page album-page">
            <Transition fallback=|| view! { <p class="loading">"Loading album…"</p> }>
                {move || Suspend::new(async move {
                    match album.await {
                        Ok(Some(data)) => view! { <AlbumHeader album=data.album me=Some(data.me) tools_open /> }.into_any(),
                        Ok(None) => view! { <p class="alert" role="alert">"Album not found"</p> }.into_any(),
                        Err(err) => view! {
                            <Title text="Album" />
                            <p class="alert" role="alert">{err.message().to_string()}</p>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
            // Outside the `Suspend`: the timeline creates resources of its own.
            {move || id.get().map(|album_id| {
                let query = TimelineQuery { album_id: Some(album_id), ..Default::default() };
                view! { <Timeline query empty_text="This album is empty — open a photo and use “Add to album”" /> }
            })}
        </div>
    }
}

#[component]
fn AlbumHeader(album: AlbumResponse, me: Option<Uuid>, tools_open: RwSignal<bool>) -> impl IntoView {
    let is_owner = me.is_some() && album.owner_id() == me;
    let my_role = album.album_users.iter().find(|u| Some(u.user.id) == me).map(|u| u.role);
    let name = album.album_name.clone();
    let title = if name.is_empty() { "Untitled".to_string() } else { name.clone() };
    let meta = format!(
        "{}{}",
        count_text(album.asset_count),
        date_range(&album).map(|r| format!(" · {r}")).unwrap_or_default()
    );
    let message = RwSignal::new(None::<String>);
    let library_changed = library_changer();
    let id = album.id;
    let navigate = use_navigate();
    let members = album.album_users.clone();

    let leave_or_delete = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let done = if is_owner { remove_album(id).await } else { remove_from_album(id, None).await };
            match done {
                Ok(()) => navigate("/albums", Default::default()),
                Err(err) => message.set(Some(err.message().to_string())),
            }
        });
    };

    view! {
        <Title text=title.clone() />
        <header class="album-header">
            <h1>{title}</h1>
            {(!album.description.is_empty()).then(|| view! { <p class="album-description">{album.description.clone()}</p> })}
            <p class="album-meta">{meta}</p>
            <ul class="album-members" aria-label="People">
                {members.into_iter().map(|member| {
                    let user_id = member.user.id;
                    let removable = is_owner && member.role != AlbumUserRole::Owner;
                    view! {
                        <li>
                            <span class="member-name">{member.user.name.clone()}</span>
                            <span class="member-role">{member.role.as_str()}</span>
                            {removable.then(|| view! {
                                <button type="button" class="button small secondary"
                                    aria-label=format!("Remove {}", member.user.email)
                                    on:click=move |_| {
                                        leptos::task::spawn_local(async move {
                                            match remove_from_album(id, Some(user_id)).await {
                                                Ok(()) => library_changed(),
                                                Err(err) => message.set(Some(err.message().to_string())),
                                            }
                                        });
                                    }>"Remove"</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || message.get().map(|m| view! { <p class="alert" role="alert">{m}</p> })}
            {is_owner.then(|| view! { <OwnerTools album=album.clone() message open=tools_open /> })}
            {my_role.map(|role| (role != AlbumUserRole::Owner).then(|| view! {
                <p class="muted">{format!("You can {} this album.", if role.can_add() { "add to" } else { "view" })}</p>
            }))}
            {me.is_some().then(|| view! {
                <button type="button" class="button secondary small" on:click=leave_or_delete>
                    {if is_owner { "Delete album" } else { "Leave album" }}
                </button>
            })}
        </header>
    }
}

/// Rename, describe and share: the owner's part of the header.
#[component]
fn OwnerTools(album: AlbumResponse, message: RwSignal<Option<String>>, open: RwSignal<bool>) -> impl IntoView {
    let library_changed = library_changer();
    let id = album.id;
    let name = RwSignal::new(album.album_name.clone());
    let description = RwSignal::new(album.description.clone());
    // Loaded in the browser: a resource here would sit inside the page's `Suspend`, and the
    // server-rendered page would wait for it.
    let people = RwSignal::new(Vec::<UserResponse>::new());
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(found) = people_to_share_with().await {
                people.set(found);
            }
        });
    });
    let invitee = RwSignal::new(String::new());
    let role = RwSignal::new(AlbumUserRole::Viewer);
    let present: Vec<Uuid> = album.album_users.iter().map(|u| u.user.id).collect();
    let order = album.order;

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            match edit_album(id, name.get_untracked(), description.get_untracked()).await {
                Ok(()) => library_changed(),
                Err(err) => message.set(Some(err.message().to_string())),
            }
        });
    };
    let share = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(user) = Uuid::parse_str(&invitee.get_untracked()) else {
            message.set(Some("Choose someone to share with".into()));
            return;
        };
        leptos::task::spawn_local(async move {
            match invite_to_album(id, user, role.get_untracked()).await {
                Ok(()) => library_changed(),
                Err(err) => message.set(Some(err.message().to_string())),
            }
        });
    };
    view! {
        <details class="album-tools" prop:open=move || open.get()
            on:toggle=move |ev| open.set(event_target::<leptos::web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>"Edit and share"</summary>
            <form class="stack" on:submit=save>
                <label>"Name" <input type="text" aria-label="Album name" prop:value=name.get_untracked()
                    on:input=move |ev| name.set(event_target_value(&ev)) /></label>
                <label>"Description" <textarea aria-label="Album description" prop:value=description.get_untracked()
                    on:input=move |ev| description.set(event_target_value(&ev)) /></label>
                <button type="submit" class="button">"Save"</button>
            </form>
            <form class="row" on:submit=share>
                <select aria-label="Share with" on:change=move |ev| invitee.set(event_target_value(&ev))>
                    <option value="">"Share with…"</option>
                    {move || people.get().into_iter()
                        .filter(|u| !present.contains(&u.id))
                        .map(|u| view! { <option value=u.id.to_string()>{format!("{} ({})", u.name, u.email)}</option> })
                        .collect_view()}
                </select>
                <select aria-label="Role" on:change=move |ev| {
                    role.set(if event_target_value(&ev) == "editor" { AlbumUserRole::Editor } else { AlbumUserRole::Viewer })
                }>
                    <option value="viewer">"Can view"</option>
                    <option value="editor">"Can add"</option>
                </select>
                <button type="submit" class="button">"Share"</button>
            </form>
            <label class="row">"Order"
                <select aria-label="Order" on:change=move |ev| {
                    let order = if event_target_value(&ev) == "asc" { AssetOrder::Asc } else { AssetOrder::Desc };
                    leptos::task::spawn_local(async move {
                        match album_settings(id, None, Some(order)).await {
                            Ok(()) => library_changed(),
                            Err(err) => message.set(Some(err.message().to_string())),
                        }
                    });
                }>
                    <option value="desc" selected=order == AssetOrder::Desc>"Newest first"</option>
                    <option value="asc" selected=order == AssetOrder::Asc>"Oldest first"</option>
                </select>
            </label>
            <h3>"Share by link"</h3>
            <SharePanel ids=Signal::derive(Vec::new) album=id />
        </details>
    }
    .into_any()
}
