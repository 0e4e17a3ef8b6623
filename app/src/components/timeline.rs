//! The timeline: months from `timeline/buckets`, each month's assets loaded from
//! `timeline/bucket` when it nears the screen, laid out in justified rows under day headers, and
//! only what is near the viewport in the DOM. A scrubber jumps to any month; `viewport` keeps
//! even a million-photo library within the height a browser can scroll.

pub mod layout;
pub mod placeholder;
pub mod scrubber_labels;
pub mod viewport;

use crate::components::library_version::use_library_version;
use crate::components::selection::{SelectionBar, SelectionPlace};
use crate::components::upload::use_assets_added;
use crate::components::viewer::Viewer;
use crate::server_fns::timeline::month_assets::month_assets;
use crate::server_fns::timeline::month_buckets::month_buckets;
use chrono::{Datelike, NaiveDate};
use domain::dto::assets::AssetVisibility;
use domain::dto::search::SearchFilters;
use domain::dto::timeline::{parse_time_bucket, TimeBucket, TimeBucketAssets, TimelineQuery};
use layout::{day_title, estimated_height, month_layout, month_title, MonthLayout};
use leptos::html;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use viewport::{jump, rebase, spacer_height, Window};

/// Before the browser measures, the server renders for a common laptop window.
const DEFAULT_WIDTH: f64 = 1000.0;
const DEFAULT_HEIGHT: f64 = 800.0;

/// One month's place in the whole timeline.
#[derive(Debug, Clone, PartialEq)]
struct MonthPlace {
    key: String,
    month: NaiveDate,
    count: u64,
    top: f64,
    height: f64,
    /// The month's assets and their layout, once loaded.
    layout: Option<(Arc<TimeBucketAssets>, Arc<MonthLayout>)>,
}

/// Something to draw at a position in the timeline.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    MonthHeader { key: String, title: String, top: f64 },
    DayHeader { key: String, title: String, top: f64, ids: Vec<uuid::Uuid> },
    Tile { month: String, index: usize, asset: TileAsset, top: f64, left: f64, width: f64, height: f64 },
}

#[derive(Debug, Clone, PartialEq)]
struct TileAsset {
    id: uuid::Uuid,
    is_image: bool,
    is_favorite: bool,
    duration: Option<i64>,
    live: bool,
    /// CSS background until the thumbnail arrives (see `placeholder`).
    background: Arc<str>,
}

impl Item {
    fn key(&self, base: f64) -> String {
        match self {
            Item::MonthHeader { key, top, .. } => format!("m{key}@{}", (top - base) as i64),
            Item::DayHeader { key, top, .. } => format!("d{key}@{}", (top - base) as i64),
            Item::Tile { asset, top, left, width, .. } => {
                format!("t{}@{}/{}/{}", asset.id, (top - base) as i64, *left as i64, *width as i64)
            }
        }
    }
}

