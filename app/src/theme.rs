//! Light and dark themes. The choice lives in a cookie (not local storage) so the server can
//! render the page in the right theme from the first byte.

pub const THEME_COOKIE: &str = "shoebox_theme";

/// The theme for the first render: the cookie on the server, `light` otherwise.
pub fn initial_theme() -> &'static str {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        let dark = use_context::<http::request::Parts>()
            .and_then(|parts| domain::auth::web::cookie(&parts.headers, THEME_COOKIE))
            .is_some_and(|value| value == "dark");
        if dark {
            return "dark";
        }
    }
    "light"
}

/// Flips the theme on the page and remembers it for a year.
pub fn toggle() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let Some(root) = document.document_element() else { return };
        let next = if root.get_attribute("data-theme").as_deref() == Some("dark") { "light" } else { "dark" };
        let _ = root.set_attribute("data-theme", next);
        if let Ok(html) = document.dyn_into::<web_sys::HtmlDocument>() {
            let _ = html.set_cookie(&format!("{THEME_COOKIE}={next}; Path=/; Max-Age=31536000; SameSite=Lax"));
        }
    }
}
