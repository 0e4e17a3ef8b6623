//! The map: every geotagged photo the filters let through, clustered. A cluster (or a photo)
//! opens its photos in a grid beside the map, and a photo there opens the viewer. `?at=lat,lon,zoom`
//! opens the map at a place ("show on map" in the viewer).

use crate::components::library_version::use_library_version;
use crate::components::map::{MapCenter, MapView};
use crate::components::selection::{SelectionBar, SelectionPlace};
use crate::components::viewer::Viewer;
use crate::server_fns::map::map_markers::map_markers;
use crate::server_fns::map::map_settings::map_settings;
use chrono::NaiveDate;
use domain::dto::map::MapMarkersQuery;
use domain::dto::search::day_range;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use std::collections::HashSet;
use uuid::Uuid;

/// `lat,lon` or `lat,lon,zoom`, within the globe's limits.
fn parse_at(text: &str) -> Option<MapCenter> {
    let mut parts = text.split(',').map(|p| p.trim().parse::<f64>());
    let lat = parts.next()?.ok()?;
    let lon = parts.next()?.ok()?;
    let zoom = match parts.next() {
        Some(zoom) => zoom.ok()?,
        None => 14.0,
    };
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) && (0.0..=22.0).contains(&zoom))
        .then_some(MapCenter { lat, lon, zoom })
}

/// The map's filters, from the form's fields.
#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    favorites: bool,
    archived: bool,
    partners: bool,
}

impl Filters {
    fn query(&self) -> MapMarkersQuery {
        let (file_created_after, file_created_before) = day_range(self.from, self.to);
        MapMarkersQuery {
            is_archived: self.archived.then_some(true),
            is_favorite: self.favorites.then_some(true),
            file_created_after,
            file_created_before,
            with_partners: self.partners.then_some(true),
            with_shared_albums: None,
        }
    }
}

