//! The HTTP side of authentication, shared by the REST API and the server functions: where a
//! credential is read from, how the session cookie is written, which requests count as
//! cross-site, and who the client is.

use super::{Credential, ShareCredential};
use crate::config::{SecureCookies, Settings};
use http::{header, HeaderMap, Method};
use std::net::{IpAddr, SocketAddr};

/// Immich's cookie name, so its web client and ours agree.
pub const SESSION_COOKIE: &str = "immich_access_token";
pub const API_KEY_HEADER: &str = "x-api-key";
/// Immich's mobile app sends its token here as well as in the cookie.
pub const USER_TOKEN_HEADER: &str = "x-immich-user-token";

/// The credential a request presents: `x-api-key`, then `Authorization: Bearer`, then
/// Immich's user-token header, then the session cookie.
pub fn credential_from_headers(headers: &HeaderMap) -> Option<Credential> {
    let header_str = |name| headers.get(name).and_then(|v: &http::HeaderValue| v.to_str().ok()).map(str::trim);
    if let Some(key) = header_str(API_KEY_HEADER).filter(|k| !k.is_empty()) {
        return Some(Credential::ApiKey(key.to_string()));
    }
    if let Some(auth) = header_str(header::AUTHORIZATION.as_str()) {
        if let Some((scheme, token)) = auth.split_once(' ') {
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() {
                return Some(Credential::Session(token.trim().to_string()));
            }
        }
    }
    if let Some(token) = header_str(USER_TOKEN_HEADER).filter(|t| !t.is_empty()) {
        return Some(Credential::Session(token.to_string()));
    }
    cookie(headers, SESSION_COOKIE).map(Credential::Session)
}

/// Immich's shared-link headers and cookie; the key and slug may also come as `key` and `slug`
/// query parameters (image URLs on a public page carry them that way).
pub const SHARE_KEY_HEADER: &str = "x-immich-share-key";
pub const SHARE_SLUG_HEADER: &str = "x-immich-share-slug";
pub const SHARE_TOKEN_COOKIE: &str = "immich_shared_link_token";

/// The shared link a request presents, from its query parameters or headers, with the token a
/// password login set.
pub fn share_credential(headers: &HeaderMap, key: Option<String>, slug: Option<String>) -> ShareCredential {
    let header_str = |name: &str| {
        headers.get(name).and_then(|v| v.to_str().ok()).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
    };
    let non_empty = |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    ShareCredential {
        key: non_empty(key).or_else(|| header_str(SHARE_KEY_HEADER)),
        slug: non_empty(slug).or_else(|| header_str(SHARE_SLUG_HEADER)),
        token: cookie(headers, SHARE_TOKEN_COOKIE),
    }
}

/// `Set-Cookie` for a shared link's password login, scoped like the session cookie.
pub fn share_token_cookie(token: &str, max_age_seconds: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SHARE_TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}")
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v.to_string())
}

/// Whether the client reached us over HTTPS, directly or through a proxy that says so.
pub fn is_secure_request(headers: &HeaderMap, settings: &Settings) -> bool {
    match settings.secure_cookies {
        SecureCookies::Always => true,
        SecureCookies::Never => false,
        SecureCookies::Auto => headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').next().is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))),
    }
}

/// `Set-Cookie` for a new session: httpOnly so scripts cannot read it, SameSite=Lax so other
/// sites cannot send it with their forms, Secure behind HTTPS.
pub fn session_cookie(token: &str, max_age_seconds: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}")
}

pub fn clear_session_cookie(secure: bool) -> String {
    session_cookie("", 0, secure)
}

/// Refuses state-changing requests that a browser sends on behalf of another site. Browsers
/// always send `Origin` (or at least `Sec-Fetch-Site`) on such requests; clients without either
/// (the CLI, the mobile app, scripts) are not browsers and carry their own credentials.
pub fn is_cross_site(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let host = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(header::HOST))
        .and_then(|v| v.to_str().ok())
        .map(|h| h.split(',').next().unwrap_or(h).trim().to_ascii_lowercase());
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let origin_host = origin.split_once("://").map(|(_, rest)| rest.trim_end_matches('/').to_ascii_lowercase());
        return match (origin_host, host) {
            (Some(origin_host), Some(host)) => origin_host != host,
            _ => true,
        };
    }
    headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_some_and(|site| site == "cross-site")
}

/// The client's address for throttling: the peer, or, when the peer is a proxy on this machine
/// or a private network, the address it reports in `X-Forwarded-For`.
pub fn client_address(headers: &HeaderMap, peer: Option<SocketAddr>) -> Option<String> {
    let peer_ip = peer.map(|p| p.ip());
    let behind_proxy = peer_ip.is_some_and(|ip| match ip {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_private(),
        IpAddr::V6(v6) => v6.is_loopback(),
    });
    if behind_proxy {
        let forwarded = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next_back())
            .map(|v| v.trim().to_string())
            .filter(|v| v.parse::<IpAddr>().is_ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    peer_ip.map(|ip| ip.to_string())
}

pub fn user_agent(headers: &HeaderMap) -> Option<String> {
    headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn credentials_in_priority_order() {
        let h = headers(&[("cookie", "a=1; immich_access_token=tok"), ("authorization", "Bearer bear")]);
        assert_eq!(credential_from_headers(&h), Some(Credential::Session("bear".into())));
        let h = headers(&[("cookie", "immich_access_token=tok"), ("x-api-key", "key")]);
        assert_eq!(credential_from_headers(&h), Some(Credential::ApiKey("key".into())));
        let h = headers(&[("cookie", "other=1; immich_access_token=tok")]);
        assert_eq!(credential_from_headers(&h), Some(Credential::Session("tok".into())));
        assert_eq!(credential_from_headers(&headers(&[("authorization", "Basic abc")])), None);
    }

    #[test]
    fn cross_site_detection() {
        let post = Method::POST;
        assert!(!is_cross_site(
            &post,
            &headers(&[("host", "photos.local:2283"), ("origin", "http://photos.local:2283")])
        ));
        assert!(is_cross_site(&post, &headers(&[("host", "photos.local:2283"), ("origin", "https://evil.example")])));
        assert!(is_cross_site(&post, &headers(&[("host", "photos.local"), ("origin", "null")])));
        assert!(is_cross_site(&post, &headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!is_cross_site(&post, &headers(&[])));
        assert!(!is_cross_site(&Method::GET, &headers(&[("origin", "https://evil.example")])));
    }

    #[test]
    fn cookie_flags() {
        let c = session_cookie("t", 60, true);
        assert_eq!(c, "immich_access_token=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure");
        assert!(!session_cookie("t", 60, false).contains("Secure"));
    }

    #[test]
    fn client_address_trusts_forwarded_only_from_local_proxies() {
        let h = headers(&[("x-forwarded-for", "203.0.113.9")]);
        let local: SocketAddr = "127.0.0.1:5000".parse().unwrap_or_else(|e| panic!("{e}"));
        let public: SocketAddr = "198.51.100.1:5000".parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(client_address(&h, Some(local)).as_deref(), Some("203.0.113.9"));
        assert_eq!(client_address(&h, Some(public)).as_deref(), Some("198.51.100.1"));
    }
}