fn format_duration(ms: i64) -> String {
    let seconds = ms / 1000;
    if seconds >= 3600 {
        format!("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60)
    } else {
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

#[component]
pub fn Timeline(
    /// Which assets: the whole library, favorites, the archive, the trash…
    query: TimelineQuery,
    /// Shown when there is nothing.
    #[prop(into)]
    empty_text: String,
    /// Only what this search finds (then `query` is not used).
    #[prop(optional)]
    search: Option<SearchFilters>,
    /// Which actions the selection offers, when the query alone does not say (a person's page).
    #[prop(optional)]
    place: Option<SelectionPlace>,
) -> impl IntoView {
    let added = use_assets_added();
    let version = use_library_version();
    let bucket_query = query.clone();
    let bucket_search = search.clone();
    // Bumped when a month answers with another count than its bucket said: the library changed
    // behind the page (a background job moved photos to the day they were taken).
    let recount = RwSignal::new(0u64);
    let buckets = Resource::new(
        move || (added.get(), version.get(), recount.get()),
        move |_| month_buckets(bucket_query.clone(), bucket_search.clone()),
    );
    // The open viewer: where it started, its list, and the first and last month that list spans.
    let viewing = RwSignal::new(None::<usize>);
    let viewer_ids = RwSignal::new(Vec::<uuid::Uuid>::new());
    let viewer_months = RwSignal::new((String::new(), String::new()));
    let place = place.unwrap_or(match (&query.is_trashed, &query.is_favorite, &query.visibility) {
        _ if query.album_id.is_some() => SelectionPlace::Album(query.album_id.unwrap_or_default()),
        (Some(true), _, _) => SelectionPlace::Trash,
        (_, Some(true), _) => SelectionPlace::Favorites,
        (_, _, Some(AssetVisibility::Archive)) => SelectionPlace::Archive,
        _ => SelectionPlace::Library,
    });
    let selection = RwSignal::new(HashSet::<uuid::Uuid>::new());
    // The last tile clicked: a shift-click selects everything between it and the next one.
    let last_clicked = StoredValue::new(None::<uuid::Uuid>);
    let loaded: RwSignal<HashMap<String, Arc<TimeBucketAssets>>> = RwSignal::new(HashMap::new());
    let requested = StoredValue::new(HashSet::<String>::new());
    // Each layout is kept with the assets it was made from: a reloaded month (other `Arc`) never
    // reuses it.
    type Cached = (Arc<TimeBucketAssets>, Arc<MonthLayout>);
    let layouts = StoredValue::new(HashMap::<(String, i64), Cached>::new());
    let width = RwSignal::new(DEFAULT_WIDTH);
    let viewport_height = RwSignal::new(DEFAULT_HEIGHT);
    let window = RwSignal::new(Window { base: 0.0, scroll_top: 0.0 });
    let scroller = NodeRef::<html::Div>::new();

    // Which load of the library this is: months answered for an older one are dropped, and a
    // new one makes the loader look again even if nothing near the screen seems to change (a
    // month loaded and forgotten in the same tick would otherwise never load again).
    let generation = RwSignal::new(0u64);
    // A new upload or an edit changes counts: forget loaded months so they load again.
    Effect::new(move |previous: Option<(u64, u64, u64)>| {
        let now = (added.get(), version.get(), recount.get());
        if previous.is_some_and(|p| p != now) {
            requested.update_value(|r| r.clear());
            // Only to free memory: stale layouts are never reused (see `layouts`).
            layouts.update_value(|cache| cache.clear());
            loaded.set(HashMap::new());
            generation.update(|g| *g += 1);
        }
        now
    });

    let months = Memo::new(move |_| {
        let list: Vec<TimeBucket> = buckets.get().and_then(Result::ok).unwrap_or_default();
        let w = width.get();
        let loaded = loaded.get();
        let mut top = 0.0;
        let mut places = Vec::with_capacity(list.len());
        for bucket in list {
            let Some(month) = parse_time_bucket(&bucket.time_bucket) else { continue };
            let layout = loaded.get(&bucket.time_bucket).map(|assets| {
                let key = (bucket.time_bucket.clone(), w as i64);
                let cached = layouts.with_value(|cache| {
                    cache.get(&key).filter(|(made_from, _)| Arc::ptr_eq(made_from, assets)).cloned()
                });
                cached.unwrap_or_else(|| {
                    let entry = (assets.clone(), Arc::new(month_layout(assets, w)));
                    layouts.update_value(|cache| {
                        cache.insert(key, entry.clone());
                    });
                    entry
                })
            });
            let height = layout.as_ref().map_or_else(|| estimated_height(bucket.count, w), |(_, l)| l.height);
            places.push(MonthPlace { key: bucket.time_bucket, month, count: bucket.count, top, height, layout });
            top += height;
        }
        (places, top)
    });
    let total = Memo::new(move |_| months.with(|(_, total)| *total));

    // What is near the screen: a screen above, two below.
    let near = Memo::new(move |_| {
        let w = window.get();
        let view = viewport_height.get();
        let from = w.base + w.scroll_top - view;
        let to = w.base + w.scroll_top + 2.0 * view;
        months.with(|(places, _)| {
            places.iter().filter(|m| m.top + m.height > from && m.top < to).cloned().collect::<Vec<_>>()
        })
    });

    // Fetches a month and keeps it for the timeline, both for the loader below and for the viewer
    // moving past its ends. An answer asked for before the library changed is dropped (`None`),
    // like a failure: it may predate the change.
    let month_query = StoredValue::new((query.clone(), search));
    let recounted = StoredValue::new(HashSet::<(String, u64)>::new());
    let fetch_month = move |key: String| async move {
        let asked_in = generation.get_untracked();
        let (query, search) = month_query.get_value();
        let answer = month_assets(key.clone(), query, search).await.ok()?;
        // The timeline may be gone by the time the answer comes (the page changed, or a reload
        // of the months rebuilt it): then there is nothing to keep it for.
        if generation.try_get_untracked()? != asked_in {
            return None;
        }
        let expected = months.with_untracked(|(places, _)| places.iter().find(|m| m.key == key).map(|m| m.count));
        let answered = answer.id.len() as u64;
        // Once per (month, count) answered, so a count that never settles cannot loop.
        if expected.is_some_and(|c| c != answered) && recounted.with_value(|r| !r.contains(&(key.clone(), answered))) {
            recounted.update_value(|r| {
                r.insert((key.clone(), answered));
            });
            recount.update(|n| *n += 1);
        }
        let assets = Arc::new(answer);
        loaded.update(|l| {
            l.insert(key, assets.clone());
        });
        Some(assets)
    };
    // Load what is near and not loaded yet (in the browser: effects do not run on the server).
    Effect::new(move |_| {
        // A new load of the library looks again (see `generation`).
        generation.track();
        for month in near.get() {
            if month.layout.is_some() || requested.with_value(|r| r.contains(&month.key)) {
                continue;
            }
            requested.update_value(|r| {
                r.insert(month.key.clone());
            });
            let asked_in = generation.get_untracked();
            leptos::task::spawn_local(async move {
                // A failure is asked again; after a change the new load has its own requests.
                if fetch_month(month.key.clone()).await.is_none() && generation.try_get_untracked() == Some(asked_in) {
                    requested.update_value(|r| {
                        r.remove(&month.key);
                    });
                }
            });
        }
    });

    // Positioned content waits for the browser: the server and the hydrating page could see the
    // months at different moments, and the DOM they build must match exactly.
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));

    // Placeholders are decoded once per asset, not on every scroll; the cache is bounded since
    // each holds a small bitmap.
    let placeholder_cache = StoredValue::new(HashMap::<uuid::Uuid, Arc<str>>::new());
    let backgrounds = move |id: uuid::Uuid, thumbhash: Option<&str>| -> Arc<str> {
        if let Some(found) = placeholder_cache.with_value(|c| c.get(&id).cloned()) {
            return found;
        }
        let made: Arc<str> = placeholder::tile_background(&id, thumbhash).into();
        placeholder_cache.update_value(|c| {
            if c.len() >= 5000 {
                c.clear();
            }
            c.insert(id, made.clone());
        });
        made
    };

    let items = Memo::new(move |_| {
        if !mounted.get() {
            return Vec::new();
        }
        let w = window.get();
        let view = viewport_height.get();
        let from = w.base + w.scroll_top - view;
        let to = w.base + w.scroll_top + 2.0 * view;
        let today = today();
        let mut items = Vec::new();
        for month in near.get() {
            items.push(Item::MonthHeader { key: month.key.clone(), title: month_title(month.month), top: month.top });
            let Some((assets, layout)) = &month.layout else { continue };
            for day in &layout.days {
                let top = month.top + day.top;
                if top + layout::DAY_HEADER > from && top < to {
                    let ids = day.indexes.iter().map(|&i| assets.id[i]).collect();
                    items.push(Item::DayHeader {
                        key: day.date.to_string(),
                        title: day_title(day.date, today),
                        top,
                        ids,
                    });
                }
            }
            for row in &layout.rows {
                let top = month.top + row.top;
                if top + row.height <= from || top >= to {
                    continue;
                }
                for tile in &row.tiles {
                    let i = tile.index;
                    items.push(Item::Tile {
                        month: month.key.clone(),
                        index: i,
                        asset: TileAsset {
                            id: assets.id[i],
                            is_image: assets.is_image[i],
                            is_favorite: assets.is_favorite[i],
                            duration: assets.duration[i],
                            live: assets.live_photo_video_id[i].is_some(),
                            background: backgrounds(assets.id[i], assets.thumbhash[i].as_deref()),
                        },
                        top,
                        left: tile.left,
                        width: tile.width,
                        height: row.height,
                    });
                }
            }
        }
        items
    });

    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            let w = el.client_width() as f64;
            let h = el.client_height() as f64;
            if w > 0.0 {
                width.set(w);
            }
            if h > 0.0 {
                viewport_height.set(h);
            }
        }
    };
    Effect::new(move |_| {
        if scroller.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // What is at the top of the screen (a month and how far into it) stays there while months
    // get their real heights: estimated months above it would otherwise push it away.
    let anchor = StoredValue::new(None::<(String, f64)>);
    let remember = move || {
        let w = window.get_untracked();
        let here = w.base + w.scroll_top;
        anchor.set_value(months.with_untracked(|(places, _)| {
            places.iter().find(|m| m.top + m.height > here).map(|m| (m.key.clone(), here - m.top))
        }));
    };
    let show = move |position: f64| {
        let moved = jump(total.get_untracked(), position);
        window.set(moved);
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(moved.scroll_top as i32);
        }
    };
    Effect::new(move |_| {
        let wanted = months.with(|(places, _)| {
            let (key, offset) = anchor.get_value()?;
            places.iter().find(|m| m.key == key).map(|m| m.top + offset)
        });
        let w = window.get_untracked();
        if let Some(wanted) = wanted.filter(|p| (p - (w.base + w.scroll_top)).abs() > 0.5) {
            show(wanted);
        }
    });

    let on_scroll = move |_| {
        let Some(el) = scroller.get_untracked() else { return };
        let here = Window { base: window.get_untracked().base, scroll_top: el.scroll_top() as f64 };
        match rebase(total.get_untracked(), here) {
            Some(moved) => {
                window.set(moved);
                el.set_scroll_top(moved.scroll_top as i32);
            }
            None => window.set(here),
        }
        remember();
    };
    let go_to = move |position: f64| {
        show(position);
        remember();
    };

    // Every loaded asset in timeline order: the viewer moves through it, shift-clicks select
    // ranges of it.
    let loaded_ids = move || {
        months.with_untracked(|(places, _)| {
            places
                .iter()
                .filter_map(|p| p.layout.as_ref().map(|(assets, _)| (p.key.clone(), assets.clone())))
                .collect::<Vec<_>>()
        })
    };
    // The viewer opens on the run of loaded months around the one clicked, and grows a month at a
    // time as it moves past either end (`on_edge`), so it never skips a month not loaded yet.
    let open = move |month: String, index: usize| {
        let opened = months.with_untracked(|(places, _)| {
            let at = places.iter().position(|p| p.key == month)?;
            let loaded = |i: usize| places.get(i).is_some_and(|p| p.layout.is_some());
            let (mut first, mut last) = (at, at);
            while first > 0 && loaded(first - 1) {
                first -= 1;
            }
            while loaded(last + 1) {
                last += 1;
            }
            let mut ids = Vec::new();
            let mut start = 0;
            for (i, place) in places.iter().enumerate().take(last + 1).skip(first) {
                let Some((assets, _)) = &place.layout else { return None };
                if i == at {
                    start = ids.len() + index;
                }
                ids.extend(assets.id.iter().copied());
            }
            Some((ids, start, (places[first].key.clone(), places[last].key.clone())))
        });
        if let Some((ids, start, span)) = opened.filter(|(ids, _, _)| !ids.is_empty()) {
            viewer_ids.set(ids);
            viewer_months.set(span);
            viewing.set(Some(start));
        }
    };
    let on_edge = Callback::new(move |direction: i64| -> bool {
        let (first, last) = viewer_months.get_untracked();
        let next = months.with_untracked(|(places, _)| {
            let end = if direction < 0 { &first } else { &last };
            let at = places.iter().position(|p| &p.key == end)?;
            let i = if direction < 0 { at.checked_sub(1)? } else { at + 1 };
            places.get(i).map(|p| (p.key.clone(), p.layout.as_ref().map(|(assets, _)| assets.clone())))
        });
        let Some((key, assets)) = next else { return false };
        let grow = move |key: String, assets: Arc<TimeBucketAssets>| {
            viewer_ids.update(|ids| {
                if direction < 0 {
                    ids.splice(0..0, assets.id.iter().copied());
                } else {
                    ids.extend(assets.id.iter().copied());
                }
            });
            viewer_months.update(|(first, last)| *(if direction < 0 { first } else { last }) = key);
        };
        match assets {
            Some(assets) => grow(key, assets),
            None => leptos::task::spawn_local(async move {
                match fetch_month(key.clone()).await {
                    Some(assets) => grow(key, assets),
                    // Nothing to add: the viewer stops waiting and stays where it is.
                    None => viewer_ids.update(|_| ()),
                }
            }),
        }
        true
    });
    // Where the viewer's list sits among all the timeline's assets.
    let counter = Signal::derive(move || {
        let (first, _) = viewer_months.get();
        months.with(|(places, _)| {
            let total = places.iter().map(|p| p.count as usize).sum::<usize>();
            let before = places.iter().take_while(|p| p.key != first).map(|p| p.count as usize).sum::<usize>();
            (before, total)
        })
    });
    let toggle = move |id: uuid::Uuid, range: bool| {
        let from = last_clicked.get_value().filter(|_| range);
        last_clicked.set_value(Some(id));
        let Some(from) = from.filter(|from| *from != id) else {
            selection.update(|s| {
                if !s.remove(&id) {
                    s.insert(id);
                }
            });
            return;
        };
        let ordered: Vec<uuid::Uuid> = loaded_ids().into_iter().flat_map(|(_, a)| a.id.clone()).collect();
        let (Some(a), Some(b)) = (ordered.iter().position(|x| *x == from), ordered.iter().position(|x| *x == id))
        else {
            return;
        };
        let (lo, hi) = (a.min(b), a.max(b));
        selection.update(|s| s.extend(ordered[lo..=hi].iter().copied()));
    };
    let select_day = move |ids: Vec<uuid::Uuid>| {
        selection.update(|s| {
            if ids.iter().all(|id| s.contains(id)) {
                for id in &ids {
                    s.remove(id);
                }
            } else {
                s.extend(ids);
            }
        });
    };

    view! {
        <div class="timeline-frame" class:selecting=move || selection.with(|s| !s.is_empty())>
            <SelectionBar selection place />
            <Transition fallback=|| view! { <p class="loading">"Loading photos…"</p> }>
                {move || {
                    let empty_text = empty_text.clone();
                    Suspend::new(async move {
                    match buckets.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="placeholder photos-empty">{empty_text}</p> }.into_any()
                        }
                        Ok(_) => ().into_any(),
                        Err(err) => view! { <p class="alert" role="alert">{err.message().to_string()}</p> }.into_any(),
                    }
                })
                }}
            </Transition>
            <div class="timeline" node_ref=scroller on:scroll=on_scroll tabindex="0" aria-label="Timeline">
                <div class="timeline-spacer" style:height=move || format!("{}px", spacer_height(total.get()))>
                    <For
                        each=move || {
                            let base = window.with(|w| w.base);
                            items.get().into_iter().map(move |item| (item.key(base), item, base)).collect::<Vec<_>>()
                        }
                        key=|(key, _, _)| key.clone()
                        children=move |(_, item, base)| match item {
                            Item::MonthHeader { title, top, key } => view! {
                                <h2 class="timeline-month" data-month=key style:top=format!("{}px", top - base)>{title}</h2>
                            }
                            .into_any(),
                            Item::DayHeader { title, top, key, ids } => {
                                let all = ids.clone();
                                let chosen = move || selection.with(|s| all.iter().all(|id| s.contains(id)));
                                view! {
                                    <h3 class="timeline-day" data-day=key style:top=format!("{}px", top - base)>
                                        <button type="button" class="day-select" aria-pressed=move || chosen().to_string()
                                            aria-label=format!("Select {title}") on:click=move |_| select_day(ids.clone())>"✓"</button>
                                        {title.clone()}
                                    </h3>
                                }
                                .into_any()
                            }
                            Item::Tile { month, index, asset, top, left, width, height } => {
                                let id = asset.id;
                                let is_selected = move || selection.with(|s| s.contains(&id));
                                view! {
                                    <div
                                        class="tile"
                                        class:selected=is_selected
                                        role="button"
                                        tabindex="0"
                                        aria-label=if asset.is_image { "Photo" } else { "Video" }
                                        data-asset-id=id.to_string()
                                        style:top=format!("{}px", top - base)
                                        style:left=format!("{left}px")
                                        style:width=format!("{width}px")
                                        style:height=format!("{height}px")
                                        style:background=asset.background.to_string()
                                        on:click={
                                            let month = month.clone();
                                            move |ev: leptos::ev::MouseEvent| {
                                                // While selecting, a click adds or removes; otherwise it opens.
                                                if ev.shift_key() || selection.with_untracked(|s| !s.is_empty()) {
                                                    toggle(id, ev.shift_key());
                                                } else {
                                                    open(month.clone(), index);
                                                }
                                            }
                                        }
                                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                            if ev.key() == "Enter" {
                                                open(month.clone(), index);
                                            }
                                        }
                                    >
                                        <img
                                            src=format!("/api/assets/{id}/thumbnail?size=thumbnail")
                                            alt=""
                                            loading="lazy"
                                            decoding="async"
                                        />
                                        <button type="button" class="tile-select" aria-pressed=move || is_selected().to_string()
                                            aria-label="Select" on:click=move |ev: leptos::ev::MouseEvent| {
                                                ev.stop_propagation();
                                                toggle(id, ev.shift_key());
                                            }>"✓"</button>
                                        {(!asset.is_image).then(|| view! {
                                            <span class="tile-badge tile-duration">
                                                {asset.duration.map(format_duration).unwrap_or_else(|| "▶".into())}
                                            </span>
                                        })}
                                        {asset.live.then(|| view! { <span class="tile-badge tile-live" title="Live photo">"◉"</span> })}
                                        {asset.is_favorite.then(|| view! { <span class="tile-badge tile-favorite" aria-label="Favorite">"♥"</span> })}
                                    </div>
                                }
                                .into_any()
                            }
                        }
                    />
                </div>
            </div>
            <Scrubber months=Signal::derive(move || if mounted.get() { months.get().0 } else { Vec::new() }) total=total.into()
                height=viewport_height.into() go_to=Callback::new(go_to) />
            {move || viewing.get().map(|start| view! {
                <Viewer ids=viewer_ids start on_edge counter on_close=Callback::new(move |_| viewing.set(None)) />
            })}
        </div>
    }
    // Erased: the page types that nest a timeline would otherwise pass the compiler's depth limit.
    .into_any()
}

