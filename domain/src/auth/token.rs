//! Opaque bearer secrets (session tokens, API keys). Only their SHA-256 is stored, and lookups go
//! by that hash, so no secret is ever compared byte by byte against user input.

use rand::distributions::Alphanumeric;
use rand::Rng;
use sha2::{Digest, Sha256};

/// 43 random letters and digits (256 bits), as Immich's keys are: nothing a shell or a
/// command-line parser treats specially (a key starting with `-` reads as an option to the CLI).
pub fn generate() -> String {
    rand::rngs::OsRng.sample_iter(&Alphanumeric).take(43).map(char::from).collect()
}

pub fn hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hash_is_sha256_hex() {
        let a = generate();
        assert_eq!(a.len(), 43);
        assert_ne!(a, generate());
        for _ in 0..500 {
            assert!(generate().chars().all(|c| c.is_ascii_alphanumeric()));
        }
        assert_eq!(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
