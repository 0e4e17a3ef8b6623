//! Request extractors that speak our error table: the authenticated user, JSON bodies and ids.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use domain::auth::web::{client_address, credential_from_headers, share_credential, user_agent};
use domain::auth::{AuthContext, Principal, ShareCredential};
use domain::services::auth::ClientInfo;
use domain::{AppError, ErrorCode};
use serde::de::DeserializeOwned;
use std::net::SocketAddr;
use uuid::Uuid;

/// The authenticated caller; 401 without a valid credential.
pub struct Auth(pub AuthContext);

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(auth) = parts.extensions.get::<AuthContext>() {
            return Ok(Auth(auth.clone()));
        }
        let credential = credential_from_headers(&parts.headers).ok_or_else(AppError::unauthenticated)?;
        let auth = state.services.auth().authenticate(&credential).await?;
        parts.extensions.insert(auth.clone());
        Ok(Auth(auth))
    }
}

/// Someone who may read: a visitor presenting a shared link (`key` or `slug` in the query or
/// Immich's share headers) or else a signed-in user. Only read-only routes take this.
pub struct ReadAuth(pub Principal);

#[derive(Debug, Default, serde::Deserialize)]
struct ShareQuery {
    key: Option<String>,
    slug: Option<String>,
}

/// The shared link a request presents (query parameters or headers, with the password token),
/// not yet checked.
fn presented_share(parts: &Parts) -> ShareCredential {
    let query = axum::extract::Query::<ShareQuery>::try_from_uri(&parts.uri).map(|q| q.0).unwrap_or_default();
    share_credential(&parts.headers, query.key, query.slug)
}

impl FromRequestParts<AppState> for ReadAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let credential = presented_share(parts);
        if credential.is_present() {
            let grant = state.services.shared_links().authenticate(&credential).await?;
            return Ok(ReadAuth(Principal::Link(grant)));
        }
        let Auth(auth) = Auth::from_request_parts(parts, state).await?;
        Ok(ReadAuth(Principal::User(auth)))
    }
}

/// Who an upload belongs to: a signed-in user, or (through a link that allows uploads) the
/// link's owner, with the album the upload goes into.
pub struct Uploader {
    pub auth: AuthContext,
    pub album: Option<uuid::Uuid>,
}

impl FromRequestParts<AppState> for Uploader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let credential = presented_share(parts);
        if credential.is_present() {
            let (auth, album) = state.services.shared_links().uploader(&credential).await?;
            return Ok(Uploader { auth, album: Some(album) });
        }
        let Auth(auth) = Auth::from_request_parts(parts, state).await?;
        Ok(Uploader { auth, album: None })
    }
}

/// The shared link a request presents, unchecked (for the link's password login).
pub struct ShareKey(pub ShareCredential);

impl<S: Send + Sync> FromRequestParts<S> for ShareKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let credential = presented_share(parts);
        if !credential.is_present() {
            return Err(ApiError::new(ErrorCode::InvalidShareKey, "Give the link's `key` or `slug`"));
        }
        Ok(ShareKey(credential))
    }
}

/// An admin; 401 without a credential, 403 for everyone else.
pub struct AdminAuth(pub AuthContext);

impl FromRequestParts<AppState> for AdminAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Auth(auth) = Auth::from_request_parts(parts, state).await?;
        auth.require_admin()?;
        Ok(AdminAuth(auth))
    }
}

/// Address and user agent, for throttling and the session list.
pub struct Client(pub ClientInfo);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
        Ok(Client(ClientInfo { address: client_address(&parts.headers, peer), user_agent: user_agent(&parts.headers) }))
    }
}

/// A JSON body whose failures become coded errors: bad syntax is 400, a wrong shape 422, a
/// missing content type 415, too large 413.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    let detail = rejection.body_text();
    let code = match &rejection {
        JsonRejection::JsonSyntaxError(_) => ErrorCode::MalformedJson,
        JsonRejection::JsonDataError(_) => ErrorCode::UnprocessableEntity,
        JsonRejection::MissingJsonContentType(_) => ErrorCode::UnsupportedMediaType,
        _ if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        _ => ErrorCode::BadRequest,
    };
    ApiError::new(code, detail)
}

/// Query parameters whose failures become coded errors (400 `invalid-input`) rather than
/// axum's plain-text rejection.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(ApiError::new(ErrorCode::InvalidInput, rejection.body_text())),
        }
    }
}

/// A JSON body that may be absent (Immich's `DELETE /admin/users/{id}` takes an optional one).
/// Presence is decided by the bytes, not by headers a client may leave out.
pub struct OptionalJson<T>(pub Option<T>);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for OptionalJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|rejection| {
            let code = if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ErrorCode::PayloadTooLarge
            } else {
                ErrorCode::BadRequest
            };
            ApiError::new(code, rejection.body_text())
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(None));
        }
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        match serde_path_to_error::deserialize(&mut deserializer) {
            Ok(value) => Ok(OptionalJson(Some(value))),
            Err(err) if err.inner().is_data() => {
                Err(ApiError::new(ErrorCode::UnprocessableEntity, format!("Invalid request body: {err}")))
            }
            Err(err) => Err(ApiError::new(ErrorCode::MalformedJson, format!("Malformed JSON body: {err}"))),
        }
    }
}

/// Parses a path id; a malformed one is a 400 with a clear message, not a routing 404.
pub fn parse_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw)
        .map_err(|_| ApiError::new(ErrorCode::InvalidInput, format!("`{raw}` is not a valid id (UUID)")))
}
