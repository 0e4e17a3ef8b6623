//! A MapLibre map of photo positions, drawn by `map/map.js` (loaded with the WASM bundle; it
//! fetches MapLibre itself, only on pages with a map). Markers cluster and split as one zooms;
//! picking a cluster or a photo hands its asset ids to `on_open`. Without map tiles (no
//! internet) the markers stay usable on a plain background.

use leptos::html;
use leptos::prelude::*;
#[cfg(feature = "hydrate")]
use serde::Serialize;
use uuid::Uuid;

#[cfg(feature = "hydrate")]
mod bindings {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/components/map/map.js")]
    extern "C" {
        #[wasm_bindgen(js_name = openMap)]
        pub fn open_map(
            container: &web_sys::HtmlElement,
            options: &str,
            on_open: &Closure<dyn FnMut(String)>,
        ) -> JsValue;
        #[wasm_bindgen(js_name = setMarkers)]
        pub fn set_markers(handle: &JsValue, markers: &str);
        #[wasm_bindgen(js_name = closeMap)]
        pub fn close_map(handle: &JsValue);
    }
}

/// What `map.js` is told when it opens a map.
#[cfg(feature = "hydrate")]
#[derive(Serialize)]
struct Options<'a> {
    style: &'a str,
    markers: Vec<(Uuid, f64, f64)>,
    /// `[lon, lat]`.
    center: Option<[f64; 2]>,
    zoom: Option<f64>,
    interactive: bool,
    #[serde(rename = "fitMarkers")]
    fit_markers: bool,
}

/// Where a map opens: a point and a zoom level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapCenter {
    pub lat: f64,
    pub lon: f64,
    pub zoom: f64,
}

/// The style for the page's theme (set on `<html data-theme>`).
#[cfg(feature = "hydrate")]
fn style_for_theme(light: &str, dark: &str) -> String {
    let dark_theme = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|root| root.get_attribute("data-theme"))
        .is_some_and(|theme| theme == "dark");
    if dark_theme { dark } else { light }.to_string()
}

#[cfg(feature = "hydrate")]
fn markers_json(markers: &[(Uuid, f64, f64)]) -> String {
    serde_json::to_string(markers).unwrap_or_else(|_| "[]".into())
}

#[component]
pub fn MapView(
    /// `(asset, latitude, longitude)`; the map follows changes.
    #[prop(into)]
    markers: Signal<Vec<(Uuid, f64, f64)>>,
    /// MapLibre style URLs; empty: a plain background.
    light_style: String,
    dark_style: String,
    /// Where to open; `None`: wherever shows every marker.
    center: Option<MapCenter>,
    /// `false`: a small map to look at (the viewer's), not to explore.
    #[prop(default = true)]
    interactive: bool,
    /// Called with the assets of the cluster or photo picked.
    on_open: Callback<Vec<Uuid>>,
    #[prop(into, optional)] class: String,
) -> impl IntoView {
    let container = NodeRef::<html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::prelude::*;
        let handle = StoredValue::new_local(None::<JsValue>);
        // Kept alive as long as the map: MapLibre calls it on every click.
        let callback = StoredValue::new_local(None::<Closure<dyn FnMut(String)>>);
        Effect::new(move |_| {
            let Some(element) = container.get() else { return };
            let initial = markers.get_untracked();
            if handle.with_value(Option::is_some) {
                return;
            }
            let style = style_for_theme(&light_style, &dark_style);
            let options = Options {
                style: &style,
                markers: initial,
                center: center.map(|c| [c.lon, c.lat]),
                zoom: center.map(|c| c.zoom),
                interactive,
                fit_markers: center.is_none(),
            };
            let options = serde_json::to_string(&options).unwrap_or_else(|_| "{}".into());
            let closure = Closure::<dyn FnMut(String)>::new(move |ids: String| {
                let ids: Vec<Uuid> = serde_json::from_str(&ids).unwrap_or_default();
                if !ids.is_empty() {
                    on_open.run(ids);
                }
            });
            let opened = bindings::open_map(&element, &options, &closure);
            callback.set_value(Some(closure));
            handle.set_value(Some(opened));
        });
        // Later marker lists (other filters) replace the markers on the open map.
        Effect::new(move |previous: Option<()>| {
            let list = markers.get();
            if previous.is_some() {
                handle.with_value(|h| {
                    if let Some(h) = h {
                        bindings::set_markers(h, &markers_json(&list));
                    }
                });
            }
        });
        on_cleanup(move || {
            handle.with_value(|h| {
                if let Some(h) = h {
                    bindings::close_map(h);
                }
            });
            handle.set_value(None);
            callback.set_value(None);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    {
        // The map is drawn in the browser only.
        let _ = (markers, light_style, dark_style, center, interactive, on_open);
    }
    view! { <div class=format!("map-view {class}") node_ref=container data-state="loading"></div> }
}
