use crate::server_fns::auth::current_user::get_current_user;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// `/`: the timeline for a signed-in user, the login page for anyone else.
#[component]
pub fn RootRedirect() -> impl IntoView {
    let user = Resource::new_blocking(|| (), |_| get_current_user());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let target = if matches!(user.await, Ok(Some(_))) { "/photos" } else { "/auth/login" };
                view! { <Redirect path=target /> }
            })}
        </Suspense>
    }
}
