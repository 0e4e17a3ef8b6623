//! "On this day": a strip of photos taken on today's date in earlier years, above the timeline.
//! Loaded in the browser (the viewer's today, not the server's).

use crate::components::viewer::Viewer;
use crate::server_fns::timeline::on_this_day::{on_this_day, Memory};
use leptos::prelude::*;

#[component]
pub fn Memories() -> impl IntoView {
    let memories = RwSignal::new(Vec::<Memory>::new());
    // A memory opens the viewer on its photos.
    let viewing = RwSignal::new(None::<Vec<uuid::Uuid>>);
    Effect::new(move |_| {
        let today = browser_today();
        leptos::task::spawn_local(async move {
            if let Ok(found) = on_this_day(today).await {
                memories.set(found);
            }
        });
    });
    let strip = move || {
        let list = memories.get();
        (!list.is_empty()).then(|| {
            view! {
                <section class="memories" aria-label="On this day">
                    {list
                        .into_iter()
                        .map(|memory| {
                            let label = match memory.years_ago {
                                1 => "1 year ago".to_string(),
                                n => format!("{n} years ago"),
                            };
                            let id = memory.assets.id[0];
                            let count = memory.assets.len();
                            let ids = memory.assets.id.clone();
                            view! {
                                <button type="button" class="memory" title=format!("{count} photos")
                                    on:click=move |_| viewing.set(Some(ids.clone()))>
                                    <img src=format!("/api/assets/{id}/thumbnail?size=preview") alt="" loading="lazy" />
                                    <span class="memory-label">{label}</span>
                                </button>
                            }
                        })
                        .collect_view()}
                </section>
            }
        })
    };
    view! {
        {strip}
        {move || viewing.get().map(|ids| view! { <Viewer ids start=0 on_close=Callback::new(move |_| viewing.set(None)) /> })}
    }
    .into_any()
}

/// Today's date where the visitor is.
fn browser_today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
