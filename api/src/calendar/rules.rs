//! Working-day arithmetic for statutory clocks: every deadline in the service is computed here.
//! England and Wales bank holidays come from the standing rules, with one-off changes (moved or
//! extra holidays) held as data and passed in.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use time::{Date, Duration, Month, Weekday};

/// A one-off change to the standing rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adjustment {
    /// An extra bank holiday (or a moved one's new date).
    Add,
    /// A standing-rule holiday that did not happen (a moved one's old date).
    Remove,
}

/// The one-off changes the service ships with: (date, change, name).
pub const SEEDED_ADJUSTMENTS: &[(i32, u8, u8, Adjustment, &str)] = &[
    (
        2020,
        5,
        4,
        Adjustment::Remove,
        "Early May bank holiday (moved to 8 May)",
    ),
    (
        2020,
        5,
        8,
        Adjustment::Add,
        "Early May bank holiday (VE Day)",
    ),
    (
        2022,
        5,
        30,
        Adjustment::Remove,
        "Spring bank holiday (moved to 2 June)",
    ),
    (2022, 6, 2, Adjustment::Add, "Spring bank holiday"),
    (2022, 6, 3, Adjustment::Add, "Platinum Jubilee bank holiday"),
    (
        2022,
        9,
        19,
        Adjustment::Add,
        "State Funeral of Queen Elizabeth II",
    ),
    (
        2023,
        5,
        8,
        Adjustment::Add,
        "Coronation of King Charles III",
    ),
];

/// Bank holidays from the standing rules and the recorded one-off changes.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    adjustments: BTreeMap<Date, Adjustment>,
}

fn date(year: i32, month: Month, day: u8) -> Date {
    Date::from_calendar_date(year, month, day).expect("a valid calendar date")
}

fn first_monday(year: i32, month: Month) -> Date {
    let mut day = date(year, month, 1);
    while day.weekday() != Weekday::Monday {
        day += Duration::days(1);
    }
    day
}

fn last_monday(year: i32, month: Month) -> Date {
    let mut day = date(year, month, month.length(year));
    while day.weekday() != Weekday::Monday {
        day -= Duration::days(1);
    }
    day
}

/// Easter Sunday (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    let month = if month == 3 {
        Month::March
    } else {
        Month::April
    };
    date(year, month, day as u8)
}

/// The standing-rule bank holidays of a year, with substitute days, in date order.
pub fn standing_holidays(year: i32) -> Vec<(Date, &'static str)> {
    let mut days = Vec::with_capacity(8);
    let new_year = date(year, Month::January, 1);
    days.push((
        match new_year.weekday() {
            Weekday::Saturday => new_year + Duration::days(2),
            Weekday::Sunday => new_year + Duration::days(1),
            _ => new_year,
        },
        "New Year's Day",
    ));
    let easter = easter_sunday(year);
    days.push((easter - Duration::days(2), "Good Friday"));
    days.push((easter + Duration::days(1), "Easter Monday"));
    days.push((first_monday(year, Month::May), "Early May bank holiday"));
    days.push((last_monday(year, Month::May), "Spring bank holiday"));
    days.push((last_monday(year, Month::August), "Summer bank holiday"));
    let christmas = date(year, Month::December, 25);
    let (christmas_observed, boxing_observed) = match christmas.weekday() {
        // Christmas on Saturday: both move to Monday 27 and Tuesday 28.
        Weekday::Saturday => (christmas + Duration::days(2), christmas + Duration::days(3)),
        // Christmas on Sunday: Boxing Day stays Monday 26, Christmas moves to Tuesday 27.
        Weekday::Sunday => (christmas + Duration::days(2), christmas + Duration::days(1)),
        // Christmas on Friday: Boxing Day (Saturday) moves to Monday 28.
        Weekday::Friday => (christmas, christmas + Duration::days(3)),
        _ => (christmas, christmas + Duration::days(1)),
    };
    days.push((christmas_observed, "Christmas Day"));
    days.push((boxing_observed, "Boxing Day"));
    days.sort();
    days
}

