//! Where a photo was taken, as a small map in the viewer's info panel, with a link that opens the
//! map page there. Shown only when the admin has the map on.

use crate::components::map::{MapCenter, MapView};
use crate::server_fns::map::map_settings::map_settings;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn PlaceMap(id: Uuid, lat: f64, lon: f64) -> impl IntoView {
    let settings = LocalResource::new(map_settings);
    move || {
        settings.get().and_then(Result::ok).filter(|s| s.enabled).map(|s| {
            view! {
                <div class="viewer-map">
                    <MapView
                        markers=Signal::stored(vec![(id, lat, lon)])
                        light_style=s.light_style
                        dark_style=s.dark_style
                        center=Some(MapCenter { lat, lon, zoom: 13.0 })
                        interactive=false
                        on_open=Callback::new(|_| {})
                        class="viewer-map-view"
                    />
                    <a class="viewer-map-link" href=format!("/map?at={lat},{lon},16")>"Show on map"</a>
                </div>
            }
        })
    }
}
