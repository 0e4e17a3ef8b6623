//! The public page of a shared link: no account needed. It shows exactly what the link shares
//! (the server checks every image request against the same link), asks for the password of a
//! protected link, and offers the download the owner allowed.

use crate::components::upload::{provide_uploads_to, use_assets_added, UploadButton, UploadPanel};
use crate::error::UiError;
use crate::server_fns::sharing::public_link::{public_link, LinkPage, PublicAsset};
use crate::server_fns::sharing::unlock_link::unlock_link;
use domain::ErrorCode;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Image and file addresses carry the key, so the server knows which link they come through.
fn with_key(path: &str, key: &str) -> String {
    let join = if path.contains('?') { '&' } else { '?' };
    format!("{path}{join}key={key}")
}

#[component]
pub fn SharePage() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| params.read().get("key").unwrap_or_default());
    let attempt = RwSignal::new(0u32);
    // A link that takes uploads sends them with its key; new uploads reload the grid.
    provide_uploads_to(with_key("/api/assets", &key.get_untracked()));
    let added = use_assets_added();
    let link = Resource::new(move || (key.get(), attempt.get(), added.get()), |(key, _, _)| public_link(key));
    view! {
        <Title text="Shared with you" />
        <main class="share-page">
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match link.await {
                        Ok(found) => view! { <SharedGrid link=found key=key.get_untracked() /> }.into_any(),
                        Err(err) if err.code() == ErrorCode::SharedLinkPasswordRequired => {
                            view! { <PasswordForm key=key.get_untracked() on_unlocked=move || attempt.update(|a| *a += 1) /> }.into_any()
                        }
                        Err(err) => view! { <LinkProblem err /> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
    .into_any()
}

#[component]
fn LinkProblem(err: UiError) -> impl IntoView {
    let text = match err.code() {
        ErrorCode::SharedLinkExpired => "This link has expired.".to_string(),
        ErrorCode::InvalidShareKey => "This link does not exist or was revoked.".to_string(),
        _ => err.message().to_string(),
    };
    view! {
        <section class="share-problem">
            <h1>"Shoebox"</h1>
            <p class="alert" role="alert">{text}</p>
        </section>
    }
    .into_any()
}

#[component]
fn PasswordForm(key: String, on_unlocked: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let key = key.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match unlock_link(key, password.get_untracked()).await {
                Ok(()) => on_unlocked(),
                Err(err) => error.set(Some(err.message().to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="share-password card" on:submit=submit>
            <h1>"Protected link"</h1>
            <p>"Enter the password you were given to see these photos."</p>
            <label>
                "Password"
                <input type="password" name="password" autocomplete="off" required
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev)) />
            </label>
            {move || error.get().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
            <button type="submit" class="primary" disabled=move || busy.get()>"Open"</button>
        </form>
    }
    .into_any()
}

#[component]
fn SharedGrid(link: LinkPage, key: String) -> impl IntoView {
    let open = RwSignal::new(None::<usize>);
    let assets = StoredValue::new(link.assets.clone());
    let count = link.assets.len();
    let ids = link.assets.iter().map(|a| a.id.to_string()).collect::<Vec<_>>().join(",");
    let archive_action = with_key("/api/download/archive", &key);
    let tiles = link
        .assets
        .iter()
        .enumerate()
        .map(|(index, asset)| {
            let PublicAsset { id, ratio, is_image, file_name } = asset.clone();
            let src = with_key(&format!("/api/assets/{id}/thumbnail?size=thumbnail"), &key);
            // Rows of equal height: each tile as wide as its photo's shape asks.
            let label = file_name.clone();
            let basis = format!("{:.0}px", 200.0 * ratio.clamp(0.4, 3.0));
            view! {
                <button type="button" class="share-tile" style:flex-basis=basis.clone() style:flex-grow=format!("{ratio:.3}")
                    data-asset-id=id.to_string() aria-label=label on:click=move |_| open.set(Some(index))>
                    <img src=src alt=file_name loading="lazy" decoding="async" />
                    {(!is_image).then(|| view! { <span class="tile-badge tile-duration">"▶"</span> })}
                </button>
            }
        })
        .collect_view();
    let expires = link.expires_at.map(|at| format!("Available until {}", at.format("%e %B %Y")));
    let key_for_viewer = key.clone();
    view! {
        <header class="share-header">
            <div>
                <h1>{link.title.clone()}</h1>
                <p class="share-meta">
                    {format!("Shared by {} · {} item{}", link.owner_name, count, if count == 1 { "" } else { "s" })}
                    {expires.map(|e| format!(" · {e}"))}
                </p>
                {link.description.clone().map(|d| view! { <p class="share-description">{d}</p> })}
            </div>
            {link.allow_upload.then(|| view! { <div class="share-upload"><UploadButton /></div> })}
            {(link.allow_download && count > 0).then(|| view! {
                <form method="post" action=archive_action>
                    <input type="hidden" name="assetIds" value=ids />
                    <button type="submit" class="primary">"Download all"</button>
                </form>
            })}
        </header>
        {(count == 0).then(|| view! { <p class="placeholder">"Nothing is shared here yet."</p> })}
        {link.allow_upload.then(|| view! { <UploadPanel /> })}
        <div class="share-grid">{tiles}</div>
        {move || open.get().map(|index| {
            view! { <ShareViewer assets=assets.get_value() index key=key_for_viewer.clone() allow_download=link.allow_download on_close=move || open.set(None) /> }
        })}
    }
    .into_any()
}

/// A light viewer for visitors: the preview, ← → and Esc, and the original when allowed.
#[component]
fn ShareViewer(
    assets: Vec<PublicAsset>,
    index: usize,
    key: String,
    allow_download: bool,
    on_close: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let current = RwSignal::new(index);
    let total = assets.len();
    let assets = StoredValue::new(assets);
    let key = StoredValue::new(key);
    let step = move |delta: isize| {
        current.update(|i| *i = (*i as isize + delta).clamp(0, total as isize - 1) as usize);
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| match ev.key().as_str() {
        "ArrowRight" => step(1),
        "ArrowLeft" => step(-1),
        "Escape" => on_close(),
        _ => {}
    });
    on_cleanup(move || keys.remove());
    let asset = move || assets.with_value(|list| list[current.get()].clone());
    view! {
        <div class="viewer share-viewer" role="dialog" aria-modal="true" aria-label="Photo">
            <header class="viewer-bar">
                <button type="button" class="viewer-close" aria-label="Close" on:click=move |_| on_close()>"✕"</button>
                <span class="viewer-position">{move || format!("{} / {}", current.get() + 1, total)}</span>
                {move || allow_download.then(|| {
                    let a = asset();
                    view! {
                        <a class="button" download=a.file_name.clone()
                            href=key.with_value(|k| with_key(&format!("/api/assets/{}/original", a.id), k))>"Download"</a>
                    }
                })}
            </header>
            <div class="viewer-stage">
                {move || {
                    let a = asset();
                    if a.is_image {
                        let src = key.with_value(|k| with_key(&format!("/api/assets/{}/thumbnail?size=preview", a.id), k));
                        view! { <img class="viewer-media" src=src alt=a.file_name /> }.into_any()
                    } else {
                        let src = key.with_value(|k| with_key(&format!("/api/assets/{}/video/playback", a.id), k));
                        view! { <video class="viewer-media" src=src controls=true autoplay=true></video> }.into_any()
                    }
                }}
            </div>
            <button type="button" class="viewer-prev" aria-label="Previous" on:click=move |_| step(-1)
                disabled=move || current.get() == 0>"‹"</button>
            <button type="button" class="viewer-next" aria-label="Next" on:click=move |_| step(1)
                disabled=move || current.get() + 1 >= total>"›"</button>
        </div>
    }
    .into_any()
}
