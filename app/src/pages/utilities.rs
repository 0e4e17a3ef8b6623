//! Utilities, as in Immich: tools that look over the whole library. For now, reviewing
//! near-duplicates.

pub mod duplicates;

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn UtilitiesPage() -> impl IntoView {
    view! {
        <Title text="Utilities" />
        <div class="utilities-page">
            <h1>"Utilities"</h1>
            <ul class="utility-list">
                <li>
                    <a class="utility-link" href="/utilities/duplicates">
                        <span class="utility-name">"Review duplicates"</span>
                        <span class="muted">"Photos that look the same: keep the best, trash the rest."</span>
                    </a>
                </li>
            </ul>
        </div>
    }
}
