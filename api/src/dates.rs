//! Dates and times at the edge: `YYYY-MM-DD` parsing, RFC 3339 output, and "today" in
//! Europe/London, where the council works (product.md §5).

use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

const DATE_FORMAT: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// Parses a calendar date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<Date, String> {
    if text.len() != 10 {
        return Err("must be a date as YYYY-MM-DD".into());
    }
    Date::parse(text, DATE_FORMAT).map_err(|_| "must be a real date as YYYY-MM-DD".into())
}

/// Formats a date as `YYYY-MM-DD`. Written out for the years people use: a list's page formats
/// about 150 (two periods and a deadline an audit), and through `time`'s formatter, which reads
/// the format description each time, they took 107,000 instructions a page against 33,000 here
/// (callgrind, a team list of 50 on PostgreSQL).
pub fn format_date(date: Date) -> String {
    let year = date.year();
    if !(0..10_000).contains(&year) {
        return date.format(DATE_FORMAT).unwrap_or_default();
    }
    let (month, day) = (u32::from(u8::from(date.month())), u32::from(date.day()));
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let year = year.unsigned_abs();
    let text = [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ];
    String::from_utf8(text.to_vec()).unwrap_or_default()
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
    let last = Date::from_calendar_date(year, month, month.length(year)).expect("valid date");
    last - Duration::days(i64::from(last.weekday().number_days_from_sunday()))
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
    use time::Weekday;

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
    fn dates_are_written_as_time_writes_them() {
        let mut day = time::macros::date!(1999 - 12 - 25);
        while day.year() < 2031 {
            assert_eq!(format_date(day), day.format(DATE_FORMAT).unwrap());
            day = day.next_day().unwrap();
        }
        for day in [
            time::macros::date!(0001 - 01 - 01),
            time::macros::date!(0999 - 10 - 09),
            time::macros::date!(9999 - 12 - 31),
        ] {
            assert_eq!(format_date(day), day.format(DATE_FORMAT).unwrap());
        }
    }

    #[test]
    fn summer_time_starts_and_ends_on_the_last_sundays_of_march_and_october() {
        for year in 1990..2100 {
            for month in [Month::March, Month::October] {
                let sunday = last_sunday(year, month);
                assert_eq!(sunday.weekday(), Weekday::Sunday);
                assert_eq!(sunday.month(), month);
                assert!(sunday.day() + 7 > month.length(year), "{sunday}");
            }
        }
    }

    #[test]
    fn dates_must_be_real_and_in_iso_form() {
        assert!(parse_date("2026-02-29").is_err());
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_date("2026-1-05").is_err());
        assert!(parse_date("05/01/2026").is_err());
    }
}
