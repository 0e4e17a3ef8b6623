use crate::error::UiError;
use leptos::prelude::*;

/// Shows the error of the last submission, if it failed.
#[component]
pub fn ErrorAlert<T, S>(result: S) -> impl IntoView
where
    T: Send + Sync + 'static,
    S: With<Value = Option<Result<T, UiError>>> + Send + Sync + 'static,
{
    move || {
        result.with(|r| match r {
            Some(Err(err)) => Some(view! {
                <p class="alert" role="alert" data-code=err.code().as_str()>{err.message().to_string()}</p>
            }),
            _ => None,
        })
    }
}
