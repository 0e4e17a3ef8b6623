//! Dropping files anywhere on a signed-in page: while files are dragged over the window a
//! full-window overlay says so, and a drop queues them (folders included). The listeners sit on
//! the window, so every page of the Shell is a drop target without knowing about it.

use super::use_uploads;
use leptos::prelude::*;

#[component]
pub fn DropZone() -> AnyView {
    let uploads = use_uploads();
    let dragging = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    listen(uploads, dragging);
    #[cfg(not(feature = "hydrate"))]
    let _ = uploads;
    view! {
        // Visual feedback for pointer drags only; the Upload button is the accessible way in.
        <div class="drop-overlay" hidden=move || !dragging.get() aria-hidden="true">
            <div class="drop-overlay-box">
                <svg viewBox="0 0 24 24" width="48" height="48" aria-hidden="true">
                    <path fill="currentColor" d="M11 16V7.8l-3.6 3.6L6 10l6-6 6 6-1.4 1.4L13 7.8V16zm-6 4v-5h2v3h10v-3h2v5z" />
                </svg>
                <p>"Drop to upload"</p>
            </div>
        </div>
    }
    // Type-erased: the Shell's view type is deep enough already.
    .into_any()
}

#[cfg(feature = "hydrate")]
fn listen(uploads: super::Uploads, dragging: RwSignal<bool>) {
    use super::browser;
    use leptos::ev;
    use std::cell::Cell;
    use std::rc::Rc;
    use web_sys::DragEvent;

    let carries_files = |ev: &DragEvent| ev.data_transfer().is_some_and(|d| browser::has_files(&d));
    // `dragenter` and `dragleave` come for every element crossed; the overlay shows while more
    // were entered than left.
    let depth = Rc::new(Cell::new(0_u32));

    let entered = Rc::clone(&depth);
    let enter = window_event_listener(ev::dragenter, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            entered.set(entered.get() + 1);
            dragging.set(true);
        }
    });
    let over = window_event_listener(ev::dragover, move |ev| {
        if carries_files(&ev) {
            // Without this the browser opens the file instead of letting the page take it.
            ev.prevent_default();
            if let Some(data) = ev.data_transfer() {
                data.set_drop_effect("copy");
            }
        }
    });
    let left = Rc::clone(&depth);
    let leave = window_event_listener(ev::dragleave, move |ev| {
        if carries_files(&ev) {
            left.set(left.get().saturating_sub(1));
            if left.get() == 0 {
                dragging.set(false);
            }
        }
    });
    let dropped = Rc::clone(&depth);
    let drop = window_event_listener(ev::drop, move |ev| {
        dropped.set(0);
        dragging.set(false);
        if let Some(data) = ev.data_transfer().filter(browser::has_files) {
            ev.prevent_default();
            browser::add_dropped(uploads, &data);
        }
    });
    // Leaving a page while uploads run would cancel them: ask first.
    let unload = window_event_listener(ev::beforeunload, move |ev| {
        if uploads.queue.try_with(|q| q.summary().pending > 0).unwrap_or(false) {
            ev.prevent_default();
            ev.set_return_value("Uploads are still running.");
        }
    });
    on_cleanup(move || {
        for handle in [enter, over, leave, drop, unload] {
            handle.remove();
        }
    });
}