/// Years whose standing holidays are worked out once and kept: every clock this service runs
/// falls well inside them. A list computes a deadline per row, and working out Easter for every
/// day it steps over cost a measurable share of a list request.
const KEPT_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Whether a day is one of England's standing bank holidays (before one-off changes).
fn is_standing_holiday(day: Date) -> bool {
    static KEPT: std::sync::OnceLock<Vec<Vec<Date>>> = std::sync::OnceLock::new();
    let year = day.year();
    if !KEPT_YEARS.contains(&year) {
        return standing_holidays(year).iter().any(|(d, _)| *d == day);
    }
    let kept = KEPT.get_or_init(|| {
        KEPT_YEARS
            .map(|y| standing_holidays(y).into_iter().map(|(d, _)| d).collect())
            .collect()
    });
    kept[(year - KEPT_YEARS.start()) as usize].contains(&day)
}

impl Calendar {
    /// A calendar with the given one-off changes.
    pub fn new(adjustments: impl IntoIterator<Item = (Date, Adjustment)>) -> Self {
        Self {
            adjustments: adjustments.into_iter().collect(),
        }
    }

    /// The calendar with only the seeded one-off changes (used before the database is read).
    pub fn seeded() -> Self {
        Self::new(SEEDED_ADJUSTMENTS.iter().map(|(y, m, d, change, _)| {
            (date(*y, Month::try_from(*m).expect("month"), *d), *change)
        }))
    }

    /// Whether the date is a bank holiday in England and Wales.
    pub fn is_bank_holiday(&self, day: Date) -> bool {
        match self.adjustments.get(&day) {
            Some(Adjustment::Add) => true,
            Some(Adjustment::Remove) => false,
            None => is_standing_holiday(day),
        }
    }

    /// Whether the date is a working day: not a weekend, not a bank holiday.
    pub fn is_working_day(&self, day: Date) -> bool {
        !is_weekend(day) && !self.is_bank_holiday(day)
    }

    /// The bank holidays of a year, with names, in date order.
    pub fn bank_holidays(&self, year: i32, names: &BTreeMap<Date, String>) -> Vec<(Date, String)> {
        let mut days: Vec<(Date, String)> = standing_holidays(year)
            .into_iter()
            .filter(|(d, _)| self.adjustments.get(d) != Some(&Adjustment::Remove))
            .map(|(d, n)| (d, n.to_string()))
            .collect();
        for (day, change) in &self.adjustments {
            if day.year() == year
                && *change == Adjustment::Add
                && !days.iter().any(|(d, _)| d == day)
            {
                let name = names
                    .get(day)
                    .cloned()
                    .unwrap_or_else(|| "Bank holiday".into());
                days.push((*day, name));
            }
        }
        days.sort();
        days
    }

    /// The date `n` working days after `from` (before it when `n` is negative); `n = 0` is
    /// `from` itself. Day one is the first working day after `from`.
    pub fn add_working_days(&self, from: Date, n: i32) -> Option<Date> {
        let step = if n >= 0 { 1 } else { -1 };
        let mut remaining = n.unsigned_abs();
        let mut day = from;
        while remaining > 0 {
            day = day.checked_add(Duration::days(step))?;
            if self.is_working_day(day) {
                remaining -= 1;
            }
        }
        Some(day)
    }

    /// The first day from which a deadline `n` working days on falls on or after `today`: a
    /// clock started before it ran out before today. Lets a list ask "overdue?" of a start
    /// date in SQL, with the arithmetic kept here.
    pub fn first_start_not_yet_due(&self, today: Date, n: i32) -> Date {
        let mut start = today;
        while let Some(earlier) = start.previous_day() {
            match self.add_working_days(earlier, n) {
                Some(due) if due >= today => start = earlier,
                _ => break,
            }
        }
        start
    }

