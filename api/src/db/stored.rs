//! Rows a query hands back as JSON: a record's children gathered into one array by the database
//! (`json_agg` on PostgreSQL, `json_group_array` on SQLite), so that a read is one statement
//! instead of one per kind of child. Each backend writes dates and times in the JSON as it
//! stores them, and these read both: `2026-01-06 09:30:00` (SQLite's text) and
//! `2026-01-06T09:30:00.123456` (PostgreSQL's `timestamp` in JSON).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use time::{Date, PrimitiveDateTime};

const TIMESTAMP: &[time::format_description::FormatItem<'static>] = time::macros::format_description!(
    "[year]-[month]-[day] [hour]:[minute]:[second][optional [.[subsecond]]]"
);

/// A stored date and time, with a space or a `T` between the two.
pub fn parse_timestamp(text: &str) -> Option<PrimitiveDateTime> {
    if text.as_bytes().get(10) == Some(&b'T') {
        let spaced = format!("{} {}", &text[..10], &text[11..]);
        PrimitiveDateTime::parse(&spaced, TIMESTAMP).ok()
    } else {
        PrimitiveDateTime::parse(text, TIMESTAMP).ok()
    }
}

/// Reads a stored date and time (`deserialize_with`).
pub fn timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<PrimitiveDateTime, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_timestamp(&text)
        .ok_or_else(|| D::Error::custom(format!("not a stored timestamp: {text}")))
}

/// Reads a stored date and time, or null (`deserialize_with`, with `default`).
pub fn optional_timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<PrimitiveDateTime>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(|text| {
            parse_timestamp(&text)
                .ok_or_else(|| D::Error::custom(format!("not a stored timestamp: {text}")))
        })
        .transpose()
}

/// Reads a stored calendar date, `YYYY-MM-DD` on both backends (`deserialize_with`).
pub fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    let text = String::deserialize(deserializer)?;
    crate::dates::parse_date(&text)
        .map_err(|_| D::Error::custom(format!("not a stored date: {text}")))
}

#[cfg(test)]
mod tests {
    use super::parse_timestamp;
    use time::macros::datetime;

    #[test]
    fn both_backends_timestamps_are_read() {
        assert_eq!(
            parse_timestamp("2026-01-06 09:30:00"),
            Some(datetime!(2026-01-06 09:30:00))
        );
        assert_eq!(
            parse_timestamp("2026-01-06T09:30:00"),
            Some(datetime!(2026-01-06 09:30:00))
        );
        assert_eq!(
            parse_timestamp("2026-03-29T01:05:07.123456"),
            Some(datetime!(2026-03-29 01:05:07.123456))
        );
        assert_eq!(
            parse_timestamp("2026-03-29 01:05:07.5"),
            Some(datetime!(2026-03-29 01:05:07.5))
        );
        assert_eq!(parse_timestamp("2026-03-29"), None);
        assert_eq!(parse_timestamp("29/03/2026 01:05"), None);
        assert_eq!(parse_timestamp("2026-02-30 00:00:00"), None);
    }
}
