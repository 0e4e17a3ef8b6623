use crate::components::error_alert::ErrorAlert;
use crate::server_fns::auth::current_user::get_current_user;
use crate::server_fns::auth::login::Login;
use crate::server_fns::auth::onboarding_status::get_onboarding_status;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn LoginPage() -> impl IntoView {
    let state = Resource::new_blocking(|| (), |_| async { (get_onboarding_status().await, get_current_user().await) });
    view! {
        <Title text="Log in" />
        <Suspense>
            {move || Suspend::new(async move {
                match state.await {
                    (Ok(status), _) if status.needs_admin => view! { <Redirect path="/auth/register" /> }.into_any(),
                    (_, Ok(Some(_))) => view! { <Redirect path="/photos" /> }.into_any(),
                    _ => view! { <LoginForm /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LoginForm() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    view! {
        <main class="auth-card">
            <h1>"Log in"</h1>
            <ActionForm action=login>
                <ErrorAlert result=login.value() />
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" required />
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required />
                <button type="submit" class="button" disabled=move || login.pending().get()>"Log in"</button>
            </ActionForm>
        </main>
    }
}
