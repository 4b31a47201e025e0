//! Query parameters, parsed by type with every bad one reported at once; the paging and sorting
//! conventions of lists are in [`crate::listing`].

use std::collections::HashMap;

use time::{Date, PrimitiveDateTime};

use crate::dates::{from_offset, parse_date};
use crate::error::{ApiError, FieldError};

/// A type a query parameter parses into, with the reason it refuses a value.
pub trait QueryValue: Sized {
    /// Whether `?name=` (present, empty) means the parameter was not given. True for text and
    /// lists, where the document allows an empty value; false for identifiers, dates, numbers,
    /// booleans and enumerations, where an empty value breaks the documented format (422).
    const EMPTY_IS_ABSENT: bool = false;

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
    const EMPTY_IS_ABSENT: bool = true;

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

/// The document's schema of a [`Since`] parameter: a date, or a date and time (RFC 3339).
pub fn instant_schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, OneOfBuilder, SchemaFormat, Type};
    let string = |format| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(format)))
    };
    OneOfBuilder::new()
        .item(string(KnownFormat::Date))
        .item(string(KnownFormat::DateTime))
        .build()
        .into()
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
            #[param(minimum = 1, maximum = 500)]
            pub limit: Option<i64>,
            /// A `next_cursor` or `prev_cursor` this list returned.
            pub cursor: Option<String>,
            /// `true` to have the list's `total` counted (it costs a query on large lists).
            pub count: Option<bool>,
        }

        impl $name {
            /// Parses a query string; unknown parameters are ignored.
            pub fn parse(
                raw: std::collections::HashMap<String, String>,
            ) -> $crate::error::ApiResult<(Self, $crate::listing::PageRequest)> {
                let mut params = $crate::pagination::QueryParams::new(raw);
                let query = Self {
                    $( $field: params.value::<$ty>(stringify!($field)), )*
                    limit: None,
                    cursor: None,
                    count: None,
                };
                let page = $crate::listing::page_from(&mut params);
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
        if self.given_empty(name) && !T::EMPTY_IS_ABSENT {
            self.errors.push(FieldError::new(
                name,
                "must not be empty: leave it out instead",
            ));
            return None;
        }
        let raw = self.raw(name)?.to_string();
        match T::from_query(&raw) {
            Ok(value) => Some(value),
            Err(message) => {
                self.errors.push(FieldError::new(name, message));
                None
            }
        }
    }

    /// Whether a parameter was sent with an empty value (`?name=`).
    pub fn given_empty(&self, name: &str) -> bool {
        self.values.get(name).is_some_and(|v| v.trim().is_empty())
    }

    /// A parameter's trimmed text, if given and not empty.
    pub fn raw_value(&self, name: &str) -> Option<String> {
        self.raw(name).map(str::to_string)
    }

    /// Records a problem with a parameter.
    pub fn push_error(&mut self, error: FieldError) {
        self.errors.push(error);
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
    fn every_bad_parameter_is_reported() {
        let mut q = QueryParams::new(
            [("limit", "0"), ("team_id", "x"), ("active", "maybe")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        crate::listing::page_from(&mut q);
        q.value::<uuid::Uuid>("team_id");
        q.value::<bool>("active");
        let Err(ApiError::Validation(errors)) = q.finish() else {
            panic!("expected validation errors");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["limit", "team_id", "active"]);
    }
}
