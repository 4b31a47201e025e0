//! List conventions (product.md §5): `?limit=` (default 50, max 500), an opaque `?cursor=`, and
//! query parameters parsed with every bad one reported at once.

use std::collections::HashMap;

use base64::Engine;
use time::{Date, PrimitiveDateTime};

use crate::dates::{from_offset, parse_date};
use crate::error::{ApiError, FieldError};

/// Default page size.
pub const DEFAULT_LIMIT: i64 = 50;
/// Largest page size.
pub const MAX_LIMIT: i64 = 500;

/// A page request: how many, and after which key.
#[derive(Debug, Clone)]
pub struct PageRequest {
    /// Rows to return.
    pub limit: i64,
    /// The sort key of the last row already seen.
    pub after: Option<String>,
}

/// Encodes the last sort key of a page as an opaque cursor.
pub fn encode_cursor(key: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("v1:{key}"))
}

fn decode_cursor(cursor: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.strip_prefix("v1:")
        .filter(|k| !k.is_empty() && k.len() <= 200)
        .map(str::to_string)
}

/// Cuts a fetched `limit + 1` rows to a page and works out the next cursor.
pub fn finish_page<T>(
    mut rows: Vec<T>,
    limit: i64,
    key: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(0);
    if rows.len() > limit {
        rows.truncate(limit);
        let next = rows.last().map(|r| encode_cursor(&key(r)));
        (rows, next)
    } else {
        (rows, None)
    }
}

/// A type a query parameter parses into, with the reason it refuses a value.
pub trait QueryValue: Sized {
    /// Parses the (trimmed, non-empty) raw value.
    fn from_query(raw: &str) -> Result<Self, String>;
}

impl QueryValue for uuid::Uuid {
    fn from_query(raw: &str) -> Result<Self, String> {
        uuid::Uuid::try_parse(raw).map_err(|_| "must be an identifier (UUID)".into())
    }
}

impl QueryValue for bool {
    fn from_query(raw: &str) -> Result<Self, String> {
        match raw {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err("must be true or false".into()),
        }
    }
}

impl QueryValue for i32 {
    fn from_query(raw: &str) -> Result<Self, String> {
        raw.parse().map_err(|_| "must be a whole number".into())
    }
}

impl QueryValue for Date {
    fn from_query(raw: &str) -> Result<Self, String> {
        parse_date(raw)
    }
}

/// Free text in a query: at most 200 characters and no NUL (which PostgreSQL cannot compare).
impl QueryValue for String {
    fn from_query(raw: &str) -> Result<Self, String> {
        if raw.contains('\0') {
            Err("must not contain NUL characters".into())
        } else if raw.chars().count() > 200 {
            Err("must be at most 200 characters long".into())
        } else {
            Ok(raw.to_string())
        }
    }
}

/// An instant for `updated_since`: RFC 3339, or a date meaning its midnight UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Since(pub PrimitiveDateTime);

impl QueryValue for Since {
    fn from_query(raw: &str) -> Result<Self, String> {
        if let Ok(at) =
            time::OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc3339)
        {
            return Ok(Self(from_offset(at)));
        }
        parse_date(raw)
            .map(|day| Self(day.midnight()))
            .map_err(|_| "must be a date (YYYY-MM-DD) or a date and time (RFC 3339)".to_string())
    }
}

/// Declares a list's query: the struct documents the parameters in the OpenAPI document and
/// the same struct parses them, every bad one reported at once (422). `limit` and `cursor` are
/// added to every list.
#[macro_export]
macro_rules! list_query {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident : Option<$ty:ty>, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Default, utoipa::IntoParams)]
        #[into_params(parameter_in = Query)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: Option<$ty>, )*
            /// Page size, 1-500 (default 50).
            pub limit: Option<i64>,
            /// The `next_cursor` of the previous page.
            pub cursor: Option<String>,
        }

        impl $name {
            /// Parses a query string; unknown parameters are ignored.
            pub fn parse(
                raw: std::collections::HashMap<String, String>,
            ) -> $crate::error::ApiResult<(Self, $crate::pagination::PageRequest)> {
                let mut params = $crate::pagination::QueryParams::new(raw);
                let query = Self {
                    $( $field: params.value::<$ty>(stringify!($field)), )*
                    limit: None,
                    cursor: None,
                };
                let page = params.page();
                params.finish()?;
                Ok((query, page))
            }
        }
    };
}

/// Query parameters, parsed one by one with errors collected.
#[derive(Debug, Default)]
pub struct QueryParams {
    values: HashMap<String, String>,
    errors: Vec<FieldError>,
}

impl QueryParams {
    /// Wraps the raw parameters.
    pub fn new(values: HashMap<String, String>) -> Self {
        Self {
            values,
            errors: Vec::new(),
        }
    }

