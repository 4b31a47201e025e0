//! Reports (product.md §4.9, the reports issue): figures computed from the records themselves on
//! every request, so a report can never disagree with the lists it summarises. Each report is a
//! set of named tables (the same figures the screens chart and the CSV export writes), the
//! previous period's figures beside the current ones, and the definitions used.
//!
//! Periods are calendar quarters (`2026-Q3` = July to September) or `from`/`to` dates; a record
//! falls in the period of its date in Europe/London (an audit: its submission).

pub mod calibration;
pub mod handlers;
pub mod heatmap;
pub mod more;
pub mod quarterly;
pub mod tallies;

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{json, Value};
use time::{Date, Month, PrimitiveDateTime};
use utoipa::ToSchema;

use crate::auth::caller::Caller;
use crate::auth::roles::Role;
use crate::db::schema::{grades, org_units};
use crate::db::types::UnitId;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use diesel::prelude::*;

/// The rank from which a grade counts as good or better (Ofsted: good 3, outstanding 4).
pub const GOOD_RANK: i32 = 3;

/// Roles that read every report for the whole council.
pub const READERS: [Role; 4] = [
    Role::SeniorLeader,
    Role::QaOfficer,
    Role::PrincipalSocialWorker,
    Role::PerformanceAnalyst,
];

/// A period of whole days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
}

impl Period {
    /// The calendar quarter holding `day`.
    pub fn quarter_of(day: Date) -> Self {
        let first_month = (u8::from(day.month()) - 1) / 3 * 3 + 1;
        Self::quarter(day.year(), first_month / 3 + 1)
    }

    /// Quarter `q` (1–4) of `year`.
    pub fn quarter(year: i32, q: u8) -> Self {
        let first = Month::try_from((q - 1) * 3 + 1).unwrap_or(Month::January);
        let from = Date::from_calendar_date(year, first, 1).unwrap_or(Date::MIN);
        let next = if q == 4 {
            Date::from_calendar_date(year + 1, Month::January, 1)
        } else {
            Date::from_calendar_date(year, first.nth_next(3), 1)
        }
        .unwrap_or(Date::MAX);
        Self {
            from,
            to: next.previous_day().unwrap_or(next),
        }
    }

    /// Parses `YYYY-Qn`.
    pub fn parse_quarter(text: &str) -> Option<Self> {
        let (year, q) = text.split_once("-Q")?;
        let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y))?;
        let q: u8 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        Some(Self::quarter(year, q))
    }

    /// The period just before, of the same kind: the previous quarter for a quarter, else as
    /// many days ending the day before.
    pub fn previous(&self) -> Self {
        let before = self.from.previous_day().unwrap_or(self.from);
        if self.is_quarter() {
            return Self::quarter_of(before);
        }
        let days = (self.to - self.from).whole_days();
        Self {
            from: before - time::Duration::days(days),
            to: before,
        }
    }

    fn is_quarter(&self) -> bool {
        *self == Self::quarter_of(self.from)
    }

    /// `2026-Q3`, or `2026-07-01 to 2026-08-15`.
    pub fn label(&self) -> String {
        if self.is_quarter() {
            format!(
                "{}-Q{}",
                self.from.year(),
                (u8::from(self.from.month()) - 1) / 3 + 1
            )
        } else {
            format!(
                "{} to {}",
                crate::dates::format_date(self.from),
                crate::dates::format_date(self.to)
            )
        }
    }

    /// The instants the period covers in Europe/London: `[start, end)` in UTC as stored.
    pub fn instants(&self) -> (PrimitiveDateTime, PrimitiveDateTime) {
        (
            crate::dates::london_day_start(self.from),
            crate::dates::london_day_start(self.to.next_day().unwrap_or(self.to)),
        )
    }

    /// Whether a stored instant falls in the period.
    pub fn holds_instant(&self, at: PrimitiveDateTime) -> bool {
        let (start, end) = self.instants();
        at >= start && at < end
    }

    /// Whether a day falls in the period.
    pub fn holds(&self, day: Date) -> bool {
        day >= self.from && day <= self.to
    }
}

