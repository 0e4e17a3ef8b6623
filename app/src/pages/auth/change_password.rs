use crate::components::error_alert::ErrorAlert;
use crate::server_fns::auth::current_user::get_current_user;
use crate::server_fns::auth::set_new_password::SetNewPassword;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// The forced password change for accounts an admin flagged.
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let user = Resource::new_blocking(|| (), |_| get_current_user());
    let action = ServerAction::<SetNewPassword>::new();
    view! {
        <Title text="Change password" />
        <Suspense>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) => view! {
                        <main class="auth-card">
                            <h1>"Change password"</h1>
                            <p class="muted">"Hi " {user.name} ", please choose a new password before you continue."</p>
                            <ActionForm action=action>
                                <ErrorAlert result=action.value() />
                                <label for="new_password">"New password"</label>
                                <input id="new_password" name="new_password" type="password" autocomplete="new-password" minlength="8" required />
                                <label for="confirm_password">"Confirm password"</label>
                                <input id="confirm_password" name="confirm_password" type="password" autocomplete="new-password" minlength="8" required />
                                <button type="submit" class="button" disabled=move || action.pending().get()>"Change password"</button>
                            </ActionForm>
                        </main>
                    }.into_any(),
                    _ => view! { <Redirect path="/auth/login" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
