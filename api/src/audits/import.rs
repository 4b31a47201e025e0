//! A council's past audits, loaded from its spreadsheets so the reports have a previous year to
//! compare with: `qa-api import-audits --csv FILE` and `POST /api/v1/audits/import` run the same
//! [`import`]. Every row is checked before any is kept (case, date, auditor, a grade for every
//! standard and overall); any refused row and nothing is imported, and every refused row is
//! reported with its line, column and reason. An import is idempotent by its `batch_ref`.
//!
//! Columns: `case_ref` (the case's reference), `audited_on` (YYYY-MM-DD), `auditor_email`,
//! `s1`…`sN` (one per practice standard of the current framework: a grade's code or label, or
//! `n/a`), `overall` (a grade).
//!
//! An imported audit is a submitted case file audit of the case's current team, with grades and
//! no narrative (a spreadsheet holds none) and no named practitioner (the worker at the time is
//! not in it). It counts in the reports on the day it was audited. It raises no events,
//! notifications or escalations: it is history, already acted on when it happened.

use std::collections::{HashMap, HashSet};

use actix_web::{post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use serde::Serialize;
use time::{Date, PrimitiveDateTime};
use utoipa::ToSchema;

use super::dto::{AuditKind, AuditStatus};
use super::model::{AuditRow, JudgementRow};
use crate::access_log::repo::{self as access_log, AccessEntry, Outcome};
use crate::auth::caller::SignedIn;
use crate::auth::policy;
use crate::auth::roles::Role;
pub use crate::csv_upload::valid_batch_ref;
use crate::csv_upload::{bad_batch_ref, is_csv, read_limited};
use crate::dates::{london_today, now_utc};
use crate::db::schema::{audit_imports, audit_judgements, audits, cases, users};
use crate::db::types::{AuditId, CaseId, FrameworkId, GradeScaleId, JudgementId, UnitId, UserId};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult};
use crate::feedback::dto::ImportError;
use crate::state::State;

/// The largest file taken (a council's ten years of audits fit well within it).
pub const IMPORT_MAX_BYTES: usize = 32 * 1024 * 1024;

/// Refused rows reported at most.
const MAX_REPORTED_ERRORS: usize = 1000;

/// References and e-mails looked up per query: under both backends' bound-parameter limits.
const LOOKUP_CHUNK: usize = 500;

/// Rows per multi-row INSERT (audits have 29 columns, judgements 9).
const AUDITS_PER_INSERT: usize = 1000;
const JUDGEMENTS_PER_INSERT: usize = 3000;

/// The outcome of an import of past audits.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditImportOutcome {
    /// The import's reference.
    pub batch_ref: String,
    /// Audits imported; with `dry_run`, audits that would be (0 when any row was refused).
    pub imported: i32,
    /// Whether this answer repeats an import made before with the same reference.
    pub replayed: bool,
    /// Whether the file was only checked, and nothing kept.
    pub dry_run: bool,
    /// Every refused row (up to 1,000): nothing is imported while any is.
    pub errors: Vec<ImportError>,
}

/// What the checks need to know of the database.
#[derive(Debug, Default, Clone)]
pub struct Lookups {
    /// Lower-cased case reference → (case, its team).
    pub cases: HashMap<String, (CaseId, UnitId)>,
    /// Lower-cased e-mail → user.
    pub auditors: HashMap<String, UserId>,
    /// Normalised grade code or label → grade code.
    pub grades: HashMap<String, String>,
    /// Practice standards of the current framework.
    pub standards: usize,
}

/// A checked row, ready to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct PastAudit {
    /// The case.
    pub case_id: CaseId,
    /// The case's team.
    pub team_id: UnitId,
    /// The auditor.
    pub auditor_id: UserId,
    /// When it was audited.
    pub audited_on: Date,
    /// Per standard (1-based, in order): a grade code, or `None` for not applicable.
    pub grades: Vec<Option<String>>,
    /// The overall grade code.
    pub overall: String,
}