/// A period as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodShown {
    /// `2026-Q3`, or the two dates.
    pub label: String,
    /// The first day.
    #[schema(format = Date)]
    pub from: String,
    /// The last day.
    #[schema(format = Date)]
    pub to: String,
}

impl From<Period> for PeriodShown {
    fn from(p: Period) -> Self {
        Self {
            label: p.label(),
            from: crate::dates::format_date(p.from),
            to: crate::dates::format_date(p.to),
        }
    }
}

/// One table of a report: the figures a chart shows and the CSV export writes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportTable {
    /// Its name, for `?table=` with `Accept: text/csv`.
    pub name: String,
    /// What it shows (the caption).
    pub caption: String,
    /// The column headings.
    pub columns: Vec<String>,
    /// The rows: numbers, text, null for nothing to show, or `{"value": null, "suppressed":
    /// true}` where a count of fewer than 5 children or staff is withheld from the performance
    /// analyst.
    #[schema(value_type = Vec<Vec<serde_json::Value>>)]
    pub rows: Vec<Vec<Value>>,
}

/// A term a report uses and what it means.
#[derive(Debug, Serialize, ToSchema)]
pub struct Definition {
    /// The term.
    pub term: String,
    /// What it means here.
    pub meaning: String,
}

/// A report: its period and the previous one, the part of the council it covers, its tables
/// and definitions.
#[derive(Debug, Serialize, ToSchema)]
pub struct Report {
    /// The report's name.
    pub name: String,
    /// Its title.
    pub title: String,
    /// The period reported.
    pub period: PeriodShown,
    /// The period compared with.
    pub previous: PeriodShown,
    /// The part of the council covered: `The whole council`, a service's or a team's name.
    pub scope: String,
    /// Whether counts of fewer than the small-number threshold are withheld.
    pub small_numbers_suppressed: bool,
    /// The tables.
    pub tables: Vec<ReportTable>,
    /// The terms used.
    pub definitions: Vec<Definition>,
    /// Sections whose records the service does not hold yet, and other notes.
    pub notes: Vec<String>,
}

/// A condition on a table's team: its teams for a service or a team. For the whole council it
/// asks only that there is a team, so the database counts an index range without looking each
/// row's team up in a list (several times faster on a million rows).
pub type TeamCondition<T> = Box<
    dyn diesel::expression::BoxableExpression<
        T,
        crate::db::MultiBackend,
        SqlType = diesel::sql_types::Bool,
    >,
>;

/// Escalations of the scope's teams.
pub fn escalation_teams(scope: &Scope) -> TeamCondition<crate::db::schema::escalations::table> {
    use crate::db::schema::escalations::dsl::team_id;
    use diesel::prelude::*;
    if scope.whole {
        Box::new(team_id.is_not_null())
    } else {
        Box::new(team_id.eq_any(scope.teams.clone()))
    }
}

/// Actions of the scope's teams (an action of no team counts in none).
pub fn action_teams(scope: &Scope) -> TeamCondition<crate::db::schema::actions::table> {
    use crate::db::schema::actions::dsl::team_id;
    use diesel::prelude::*;
    if scope.whole {
        Box::new(team_id.is_not_null())
    } else {
        Box::new(team_id.eq_any(scope.teams.clone()).assume_not_null())
    }
}

/// Every org unit: id → (name, kind, parent).
pub type Units = HashMap<UnitId, (String, String, Option<UnitId>)>;

/// What a report covers and how its counts are shown.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The teams covered.
    pub teams: Vec<UnitId>,
    /// Every team and service: id → (name, kind, parent).
    pub units: Units,
    /// `The whole council`, a service's or a team's name.
    pub label: String,
    /// Counts below this are withheld (0: none are).
    pub suppress_below: i64,
    /// Whether it is the whole council (feedback about no team counts only then).
    pub whole: bool,
}

impl Scope {
    /// Whether a team is covered.
    pub fn covers(&self, team: UnitId) -> bool {
        self.teams.contains(&team)
    }

