use leptos::prelude::*;
use leptos_meta::Title;

/// A page whose feature arrives with a later issue: its heading and a plain notice, nothing
/// pretending to work.
#[component]
pub fn Placeholder(title: &'static str, issue: &'static str) -> impl IntoView {
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <p class="placeholder">"Not built yet: this page arrives with " {issue} "."</p>
    }
}
