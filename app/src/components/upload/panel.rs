//! The upload panel, bottom right: total progress, speed and counts, then a row per file with
//! its own bar and state, a Retry for each failed file and one for all. It appears with the first
//! file and can be collapsed; once nothing is left to send, Clear closes it.

use super::queue::{format_bytes, format_speed, Item, ItemId, ItemState, Summary};
use super::{use_uploads, Uploads};
use leptos::prelude::*;

#[component]
pub fn UploadPanel() -> AnyView {
    let uploads = use_uploads();
    let queue = uploads.queue;
    let visible = move || queue.with(|q| !q.is_empty());
    // Type-erased: the Shell's view type is deep enough already.
    view! { <Show when=visible>{move || view! { <Panel uploads /> }}</Show> }.into_any()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What a screen reader hears: changes when a file ends, not with every progress event.
fn status_text(s: &Summary) -> String {
    if s.pending > 0 {
        format!("Uploading {} of {}", (s.finished + 1).min(s.total), s.total)
    } else {
        let mut parts = vec![format!("{} uploaded", s.uploaded)];
        if s.duplicates > 0 {
            parts.push(plural(s.duplicates, "duplicate skipped", "duplicates skipped"));
        }
        if s.failed > 0 {
            parts.push(format!("{} failed", s.failed));
        }
        format!("Finished: {}", parts.join(", "))
    }
}

#[component]
fn Panel(uploads: Uploads) -> impl IntoView {
    let queue = uploads.queue;
    let expanded = RwSignal::new(true);
    let summary = Memo::new(move |_| queue.with(|q| q.summary()));
    let speed = Memo::new(move |_| queue.with(|q| q.bytes_per_second().map(format_speed)));
    let ids = Memo::new(move |_| queue.with(|q| q.ids()));
    let percent = move || summary.get().percent();
    let has_failed = Memo::new(move |_| summary.get().failed > 0);
    view! {
        <section class="upload-panel" aria-labelledby="upload-panel-title">
            <div class="upload-panel-header">
                <h2 id="upload-panel-title">"Uploads"</h2>
                <span class="upload-of" data-count="progress">
                    {move || summary.with(|s| format!("{} of {}", s.finished, s.total))}
                </span>
                <button
                    type="button"
                    class="icon-button"
                    aria-controls="upload-panel-body"
                    aria-expanded=move || expanded.get().to_string()
                    aria-label=move || if expanded.get() { "Hide upload details" } else { "Show upload details" }
                    on:click=move |_| expanded.update(|e| *e = !*e)
                >
                    {move || if expanded.get() { "▾" } else { "▴" }}
                </button>
                <button
                    type="button"
                    class="icon-button"
                    aria-label="Clear uploads"
                    title="Clear uploads"
                    hidden=move || summary.with(|s| s.pending > 0)
                    on:click=move |_| clear(uploads)
                >
                    "×"
                </button>
            </div>
            <ProgressBar label="Total upload progress".to_string() percent=Signal::derive(percent) />
            <p class="upload-status">
                <span role="status">{move || summary.with(status_text)}</span>
                {move || speed.get().map(|s| view! { <span class="upload-speed" data-count="speed">{s}</span> })}
            </p>
            <p class="upload-counts">
                <span data-count="uploaded">{move || format!("{} uploaded", summary.get().uploaded)}</span>
                <span data-count="duplicates">
                    {move || plural(summary.get().duplicates, "duplicate skipped", "duplicates skipped")}
                </span>
                <span data-count="failed" class:has-failed=has_failed>
                    {move || format!("{} failed", summary.get().failed)}
                </span>
            </p>
            <div id="upload-panel-body" class="upload-panel-body" hidden=move || !expanded.get()>
                <button
                    type="button"
                    class="button small secondary"
                    hidden=move || summary.get().retryable == 0
                    on:click=move |_| retry_all(uploads)
                >
                    "Retry all failed"
                </button>
                <ul class="upload-items">
                    <For each=move || ids.get() key=|id| *id let:id>
                        <Row uploads id />
                    </For>
                </ul>
            </div>
        </section>
    }
}

#[component]
fn Row(uploads: Uploads, id: ItemId) -> impl IntoView {
    let queue = uploads.queue;
    // Only this row's file: the row updates when it changes, not with every file's progress.
    let item = Memo::new(move |_| queue.with(|q| q.item(id).cloned()));
    let field = move |f: fn(&Item) -> String| move || item.with(|i| i.as_ref().map(f).unwrap_or_default());
    let state_name = move || {
        item.with(|i| match i.as_ref().map(|i| &i.state) {
            Some(ItemState::Queued) | None => "queued",
            Some(ItemState::Uploading) => "uploading",
            Some(ItemState::Done) => "done",
            Some(ItemState::Duplicate) => "duplicate",
            Some(ItemState::Failed { .. }) => "failed",
        })
    };
    let state_text = move || {
        item.with(|i| {
            let Some(i) = i else { return String::new() };
            match &i.state {
                ItemState::Queued => "Queued".to_string(),
                ItemState::Uploading if i.loaded >= i.size => "Finishing…".to_string(),
                ItemState::Uploading => format!("Uploading {}%", i.percent()),
                ItemState::Done => "Uploaded".to_string(),
                ItemState::Duplicate => "Duplicate, skipped".to_string(),
                ItemState::Failed { reason, .. } => format!("Failed: {reason}"),
            }
        })
    };
    let retryable = move || item.with(|i| i.as_ref().is_some_and(Item::is_retryable));
    let name = item.with_untracked(|i| i.as_ref().map(|i| i.name.clone()).unwrap_or_default());
    let percent = Signal::derive(move || item.with(|i| i.as_ref().map(Item::percent).unwrap_or(0)));
    view! {
        <li class="upload-item" data-state=state_name>
            <div class="upload-item-line">
                <span class="upload-item-name" title=field(|i| i.path.clone())>{field(|i| i.name.clone())}</span>
                <span class="upload-item-size">{field(|i| format_bytes(i.size))}</span>
            </div>
            <ProgressBar label=format!("{name} upload progress") percent small=true />
            <div class="upload-item-line">
                <span class="upload-item-state">{state_text}</span>
                <Show when=retryable>
                    <button
                        type="button"
                        class="button small secondary"
                        aria-label=format!("Retry {name}")
                        on:click=move |_| retry(uploads, id)
                    >
                        "Retry"
                    </button>
                </Show>
            </div>
        </li>
    }
}

#[component]
fn ProgressBar(label: String, percent: Signal<u8>, #[prop(optional)] small: bool) -> impl IntoView {
    view! {
        <div
            class="upload-progress"
            class:small=small
            role="progressbar"
            aria-label=label
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=move || percent.get().to_string()
        >
            <div class="upload-progress-fill" style:width=move || format!("{}%", percent.get())></div>
        </div>
    }
}

fn retry(uploads: Uploads, id: ItemId) {
    #[cfg(feature = "hydrate")]
    super::browser::retry(uploads, id);
    #[cfg(not(feature = "hydrate"))]
    let _ = (uploads, id);
}

fn retry_all(uploads: Uploads) {
    #[cfg(feature = "hydrate")]
    super::browser::retry_all(uploads);
    #[cfg(not(feature = "hydrate"))]
    let _ = uploads;
}

fn clear(uploads: Uploads) {
    #[cfg(feature = "hydrate")]
    super::browser::clear(uploads);
    #[cfg(not(feature = "hydrate"))]
    let _ = uploads;
}