#[component]
pub fn MapPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| map_settings());
    let query = use_query_map();
    // A new place (the viewer's "Show on map" while already on the map) opens a new map there.
    let at = Memo::new(move |_| query.with(|q| q.get("at").and_then(|a| parse_at(&a))));
    view! {
        <Title text="Map" />
        <div class="map-page">
            <h1>"Map"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(s) if !s.enabled => view! {
                            <p class="placeholder">"The map is turned off on this server."</p>
                        }.into_any(),
                        Ok(s) => (move || {
                            let at = at.get();
                            view! { <PhotoMap light_style=s.light_style.clone() dark_style=s.dark_style.clone() at /> }
                        }).into_any(),
                        Err(e) => view! { <p class="alert" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn PhotoMap(light_style: String, dark_style: String, at: Option<MapCenter>) -> impl IntoView {
    let filters = RwSignal::new(Filters::default());
    let version = use_library_version();
    let found = LocalResource::new(move || {
        // After a change (a selection archived or trashed) the markers load again.
        version.track();
        let query = filters.get().query();
        async move { map_markers(query).await }
    });
    let markers = Signal::derive(move || found.get().and_then(Result::ok).unwrap_or_default());
    let failed = move || found.get().and_then(Result::err).map(|e| e.to_string());
    let opened = RwSignal::new(Vec::<Uuid>::new());
    let viewing = RwSignal::new(None::<usize>);
    // Photos picked in the open cluster, for the same actions as on a timeline.
    let selection = RwSignal::new(HashSet::<Uuid>::new());
    let date = move |ev: leptos::ev::Event| event_target_value(&ev).parse::<NaiveDate>().ok();
    let checked = move |ev: leptos::ev::Event| event_target_checked(&ev);
    view! {
        <form class="map-filters" aria-label="Map filters" on:submit=|ev| ev.prevent_default()>
            <label>"From" <input type="date" aria-label="From" on:change=move |ev| filters.update(|f| f.from = date(ev)) /></label>
            <label>"To" <input type="date" aria-label="To" on:change=move |ev| filters.update(|f| f.to = date(ev)) /></label>
            <label class="check"><input type="checkbox" on:change=move |ev| filters.update(|f| f.favorites = checked(ev)) />"Favorites only"</label>
            <label class="check"><input type="checkbox" on:change=move |ev| filters.update(|f| f.archived = checked(ev)) />"Include archived"</label>
            <label class="check"><input type="checkbox" on:change=move |ev| filters.update(|f| f.partners = checked(ev)) />"Include partners"</label>
            <span class="map-count" aria-live="polite">
                {move || found.get().and_then(Result::ok).map(|m| if m.len() == 1 { "1 photo with a place".to_string() } else { format!("{} photos with a place", m.len()) })}
            </span>
        </form>
        {move || failed().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
        <div class="map-layout">
            // Over the filters while photos are selected, as over a timeline's heading.
            <SelectionBar selection place=SelectionPlace::Library />
            <MapView
                markers
                light_style
                dark_style
                center=at
                on_open=Callback::new(move |ids: Vec<Uuid>| {
                    viewing.set(None);
                    selection.set(HashSet::new());
                    opened.set(ids);
                })
                class="map-main"
            />
            {move || {
                let ids = opened.get();
                (!ids.is_empty()).then(|| {
                    let title = if ids.len() == 1 { "1 photo".to_string() } else { format!("{} photos", ids.len()) };
                    view! {
                        <aside class="map-cluster-panel" aria-label="Photos here">
                            <header>
                                <h2>{title}</h2>
                                <button type="button" class="icon-button" aria-label="Close photos" on:click=move |_| opened.set(Vec::new())>"✕"</button>
                            </header>
                            <ul class="map-cluster-grid">
                                {ids.into_iter().enumerate().map(|(i, id)| {
                                    let picked = move || selection.with(|s| s.contains(&id));
                                    view! {
                                        <li class="map-cluster-item" class:selected=picked>
                                            <button type="button" class="map-cluster-photo" aria-label=format!("Open photo {}", i + 1) on:click=move |_| viewing.set(Some(i))>
                                                <img src=format!("/api/assets/{id}/thumbnail?size=thumbnail") alt="" loading="lazy" />
                                            </button>
                                            <button type="button" class="tile-select" aria-label=format!("Select photo {}", i + 1)
                                                aria-pressed=move || picked().to_string()
                                                on:click=move |_| selection.update(|s| if !s.remove(&id) { s.insert(id); })>"✓"</button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </aside>
                    }
                })
            }}
        </div>
        {move || viewing.get().map(|start| view! {
            <Viewer ids=opened start on_close=Callback::new(move |_| viewing.set(None)) />
        })}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_in_the_address_opens_the_map_there_and_nonsense_is_ignored() {
        assert_eq!(parse_at("43.46,11.88,16"), Some(MapCenter { lat: 43.46, lon: 11.88, zoom: 16.0 }));
        assert_eq!(parse_at("43.46, 11.88"), Some(MapCenter { lat: 43.46, lon: 11.88, zoom: 14.0 }));
        for bad in ["", "43.46", "91,0", "0,181", "1,2,30", "a,b"] {
            assert_eq!(parse_at(bad), None, "{bad}");
        }
    }

    #[test]
    fn filters_become_the_markers_query_through_the_whole_last_day() {
        let filters = Filters {
            from: NaiveDate::from_ymd_opt(2008, 10, 22),
            to: NaiveDate::from_ymd_opt(2008, 10, 22),
            favorites: true,
            archived: false,
            partners: true,
        };
        let query = filters.query();
        assert_eq!(query.file_created_after.map(|d| d.to_rfc3339()), Some("2008-10-22T00:00:00+00:00".into()));
        assert_eq!(query.file_created_before.map(|d| d.to_rfc3339()), Some("2008-10-22T23:59:59.999+00:00".into()));
        assert_eq!((query.is_favorite, query.is_archived, query.with_partners), (Some(true), None, Some(true)));
    }
}