    /// A unit's name.
    pub fn name(&self, unit: UnitId) -> String {
        self.units
            .get(&unit)
            .map_or_else(|| "Unknown".to_string(), |(name, ..)| name.clone())
    }

    /// The service a team belongs to.
    pub fn service_of(&self, team: UnitId) -> Option<UnitId> {
        let mut at = self.units.get(&team)?.2;
        while let Some(unit) = at {
            let (_, kind, parent) = self.units.get(&unit)?;
            if kind == "service" {
                return Some(unit);
            }
            at = *parent;
        }
        None
    }

    /// A count as a cell: withheld when small and the caller sees only aggregates.
    pub fn count(&self, n: i64) -> Value {
        if n > 0 && n < self.suppress_below {
            json!({"value": null, "suppressed": true})
        } else {
            json!(n)
        }
    }

    /// A share in percent (one decimal) of `part` in `whole`; null when there is none, withheld
    /// when the whole is.
    pub fn share(&self, part: i64, whole: i64) -> Value {
        if whole == 0 {
            Value::Null
        } else if whole < self.suppress_below {
            json!({"value": null, "suppressed": true})
        } else {
            json!(percent(part, whole))
        }
    }
}

/// `part` of `whole` in percent, to one decimal.
pub fn percent(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (1000.0 * part as f64 / whole as f64).round() / 10.0
    }
}

/// The change between two shares, in percentage points; null when either is missing.
pub fn change(now: &Value, before: &Value) -> Value {
    match (now.as_f64(), before.as_f64()) {
        (Some(a), Some(b)) => json!(((a - b) * 10.0).round() / 10.0),
        _ => Value::Null,
    }
}

/// The report's period from `quarter=` or `from`/`to` (default: the current quarter).
pub fn period_from(query: &HashMap<String, String>) -> ApiResult<Period> {
    if let Some(q) = query.get("quarter") {
        if query.contains_key("from") || query.contains_key("to") {
            return Err(ApiError::field(
                "quarter",
                "give a quarter or from and to, not both",
            ));
        }
        return Period::parse_quarter(q)
            .ok_or_else(|| ApiError::field("quarter", "must be YYYY-Qn, e.g. 2026-Q3"));
    }
    let day = |name: &str| -> ApiResult<Option<Date>> {
        query
            .get(name)
            .map(|raw| {
                crate::dates::parse_date(raw)
                    .ok()
                    .filter(|d| (2000..=2100).contains(&d.year()))
                    .ok_or_else(|| ApiError::field(name, "must be a date, YYYY-MM-DD"))
            })
            .transpose()
    };
    match (day("from")?, day("to")?) {
        (None, None) => Ok(Period::quarter_of(crate::dates::london_today())),
        (Some(from), Some(to)) if from <= to && (to - from).whole_days() <= 3 * 366 => {
            Ok(Period { from, to })
        }
        (Some(_), Some(_)) => Err(ApiError::field(
            "to",
            "must be on or after from, and at most three years after it",
        )),
        (Some(_), None) => Err(ApiError::field("to", "is required with from")),
        (None, Some(_)) => Err(ApiError::field("from", "is required with to")),
    }
}

