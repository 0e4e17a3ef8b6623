//! Albums: the list with covers, counts and date ranges, and a way to start a new one.

pub mod album;

use crate::components::library_version::use_library_version;
use crate::server_fns::albums::album_list::album_list;
use crate::server_fns::albums::new_album::new_album;
use domain::dto::albums::AlbumResponse;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

/// `Mar 2021 – Jul 2024`, or one month when it all happened then.
pub fn date_range(album: &AlbumResponse) -> Option<String> {
    let (start, end) = (album.start_date?, album.end_date?);
    let (from, to) = (start.format("%b %Y").to_string(), end.format("%b %Y").to_string());
    Some(if from == to { from } else { format!("{from} – {to}") })
}

pub fn count_text(count: u64) -> String {
    match count {
        1 => "1 item".to_string(),
        n => format!("{n} items"),
    }
}

#[component]
pub fn AlbumsPage() -> impl IntoView {
    let version = use_library_version();
    let albums = Resource::new(move || version.get(), |_| album_list());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        let title = name.get_untracked();
        leptos::task::spawn_local(async move {
            match new_album(title, Vec::new()).await {
                Ok(id) => navigate(&format!("/albums/{id}"), Default::default()),
                Err(err) => error.set(Some(err.message().to_string())),
            }
        });
    };
    view! {
        <Title text="Albums" />
        <div class="page-header">
            <h1>"Albums"</h1>
            <form class="row album-new" on:submit=create>
                <input type="text" aria-label="New album name" placeholder="New album name" required
                    on:input=move |ev| name.set(event_target_value(&ev)) />
                <button type="submit" class="button">"Create album"</button>
            </form>
        </div>
        {move || error.get().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
        <Transition fallback=|| view! { <p class="loading">"Loading albums…"</p> }>
            {move || Suspend::new(async move {
                match albums.await {
                    Ok(list) if list.is_empty() => view! {
                        <p class="placeholder">"No albums yet — create one, then add photos from the viewer"</p>
                    }
                    .into_any(),
                    Ok(list) => view! {
                        <ul class="album-grid" aria-label="Albums">
                            {list.into_iter().map(|album| view! { <AlbumCard album /> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(err) => view! { <p class="alert" role="alert">{err.message().to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AlbumCard(album: AlbumResponse) -> impl IntoView {
    let range = date_range(&album);
    let cover = album.album_thumbnail_asset_id;
    let shared = album.shared.then(|| {
        let owner = album.album_users.first().map(|u| u.user.name.clone()).unwrap_or_default();
        view! { <span class="album-shared">{format!("Shared · {owner}")}</span> }
    });
    view! {
        <li class="album-card">
            <a href=format!("/albums/{}", album.id)>
                <div class="album-cover">
                    {cover.map(|id| view! { <img src=format!("/api/assets/{id}/thumbnail?size=thumbnail") alt="" loading="lazy" /> })}
                </div>
                <span class="album-name">{if album.album_name.is_empty() { "Untitled".to_string() } else { album.album_name.clone() }}</span>
                <span class="album-meta">{count_text(album.asset_count)}{range.map(|r| format!(" · {r}"))}</span>
                {shared}
            </a>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_counts_read_naturally() {
        let mut album: AlbumResponse = serde_json::from_value(serde_json::json!({
            "id": "7d3c9f4e-1111-4222-8333-444455556666", "albumName": "A", "description": "",
            "albumThumbnailAssetId": null, "albumUsers": [], "assetCount": 2, "contributorCounts": [],
            "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z",
            "startDate": "2021-03-05T00:00:00Z", "endDate": "2024-07-01T00:00:00Z",
            "hasSharedLink": false, "isActivityEnabled": true, "order": "desc", "shared": false
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(date_range(&album).as_deref(), Some("Mar 2021 – Jul 2024"));
        album.end_date = album.start_date;
        assert_eq!(date_range(&album).as_deref(), Some("Mar 2021"));
        album.start_date = None;
        assert_eq!(date_range(&album), None);
        assert_eq!(count_text(1), "1 item");
        assert_eq!(count_text(0), "0 items");
    }
}
