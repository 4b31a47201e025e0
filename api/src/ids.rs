//! Record identifiers: UUID v7 (time-ordered, so new rows land at the end of indexes), stored as
//! text and parsed back at the edge.

use uuid::Uuid;

/// A new time-ordered identifier, as stored.
pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// A stored identifier as a UUID. Stored ids are always written by [`new_id`]; a malformed one
/// would mean a corrupt row, shown as the nil UUID rather than failing the whole response.
pub fn parse_id(stored: &str) -> Uuid {
    Uuid::try_parse(stored).unwrap_or_default()
}

/// An optional stored identifier as a UUID.
pub fn parse_opt_id(stored: &Option<String>) -> Option<Uuid> {
    stored.as_deref().map(parse_id)
}
