//! Uploading from the browser. Files or whole folders dropped anywhere in the signed-in app, or
//! picked with the Upload button, go to `POST /api/assets` a few at a time, and a panel shows how
//! each one is doing. The Shell mounts all of it, so uploads go on while the visitor moves about.

// The queue's rules, the accepted types and the reading of answers are plain data, tested on
// the host; only the browser build drives them, so the server build sees them unused.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
mod accepted;
#[cfg(feature = "hydrate")]
mod browser;
mod button;
mod drop_zone;
mod panel;
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
mod queue;
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
mod response;

pub use button::UploadButton;
pub use drop_zone::DropZone;
pub use panel::UploadPanel;
pub use queue::format_bytes;

use leptos::prelude::*;
use queue::Queue;

/// The upload state the Shell shares with the button, the drop zone, the panel and the pages.
#[derive(Clone, Copy)]
pub struct Uploads {
    queue: RwSignal<Queue>,
    /// Goes up by one each time an upload creates an asset.
    assets_added: RwSignal<u64>,
    /// Where files go: `/api/assets`, or with a shared link's key on its public page.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    target: StoredValue<String>,
}

/// Creates the queue for this mount of the Shell and provides it to everything inside.
pub fn provide_uploads() -> Uploads {
    provide_uploads_to("/api/assets".to_string())
}

/// As [`provide_uploads`], sending files to `target` (a shared link's upload address).
pub fn provide_uploads_to(target: String) -> Uploads {
    let uploads = Uploads {
        queue: RwSignal::new(Queue::default()),
        assets_added: RwSignal::new(0),
        target: StoredValue::new(target),
    };
    provide_context(uploads);
    #[cfg(feature = "hydrate")]
    {
        // After hydration, in the browser only: which file types the server takes.
        Effect::new(move |_| browser::load_accepted_types());
        on_cleanup(browser::abort_all);
    }
    uploads
}

fn use_uploads() -> Uploads {
    // Outside the Shell (never in this app) an unshared queue keeps the components working.
    use_context::<Uploads>().unwrap_or_else(provide_uploads)
}

/// Counts the assets uploads have created since the Shell was mounted: pages that list assets
/// refetch when it changes. Always 0 outside the Shell.
pub fn use_assets_added() -> Signal<u64> {
    match use_context::<Uploads>() {
        Some(uploads) => uploads.assets_added.into(),
        None => Signal::stored(0),
    }
}
