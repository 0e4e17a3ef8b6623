//! The full-screen viewer: the preview first, the original when zooming in; ← → to move, Esc to
//! close, F to favorite, I for info (with the people, tags and text found in the photo), P for
//! face boxes, Delete to trash; swipe on touch screens; videos play with seeking. Edits go
//! through the same services as the REST API.

pub mod findings;
pub mod info;
pub mod place_map;

use crate::components::library_version::library_changer;
use crate::components::selection::SharePanel;
use crate::components::shell::use_current_user;
use crate::server_fns::albums::put_in_album::put_in_album;
use crate::server_fns::albums::writable_albums::writable_albums;
use crate::server_fns::assets::asset_details::asset_details;
use crate::server_fns::assets::findings_of_asset::findings_of_asset;
use crate::server_fns::assets::move_to_trash::move_to_trash;
use crate::server_fns::assets::restore_from_trash::restore_from_trash;
use crate::server_fns::assets::save_asset_changes::save_asset_changes;
use domain::dto::assets::{AssetVisibility, UpdateAsset};
use domain::media_types::AssetType;
use findings::{FaceBoxes, FoundInPhoto};
use info::InfoPanel;
use leptos::prelude::*;
use uuid::Uuid;

/// How far one wheel step zooms, and the limits.
const ZOOM_STEP: f64 = 1.25;
const MAX_ZOOM: f64 = 8.0;
/// Pixels a finger must travel sideways to count as a swipe.
const SWIPE: i32 = 50;

/// The zoom a two-finger pinch gives: the zoom when the fingers landed, scaled by how far apart
/// they are now against then, within the viewer's limits.
pub fn pinch_zoom(start_zoom: f64, start_distance: f64, distance: f64) -> f64 {
    if start_distance <= 0.0 || !distance.is_finite() {
        return start_zoom;
    }
    (start_zoom * distance / start_distance).clamp(1.0, MAX_ZOOM)
}

/// How far apart the first two fingers are.
fn finger_distance(touches: &leptos::web_sys::TouchList) -> Option<f64> {
    let (a, b) = (touches.get(0)?, touches.get(1)?);
    let (dx, dy) = (f64::from(a.client_x() - b.client_x()), f64::from(a.client_y() - b.client_y()));
    Some(dx.hypot(dy))
}

/// Originals the browser can draw itself; others (HEIC, RAW, TIFF…) zoom into the preview.
fn browser_can_show(mime: &str) -> bool {
    matches!(mime, "image/jpeg" | "image/png" | "image/webp" | "image/gif" | "image/avif" | "image/bmp")
}

