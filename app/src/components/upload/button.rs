//! The top bar's Upload buttons: one opens the file picker, the other a folder picker. The
//! inputs themselves stay hidden; the buttons are what keyboard and screen reader users reach.

use super::use_uploads;
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn UploadButton() -> AnyView {
    let uploads = use_uploads();
    let files_input = NodeRef::<html::Input>::new();
    let folder_input = NodeRef::<html::Input>::new();
    let open = move |input: NodeRef<html::Input>| {
        #[cfg(feature = "hydrate")]
        if let Some(input) = input.get() {
            input.click();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = input;
    };
    let picked = move |input: NodeRef<html::Input>| {
        #[cfg(feature = "hydrate")]
        if let Some(input) = input.get() {
            super::browser::add_from_input(uploads, &input);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (input, uploads);
    };
    view! {
        <div class="upload-buttons">
            <button
                type="button"
                class="button upload-button"
                aria-label="Upload"
                title="Upload photos and videos"
                on:click=move |_| open(files_input)
            >
                <svg class="upload-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                    <path fill="currentColor" d="M11 16V7.8l-3.6 3.6L6 10l6-6 6 6-1.4 1.4L13 7.8V16zm-6 4v-5h2v3h10v-3h2v5z" />
                </svg>
                <span class="upload-button-label">"Upload"</span>
            </button>
            <button
                type="button"
                class="icon-button"
                aria-label="Upload a folder"
                title="Upload a folder"
                on:click=move |_| open(folder_input)
            >
                <svg class="upload-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                    <path fill="currentColor" d="M3 5h7l2 2h9v12H3zm2 4v8h14V9z" />
                </svg>
            </button>
            <input
                type="file"
                multiple
                hidden
                aria-label="Files to upload"
                data-upload="files"
                node_ref=files_input
                on:change=move |_| picked(files_input)
            />
            <input
                type="file"
                multiple
                // The attribute has no typed setter in Leptos; the picker is only used hydrated.
                prop:webkitdirectory=true
                hidden
                aria-label="Folder to upload"
                data-upload="folder"
                node_ref=folder_input
                on:change=move |_| picked(folder_input)
            />
        </div>
    }
    // Type-erased: the Shell's view type is deep enough already.
    .into_any()
}
