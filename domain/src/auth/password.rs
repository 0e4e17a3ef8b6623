//! argon2id password hashing. Hashing is deliberately slow, so it runs on the blocking pool.

use crate::error::{AppError, AppResult, ErrorCode};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;

pub const MIN_PASSWORD_LENGTH: usize = 8;
/// argon2 cost grows with input; a cap keeps a huge "password" from being a denial of service.
pub const MAX_PASSWORD_LENGTH: usize = 1024;

pub fn validate_new_password(password: &str) -> AppResult<()> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_LENGTH {
        return Err(AppError::new(
            ErrorCode::PasswordTooShort,
            format!("Password must be at least {MIN_PASSWORD_LENGTH} characters"),
        ));
    }
    if password.len() > MAX_PASSWORD_LENGTH {
        return Err(AppError::invalid(format!("Password must be at most {MAX_PASSWORD_LENGTH} bytes")));
    }
    Ok(())
}

pub async fn hash(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await.map_err(|e| {
        tracing::error!(error = %e, "password hashing task failed");
        AppError::internal()
    })?
}

fn hash_blocking(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::internal()
    })
}

/// Verifies `password` against `stored`. With no stored hash (unknown account, or one without a
/// password) it still verifies against a fixed dummy hash, so the time taken does not tell an
/// attacker whether the account exists.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    if password.len() > MAX_PASSWORD_LENGTH {
        return false;
    }
    tokio::task::spawn_blocking(move || {
        let (hash, real) = match stored {
            Some(hash) => (hash, true),
            None => (dummy_hash().to_string(), false),
        };
        let Ok(parsed) = PasswordHash::new(&hash) else { return false };
        Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && real
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("shoebox-dummy-password-for-timing").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let hash = hash("correct horse".into()).await.unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify("correct horse".into(), Some(hash.clone())).await);
        assert!(!verify("wrong horse".into(), Some(hash)).await);
        assert!(!verify("shoebox-dummy-password-for-timing".into(), None).await);
    }

    #[test]
    fn short_and_huge_passwords_are_refused() {
        assert_eq!(validate_new_password("short").map_err(|e| e.code), Err(ErrorCode::PasswordTooShort));
        assert!(validate_new_password(&"x".repeat(2000)).is_err());
        assert!(validate_new_password("long enough").is_ok());
    }
}
