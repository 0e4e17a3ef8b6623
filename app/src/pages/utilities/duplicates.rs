//! Near-duplicates, group by group: the photos side by side with their size, date and
//! resolution, the one Immich would keep already ticked; "Keep selected, trash others" or
//! "Not duplicates". A photo opens the viewer on its group.

use crate::components::library_version::{library_changer, use_library_version};
use crate::components::upload::format_bytes;
use crate::components::viewer::Viewer;
use crate::server_fns::duplicates::dismiss_duplicates::dismiss_duplicates;
use crate::server_fns::duplicates::duplicate_groups::duplicate_groups;
use crate::server_fns::duplicates::resolve_duplicates::resolve_duplicates;
use domain::dto::assets::AssetResponse;
use domain::dto::duplicates::DuplicateResponse;
use leptos::prelude::*;
use leptos_meta::Title;
use std::collections::HashSet;
use uuid::Uuid;

/// What tells the copies apart: `4032 × 3024 · 3.1 MB`.
pub fn size_text(asset: &AssetResponse) -> String {
    let mut parts = Vec::new();
    if let (Some(w), Some(h)) = (asset.width, asset.height) {
        parts.push(format!("{w} × {h}"));
    }
    if let Some(bytes) = asset.exif_info.as_ref().and_then(|e| e.file_size_in_byte) {
        parts.push(format_bytes(bytes.max(0) as u64));
    }
    parts.join(" · ")
}

/// The keep/trash split of a group: the ticked photos are kept, the others trashed.
pub fn split(group: &DuplicateResponse, keep: &HashSet<Uuid>) -> (Vec<Uuid>, Vec<Uuid>) {
    group.assets.iter().map(|a| a.id).partition(|id| keep.contains(id))
}