/// Who may read reports and what they cover: the council for the QA unit, senior leaders, the
/// principal social worker and the analyst; a head of service their service. `service_id` and
/// `team_id` narrow it.
pub fn scope_for(
    conn: &mut DbConn,
    caller: &Caller,
    query: &HashMap<String, String>,
    small_number_threshold: i32,
) -> ApiResult<Scope> {
    let everything = caller.has_any(&READERS);
    if !everything && !caller.has(Role::HeadOfService) {
        crate::auth::policy::log_role_refusal(conn, caller, "read", "report")?;
        return Err(ApiError::forbidden(
            "Reports are read by the QA unit, senior leaders, the principal social worker, heads of service and the Performance Team.",
        ));
    }
    let units = all_units(conn)?;
    let uuid = |name: &str| -> ApiResult<Option<UnitId>> {
        query
            .get(name)
            .map(|raw| {
                uuid::Uuid::parse_str(raw)
                    .map(UnitId::from)
                    .map_err(|_| ApiError::field(name, "must be a UUID"))
            })
            .transpose()
    };
    let allowed: Vec<UnitId> = if everything {
        units.keys().copied().collect()
    } else {
        caller.unit_subtree.clone()
    };
    let mut label = if everything {
        "The whole council".to_string()
    } else {
        caller
            .org_unit_id
            .and_then(|u| units.get(&u))
            .map_or_else(|| "Your service".into(), |(n, ..)| n.clone())
    };
    let mut chosen = allowed.clone();
    let whole = everything && !query.contains_key("service_id") && !query.contains_key("team_id");
    if let Some(service) = uuid("service_id")? {
        match units.get(&service) {
            Some((name, kind, _)) if kind == "service" && allowed.contains(&service) => {
                let below = crate::auth::repo::subtree(conn, service)?;
                chosen.retain(|u| below.contains(u));
                label = name.clone();
            }
            _ => return Err(ApiError::NotFound),
        }
    }
    if let Some(team) = uuid("team_id")? {
        match units.get(&team) {
            Some((name, kind, _)) if kind == "team" && chosen.contains(&team) => {
                chosen = vec![team];
                label = name.clone();
            }
            // Like a record outside the caller's scope: as if it did not exist.
            _ => return Err(ApiError::NotFound),
        }
    }
    let teams = chosen
        .into_iter()
        .filter(|u| units.get(u).is_some_and(|(_, kind, _)| kind == "team"))
        .collect();
    // The analyst reads aggregates only: small counts could point at a child. Another role
    // that reads the reports in full lifts it.
    let full_reader = caller.has_any(&[
        Role::SeniorLeader,
        Role::QaOfficer,
        Role::PrincipalSocialWorker,
        Role::HeadOfService,
    ]);
    let suppress_below = if full_reader {
        0
    } else {
        i64::from(small_number_threshold)
    };
    Ok(Scope {
        teams,
        units,
        label,
        suppress_below,
        whole,
    })
}

/// A team briefing's scope: the team manager's own team (`team_id` names it when they manage
/// several); others who read reports name any team in their scope with `team_id`.
pub fn briefing_scope(
    conn: &mut DbConn,
    caller: &Caller,
    query: &HashMap<String, String>,
) -> ApiResult<Scope> {
    if caller.has_any(&READERS) || caller.has(Role::HeadOfService) {
        if !query.contains_key("team_id") {
            return Err(ApiError::field("team_id", "name the team to brief"));
        }
        return scope_for(conn, caller, query, 0);
    }
    if !caller.has(Role::TeamManager) {
        crate::auth::policy::log_role_refusal(conn, caller, "read", "report")?;
        return Err(ApiError::forbidden(
            "The team briefing is for team managers and those who read reports.",
        ));
    }
    let units = all_units(conn)?;
    let managed: Vec<UnitId> = caller
        .unit_subtree
        .iter()
        .copied()
        .filter(|u| units.get(u).is_some_and(|(_, kind, _)| kind == "team"))
        .collect();
    let team = match query.get("team_id") {
        Some(raw) => uuid::Uuid::parse_str(raw)
            .ok()
            .map(UnitId::from)
            .filter(|t| managed.contains(t))
            .ok_or(ApiError::NotFound)?,
        None => *managed.first().ok_or(ApiError::NotFound)?,
    };
    Ok(Scope {
        teams: vec![team],
        label: units
            .get(&team)
            .map_or_else(String::new, |(n, ..)| n.clone()),
        units,
        suppress_below: 0,
        whole: false,
    })
}

