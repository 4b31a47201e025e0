//! Dates and times at the edge: `YYYY-MM-DD` parsing, RFC 3339 output, and "today" in
//! Europe/London, where the council works (product.md §5).

use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

const DATE_FORMAT: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// Parses a calendar date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<Date, String> {
    if text.len() != 10 {
        return Err("must be a date as YYYY-MM-DD".into());
    }
    Date::parse(text, DATE_FORMAT).map_err(|_| "must be a real date as YYYY-MM-DD".into())
}

/// Formats a date as `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    date.format(DATE_FORMAT).unwrap_or_default()
}

/// The current instant in UTC (on the product's one clock), without offset, as stored in the
/// database.
pub fn now_utc() -> PrimitiveDateTime {
    let now = crate::clock::now();
    // Microsecond precision: PostgreSQL keeps no more, so a value read back equals the one written.
    let micros = now.microsecond();
    let time = Time::from_hms_micro(now.hour(), now.minute(), now.second(), micros)
        .unwrap_or(Time::MIDNIGHT);
    PrimitiveDateTime::new(now.date(), time)
}

/// A stored UTC timestamp as an offset date-time for JSON.
pub fn to_utc(stored: PrimitiveDateTime) -> OffsetDateTime {
    stored.assume_utc()
}

/// An offset date-time converted to the stored UTC form.
pub fn from_offset(value: OffsetDateTime) -> PrimitiveDateTime {
    let utc = value.to_offset(UtcOffset::UTC);
    PrimitiveDateTime::new(utc.date(), utc.time())
}

fn last_sunday(year: i32, month: Month) -> Date {
    let mut day = Date::from_calendar_date(year, month, month.length(year)).expect("valid date");
    while day.weekday() != Weekday::Sunday {
        day -= Duration::days(1);
    }
    day
}

/// The UK's offset from UTC at an instant: British Summer Time runs from 01:00 UTC on the last
/// Sunday in March to 01:00 UTC on the last Sunday in October.
pub fn london_offset(at: OffsetDateTime) -> UtcOffset {
    let utc = at.to_offset(UtcOffset::UTC);
    let year = utc.year();
    let starts = PrimitiveDateTime::new(
        last_sunday(year, Month::March),
        Time::from_hms(1, 0, 0).expect("time"),
    )
    .assume_utc();
    let ends = PrimitiveDateTime::new(
        last_sunday(year, Month::October),
        Time::from_hms(1, 0, 0).expect("time"),
    )
    .assume_utc();
    if utc >= starts && utc < ends {
        UtcOffset::from_hms(1, 0, 0).expect("offset")
    } else {
        UtcOffset::UTC
    }
}

/// Today's date in Europe/London, on the product's one clock.
pub fn london_today() -> Date {
    london_date(crate::clock::now())
}

/// The Europe/London calendar date of an instant.
pub fn london_date(at: OffsetDateTime) -> Date {
    at.to_offset(london_offset(at)).date()
}

/// The instant (stored UTC) at which a Europe/London day begins, for filters on instants by
/// London dates. Clocks change at 01:00 UTC, never near midnight, so midnight UTC has the
/// same offset as the local midnight an hour either side of it.
pub fn london_day_start(day: Date) -> PrimitiveDateTime {
    let midnight = PrimitiveDateTime::new(day, Time::MIDNIGHT);
    let offset = london_offset(midnight.assume_utc());
    let start = midnight.assume_offset(offset).to_offset(UtcOffset::UTC);
    PrimitiveDateTime::new(start.date(), start.time())
}

/// The same day `months` months earlier, clamped to the month's length (31 August → 28/29 Feb).
pub fn months_before(day: Date, months: u32) -> Date {
    let total = day.year() * 12 + i32::from(u8::from(day.month())) - 1 - months as i32;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = Month::try_from(month0 as u8 + 1).unwrap_or(Month::January);
    let last = month.length(year);
    Date::from_calendar_date(year, month, day.day().min(last)).unwrap_or(day)
}

/// Serde helpers for `Date` as `YYYY-MM-DD`.
pub mod serde_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    /// Serialises a date.
    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_date(*date))
    }

    /// Deserialises a date.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_date(&text).map_err(serde::de::Error::custom)
    }

    /// The same for optional dates.
    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};
        use time::Date;

        /// Serialises an optional date.
        pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
            match date {
                Some(d) => s.serialize_str(&super::super::format_date(*d)),
                None => s.serialize_none(),
            }
        }

        /// Deserialises an optional date.
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
            match Option::<String>::deserialize(d)? {
                Some(text) => super::super::parse_date(&text)
                    .map(Some)
                    .map_err(serde::de::Error::custom),
                None => Ok(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn london_is_an_hour_ahead_in_summer() {
        assert_eq!(
            london_date(datetime!(2026-07-01 23:30 UTC)),
            time::macros::date!(2026 - 07 - 02)
        );
        assert_eq!(
            london_date(datetime!(2026-12-01 23:30 UTC)),
            time::macros::date!(2026 - 12 - 01)
        );
    }

    #[test]
    fn summer_time_changes_at_one_in_the_morning_utc() {
        // 2026: BST starts 29 March, ends 25 October.
        assert_eq!(
            london_offset(datetime!(2026-03-29 00:59 UTC)),
            UtcOffset::UTC
        );
        assert_eq!(
            london_offset(datetime!(2026-03-29 01:00 UTC)).whole_hours(),
            1
        );
        assert_eq!(
            london_offset(datetime!(2026-10-25 00:59 UTC)).whole_hours(),
            1
        );
        assert_eq!(
            london_offset(datetime!(2026-10-25 01:00 UTC)),
            UtcOffset::UTC
        );
    }

    #[test]
    fn six_months_before_clamps_to_the_month() {
        use time::macros::date;
        assert_eq!(
            months_before(date!(2026 - 08 - 31), 6),
            date!(2026 - 02 - 28)
        );
        assert_eq!(
            months_before(date!(2026 - 03 - 15), 6),
            date!(2025 - 09 - 15)
        );
        assert_eq!(
            months_before(date!(2024 - 08 - 29), 6),
            date!(2024 - 02 - 29)
        );
    }

    #[test]
    fn dates_must_be_real_and_in_iso_form() {
        assert!(parse_date("2026-02-29").is_err());
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_date("2026-1-05").is_err());
        assert!(parse_date("05/01/2026").is_err());
    }
}