    /// Working days after `a` up to and including `b`; negative when `b` is before `a`.
    /// `working_days_between(a, add_working_days(a, n)) == n`.
    pub fn working_days_between(&self, a: Date, b: Date) -> i32 {
        if b < a {
            return -self.working_days_between(b, a);
        }
        // Counted, not walked: reports ask this of every escalation over a year, and each
        // step of a walk would work out the year's bank holidays again.
        let days = (b - a).whole_days();
        let mut weekdays = days / 7 * 5;
        let mut day = a + Duration::days(days / 7 * 7);
        while day < b {
            day += Duration::days(1);
            if !is_weekend(day) {
                weekdays += 1;
            }
        }
        let mut holidays: BTreeSet<Date> = (a.year()..=b.year())
            .flat_map(standing_holidays)
            .map(|(d, _)| d)
            .collect();
        holidays.extend(self.adjustments.keys().copied());
        let closed = holidays
            .range((Bound::Excluded(a), Bound::Included(b)))
            .filter(|d| !is_weekend(**d) && self.is_bank_holiday(**d))
            .count() as i64;
        i32::try_from(weekdays - closed).unwrap_or(i32::MAX)
    }
}

/// The date `months` calendar months after `start` by the regulator's month rule for subject
/// access requests: the corresponding day of that month, or its last day when it has no such day
/// (31 January + 1 month = 28 or 29 February).
pub fn corresponding_date(start: Date, months: u32) -> Date {
    let total = start.year() * 12 + i32::from(u8::from(start.month())) - 1 + months as i32;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = Month::try_from(month0 as u8 + 1).unwrap_or(Month::January);
    let day = start.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(start)
}

impl Calendar {
    /// The day itself when it is a working day, else the next working day.
    pub fn working_day_on_or_after(&self, day: Date) -> Date {
        let mut day = day;
        while !self.is_working_day(day) {
            match day.next_day() {
                Some(next) => day = next,
                None => break,
            }
        }
        day
    }

    /// A subject access request's due date (UK GDPR art. 15, as the ICO counts it): from the
    /// day the clock starts to the corresponding date `months` months later (the month's last
    /// day when it has none), moved to the next working day when that is a weekend or a bank
    /// holiday.
    pub fn add_months_for_request(&self, start: Date, months: u32) -> Date {
        self.request_due_on(start, months, 0)
    }

    /// The due date of a request whose clock was stopped for `paused_days` calendar days: the
    /// month rule's date moved on by the paused days, then to the next working day.
    pub fn request_due_on(&self, start: Date, months: u32, paused_days: i64) -> Date {
        let date = corresponding_date(start, months);
        let shifted = date
            .checked_add(Duration::days(paused_days.max(0)))
            .unwrap_or(date);
        self.working_day_on_or_after(shifted)
    }
}

