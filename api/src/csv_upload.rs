//! What the CSV imports share (survey responses, past audits): the file read as it arrives with
//! a size limit, the `text/csv` check, and the sender's batch reference that makes an import
//! run once.

use actix_web::{http::header, web, HttpRequest};
use futures_util::StreamExt;

use crate::error::ApiError;

/// Reads a request body as it arrives, refusing a file past `max_bytes` (413) without holding
/// more of it.
pub async fn read_limited(
    mut payload: web::Payload,
    max_bytes: usize,
) -> Result<web::BytesMut, ApiError> {
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk
            .map_err(|_| ApiError::BadRequest("The request body could not be read.".into()))?;
        if bytes.len() + chunk.len() > max_bytes {
            return Err(ApiError::PayloadTooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Whether the request says its body is `text/csv` (parameters such as `charset` aside).
pub fn is_csv(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("text/csv"))
}

/// Whether a batch reference is a short plain word: 1–100 letters, digits, `.`, `_` or `-`.
pub fn valid_batch_ref(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 100
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// The problem for a missing or malformed batch reference.
pub fn bad_batch_ref() -> ApiError {
    ApiError::field(
        "batch_ref",
        "is required: 1-100 letters, digits, '.', '_' or '-'",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_refs_are_short_plain_words() {
        assert!(valid_batch_ref("survey-2026.q3_parents"));
        assert!(!valid_batch_ref(""));
        assert!(!valid_batch_ref("a b"));
        assert!(!valid_batch_ref(&"x".repeat(101)));
    }
}