#[component]
pub fn Viewer(
    /// The assets one can move through, in order. The list may grow at either end while the
    /// viewer is open (see `on_edge`); the asset shown stays the same.
    #[prop(into)]
    ids: Signal<Vec<Uuid>>,
    start: usize,
    on_close: Callback<()>,
    /// Asked when moving past an end (-1 before the first, 1 after the last): whether more
    /// assets are coming that way. The caller then grows `ids` and the viewer moves on.
    #[prop(optional)]
    on_edge: Option<Callback<i64, bool>>,
    /// (assets before `ids`, assets in all), for the position shown; `ids` alone otherwise.
    #[prop(optional, into)]
    counter: Option<Signal<(usize, usize)>>,
) -> impl IntoView {
    let library_changed = library_changer();
    // The asset shown is the state; its index follows from the list, which may grow.
    let first = ids.with_untracked(|list| list.get(start.min(list.len().saturating_sub(1))).copied());
    let current = RwSignal::new(first);
    let index = Memo::new(move |_| {
        let id = current.get();
        ids.with(|list| id.and_then(|id| list.iter().position(|x| *x == id)).unwrap_or(0))
    });
    // (position of the asset shown, counting from 1, and of how many) for the counter and the
    // arrows' limits: over the whole list behind the viewer when the caller says where `ids` sits.
    let place = move || {
        let len = ids.with(Vec::len);
        let (before, total) = counter.map_or((0, len), |c| c.get());
        (before + index.get() + 1, total.max(len))
    };
    let at_first = move || place().0 == 1;
    let at_last = move || {
        let (at, total) = place();
        at >= total
    };
    // A step waiting for the list to grow past an end.
    let pending = StoredValue::new(None::<i64>);
    let info_open = RwSignal::new(false);
    let zoom = RwSignal::new(1.0_f64);
    let origin = RwSignal::new((50.0_f64, 50.0_f64));
    let reload = RwSignal::new(0_u64);
    let message = RwSignal::new(None::<String>);
    let touch_x = StoredValue::new(None::<i32>);
    // While two fingers pinch: how far apart they started and the zoom then.
    let pinch = StoredValue::new(None::<(f64, f64)>);

    let details = LocalResource::new(move || {
        let id = current.get();
        reload.track();
        async move {
            match id {
                Some(id) => asset_details(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let asset = move || details.get().and_then(Result::ok).flatten();
    // What machine learning found, loaded only while the info panel or the face boxes show it.
    let faces_shown = RwSignal::new(false);
    let findings_reload = RwSignal::new(0_u64);
    let highlighted = RwSignal::new(None::<Uuid>);
    let findings = LocalResource::new(move || {
        let id = current.get();
        let wanted = info_open.get() || faces_shown.get();
        findings_reload.track();
        async move {
            match id.filter(|_| wanted) {
                Some(id) => findings_of_asset(id).await.ok(),
                None => None,
            }
        }
    });
    let found = move || findings.get().flatten();
    let me = use_current_user();
    let owned = move || {
        let me = me.get().and_then(Result::ok).flatten().map(|u| u.id);
        asset().is_some_and(|a| Some(a.owner_id) == me)
    };

    let go = move |step: i64| {
        let next = index.get_untracked() as i64 + step;
        let target = usize::try_from(next).ok().and_then(|n| ids.with_untracked(|list| list.get(n).copied()));
        if let Some(id) = target {
            current.set(Some(id));
            zoom.set(1.0);
            message.set(None);
        } else if pending.get_value().is_none() && on_edge.is_some_and(|edge| edge.run(step.signum())) {
            pending.set_value(Some(step));
        }
    };
    // The list grew (or the caller gave up): take the step that was waiting, once.
    Effect::new(move |previous_len: Option<usize>| {
        let len = ids.with(Vec::len);
        if let Some(step) = pending.get_value() {
            pending.set_value(None);
            if previous_len.is_some_and(|p| p != len) {
                go(step);
            }
        }
        len
    });
    let close = move || on_close.run(());

    // Every change reloads the asset here and tells lists behind the viewer to refetch.
    let change = move |changes: UpdateAsset| {
        let Some(id) = current.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            match save_asset_changes(id, changes).await {
                Ok(_) => {
                    reload.update(|r| *r += 1);
                    library_changed();
                }
                Err(err) => message.set(Some(err.message().to_string())),
            }
        });
    };
    let toggle_favorite = move || {
        if let Some(a) = asset() {
            change(UpdateAsset { is_favorite: Some(!a.is_favorite), ..Default::default() });
        }
    };
    let toggle_archive = move || {
        if let Some(a) = asset() {
            let visibility = if a.is_archived { AssetVisibility::Timeline } else { AssetVisibility::Archive };
            change(UpdateAsset { visibility: Some(visibility), ..Default::default() });
        }
    };
    let trash_or_restore = move || {
        let Some(a) = asset() else { return };
        leptos::task::spawn_local(async move {
            let done =
                if a.is_trashed { restore_from_trash(vec![a.id]).await } else { move_to_trash(vec![a.id]).await };
            match done {
                Ok(()) => {
                    library_changed();
                    message.set(Some(if a.is_trashed { "Restored".into() } else { "Moved to the trash".into() }));
                    reload.update(|r| *r += 1);
                }
                Err(err) => message.set(Some(err.message().to_string())),
            }
        });
    };

    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let typing = event_target::<leptos::web_sys::Element>(&ev).tag_name();
        if matches!(typing.as_str(), "INPUT" | "TEXTAREA" | "SELECT") {
            if ev.key() == "Escape" {
                event_target::<leptos::web_sys::HtmlElement>(&ev).blur().ok();
            }
            return;
        }
        match ev.key().as_str() {
            "ArrowLeft" => go(-1),
            "ArrowRight" => go(1),
            "Escape" => close(),
            "f" | "F" if owned() => toggle_favorite(),
            "i" | "I" => info_open.update(|o| *o = !*o),
            "p" | "P" => faces_shown.update(|s| *s = !*s),
            "Delete" if owned() => trash_or_restore(),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || keys.remove());

    let stage = move || {
        let a = asset()?;
        let id = a.id;
        if a.asset_type == AssetType::Video {
            return Some(
                view! {
                    <video class="viewer-media" controls autoplay playsinline
                        poster=format!("/api/assets/{id}/thumbnail?size=preview")
                        src=format!("/api/assets/{id}/video/playback") />
                }
                .into_any(),
            );
        }
        let original_ok = browser_can_show(&a.original_mime_type);
        let src = move || {
            if zoom.get() > 1.0 && original_ok {
                format!("/api/assets/{id}/original")
            } else {
                format!("/api/assets/{id}/thumbnail?size=preview")
            }
        };
        let transform = Signal::derive(move || format!("scale({})", zoom.get()));
        let transform_origin = Signal::derive(move || {
            let (x, y) = origin.get();
            format!("{x}% {y}%")
        });
        let image = view! {
                <img
                    class="viewer-media"
                    src=src
                    alt=a.original_file_name.clone()
                    style:transform=move || transform.get()
                    style:transform-origin=move || transform_origin.get()
                    on:dblclick=move |ev| {
                        let (w, h) = (ev.client_x() as f64, ev.client_y() as f64);
                        let rect = event_target::<leptos::web_sys::Element>(&ev).get_bounding_client_rect();
                        if rect.width() > 0.0 && rect.height() > 0.0 {
                            origin.set(((w - rect.left()) / rect.width() * 100.0, (h - rect.top()) / rect.height() * 100.0));
                        }
                        zoom.update(|z| *z = if *z > 1.0 { 1.0 } else { 2.5 });
                    }
                    on:wheel=move |ev| {
                        ev.prevent_default();
                        let factor = if ev.delta_y() < 0.0 { ZOOM_STEP } else { 1.0 / ZOOM_STEP };
                        zoom.update(|z| *z = (*z * factor).clamp(1.0, MAX_ZOOM));
                    }
                />
        };
        // With its shape known, the photo sits in a frame of exactly its displayed size, so face
        // boxes (fractions of the image) land on the faces at any window size and zoom.
        let ratio = a.width.zip(a.height).filter(|(w, h)| *w > 0 && *h > 0).map(|(w, h)| f64::from(w) / f64::from(h));
        Some(match ratio {
            Some(ratio) => view! {
                <div class="viewer-frame" style=format!("--ratio: {ratio:.6}")>
                    {image}
                    {move || faces_shown.get().then(|| found().map(|f| view! {
                        <FaceBoxes faces=f.faces highlighted transform origin=transform_origin />
                    }))}
                </div>
            }
            .into_any(),
            None => image.into_any(),
        })
    };

    let albums = LocalResource::new(writable_albums);
    let album_choice = RwSignal::new(String::new());
    let add_to_album = move |_| {
        let (Some(id), Ok(album)) = (current.get_untracked(), Uuid::parse_str(&album_choice.get_untracked())) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match put_in_album(album, vec![id]).await {
                Ok(added) => {
                    library_changed();
                    message.set(Some(if added > 0 {
                        "Added to the album".into()
                    } else {
                        "Already in the album".into()
                    }));
                }
                Err(err) => message.set(Some(err.message().to_string())),
            }
        });
    };

    view! {
        <div
            class="viewer"
            role="dialog"
            aria-modal="true"
            aria-label="Viewer"
            on:touchstart=move |ev| {
                let touches = ev.touches();
                if let Some(distance) = finger_distance(&touches) {
                    pinch.set_value(Some((distance, zoom.get_untracked())));
                    touch_x.set_value(None);
                } else {
                    touch_x.set_value(touches.get(0).map(|t| t.client_x()));
                }
            }
            on:touchmove=move |ev| {
                if let (Some((start_distance, start_zoom)), Some(distance)) = (pinch.get_value(), finger_distance(&ev.touches())) {
                    ev.prevent_default();
                    zoom.set(pinch_zoom(start_zoom, start_distance, distance));
                }
            }
            on:touchend=move |ev| {
                if pinch.get_value().is_some() {
                    // A pinch is not a swipe; it ends when fewer than two fingers remain.
                    if ev.touches().length() < 2 {
                        pinch.set_value(None);
                    }
                    return;
                }
                let start = touch_x.get_value();
                let end = ev.changed_touches().get(0).map(|t| t.client_x());
                if let (Some(start), Some(end), true) = (start, end, zoom.get_untracked() <= 1.0) {
                    if end - start > SWIPE { go(-1) } else if start - end > SWIPE { go(1) }
                }
            }
        >
            <header class="viewer-bar">
                <button type="button" class="icon" aria-label="Close" title="Close (Esc)" on:click=move |_| close()>"✕"</button>
                <span class="viewer-position">{move || {
                    let (at, total) = place();
                    format!("{at} / {total}")
                }}</span>
                <span class="viewer-message" role="status">{move || message.get()}</span>
                {move || asset().map(|a| {
                    let id = a.id;
                    let mine = owned();
                    view! {
                        <div class="viewer-actions">
                            {mine.then(|| view! {
                                <button type="button" class="icon" aria-pressed=if a.is_favorite { "true" } else { "false" }
                                    aria-label=if a.is_favorite { "Unfavorite" } else { "Favorite" } title="Favorite (F)"
                                    on:click=move |_| toggle_favorite()>{if a.is_favorite { "♥" } else { "♡" }}</button>
                                <button type="button" class="icon" aria-label=if a.is_archived { "Unarchive" } else { "Archive" }
                                    title=if a.is_archived { "Unarchive" } else { "Archive" }
                                    on:click=move |_| toggle_archive()>"▤"</button>
                            })}
                            <a class="icon" href=format!("/api/assets/{id}/original") download=a.original_file_name.clone()
                                aria-label="Download" title="Download">"⤓"</a>
                            <button type="button" class="icon" aria-label="Info" title="Info (I)"
                                aria-pressed=move || if info_open.get() { "true" } else { "false" }
                                on:click=move |_| info_open.update(|o| *o = !*o)>"ⓘ"</button>
                            {(a.asset_type != AssetType::Video).then(|| view! {
                                <button type="button" class="icon" aria-label="Show faces" title="Show faces (P)"
                                    aria-pressed=move || if faces_shown.get() { "true" } else { "false" }
                                    on:click=move |_| faces_shown.update(|s| *s = !*s)>"☺"</button>
                            })}
                            {mine.then(|| view! {
                                <button type="button" class="icon" aria-label=if a.is_trashed { "Restore" } else { "Delete" }
                                    title=if a.is_trashed { "Restore" } else { "Move to the trash (Delete)" }
                                    on:click=move |_| trash_or_restore()>{if a.is_trashed { "↺" } else { "🗑" }}</button>
                            })}
                        </div>
                    }
                })}
            </header>
            <button type="button" class="viewer-prev" aria-label="Previous" disabled=at_first
                on:click=move |_| go(-1)>"‹"</button>
            <div class="viewer-stage">
                {move || match details.get() {
                    None => view! { <p class="loading">"Loading…"</p> }.into_any(),
                    Some(Err(err)) => view! { <p class="alert" role="alert">{err.message().to_string()}</p> }.into_any(),
                    Some(Ok(_)) => stage().into_any(),
                }}
            </div>
            <button type="button" class="viewer-next" aria-label="Next" disabled=at_last
                on:click=move |_| go(1)>"›"</button>
            {move || (info_open.get()).then(|| asset().map(|a| {
                let mine = owned();
                let asset_id = a.id;
                view! {
                    <div class="viewer-side">
                        <InfoPanel
                            asset=a
                            owned=mine
                            on_description=Callback::new(move |text: String| change(UpdateAsset { description: Some(text), ..Default::default() }))
                            on_rating=Callback::new(move |stars: Option<i32>| change(UpdateAsset { rating: Some(stars), ..Default::default() }))
                            on_date=Callback::new(move |value: String| change(UpdateAsset { date_time_original: Some(format!("{value}:00")), ..Default::default() }))
                        >
                            {move || found().map(|f| view! {
                                <FoundInPhoto findings=f owned=mine highlighted
                                    on_changed=Callback::new(move |_| {
                                        findings_reload.update(|r| *r += 1);
                                        library_changed();
                                    }) />
                            })}
                        </InfoPanel>
                        <form class="viewer-album" on:submit=move |ev| { ev.prevent_default(); add_to_album(()); }>
                            <label>
                                "Add to album"
                                <select aria-label="Album" on:change=move |ev| album_choice.set(event_target_value(&ev))>
                                    <option value="">"Choose an album"</option>
                                    {move || albums.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|(id, name)| {
                                        view! { <option value=id.to_string()>{name}</option> }
                                    }).collect_view()}
                                </select>
                            </label>
                            <button type="submit" class="secondary">"Add"</button>
                        </form>
                        {mine.then(|| view! {
                            <details class="viewer-share">
                                <summary>"Share by link"</summary>
                                <SharePanel ids=Signal::derive(move || vec![asset_id]) />
                            </details>
                        })}
                    </div>
                }
            }))}
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinch_scales_the_zoom_it_started_from_within_limits() {
        assert_eq!(pinch_zoom(1.0, 100.0, 250.0), 2.5);
        assert_eq!(pinch_zoom(2.0, 200.0, 100.0), 1.0);
        assert_eq!(pinch_zoom(4.0, 100.0, 400.0), MAX_ZOOM);
        assert_eq!(pinch_zoom(1.0, 100.0, 50.0), 1.0, "never smaller than the screen");
        assert_eq!(pinch_zoom(3.0, 0.0, 50.0), 3.0, "fingers that started together change nothing");
    }
}
