//! Counts the reports read instead of rows: audits submitted and graded judgements per
//! Europe/London day and team (`report_audit_tallies`, `report_judgement_tallies`).
//!
//! A submit adds its audit and its graded judgements on the day it is submitted; a return to
//! draft takes them off the day it had been submitted. Both happen in the transaction of the
//! step itself, so a report always agrees with the audit list. Only drafts change their grades
//! and judgements (the audit policy), so nothing else moves a count. `rebuild` counts
//! everything again from the audits (after the demo seed, which writes audits in bulk).
//!
//! Two submits on one team and day touch the same rows: each transaction takes its rows in
//! one order (the audit's row, then its judgements by standard), so on PostgreSQL they queue
//! behind each other's row locks instead of deadlocking.

use diesel::connection::SimpleConnection;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel::upsert::excluded;
use time::PrimitiveDateTime;

use super::Period;
use crate::audits::dto::AuditKind;
use crate::audits::model::{AuditRow, JudgementRow};
use crate::audits::repo as audit_repo;
use crate::db::schema::{report_audit_tallies, report_judgement_tallies};
use crate::db::types::{AuditId, UnitId};
use crate::db::DbConn;

/// Audits submitted: (team, kind, overall grade) → count.
pub type AuditCount = (UnitId, AuditKind, Option<String>, i64);

#[derive(Insertable)]
#[diesel(table_name = report_audit_tallies)]
struct AuditTally<'a> {
    day: time::Date,
    team_id: UnitId,
    kind: AuditKind,
    overall_grade: &'a str,
    audits: i64,
}

#[derive(Insertable)]
#[diesel(table_name = report_judgement_tallies)]
struct JudgementTally<'a> {
    day: time::Date,
    team_id: UnitId,
    standard_number: i32,
    grade: &'a str,
    judgements: i64,
}

/// Adds (`by` = 1) or takes off (`by` = -1) one submitted audit and its graded judgements on
/// the London day of `submitted_at`.
pub fn count_submission(
    conn: &mut DbConn,
    audit: &AuditRow,
    submitted_at: PrimitiveDateTime,
    by: i64,
) -> QueryResult<()> {
    let day = crate::dates::london_date(submitted_at.assume_utc());
    let audit_row = AuditTally {
        day,
        team_id: audit.team_id,
        kind: audit.kind,
        overall_grade: audit.overall_grade.as_deref().unwrap_or(""),
        audits: by,
    };
    let mut judgements = audit_repo::judgements_of(conn, audit.id)?;
    judgements.sort_by_key(|j| j.standard_number);
    let judgement_rows: Vec<JudgementTally> = judgements
        .iter()
        .filter_map(|j| {
            Some(JudgementTally {
                day,
                team_id: audit.team_id,
                standard_number: j.standard_number,
                grade: j.grade.as_deref()?,
                judgements: by,
            })
        })
        .collect();
    upsert(conn, &[audit_row], &judgement_rows)
}

/// Adds audits written as submitted in bulk (an import of past audits) and their judgements:
/// counted in memory first, so each (day, team, kind, grade) and (day, team, standard, grade)
/// is one upsert however many of the audits share it. Keys are taken in order, audits' before
/// judgements', as a submit takes them, so the two queue rather than deadlock.
pub fn count_imported(
    conn: &mut DbConn,
    audits: &[AuditRow],
    judgements: &[JudgementRow],
) -> QueryResult<()> {
    use std::collections::{BTreeMap, HashMap};
    let mut audit_counts: BTreeMap<(time::Date, UnitId, AuditKind, &str), i64> = BTreeMap::new();
    let mut placed: HashMap<AuditId, (time::Date, UnitId)> = HashMap::new();
    for audit in audits {
        let day =
            crate::dates::london_date(audit.submitted_at.unwrap_or(audit.created_at).assume_utc());
        let grade = audit.overall_grade.as_deref().unwrap_or("");
        *audit_counts
            .entry((day, audit.team_id, audit.kind, grade))
            .or_default() += 1;
        placed.insert(audit.id, (day, audit.team_id));
    }
    let mut judgement_counts: BTreeMap<(time::Date, UnitId, i32, &str), i64> = BTreeMap::new();
    for judgement in judgements {
        let (Some(grade), Some((day, team))) =
            (judgement.grade.as_deref(), placed.get(&judgement.audit_id))
        else {
            continue;
        };
        *judgement_counts
            .entry((*day, *team, judgement.standard_number, grade))
            .or_default() += 1;
    }
    let audit_rows: Vec<AuditTally> = audit_counts
        .into_iter()
        .map(|((day, team_id, kind, overall_grade), audits)| AuditTally {
            day,
            team_id,
            kind,
            overall_grade,
            audits,
        })
        .collect();
    let judgement_rows: Vec<JudgementTally> = judgement_counts
        .into_iter()
        .map(
            |((day, team_id, standard_number, grade), judgements)| JudgementTally {
                day,
                team_id,
                standard_number,
                grade,
                judgements,
            },
        )
        .collect();
    upsert(conn, &audit_rows, &judgement_rows)
}