/// Years and months down the side, placed where they are in the timeline; a click goes there.
#[component]
fn Scrubber(
    months: Signal<Vec<MonthPlace>>,
    total: Signal<f64>,
    /// The scrubber's height in pixels, to keep year labels from overlapping.
    height: Signal<f64>,
    go_to: Callback<f64>,
) -> impl IntoView {
    let marks = move || {
        let total = total.get().max(1.0);
        let height = height.get();
        let months = months.get();
        let places: Vec<(i32, f64)> = months.iter().map(|m| (m.month.year(), m.top / total * height)).collect();
        let labelled = scrubber_labels::year_labels(&places);
        months
            .into_iter()
            .zip(labelled)
            .map(|(m, labelled)| {
                let label = labelled.then(|| m.month.year().to_string());
                let fraction = m.top / total * 100.0;
                let title = month_title(m.month);
                let top = m.top;
                let is_year = label.is_some();
                view! {
                    <li style:top=format!("{fraction:.4}%")>
                        <button
                            type="button"
                            class="scrubber-mark"
                            class:scrubber-year=is_year
                            aria-label=format!("{title}, {} items", m.count)
                            data-month=m.key.clone()
                            title=title
                            on:click=move |_| go_to.run(top)
                        >
                            {label}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <nav class="scrubber" aria-label="Jump to a month">
            <ul>{marks}</ul>
        </nav>
    }
}
