//! A plain grid of photos in a given order (smart search's results, by relevance, not by date):
//! each opens the viewer on the whole list, and a selection gets the same actions as a timeline.

use crate::components::selection::{SelectionBar, SelectionPlace};
use crate::components::viewer::Viewer;
use leptos::prelude::*;
use std::collections::HashSet;
use uuid::Uuid;

#[component]
pub fn AssetGrid(
    #[prop(into)] ids: Signal<Vec<Uuid>>,
    /// The grid's accessible name.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let selection = RwSignal::new(HashSet::<Uuid>::new());
    let viewing = RwSignal::new(None::<usize>);
    // The last tile clicked: a shift-click selects everything between it and the next one.
    let last_clicked = StoredValue::new(None::<Uuid>);
    let toggle = move |id: Uuid, range: bool| {
        let from = last_clicked.get_value().filter(|from| range && *from != id);
        last_clicked.set_value(Some(id));
        let span = from.and_then(|from| {
            ids.with_untracked(|list| {
                let a = list.iter().position(|x| *x == from)?;
                let b = list.iter().position(|x| *x == id)?;
                Some(list[a.min(b)..=a.max(b)].to_vec())
            })
        });
        selection.update(|s| match span {
            Some(span) => s.extend(span),
            None => {
                if !s.remove(&id) {
                    s.insert(id);
                }
            }
        });
    };
    view! {
        <div class="asset-grid-frame" class:selecting=move || selection.with(|s| !s.is_empty())>
            <SelectionBar selection place=SelectionPlace::Library />
            <ul class="asset-grid" aria-label=label>
                <For
                    each=move || ids.get().into_iter().enumerate()
                    key=|(_, id)| *id
                    children=move |(index, id)| {
                        let picked = move || selection.with(|s| s.contains(&id));
                        view! {
                            <li class="grid-tile" class:selected=picked data-asset-id=id.to_string()>
                                <button type="button" class="grid-photo" aria-label=format!("Open photo {}", index + 1)
                                    on:click=move |ev: leptos::ev::MouseEvent| {
                                        // While selecting, a click adds or removes; otherwise it opens.
                                        if ev.shift_key() || selection.with_untracked(|s| !s.is_empty()) {
                                            toggle(id, ev.shift_key());
                                        } else {
                                            viewing.set(Some(index));
                                        }
                                    }>
                                    <img src=format!("/api/assets/{id}/thumbnail?size=thumbnail") alt="" loading="lazy" decoding="async" />
                                </button>
                                <button type="button" class="tile-select" aria-label="Select" aria-pressed=move || picked().to_string()
                                    on:click=move |ev: leptos::ev::MouseEvent| toggle(id, ev.shift_key())>"✓"</button>
                            </li>
                        }
                    }
                />
            </ul>
            {move || viewing.get().map(|start| view! {
                <Viewer ids start on_close=Callback::new(move |_| viewing.set(None)) />
            })}
        </div>
    }
    .into_any()
}
