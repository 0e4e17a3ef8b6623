use crate::components::error_alert::ErrorAlert;
use crate::server_fns::auth::onboarding_status::get_onboarding_status;
use crate::server_fns::auth::register_admin::RegisterAdmin;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// Getting started: exists only until the first admin account is created.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let status = Resource::new_blocking(|| (), |_| get_onboarding_status());
    view! {
        <Title text="Getting started" />
        <Suspense>
            {move || Suspend::new(async move {
                match status.await {
                    Ok(status) if status.needs_admin => view! { <RegisterForm /> }.into_any(),
                    _ => view! { <Redirect path="/auth/login" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RegisterForm() -> impl IntoView {
    let register = ServerAction::<RegisterAdmin>::new();
    view! {
        <main class="auth-card">
            <h1>"Getting started"</h1>
            <p class="muted">"Create the administrator account. You can add more people afterwards."</p>
            <ActionForm action=register>
                <ErrorAlert result=register.value() />
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" required />
                <label for="name">"Name"</label>
                <input id="name" name="name" type="text" autocomplete="name" required />
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="new-password" minlength="8" required />
                <label for="confirm_password">"Confirm password"</label>
                <input id="confirm_password" name="confirm_password" type="password" autocomplete="new-password" minlength="8" required />
                <button type="submit" class="button" disabled=move || register.pending().get()>"Create admin account"</button>
            </ActionForm>
        </main>
    }
}