fn is_weekend(day: Date) -> bool {
    matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    /// The walk the counted `working_days_between` replaced, day by day.
    fn walked(calendar: &Calendar, a: Date, b: Date) -> i32 {
        if b < a {
            return -walked(calendar, b, a);
        }
        let mut count = 0;
        let mut day = a;
        while day < b {
            day += Duration::days(1);
            if calendar.is_working_day(day) {
                count += 1;
            }
        }
        count
    }

    #[test]
    fn counted_working_days_agree_with_a_day_by_day_walk() {
        let calendar = Calendar::new([
            (date!(2026 - 12 - 29), Adjustment::Add),
            (date!(2027 - 05 - 03), Adjustment::Remove),
            (date!(2026 - 06 - 13), Adjustment::Add),
        ]);
        let start = date!(2025 - 12 - 01);
        for offset in (0..500).step_by(3) {
            let a = start + Duration::days(offset);
            for span in [0, 1, 2, 5, 6, 7, 8, 13, 20, 31, 45, 90, 200, 400] {
                let b = a + Duration::days(span);
                assert_eq!(
                    calendar.working_days_between(a, b),
                    walked(&calendar, a, b),
                    "{a} to {b}"
                );
                assert_eq!(
                    calendar.working_days_between(b, a),
                    walked(&calendar, b, a),
                    "{b} to {a}"
                );
            }
        }
    }

    fn cal() -> Calendar {
        Calendar::seeded()
    }

    #[test]
    fn a_clock_started_before_the_first_start_not_yet_due_has_run_out() {
        let c = cal();
        // Ten working days before Monday 4 January 2027, across Christmas and New Year.
        let today = date!(2027 - 01 - 04);
        let first = c.first_start_not_yet_due(today, 10);
        assert!(c.add_working_days(first, 10).unwrap() >= today);
        let before = first.previous_day().unwrap();
        assert!(c.add_working_days(before, 10).unwrap() < today);
        assert_eq!(first, date!(2026 - 12 - 16));
    }

    #[test]
    fn the_kept_years_agree_with_the_rules_day_by_day() {
        let mut day = date(1989, Month::December, 1);
        while day <= date(2101, Month::January, 31) {
            let by_rule = standing_holidays(day.year()).iter().any(|(d, _)| *d == day);
            assert_eq!(is_standing_holiday(day), by_rule, "{day}");
            day += Duration::days(1);
        }
    }

    #[test]
    fn easter_dates_are_right() {
        assert_eq!(easter_sunday(2024), date!(2024 - 03 - 31));
        assert_eq!(easter_sunday(2025), date!(2025 - 04 - 20));
        assert_eq!(easter_sunday(2026), date!(2026 - 04 - 05));
        assert_eq!(easter_sunday(2030), date!(2030 - 04 - 21));
    }

    #[test]
    fn christmas_on_a_saturday_moves_both_holidays() {
        // 2021: Christmas Saturday, Boxing Day Sunday -> Mon 27 and Tue 28.
        let c = cal();
        assert!(c.is_bank_holiday(date!(2021 - 12 - 27)));
        assert!(c.is_bank_holiday(date!(2021 - 12 - 28)));
        assert!(c.is_working_day(date!(2021 - 12 - 29)));
    }

    #[test]
    fn christmas_on_a_sunday_gives_tuesday_substitute() {
        // 2022: Christmas Sunday -> Boxing Day Mon 26 and substitute Tue 27.
        let c = cal();
        assert!(c.is_bank_holiday(date!(2022 - 12 - 26)));
        assert!(c.is_bank_holiday(date!(2022 - 12 - 27)));
    }

    #[test]
    fn boxing_day_on_a_saturday_moves_to_monday() {
        // 2026: Christmas Friday, Boxing Day Saturday -> Mon 28.
        let c = cal();
        assert!(c.is_bank_holiday(date!(2026 - 12 - 25)));
        assert!(c.is_bank_holiday(date!(2026 - 12 - 28)));
    }

    #[test]
    fn new_years_day_on_a_weekend_moves_to_monday() {
        let c = cal();
        assert!(c.is_bank_holiday(date!(2022 - 01 - 03))); // Sat 1 Jan 2022
        assert!(c.is_bank_holiday(date!(2023 - 01 - 02))); // Sun 1 Jan 2023
    }

    #[test]
    fn one_off_changes_apply() {
        let c = cal();
        assert!(!c.is_bank_holiday(date!(2020 - 05 - 04)));
        assert!(c.is_bank_holiday(date!(2020 - 05 - 08)));
        assert!(!c.is_bank_holiday(date!(2022 - 05 - 30)));
        assert!(c.is_bank_holiday(date!(2022 - 06 - 02)));
        assert!(c.is_bank_holiday(date!(2022 - 06 - 03)));
        assert!(c.is_bank_holiday(date!(2022 - 09 - 19)));
        assert!(c.is_bank_holiday(date!(2023 - 05 - 08)));
    }

    #[test]
    fn each_year_2020_to_2030_has_eight_standing_holidays() {
        for year in 2020..=2030 {
            assert_eq!(standing_holidays(year).len(), 8, "{year}");
        }
        let names = BTreeMap::new();
        assert_eq!(cal().bank_holidays(2022, &names).len(), 10);
        assert_eq!(cal().bank_holidays(2023, &names).len(), 9);
    }

    #[test]
    fn ten_working_days_over_christmas() {
        // Fri 18 Dec 2026 + 10: skips 25 and 28 Dec and 1 Jan 2027.
        let c = cal();
        assert_eq!(
            c.add_working_days(date!(2026 - 12 - 18), 10),
            Some(date!(2027 - 01 - 06))
        );
    }

    #[test]
    fn working_days_over_easter() {
        // Thu 2 Apr 2026 + 1 skips Good Friday (3rd), the weekend and Easter Monday (6th).
        let c = cal();
        assert_eq!(
            c.add_working_days(date!(2026 - 04 - 02), 1),
            Some(date!(2026 - 04 - 07))
        );
        assert_eq!(
            c.working_days_between(date!(2026 - 04 - 02), date!(2026 - 04 - 07)),
            1
        );
    }

    #[test]
    fn between_inverts_add() {
        let c = cal();
        let start = date!(2025 - 11 - 03);
        for n in [-30, -1, 0, 1, 5, 20, 65] {
            let end = c.add_working_days(start, n).unwrap();
            assert_eq!(c.working_days_between(start, end), n, "n = {n}");
        }
    }

    #[test]
    fn adding_from_a_weekend_counts_from_monday() {
        let c = cal();
        assert_eq!(
            c.add_working_days(date!(2026 - 11 - 28), 1),
            Some(date!(2026 - 11 - 30))
        );
    }

    #[test]
    fn a_request_received_on_31_january_is_due_at_the_end_of_february() {
        let c = cal();
        // 28 February 2027 is a Sunday: due on Monday 1 March.
        assert_eq!(
            c.add_months_for_request(date!(2027 - 01 - 31), 1),
            date!(2027 - 03 - 01)
        );
        // 2028 is a leap year and Tuesday 29 February a working day.
        assert_eq!(
            c.add_months_for_request(date!(2028 - 01 - 31), 1),
            date!(2028 - 02 - 29)
        );
        // 28 February 2026 is a Saturday: Monday 2 March.
        assert_eq!(
            c.add_months_for_request(date!(2026 - 01 - 31), 1),
            date!(2026 - 03 - 02)
        );
    }

    #[test]
    fn a_request_due_on_a_month_without_the_day_is_due_on_its_last_day() {
        let c = cal();
        assert_eq!(
            c.add_months_for_request(date!(2026 - 03 - 31), 1),
            date!(2026 - 04 - 30)
        );
        assert_eq!(
            c.add_months_for_request(date!(2026 - 08 - 31), 1),
            date!(2026 - 09 - 30)
        );
        assert_eq!(
            c.add_months_for_request(date!(2026 - 04 - 15), 1),
            date!(2026 - 05 - 15)
        );
        assert_eq!(
            c.add_months_for_request(date!(2026 - 12 - 15), 1),
            date!(2027 - 01 - 15)
        );
    }

    #[test]
    fn a_request_due_on_good_friday_is_due_after_easter_monday() {
        // Good Friday 26 March 2027, Easter Monday 29 March.
        assert_eq!(
            cal().add_months_for_request(date!(2027 - 02 - 26), 1),
            date!(2027 - 03 - 30)
        );
    }

    #[test]
    fn a_request_due_on_christmas_day_is_due_after_the_holidays() {
        // Friday 25 December 2026; Boxing Day's substitute is Monday 28.
        assert_eq!(
            cal().add_months_for_request(date!(2026 - 11 - 25), 1),
            date!(2026 - 12 - 29)
        );
    }

    #[test]
    fn an_extended_request_is_due_three_months_after_its_start() {
        assert_eq!(
            cal().add_months_for_request(date!(2027 - 01 - 31), 3),
            date!(2027 - 04 - 30)
        );
        assert_eq!(
            cal().add_months_for_request(date!(2026 - 11 - 30), 3),
            date!(2027 - 03 - 01)
        );
    }

    #[test]
    fn a_paused_request_is_due_later_by_the_paused_days() {
        let c = cal();
        // 28 February 2027 + 10 days = Wednesday 10 March.
        assert_eq!(
            c.request_due_on(date!(2027 - 01 - 31), 1, 10),
            date!(2027 - 03 - 10)
        );
        // 28 February 2026 + 7 = Saturday 7 March: Monday 9 March.
        assert_eq!(
            c.request_due_on(date!(2026 - 01 - 31), 1, 7),
            date!(2026 - 03 - 09)
        );
    }
}