#[component]
pub fn DuplicatesPage() -> impl IntoView {
    let version = use_library_version();
    let groups = Resource::new(move || version.get(), |_| duplicate_groups());
    let message = RwSignal::new(None::<String>);
    view! {
        <Title text="Duplicates" />
        <div class="duplicates-page">
            <div class="page-header">
                <h1>"Review duplicates"</h1>
                <a class="button secondary small" href="/utilities">"Utilities"</a>
            </div>
            <p class="duplicates-message" role="status">{move || message.get()}</p>
            <Transition fallback=|| view! { <p class="loading">"Loading duplicates…"</p> }>
                {move || Suspend::new(async move {
                    match groups.await {
                        Ok(found) if found.groups.is_empty() => view! {
                            <div class="placeholder">
                                <p>"No duplicates to review."</p>
                                <p>{if found.enabled {
                                    "Photos that look the same are grouped here once smart search has looked at them."
                                } else {
                                    "Duplicate detection is turned off on this server (it needs machine learning with smart search)."
                                }}</p>
                            </div>
                        }
                        .into_any(),
                        Ok(found) => {
                            let count = found.groups.len();
                            view! {
                                <p class="muted">{if count == 1 { "1 group".to_string() } else { format!("{count} groups") }}</p>
                                <ol class="duplicate-groups">
                                    {found.groups.into_iter().enumerate().map(|(i, group)| view! {
                                        <DuplicateGroup group number=i + 1 message />
                                    }).collect_view()}
                                </ol>
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
fn DuplicateGroup(group: DuplicateResponse, number: usize, message: RwSignal<Option<String>>) -> impl IntoView {
    let library_changed = library_changer();
    let keep = RwSignal::new(group.suggested_keep_asset_ids.iter().copied().collect::<HashSet<_>>());
    let busy = RwSignal::new(false);
    let viewing = RwSignal::new(None::<usize>);
    let ids: Vec<Uuid> = group.assets.iter().map(|a| a.id).collect();
    let duplicate_id = group.duplicate_id;
    let stored = StoredValue::new(group.clone());
    let finish =
        move |work: std::pin::Pin<Box<dyn std::future::Future<Output = Result<String, crate::error::UiError>>>>| {
            busy.set(true);
            leptos::task::spawn_local(async move {
                match work.await {
                    Ok(done) => {
                        message.set(Some(done));
                        library_changed();
                    }
                    Err(err) => message.set(Some(err.message().to_string())),
                }
                busy.set(false);
            });
        };
    let resolve = move |_| {
        let (kept, trashed) = stored.with_value(|g| split(g, &keep.get_untracked()));
        if kept.is_empty() {
            let question = format!("Keep none of them and move all {} to the trash?", trashed.len());
            if !leptos::prelude::window().confirm_with_message(&question).unwrap_or(false) {
                return;
            }
        }
        let done = format!("Kept {}, moved {} to the trash", kept.len(), trashed.len());
        finish(Box::pin(async move { resolve_duplicates(duplicate_id, kept, trashed).await.map(|_| done) }));
    };
    let dismiss = move |_| {
        finish(Box::pin(async move {
            dismiss_duplicates(vec![duplicate_id]).await.map(|_| "Marked as not duplicates".to_string())
        }));
    };
    let heading = format!("duplicate-group-{number}");
    let labelled_by = heading.clone();
    let title = format!("Group {number} · {} photos", group.assets.len());
    view! {
        <li class="duplicate-group">
            <section aria-labelledby=labelled_by>
                <h2 id=heading>{title}</h2>
                <ul class="duplicate-assets">
                    {group.assets.into_iter().enumerate().map(|(i, asset)| {
                        let id = asset.id;
                        let kept = move || keep.with(|k| k.contains(&id));
                        let name = asset.original_file_name.clone();
                        let taken = asset.local_date_time.naive_utc().format("%-d %b %Y, %H:%M").to_string();
                        view! {
                            <li class="duplicate-card" class:duplicate-keep=kept data-asset-id=id.to_string()>
                                <button type="button" class="duplicate-photo" aria-label=format!("Open {name}")
                                    on:click=move |_| viewing.set(Some(i))>
                                    <img src=format!("/api/assets/{id}/thumbnail?size=thumbnail") alt="" loading="lazy" />
                                </button>
                                <label class="checkbox">
                                    <input type="checkbox" prop:checked=kept aria-label=format!("Keep {name}")
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            keep.update(|k| { if on { k.insert(id); } else { k.remove(&id); } });
                                        } />
                                    {move || if kept() { "Keep" } else { "Trash" }}
                                </label>
                                <dl class="duplicate-facts">
                                    <dt>"File"</dt><dd>{name.clone()}</dd>
                                    <dt>"Size"</dt><dd>{size_text(&asset)}</dd>
                                    <dt>"Taken"</dt><dd>{taken}</dd>
                                </dl>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <div class="row">
                    <button type="button" class="button" disabled=move || busy.get() on:click=resolve>"Keep selected, trash others"</button>
                    <button type="button" class="button secondary" disabled=move || busy.get() on:click=dismiss>"Not duplicates"</button>
                </div>
            </section>
            {move || viewing.get().map(|start| {
                let ids = ids.clone();
                view! { <Viewer ids=Signal::derive(move || ids.clone()) start on_close=Callback::new(move |_| viewing.set(None)) /> }
            })}
        </li>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticked_photos_are_kept_and_the_rest_trashed_in_group_order() {
        let asset = |n: u128| -> AssetResponse {
            serde_json::from_value(serde_json::json!({
                "id": Uuid::from_u128(n), "ownerId": Uuid::from_u128(99),
                "deviceAssetId": "", "deviceId": "", "type": "IMAGE", "originalPath": "", "originalFileName": format!("{n}.jpg"),
                "originalMimeType": "image/jpeg", "checksum": "",
                "fileCreatedAt": "2024-03-01T10:00:00Z", "fileModifiedAt": "2024-03-01T10:00:00Z",
                "localDateTime": "2024-03-01T11:30:00Z", "createdAt": "2024-03-01T10:00:00Z",
                "updatedAt": "2024-03-01T10:00:00Z", "isFavorite": false, "isArchived": false, "isTrashed": false,
                "isOffline": false, "isEdited": false, "hasMetadata": true, "visibility": "timeline",
                "width": 4032, "height": 3024
            }))
            .unwrap_or_else(|e| panic!("{e}"))
        };
        let group = DuplicateResponse {
            duplicate_id: Uuid::from_u128(50),
            assets: vec![asset(1), asset(2), asset(3)],
            suggested_keep_asset_ids: vec![Uuid::from_u128(2)],
        };
        let keep: HashSet<Uuid> = [Uuid::from_u128(2)].into();
        assert_eq!(split(&group, &keep), (vec![Uuid::from_u128(2)], vec![Uuid::from_u128(1), Uuid::from_u128(3)]));
        assert_eq!(size_text(&group.assets[0]), "4032 × 3024");
    }
}
