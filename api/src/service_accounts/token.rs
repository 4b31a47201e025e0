//! Service tokens: `qasa_` and 43 base62 characters (256 bits of a CSPRNG), stored as SHA-256.

use rand::Rng;
use sha2::{Digest, Sha256};

/// Every service token starts with this, so secret scanners can match a leaked one.
pub const PREFIX: &str = "qasa_";

/// Base62 characters after the prefix: 62^43 > 2^256.
pub const RANDOM_CHARS: usize = 43;

/// A new token.
pub fn generate() -> String {
    let random: String = rand::rng()
        .sample_iter(&rand::distr::Alphanumeric)
        .take(RANDOM_CHARS)
        .map(char::from)
        .collect();
    format!("{PREFIX}{random}")
}

/// Whether a bearer token is a service token (by its shape; not whether it is valid).
pub fn is_service_token(token: &str) -> bool {
    token.starts_with(PREFIX)
}

/// The stored form of a token.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The first characters of a token, to tell tokens apart on screen.
pub fn hint(token: &str) -> String {
    format!("{}…", &token[..PREFIX.len() + 4])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_token_has_the_prefix_and_256_bits_of_base62() {
        let token = generate();
        assert!(token.starts_with("qasa_"));
        let random = &token[PREFIX.len()..];
        assert_eq!(random.len(), RANDOM_CHARS);
        assert!(random.chars().all(|c| c.is_ascii_alphanumeric()));
        assert!((RANDOM_CHARS as f64) * 62f64.log2() >= 256.0);
        assert_ne!(generate(), token);
        assert_eq!(hash(&token).len(), 64);
    }
}
