//! Photos: the whole library as a timeline, with "on this day" above it.

use crate::components::memories::Memories;
use crate::components::timeline::Timeline;
use domain::dto::assets::AssetVisibility;
use domain::dto::timeline::TimelineQuery;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PhotosPage() -> impl IntoView {
    let query =
        TimelineQuery { visibility: Some(AssetVisibility::Timeline), with_partners: Some(true), ..Default::default() };
    view! {
        <Title text="Photos" />
        <div class="timeline-page">
            <h1>"Photos"</h1>
            <Memories />
            <Timeline query empty_text="No photos yet — drop files anywhere or use Upload" />
        </div>
    }
}