/// The service around a one-team scope, for comparison.
pub fn service_around(conn: &mut DbConn, team: &Scope) -> ApiResult<Scope> {
    let service = team.teams.first().and_then(|t| team.service_of(*t));
    let teams = match service {
        Some(s) => crate::auth::repo::subtree(conn, s)?
            .into_iter()
            .filter(|u| team.units.get(u).is_some_and(|(_, kind, _)| kind == "team"))
            .collect(),
        None => team.teams.clone(),
    };
    Ok(Scope {
        teams,
        units: team.units.clone(),
        label: service.map_or_else(String::new, |s| team.name(s)),
        suppress_below: 0,
        whole: false,
    })
}

fn all_units(conn: &mut DbConn) -> ApiResult<Units> {
    let rows: Vec<(UnitId, String, String, Option<UnitId>)> = org_units::table
        .select((
            org_units::id,
            org_units::name,
            org_units::kind,
            org_units::parent_id,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, kind, parent)| (id, (name, kind, parent)))
        .collect())
}

/// Grade codes and their ranks.
pub fn grade_ranks(conn: &mut DbConn) -> ApiResult<HashMap<String, i32>> {
    Ok(grades::table
        .select((grades::code, grades::rank))
        .load::<(String, i32)>(conn)?
        .into_iter()
        .collect())
}

/// Weighted Cohen's kappa with linear weights over ordinal ranks `1..=k`: agreement beyond
/// chance, where a disagreement of one grade counts less than one of three. Null when it is
/// undefined (fewer than two pairs, or every rating the same).
pub fn weighted_kappa(pairs: &[(i32, i32)], k: i32) -> Option<f64> {
    if pairs.len() < 2 || k < 2 {
        return None;
    }
    let n = pairs.len() as f64;
    let size = k as usize;
    let mut observed = vec![vec![0.0; size]; size];
    let mut rows = vec![0.0; size];
    let mut cols = vec![0.0; size];
    for (a, b) in pairs {
        let (i, j) = ((*a - 1) as usize, (*b - 1) as usize);
        if i >= size || j >= size {
            return None;
        }
        observed[i][j] += 1.0;
        rows[i] += 1.0;
        cols[j] += 1.0;
    }
    let weight = |i: usize, j: usize| (i as f64 - j as f64).abs() / (k as f64 - 1.0);
    let (mut disagreement, mut expected) = (0.0, 0.0);
    for i in 0..size {
        for j in 0..size {
            disagreement += weight(i, j) * observed[i][j] / n;
            expected += weight(i, j) * rows[i] * cols[j] / (n * n);
        }
    }
    if expected == 0.0 {
        return None;
    }
    Some(((1.0 - disagreement / expected) * 1000.0).round() / 1000.0)
}