/// Adds each row's count to its key's tally, creating the key when new.
fn upsert(
    conn: &mut DbConn,
    audit_rows: &[AuditTally],
    judgement_rows: &[JudgementTally],
) -> QueryResult<()> {
    macro_rules! add {
        ($c:expr) => {{
            // One statement per key: SQLite's upsert does not take multi-row VALUES through
            // diesel.
            for row in audit_rows {
                diesel::insert_into(report_audit_tallies::table)
                    .values(row)
                    .on_conflict((
                        report_audit_tallies::day,
                        report_audit_tallies::team_id,
                        report_audit_tallies::kind,
                        report_audit_tallies::overall_grade,
                    ))
                    .do_update()
                    .set(
                        report_audit_tallies::audits
                            .eq(report_audit_tallies::audits
                                + excluded(report_audit_tallies::audits)),
                    )
                    .execute($c)?;
            }
            for row in judgement_rows {
                diesel::insert_into(report_judgement_tallies::table)
                    .values(row)
                    .on_conflict((
                        report_judgement_tallies::day,
                        report_judgement_tallies::team_id,
                        report_judgement_tallies::standard_number,
                        report_judgement_tallies::grade,
                    ))
                    .do_update()
                    .set(
                        report_judgement_tallies::judgements
                            .eq(report_judgement_tallies::judgements
                                + excluded(report_judgement_tallies::judgements)),
                    )
                    .execute($c)?;
            }
        }};
    }
    match conn {
        DbConn::Pg(c) => add!(c),
        DbConn::Sqlite(c) => add!(c),
    }
    Ok(())
}

/// Audits submitted in a period: (team, kind, overall grade) → count.
pub fn audit_counts(conn: &mut DbConn, period: Period) -> QueryResult<Vec<AuditCount>> {
    let rows: Vec<(UnitId, AuditKind, String, i64)> = report_audit_tallies::table
        .filter(report_audit_tallies::day.ge(period.from))
        .filter(report_audit_tallies::day.le(period.to))
        .group_by((
            report_audit_tallies::team_id,
            report_audit_tallies::kind,
            report_audit_tallies::overall_grade,
        ))
        .select((
            report_audit_tallies::team_id,
            report_audit_tallies::kind,
            report_audit_tallies::overall_grade,
            sql::<BigInt>("CAST(SUM(report_audit_tallies.audits) AS BIGINT)"),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(team, kind, grade, n)| {
            (n != 0).then(|| (team, kind, Some(grade).filter(|g| !g.is_empty()), n))
        })
        .collect())
}

/// Graded judgements in a period: (team, standard, grade) → count.
pub fn judgement_counts(
    conn: &mut DbConn,
    period: Period,
) -> QueryResult<Vec<(UnitId, i32, String, i64)>> {
    let rows: Vec<(UnitId, i32, String, i64)> = report_judgement_tallies::table
        .filter(report_judgement_tallies::day.ge(period.from))
        .filter(report_judgement_tallies::day.le(period.to))
        .group_by((
            report_judgement_tallies::team_id,
            report_judgement_tallies::standard_number,
            report_judgement_tallies::grade,
        ))
        .select((
            report_judgement_tallies::team_id,
            report_judgement_tallies::standard_number,
            report_judgement_tallies::grade,
            sql::<BigInt>("CAST(SUM(report_judgement_tallies.judgements) AS BIGINT)"),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(team, standard, grade, n)| (n != 0).then_some((team, standard, grade, n)))
        .collect())
}

/// Counts every submitted audit again from the audits themselves, replacing the tallies: the
/// same statements the migration that made the tables ran.
pub fn rebuild(conn: &mut DbConn) -> QueryResult<()> {
    let statements = match conn {
        DbConn::Pg(_) => include_str!("sql/rebuild_tallies_postgres.sql"),
        DbConn::Sqlite(_) => include_str!("sql/rebuild_tallies_sqlite.sql"),
    };
    conn.batch_execute(statements)
}
