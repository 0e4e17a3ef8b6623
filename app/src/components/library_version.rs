//! A counter bumped whenever the library changes from this page (an edit, a trash, an album
//! change), so lists and timelines refetch. Provided by the Shell; a private one elsewhere.

use leptos::prelude::*;

#[derive(Clone, Copy)]
struct LibraryVersion(RwSignal<u64>);

pub fn provide_library_version() {
    provide_context(LibraryVersion(RwSignal::new(0)));
}

pub fn use_library_version() -> RwSignal<u64> {
    use_context::<LibraryVersion>().map(|v| v.0).unwrap_or_else(|| RwSignal::new(0))
}

/// A handle that tells every list on the page to refetch. Take it while the component is
/// created: inside an async task, after an `.await`, the context is no longer reachable.
pub fn library_changer() -> impl Fn() + Copy + 'static {
    let version = use_library_version();
    move || version.update(|v| *v += 1)
}
