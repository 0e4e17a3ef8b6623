//! What a server function needs from the request it runs in.

use crate::error::UiError;
use domain::auth::web::{client_address, credential_from_headers, is_secure_request, user_agent};
use domain::auth::AuthContext;
use domain::services::auth::ClientInfo;
use domain::services::Services;
use domain::AppError;
use http::request::Parts;
use http::{header, HeaderValue, StatusCode};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

pub fn services() -> Result<Services, UiError> {
    use_context::<Services>().ok_or_else(|| {
        tracing::error!("services missing from the server function context");
        UiError(AppError::internal())
    })
}

fn parts() -> Result<Parts, UiError> {
    use_context::<Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from the server function context");
        UiError(AppError::internal())
    })
}

/// The signed-in user; `Unauthenticated` when there is none.
pub async fn auth() -> Result<AuthContext, UiError> {
    Ok(optional_auth().await?.ok_or_else(AppError::unauthenticated)?)
}

pub async fn optional_auth() -> Result<Option<AuthContext>, UiError> {
    let parts = parts()?;
    let Some(credential) = credential_from_headers(&parts.headers) else { return Ok(None) };
    match services()?.auth().authenticate(&credential).await {
        // Server functions are the web app's, which signs in with a session: an API key acts
        // here only if it may do everything, so a scoped key cannot reach past its permissions.
        Ok(auth) => {
            auth.require_permission(domain::auth::ALL_PERMISSIONS)?;
            Ok(Some(auth))
        }
        Err(err) if err.code == domain::ErrorCode::Unauthenticated => Ok(None),
        Err(err) => Err(err.into()),
    }
}

/// The shared link behind `key`, checked with the password token the browser holds.
pub async fn share_grant(key: &str) -> Result<domain::auth::LinkGrant, UiError> {
    let parts = parts()?;
    let credential = domain::auth::web::share_credential(&parts.headers, Some(key.to_string()), None);
    Ok(services()?.shared_links().authenticate(&credential).await?)
}

pub fn client() -> Result<ClientInfo, UiError> {
    let parts = parts()?;
    let peer = parts.extensions.get::<axum_connect_info::ConnectInfo>().map(|c| c.0);
    Ok(ClientInfo { address: client_address(&parts.headers, peer), user_agent: user_agent(&parts.headers) })
}

pub fn is_secure() -> bool {
    match (parts(), services()) {
        (Ok(parts), Ok(services)) => is_secure_request(&parts.headers, services.settings()),
        _ => false,
    }
}

pub fn set_cookie(value: String) {
    if let (Some(response), Ok(value)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(&value)) {
        response.append_header(header::SET_COOKIE, value);
    }
}

pub fn set_status(status: StatusCode) {
    if let Some(response) = use_context::<ResponseOptions>() {
        response.set_status(status);
    }
}

/// axum keeps the peer address as `ConnectInfo<SocketAddr>` in the request extensions.
mod axum_connect_info {
    pub type ConnectInfo = axum::extract::ConnectInfo<std::net::SocketAddr>;
}
