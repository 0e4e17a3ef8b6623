//! Account settings: name, password, sessions and API keys.

use crate::components::error_alert::ErrorAlert;
use crate::components::shell::use_current_user;
use crate::server_fns::account::change_password::ChangePassword;
use crate::server_fns::account::create_api_key::CreateApiKey;
use crate::server_fns::account::delete_api_key::DeleteApiKey;
use crate::server_fns::account::list_api_keys::list_api_keys;
use crate::server_fns::account::list_sessions::list_sessions;
use crate::server_fns::account::logout_other_sessions::LogoutOtherSessions;
use crate::server_fns::account::update_name::UpdateName;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountSettingsPage() -> impl IntoView {
    view! {
        <Title text="Account settings" />
        <h1>"Account settings"</h1>
        <ProfileSection />
        <PasswordSection />
        <SessionsSection />
        <ApiKeysSection />
    }
}

fn format_time(time: &chrono::DateTime<chrono::Utc>) -> String {
    time.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[component]
fn ProfileSection() -> impl IntoView {
    let user = use_current_user();
    let update = ServerAction::<UpdateName>::new();
    view! {
        <section class="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">"Profile"</h2>
            <Suspense>
                {move || Suspend::new(async move {
                    user.await.ok().flatten().map(|user| view! {
                        <p class="muted">"Email: " {user.email}</p>
                        <ActionForm action=update>
                            <ErrorAlert result=update.value() />
                            <label for="profile-name">"Name"</label>
                            <input id="profile-name" name="name" type="text" value=user.name required />
                            <button type="submit" class="button">"Save name"</button>
                            {move || matches!(update.value().get(), Some(Ok(_))).then(|| view! { <span class="ok" role="status">"Saved"</span> })}
                        </ActionForm>
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PasswordSection() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    view! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">"Password"</h2>
            <ActionForm action=change>
                <ErrorAlert result=change.value() />
                <label for="current_password">"Current password"</label>
                <input id="current_password" name="current_password" type="password" autocomplete="current-password" required />
                <label for="account_new_password">"New password"</label>
                <input id="account_new_password" name="new_password" type="password" autocomplete="new-password" minlength="8" required />
                <label for="account_confirm_password">"Confirm new password"</label>
                <input id="account_confirm_password" name="confirm_password" type="password" autocomplete="new-password" minlength="8" required />
                <label class="checkbox">
                    <input type="checkbox" name="invalidate_sessions" value="on" />
                    "Log out of all other devices"
                </label>
                <button type="submit" class="button">"Change password"</button>
                {move || matches!(change.value().get(), Some(Ok(_))).then(|| view! { <span class="ok" role="status">"Password changed"</span> })}
            </ActionForm>
        </section>
    }
}

#[component]
fn SessionsSection() -> impl IntoView {
    let logout_others = ServerAction::<LogoutOtherSessions>::new();
    // Keyed on `pending` too, so the list is fetched again once the action has finished.
    let sessions =
        Resource::new(move || (logout_others.version().get(), logout_others.pending().get()), |_| list_sessions());
    view! {
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">"Sessions"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading sessions…"</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) => view! {
                            <ul class="list">
                                {list.into_iter().map(|s| view! {
                                    <li>
                                        <strong>{if s.device_type.is_empty() { "Unknown device".to_string() } else { s.device_type.clone() }}</strong>
                                        {(!s.device_os.is_empty()).then(|| format!(" on {}", s.device_os))}
                                        <span class="muted">" · last active " {format_time(&s.updated_at)}</span>
                                        {s.current.then(|| view! { <span class="badge">"Current"</span> })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <p class="alert" role="alert">{err.message().to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <ActionForm action=logout_others>
                <button type="submit" class="button secondary">"Log out other sessions"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ApiKeysSection() -> impl IntoView {
    let create = ServerAction::<CreateApiKey>::new();
    let delete = ServerAction::<DeleteApiKey>::new();
    let adding = RwSignal::new(false);
    let keys = Resource::new(move || (create.version().get(), delete.version().get()), |_| list_api_keys());
    view! {
        <section class="card" aria-labelledby="api-keys-heading">
            <h2 id="api-keys-heading">"API keys"</h2>
            <p class="muted">"For scripts and the Immich command-line tool. Send a key in the " <code>"x-api-key"</code> " header."</p>
            {move || create.value().get().and_then(Result::ok).map(|created| view! {
                <div class="notice" role="status">
                    <p>"Copy this key now; it will not be shown again:"</p>
                    <code data-testid="api-key-secret">{created.secret}</code>
                </div>
            })}
            <Suspense fallback=|| view! { <p class="loading">"Loading keys…"</p> }>
                {move || Suspend::new(async move {
                    match keys.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">"No API keys yet."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="list">
                                {list.into_iter().map(|k| view! {
                                    <li>
                                        <strong>{k.name.clone()}</strong>
                                        <span class="muted">" · created " {format_time(&k.created_at)}</span>
                                        <ActionForm action=delete attr:class="inline">
                                            <input type="hidden" name="id" value=k.id.to_string() />
                                            <button type="submit" class="button danger small" aria-label=format!("Delete API key {}", k.name)>"Delete"</button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <p class="alert" role="alert">{err.message().to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <ErrorAlert result=delete.value() />
            <button type="button" class="button" hidden=move || adding.get() on:click=move |_| adding.set(true)>"New API key"</button>
            <div hidden=move || !adding.get()>
                <ActionForm action=create>
                    <ErrorAlert result=create.value() />
                    <label for="api-key-name">"API key name"</label>
                    <input id="api-key-name" name="name" type="text" required />
                    <button type="submit" class="button">"Create"</button>
                </ActionForm>
            </div>
        </section>
    }
}