fn error(row: usize, field: &str, message: impl Into<String>) -> ImportError {
    ImportError {
        row,
        field: field.to_string(),
        message: message.into(),
    }
}

/// A grade as a spreadsheet writes it: case, spaces and hyphens do not matter.
fn normalise_grade(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

fn is_not_applicable(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "n/a" | "na" | "not applicable"
    )
}

fn expected_header(standards: usize) -> Vec<String> {
    ["case_ref", "audited_on", "auditor_email"]
        .iter()
        .map(|s| s.to_string())
        .chain((1..=standards).map(|n| format!("s{n}")))
        .chain(["overall".to_string()])
        .collect()
}

type Records = Vec<(usize, Result<csv::StringRecord, String>)>;

/// The file's records with their line numbers, or the header's problem (as row 1).
fn records(bytes: &[u8], standards: usize) -> Result<Records, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| error(1, "header", e.to_string()))?
        .iter()
        .map(|c| c.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    if header != expected_header(standards) {
        return Err(error(
            1,
            "header",
            format!("must be case_ref,audited_on,auditor_email,s1,…,s{standards},overall"),
        ));
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        // The header is line 1; quoted cells may span lines, so the count is by record.
        rows.push((index + 2, record.map_err(|e| e.to_string())));
    }
    Ok(rows)
}

/// The case references and auditor e-mails a file names, lower-cased, to look up.
pub fn names_in(bytes: &[u8], standards: usize) -> (Vec<String>, Vec<String>) {
    let Ok(rows) = records(bytes, standards) else {
        return (Vec::new(), Vec::new());
    };
    let mut refs = HashSet::new();
    let mut emails = HashSet::new();
    for record in rows.iter().filter_map(|(_, r)| r.as_ref().ok()) {
        if let Some(r) = record.get(0) {
            refs.insert(r.to_lowercase());
        }
        if let Some(e) = record.get(2) {
            emails.insert(e.to_lowercase());
        }
    }
    (refs.into_iter().collect(), emails.into_iter().collect())
}