    fn raw(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// A parameter of any [`QueryValue`] type.
    pub fn value<T: QueryValue>(&mut self, name: &str) -> Option<T> {
        let raw = self.raw(name)?.to_string();
        match T::from_query(&raw) {
            Ok(value) => Some(value),
            Err(message) => {
                self.errors.push(FieldError::new(name, message));
                None
            }
        }
    }

    /// A UUID parameter, returned in stored (text) form.
    pub fn uuid(&mut self, name: &str) -> Option<String> {
        let raw = self.raw(name)?.to_string();
        match uuid::Uuid::try_parse(&raw) {
            Ok(id) => Some(id.to_string()),
            Err(_) => {
                self.errors
                    .push(FieldError::new(name, "must be an identifier (UUID)"));
                None
            }
        }
    }

    /// A parameter that must be one of the allowed values.
    pub fn one_of(&mut self, name: &str, allowed: &[&str]) -> Option<String> {
        let raw = self.raw(name)?.to_string();
        if allowed.contains(&raw.as_str()) {
            Some(raw)
        } else {
            self.errors.push(FieldError::new(
                name,
                format!("must be one of: {}", allowed.join(", ")),
            ));
            None
        }
    }

    /// A `true`/`false` parameter.
    pub fn boolean(&mut self, name: &str) -> Option<bool> {
        match self.raw(name)? {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                self.errors
                    .push(FieldError::new(name, "must be true or false"));
                None
            }
        }
    }

    /// A `YYYY-MM-DD` parameter.
    pub fn date(&mut self, name: &str) -> Option<Date> {
        let raw = self.raw(name)?.to_string();
        match parse_date(&raw) {
            Ok(d) => Some(d),
            Err(message) => {
                self.errors.push(FieldError::new(name, message));
                None
            }
        }
    }

    /// An RFC 3339 timestamp, or a date meaning its midnight UTC.
    pub fn timestamp(&mut self, name: &str) -> Option<PrimitiveDateTime> {
        let raw = self.raw(name)?.to_string();
        if let Ok(at) =
            time::OffsetDateTime::parse(&raw, &time::format_description::well_known::Rfc3339)
        {
            return Some(from_offset(at));
        }
        if let Ok(day) = parse_date(&raw) {
            return Some(day.midnight());
        }
        self.errors.push(FieldError::new(
            name,
            "must be a date (YYYY-MM-DD) or a date and time (RFC 3339)",
        ));
        None
    }

    /// Free text, bounded, without NUL characters (which PostgreSQL cannot compare).
    pub fn text(&mut self, name: &str, max_chars: usize) -> Option<String> {
        let raw = self.raw(name)?.to_string();
        if raw.contains('\0') {
            self.errors
                .push(FieldError::new(name, "must not contain NUL characters"));
            return None;
        }
        if raw.chars().count() > max_chars {
            self.errors.push(FieldError::new(
                name,
                format!("must be at most {max_chars} characters long"),
            ));
            return None;
        }
        Some(raw)
    }

    /// `limit` and `cursor`.
    pub fn page(&mut self) -> PageRequest {
        let limit = match self.raw("limit") {
            None => DEFAULT_LIMIT,
            Some(raw) => match raw.parse::<i64>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    self.errors.push(FieldError::new(
                        "limit",
                        format!("must be a whole number from 1 to {MAX_LIMIT}"),
                    ));
                    DEFAULT_LIMIT
                }
            },
        };
        let after = match self.raw("cursor") {
            None => None,
            Some(raw) => match decode_cursor(raw) {
                Some(key) => Some(key),
                None => {
                    self.errors.push(FieldError::new(
                        "cursor",
                        "is not a cursor this list returned",
                    ));
                    None
                }
            },
        };
        PageRequest { limit, after }
    }

    /// Ends parsing: 422 listing every bad parameter, if any.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let cursor = encode_cursor("0193-abc");
        assert_eq!(decode_cursor(&cursor).as_deref(), Some("0193-abc"));
        assert_eq!(decode_cursor("not base64 !"), None);
        assert_eq!(
            decode_cursor(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("x")),
            None
        );
    }

    #[test]
    fn a_page_of_limit_plus_one_rows_has_a_next_cursor() {
        let (rows, next) = finish_page(vec![1, 2, 3], 2, |n| n.to_string());
        assert_eq!(rows, vec![1, 2]);
        assert_eq!(next.and_then(|c| decode_cursor(&c)).as_deref(), Some("2"));
        let (rows, next) = finish_page(vec![1, 2], 2, |n| n.to_string());
        assert_eq!(rows.len(), 2);
        assert!(next.is_none());
    }

    #[test]
    fn every_bad_parameter_is_reported() {
        let mut q = QueryParams::new(
            [("limit", "0"), ("team_id", "x"), ("active", "maybe")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        q.page();
        q.uuid("team_id");
        q.boolean("active");
        let Err(ApiError::Validation(errors)) = q.finish() else {
            panic!("expected validation errors");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["limit", "team_id", "active"]);
    }
}
