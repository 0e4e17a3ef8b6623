//! Recently added: the signed-in user's latest uploads as a grid, newest first, with what the
//! ingest jobs made of each (processing, ready, or failed with the reason). It refetches when
//! the upload panel creates an asset, and every two seconds while a shown asset is still being
//! processed.

use crate::components::upload::use_assets_added;
use crate::server_fns::assets::recent_assets::{recent_assets, RecentAsset};
use domain::media_types::AssetType;
use leptos::prelude::*;
use leptos_meta::Title;
use std::time::Duration;

/// How many of the newest assets the grid shows.
const RECENT_LIMIT: u64 = 200;
const POLL_EVERY: Duration = Duration::from_secs(2);

#[component]
pub fn RecentPage() -> impl IntoView {
    let added = use_assets_added();
    let poll = RwSignal::new(0_u64);
    let assets = Resource::new(move || (added.get(), poll.get()), |_| recent_assets(RECENT_LIMIT));

    // In the browser only (effects do not run on the server): while thumbnails are being made,
    // look again shortly.
    Effect::new(move |_| {
        let processing = assets.with(|a| {
            a.as_ref().and_then(|r| r.as_ref().ok()).is_some_and(|list| list.iter().any(RecentAsset::is_processing))
        });
        if processing {
            let handle = set_timeout_with_handle(move || poll.update(|n| *n += 1), POLL_EVERY).ok();
            on_cleanup(move || {
                if let Some(handle) = handle {
                    handle.clear();
                }
            });
        }
    });

    view! {
        <Title text="Recently added" />
        <h1>"Recently added"</h1>
        // `Transition`: a refetch keeps the grid on screen instead of flashing the fallback.
        <Transition fallback=|| view! { <p class="loading">"Loading photos…"</p> }>
            {move || Suspend::new(async move {
                match assets.await {
                    Ok(list) if list.is_empty() => view! {
                        <p class="placeholder photos-empty">"No photos yet — drop files anywhere or use Upload"</p>
                    }
                    .into_any(),
                    Ok(list) => view! {
                        <ul class="photo-grid" aria-label="Recent uploads">
                            {list.into_iter().map(|asset| view! { <Tile asset /> }).collect_view()}
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
fn Tile(asset: RecentAsset) -> impl IntoView {
    let state = match (&asset.processing_error, asset.has_thumbnail) {
        (_, true) => "ready",
        (Some(_), false) => "failed",
        (None, false) => "processing",
    };
    let video = (asset.asset_type == AssetType::Video).then(|| {
        view! { <span class="photo-badge" role="img" aria-label="Video">"▶"</span> }
    });
    let body = if asset.has_thumbnail {
        view! {
            <img
                src=format!("/api/assets/{}/thumbnail?size=thumbnail", asset.id)
                alt=asset.file_name.clone()
                loading="lazy"
                decoding="async"
            />
        }
        .into_any()
    } else {
        let note = match asset.processing_error.clone() {
            Some(reason) => view! { <span class="photo-error">{reason}</span> }.into_any(),
            None => view! { <span class="muted">"Processing…"</span> }.into_any(),
        };
        view! {
            <div class="photo-placeholder">
                <span class="photo-name">{asset.file_name.clone()}</span>
                {note}
            </div>
        }
        .into_any()
    };
    view! {
        <li class="photo-tile" data-state=state data-file-name=asset.file_name.clone() title=asset.file_name.clone()>
            {body}
            {video}
        </li>
    }
}