/// The CSV of one table.
pub fn table_csv(table: &ReportTable) -> String {
    let mut out = String::new();
    let cell = |v: &Value| -> String {
        let text = match v {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            Value::Object(o) if o.get("suppressed") == Some(&Value::Bool(true)) => {
                "fewer than 5".into()
            }
            other => other.to_string(),
        };
        // Quoted always; a leading formula character is defused for spreadsheets.
        let safe = if text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err() {
            format!("'{text}")
        } else {
            text
        };
        format!("\"{}\"", safe.replace('"', "\"\""))
    };
    out.push_str(
        &table
            .columns
            .iter()
            .map(|c| cell(&Value::String(c.clone())))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for row in &table.rows {
        out.push_str(&row.iter().map(cell).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// The whole report as a spreadsheet: a sheet of contents (period, scope, definitions, notes),
/// then one sheet per table; withheld cells read "fewer than 5".
pub fn report_xlsx(report: &Report) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let about = book.add_worksheet();
    about.set_name("About")?;
    about.set_column_width(0, 28)?;
    about.set_column_width(1, 90)?;
    let mut line = 0u32;
    for (term, meaning) in [
        ("Report", report.title.clone()),
        ("Period", report.period.label.clone()),
        ("Compared with", report.previous.label.clone()),
        ("Covers", report.scope.clone()),
    ] {
        about.write_string_with_format(line, 0, term, &bold)?;
        about.write_string(line, 1, meaning)?;
        line += 1;
    }
    for definition in &report.definitions {
        about.write_string_with_format(line, 0, &definition.term, &bold)?;
        about.write_string(line, 1, &definition.meaning)?;
        line += 1;
    }
    for note in &report.notes {
        about.write_string(line, 1, note)?;
        line += 1;
    }
    for table in &report.tables {
        let sheet = book.add_worksheet();
        // Sheet names: at most 31 characters, none of []:*?/\.
        let name: String = table
            .name
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        sheet.set_name(name)?;
        sheet.write_string_with_format(0, 0, &table.caption, &bold)?;
        for (c, heading) in table.columns.iter().enumerate() {
            let column = c as u16;
            sheet.set_column_width(column, if c == 0 { 36 } else { 16 })?;
            sheet.write_string_with_format(1, column, heading, &bold)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let at = r as u32 + 2;
            for (c, value) in row.iter().enumerate() {
                let column = c as u16;
                match value {
                    Value::Number(n) => {
                        sheet.write_number(at, column, n.as_f64().unwrap_or_default())?;
                    }
                    Value::String(s) => {
                        sheet.write_string(at, column, s)?;
                    }
                    Value::Bool(b) => {
                        sheet.write_string(at, column, if *b { "yes" } else { "no" })?;
                    }
                    Value::Object(o) if o.get("suppressed") == Some(&Value::Bool(true)) => {
                        sheet.write_string(at, column, "fewer than 5")?;
                    }
                    _ => {}
                }
            }
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn quarters_are_calendar_quarters_and_the_previous_crosses_the_year() {
        let q3 = Period::parse_quarter("2026-Q3").unwrap();
        assert_eq!(
            (q3.from, q3.to),
            (date!(2026 - 07 - 01), date!(2026 - 09 - 30))
        );
        let q1 = Period::parse_quarter("2026-Q1").unwrap();
        assert_eq!(q1.previous().label(), "2025-Q4");
        assert_eq!(q1.previous().to, date!(2025 - 12 - 31));
        assert_eq!(Period::quarter_of(date!(2026 - 12 - 03)).label(), "2026-Q4");
        assert!(Period::parse_quarter("2026-Q5").is_none());
        let span = Period {
            from: date!(2026 - 07 - 10),
            to: date!(2026 - 07 - 19),
        };
        assert_eq!(span.previous().from, date!(2026 - 06 - 30));
        assert_eq!(span.previous().to, date!(2026 - 07 - 09));
    }

    /// Expected values computed independently with scikit-learn:
    /// `cohen_kappa_score(a, b, weights="linear")`.
    #[test]
    fn weighted_kappa_matches_scikit_learn() {
        let a = [4, 3, 3, 2, 1, 3, 4, 2, 3, 3, 2, 1];
        let b = [4, 3, 2, 2, 1, 3, 3, 2, 4, 3, 1, 1];
        let pairs: Vec<(i32, i32)> = a.iter().copied().zip(b.iter().copied()).collect();
        assert_eq!(weighted_kappa(&pairs, 4), Some(0.7));
        let a = [4, 4, 3, 2, 3, 3, 2, 4, 1, 3];
        let b = [4, 3, 3, 2, 3, 4, 2, 4, 2, 3];
        let pairs: Vec<(i32, i32)> = a.iter().copied().zip(b.iter().copied()).collect();
        // 0.6808510638297871 to three places.
        assert_eq!(weighted_kappa(&pairs, 4), Some(0.681));
        let all_same = [(3, 3), (3, 3)];
        assert_eq!(weighted_kappa(&all_same, 4), None);
    }

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        let table = ReportTable {
            name: "t".into(),
            caption: "c".into(),
            columns: vec!["Team".into(), "Count".into()],
            rows: vec![
                vec![json!("=SUM(A1)"), json!(3)],
                vec![
                    json!("North \"A\""),
                    json!({"value": null, "suppressed": true}),
                ],
            ],
        };
        assert_eq!(
            table_csv(&table),
            "\"Team\",\"Count\"\r\n\"'=SUM(A1)\",\"3\"\r\n\"North \"\"A\"\"\",\"fewer than 5\"\r\n"
        );
    }
}
