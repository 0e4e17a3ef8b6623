//! Request extractors that speak our error table: the authenticated user, JSON bodies and ids.

use crate::error::ApiError;
use crate::openapi::{requirement, Requirement};
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, MatchedPath, Request};
use axum::http::request::Parts;
use domain::auth::web::{client_address, credential_from_headers, share_credential, user_agent};
use domain::auth::{AuthContext, Principal, ShareCredential, ALL_PERMISSIONS};
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
        let auth = match parts.extensions.get::<AuthContext>() {
            Some(auth) => auth.clone(),
            None => {
                let credential = credential_from_headers(&parts.headers).ok_or_else(AppError::unauthenticated)?;
                let auth = state.services.auth().authenticate(&credential).await?;
                parts.extensions.insert(auth.clone());
                auth
            }
        };
        check_permission(&auth, parts)?;
        Ok(Auth(auth))
    }
}

/// An API key acts only within its permissions: the one the route declares (see
/// [`crate::openapi`]), or any for routes that declare none; outside the API, only `all`.
fn check_permission(auth: &AuthContext, parts: &Parts) -> Result<(), ApiError> {
    let matched = parts.extensions.get::<MatchedPath>().map(MatchedPath::as_str).unwrap_or_default();
    match requirement(&parts.method, matched) {
        Requirement::Authenticated => Ok(()),
        Requirement::Permission(permission) => Ok(auth.require_permission(permission)?),
        Requirement::NotApi => Ok(auth.require_permission(ALL_PERMISSIONS)?),
    }
}

/// Someone who may read: a visitor presenting a shared link (`key` or `slug` in the query or
/// Immich's share headers) or else a signed-in user. Only read-only routes take this.
pub struct ReadAuth(pub Principal);

/// The shared-link parameters every route a link may read accepts (documented with each).
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShareParams {
    /// A shared link's key.
    key: Option<String>,
    /// A shared link's custom URL part.
    slug: Option<String>,
}

/// The shared link a request presents (query parameters or headers, with the password token),
/// not yet checked.
fn presented_share(parts: &Parts) -> ShareCredential {
    let query = axum::extract::Query::<ShareParams>::try_from_uri(&parts.uri).map(|q| q.0).unwrap_or_default();
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
        if !is_json(req.headers()) {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "Expected request with `Content-Type: application/json`",
            ));
        }
        let bytes = body_bytes(req, state).await?;
        let value = axum::Json::<T>::from_bytes(&bytes).map_err(json_rejection)?.0;
        refuse_nul(&bytes)?;
        Ok(ApiJson(value))
    }
}

fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(content_type) = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<axum::body::Bytes, ApiError> {
    axum::body::Bytes::from_request(req, state).await.map_err(|rejection| {
        let code = if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ErrorCode::PayloadTooLarge
        } else {
            ErrorCode::BadRequest
        };
        ApiError::new(code, rejection.body_text())
    })
}

/// Text with a NUL character can never be stored (PostgreSQL refuses it) and is never meant: a
/// JSON body whose strings hold one is refused as invalid input.
fn refuse_nul(bytes: &[u8]) -> Result<(), ApiError> {
    // Cheap test first: JSON can only carry a NUL as the escape `\u0000`.
    if !bytes.windows(6).any(|w| w == b"\\u0000") {
        return Ok(());
    }
    fn has_nul(value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::String(s) => s.contains('\0'),
            serde_json::Value::Array(items) => items.iter().any(has_nul),
            serde_json::Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || has_nul(v)),
            _ => false,
        }
    }
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(value) if has_nul(&value) => {
            Err(ApiError::new(ErrorCode::InvalidInput, "Text may not contain NUL characters"))
        }
        _ => Ok(()),
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
        let bytes = body_bytes(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(None));
        }
        refuse_nul(&bytes)?;
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