/// Checks a file of past audits: every row, or every refused row (the header's problem as row 1).
pub fn check(
    bytes: &[u8],
    today: Date,
    lookups: &Lookups,
) -> Result<Vec<PastAudit>, Vec<ImportError>> {
    let standards = lookups.standards;
    let rows = records(bytes, standards).map_err(|e| vec![e])?;
    let columns = standards + 4;
    let grade_list = {
        let mut codes: Vec<&String> = lookups
            .grades
            .values()
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        codes.sort();
        codes
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut audits = Vec::new();
    let mut errors = Vec::new();
    // (case, day, auditor) → the line that named it first.
    let mut seen: HashMap<(CaseId, Date, UserId), usize> = HashMap::new();
    for (line, record) in rows {
        let before = errors.len();
        let record = match record {
            Ok(r) if r.len() == columns => r,
            Ok(r) => {
                let message = format!("has {} columns; the header has {columns}", r.len());
                errors.push(error(line, "row", message));
                continue;
            }
            Err(message) => {
                errors.push(error(line, "row", message));
                continue;
            }
        };
        let case = lookups.cases.get(&record[0].to_lowercase()).copied();
        if record[0].is_empty() {
            errors.push(error(line, "case_ref", "is required"));
        } else if case.is_none() {
            errors.push(error(line, "case_ref", "names no case"));
        }
        let audited_on = match crate::dates::parse_date(&record[1]) {
            Ok(d) if d > today => {
                errors.push(error(line, "audited_on", "must not be in the future"));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(error(line, "audited_on", "must be a date, YYYY-MM-DD"));
                None
            }
        };
        let auditor = lookups.auditors.get(&record[2].to_lowercase()).copied();
        if auditor.is_none() {
            errors.push(error(line, "auditor_email", "names no one with an account"));
        }
        let mut grades = Vec::with_capacity(standards);
        for number in 1..=standards {
            let cell = &record[2 + number];
            if is_not_applicable(cell) {
                grades.push(None);
                continue;
            }
            match lookups.grades.get(&normalise_grade(cell)) {
                Some(code) => grades.push(Some(code.clone())),
                None => {
                    errors.push(error(
                        line,
                        &format!("s{number}"),
                        format!("must be a grade ({grade_list}) or n/a"),
                    ));
                    grades.push(None);
                }
            }
        }
        let overall = lookups
            .grades
            .get(&normalise_grade(&record[columns - 1]))
            .cloned();
        if overall.is_none() {
            errors.push(error(
                line,
                "overall",
                format!("must be a grade ({grade_list})"),
            ));
        }
        if errors.len() > before {
            continue;
        }
        let (Some((case_id, team_id)), Some(audited_on), Some(auditor_id), Some(overall)) =
            (case, audited_on, auditor, overall)
        else {
            continue;
        };
        if let Some(first) = seen.insert((case_id, audited_on, auditor_id), line) {
            errors.push(error(
                line,
                "row",
                format!("repeats line {first}: the same case, day and auditor"),
            ));
            continue;
        }
        audits.push(PastAudit {
            case_id,
            team_id,
            auditor_id,
            audited_on,
            grades,
            overall,
        });
    }
    if errors.is_empty() {
        Ok(audits)
    } else {
        errors.truncate(MAX_REPORTED_ERRORS);
        Err(errors)
    }
}

/// The cases, auditors, grades and standards a file needs, from the database.
fn lookups(conn: &mut DbConn, bytes: &[u8]) -> QueryResult<(Lookups, FrameworkId, GradeScaleId)> {
    let framework = crate::standards::repo::current_framework(conn)?;
    let standards = crate::standards::repo::standards_of(conn, framework.id)?.len();
    let scale = crate::standards::repo::current_grade_scale(conn)?;
    let mut grades = HashMap::new();
    for grade in crate::standards::repo::grades_of(conn, scale.id)? {
        grades.insert(normalise_grade(&grade.label), grade.code.clone());
        grades.insert(normalise_grade(&grade.code), grade.code);
    }
    let (refs, emails) = names_in(bytes, standards);
    let mut found_cases = HashMap::new();
    for chunk in refs.chunks(LOOKUP_CHUNK) {
        let rows: Vec<(String, CaseId, UnitId)> = cases::table
            .filter(crate::db::search::lower(cases::external_ref).eq_any(chunk))
            .select((cases::external_ref, cases::id, cases::team_id))
            .load(conn)?;
        for (reference, id, team) in rows {
            found_cases.insert(reference.to_lowercase(), (id, team));
        }
    }
    let mut auditors = HashMap::new();
    for chunk in emails.chunks(LOOKUP_CHUNK) {
        let rows: Vec<(String, UserId)> = users::table
            .filter(crate::db::search::lower(users::email).eq_any(chunk))
            .select((users::email, users::id))
            .load(conn)?;
        for (email, id) in rows {
            auditors.insert(email.to_lowercase(), id);
        }
    }
    Ok((
        Lookups {
            cases: found_cases,
            auditors,
            grades,
            standards,
        },
        framework.id,
        scale.id,
    ))
}

/// The earlier import with this reference, if any: how many it imported.
fn import_of(conn: &mut DbConn, batch_ref: &str) -> QueryResult<Option<i32>> {
    audit_imports::table
        .find(batch_ref)
        .select(audit_imports::imported)
        .first(conn)
        .optional()
}

/// Claims a reference; `false` when another import holds it.
fn claim(
    conn: &mut DbConn,
    batch_ref: &str,
    imported: i32,
    actor: Option<UserId>,
) -> QueryResult<bool> {
    let values = (
        audit_imports::batch_ref.eq(batch_ref),
        audit_imports::imported.eq(imported),
        audit_imports::created_at.eq(now_utc()),
        audit_imports::created_by.eq(actor),
    );
    let inserted = match conn {
        DbConn::Pg(c) => diesel::insert_into(audit_imports::table)
            .values(values)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(audit_imports::table)
            .values(values)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(inserted == 1)
}

fn rows_of(
    past: &[PastAudit],
    framework_id: FrameworkId,
    grade_scale_id: GradeScaleId,
    actor: Option<UserId>,
) -> (Vec<AuditRow>, Vec<JudgementRow>) {
    let now = now_utc();
    let mut audit_rows = Vec::with_capacity(past.len());
    let mut judgement_rows = Vec::with_capacity(past.len() * 10);
    for audit in past {
        // Midday UTC is the same day in London in every season.
        let submitted = PrimitiveDateTime::new(audit.audited_on, time::macros::time!(12:00));
        let id = AuditId::new();
        for (index, grade) in audit.grades.iter().enumerate() {
            judgement_rows.push(JudgementRow {
                id: JudgementId::new(),
                audit_id: id,
                standard_number: index as i32 + 1,
                grade: grade.clone(),
                not_applicable_reason: grade
                    .is_none()
                    .then(|| "Not applicable in the imported audit".to_string()),
                evidence: None,
                strengths: None,
                areas_for_development: None,
                updated_at: submitted,
            });
        }
        audit_rows.push(AuditRow {
            id,
            kind: AuditKind::CaseFile,
            case_id: audit.case_id,
            auditor_id: audit.auditor_id,
            practitioner_id: None,
            team_id: audit.team_id,
            theme_id: None,
            framework_id,
            grade_scale_id,
            period_start: crate::dates::months_before(audit.audited_on, 6),
            period_end: audit.audited_on,
            side_by_side: false,
            status: AuditStatus::Submitted,
            overall_grade: Some(audit.overall.clone()),
            summary: None,
            child_views: None,
            family_views: None,
            views_not_sought_reason: None,
            practitioner_reflection: None,
            reaudit_of_id: None,
            submitted_at: Some(submitted),
            returned_reason: None,
            response_reflection: None,
            acknowledged_at: None,
            version: 1,
            created_at: submitted,
            // Now, so an incremental pull (`updated_since`) sees the history arrive.
            updated_at: now,
            created_by: actor,
            moderation_sampled: false,
        });
    }
    (audit_rows, judgement_rows)
}

/// Checks a file of past audits and, unless `dry_run`, keeps every row in one transaction or
/// none. `actor` is the QA officer who sent it (`None` from the command line).
pub fn import(
    conn: &mut DbConn,
    bytes: &[u8],
    batch_ref: &str,
    actor: Option<UserId>,
    dry_run: bool,
) -> ApiResult<AuditImportOutcome> {
    let outcome = |imported: usize, replayed: bool, errors: Vec<ImportError>| AuditImportOutcome {
        batch_ref: batch_ref.to_string(),
        imported: imported as i32,
        replayed,
        dry_run,
        errors,
    };
    if !dry_run {
        if let Some(imported) = import_of(conn, batch_ref)? {
            return Ok(outcome(imported as usize, true, Vec::new()));
        }
    }
    let (lookups, framework_id, scale_id) = lookups(conn, bytes)?;
    let past = match check(bytes, london_today(), &lookups) {
        Ok(past) => past,
        Err(errors) => return Ok(outcome(0, false, errors)),
    };
    if dry_run {
        return Ok(outcome(past.len(), false, Vec::new()));
    }
    let (audit_rows, judgement_rows) = rows_of(&past, framework_id, scale_id, actor);
    let count = audit_rows.len();
    let first = write_tx(conn, |conn| -> ApiResult<bool> {
        // The reference is claimed first: of two racing imports, one keeps its rows.
        if !claim(conn, batch_ref, count as i32, actor)? {
            return Ok(false);
        }
        for chunk in audit_rows.chunks(AUDITS_PER_INSERT) {
            crate::batch_insert!(conn, audits::table, chunk)?;
        }
        for chunk in judgement_rows.chunks(JUDGEMENTS_PER_INSERT) {
            crate::batch_insert!(conn, audit_judgements::table, chunk)?;
        }
        crate::reports::tallies::count_imported(conn, &audit_rows, &judgement_rows)?;
        let who = actor.map(|a| a.to_string());
        let mut entries: Vec<AccessEntry> = audit_rows
            .iter()
            .map(|row| AccessEntry {
                user_id: who.clone(),
                action: "import",
                record_type: "audit",
                record_id: Some(row.id.uuid().to_string()),
                case_id: Some(row.case_id.uuid().to_string()),
                outcome: Outcome::Allowed,
                detail: Some(format!("batch_ref={batch_ref}")),
            })
            .collect();
        entries.push(AccessEntry {
            user_id: who,
            action: "import",
            record_type: "audit",
            record_id: None,
            case_id: None,
            outcome: Outcome::Allowed,
            detail: Some(format!(
                "batch_ref={batch_ref}; {count} past audits{}",
                if actor.is_none() {
                    "; from the command line"
                } else {
                    ""
                }
            )),
        });
        access_log::record(conn, &entries)?;
        Ok(true)
    })?;
    if !first {
        let imported = import_of(conn, batch_ref)?.unwrap_or(0);
        return Ok(outcome(imported as usize, true, Vec::new()));
    }
    Ok(outcome(count, false, Vec::new()))
}

/// A reference for a file imported from the command line without one: the file's own digest,
/// so importing the same file twice imports it once.
pub fn batch_ref_of_file(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("file-{hex}")
}

/// The import's query.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditImportQuery {
    /// The import's reference, chosen by the sender (1–100 letters, digits, `-`, `_`, `.`):
    /// sending the same reference again returns the first import's outcome and imports nothing.
    #[param(min_length = 1, max_length = 100, pattern = "^[A-Za-z0-9._-]+$")]
    pub batch_ref: String,
    /// `true` to check the file and keep nothing.
    pub dry_run: Option<bool>,
}

/// Imports a council's past audits from CSV (`text/csv`): `case_ref`, `audited_on`,
/// `auditor_email`, `s1`…`s10` (a grade's code or label, or `n/a`), `overall`. Every row is
/// checked first: any refused row and nothing is imported, and the answer lists every refused
/// row (up to 1,000) with its line, column and reason. `dry_run=true` checks and keeps nothing.
/// Idempotent by `batch_ref`. The QA unit; the same as `qa-api import-audits --csv FILE`.
#[utoipa::path(
    tag = "audits", security(("bearer" = [])), params(AuditImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The past audits, one per row after the header"),
    responses(
        (status = 200, description = "Every row imported (or checked, with `dry_run`), or an earlier import with this reference (`replayed`)", body = AuditImportOutcome),
        (status = 403, description = "Not the QA unit", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than 32 MiB", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not text/csv", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Rows refused and nothing imported (each refused row), or no valid `batch_ref` or `dry_run` (a problem naming it)", content(
            (AuditImportOutcome = "application/json"),
            (crate::error::Problem = "application/problem+json")
        ))
    )
)]
#[post("/api/v1/audits/import")]
pub async fn import_audits(
    state: State,
    user: SignedIn,
    req: HttpRequest,
    query: web::Query<HashMap<String, String>>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let batch_ref = query.get("batch_ref").cloned().unwrap_or_default();
    let dry_run = query.get("dry_run").cloned();
    let bytes = read_limited(payload, IMPORT_MAX_BYTES).await?;
    let csv_given = is_csv(&req);
    let outcome = state
        .run(user, move |cx| {
            if !cx.caller.has(Role::QaOfficer) {
                policy::log_role_refusal(cx.conn, &cx.caller, "import", "audit")?;
                return Err(ApiError::forbidden(
                    "Past audits are imported by the QA unit.",
                ));
            }
            if !valid_batch_ref(&batch_ref) {
                return Err(bad_batch_ref());
            }
            let dry_run = match dry_run.as_deref() {
                None | Some("false") => false,
                Some("true") => true,
                Some(_) => return Err(ApiError::field("dry_run", "must be true or false")),
            };
            if !csv_given {
                return Err(ApiError::UnsupportedMediaType(
                    "Send the past audits as text/csv.".into(),
                ));
            }
            import(
                cx.conn,
                &bytes,
                &batch_ref,
                Some(cx.caller.user_id),
                dry_run,
            )
        })
        .await?;
    Ok(if outcome.errors.is_empty() {
        HttpResponse::Ok().json(outcome)
    } else {
        HttpResponse::UnprocessableEntity().json(outcome)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn lookups() -> Lookups {
        let mut l = Lookups {
            standards: 3,
            ..Lookups::default()
        };
        l.cases
            .insert("cms-1".into(), (CaseId::new(), UnitId::new()));
        l.auditors
            .insert("qa@council.example".into(), UserId::new());
        for (code, label) in [
            ("outstanding", "Outstanding"),
            ("good", "Good"),
            ("requires_improvement", "Requires improvement"),
            ("inadequate", "Inadequate"),
        ] {
            l.grades.insert(normalise_grade(code), code.into());
            l.grades.insert(normalise_grade(label), code.into());
        }
        l
    }

    #[test]
    fn a_good_file_gives_every_row_with_grades_by_code_or_label() {
        let file = "case_ref,audited_on,auditor_email,s1,s2,s3,overall\n\
            CMS-1,2025-06-30,QA@council.example,Good,requires improvement,n/a,Requires-Improvement\n\
            cms-1,2025-07-31,qa@council.example,outstanding,good,inadequate,inadequate\n";
        let rows = check(file.as_bytes(), date!(2026 - 12 - 01), &lookups()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].grades,
            vec![
                Some("good".into()),
                Some("requires_improvement".into()),
                None
            ]
        );
        assert_eq!(rows[0].overall, "requires_improvement");
        assert_eq!(rows[1].audited_on, date!(2025 - 07 - 31));
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_column() {
        let file = "case_ref,audited_on,auditor_email,s1,s2,s3,overall\n\
            CMS-1,2025-06-30,qa@council.example,good,good,good,good\n\
            CMS-9,2025-13-01,qa@council.example,good,,good,good\n\
            CMS-1,2027-01-01,nobody@council.example,good,good,good,n/a\n\
            CMS-1,2025-06-30,qa@council.example,good,good,good,good\n\
            CMS-1,2025-06-30\n";
        let errors = check(file.as_bytes(), date!(2026 - 12 - 01), &lookups()).unwrap_err();
        let seen: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(
            seen,
            vec![
                (3, "case_ref"),
                (3, "audited_on"),
                (3, "s2"),
                (4, "audited_on"),
                (4, "auditor_email"),
                (4, "overall"),
                (5, "row"),
                (6, "row"),
            ]
        );
        assert_eq!(
            errors[6].message,
            "repeats line 2: the same case, day and auditor"
        );
        assert!(errors[2]
            .message
            .starts_with("must be a grade (good, inadequate"));
    }

    #[test]
    fn a_header_that_misses_a_standard_is_refused_as_row_one() {
        let file = "case_ref,audited_on,auditor_email,s1,s2,overall\nCMS-1,2025-06-30,qa@council.example,good,good,good\n";
        let errors = check(file.as_bytes(), date!(2026 - 12 - 01), &lookups()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].row, errors[0].field.as_str()), (1, "header"));
        assert!(errors[0].message.contains("s1,…,s3,overall"));
    }

    #[test]
    fn a_file_without_a_reference_is_named_by_its_digest() {
        let a = batch_ref_of_file(b"case_ref\n");
        assert_eq!(a, batch_ref_of_file(b"case_ref\n"));
        assert_ne!(a, batch_ref_of_file(b"case_ref\nx\n"));
        assert!(valid_batch_ref(&a));
    }
}
