use crate::server_fns::auth::logout::Logout;
use domain::dto::auth::CurrentUser;
use leptos::prelude::*;

#[component]
pub fn UserMenu(user: CurrentUser) -> impl IntoView {
    let open = RwSignal::new(false);
    let logout = ServerAction::<Logout>::new();
    let initial = user.name.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
    view! {
        <div class="user-menu">
            <button
                type="button"
                class="avatar"
                aria-label="User menu"
                aria-haspopup="true"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {initial}
            </button>
            <div class="menu" hidden=move || !open.get()>
                <p class="menu-name">{user.name.clone()}</p>
                <p class="menu-email">{user.email.clone()}</p>
                <a href="/user-settings" on:click=move |_| open.set(false)>"Account settings"</a>
                <ActionForm action=logout>
                    <button type="submit" class="button secondary">"Log out"</button>
                </ActionForm>
            </div>
        </div>
    }
}
