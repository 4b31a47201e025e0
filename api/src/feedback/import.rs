//! Survey responses imported from CSV: every row is checked before any is kept, and every bad
//! row is reported (row, field, reason) with nothing imported; an import is idempotent by its
//! `batch_ref`, so a script that retries after a dropped connection imports once.
//!
//! Columns: `received_on`, `respondent_role`, `team_ref`, then `q1`…`qN` (ratings 1–5, empty
//! for no answer), then `comment`.

use std::collections::HashMap;

use actix_web::{post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use time::Date;

use super::dto::{Channel, FeedbackKind, FeedbackStatus, ImportError, ImportOutcome, SourceRole};
use super::model::FeedbackRow;
use super::repo;
use crate::access_log::repo::{self as access_log, AccessEntry, Outcome};
use crate::auth::caller::SignedIn;
use crate::auth::policy;
use crate::auth::roles::Role;
use crate::csv_upload::{bad_batch_ref, is_csv, read_limited, valid_batch_ref};
use crate::dates::{london_today, now_utc};
use crate::db::schema::org_units;
use crate::db::types::{FeedbackId, UnitId, UserId};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult};
use crate::state::State;

/// The largest survey file taken (50,000 responses with comments fit well within it).
pub const IMPORT_MAX_BYTES: usize = 64 * 1024 * 1024;

/// Refused rows reported at most; the count says how many there were.
const MAX_REPORTED_ERRORS: usize = 1000;

/// The import's query.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// The import's reference, chosen by the sender (1–100 letters, digits, `-`, `_`, `.`):
    /// sending the same reference again returns the first import's outcome and imports
    /// nothing.
    #[param(min_length = 1, max_length = 100, pattern = "^[A-Za-z0-9._-]+$")]
    pub batch_ref: String,
}

/// A checked row, ready to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyRow {
    /// When it was answered.
    pub received_on: Date,
    /// Who answered.
    pub respondent_role: SourceRole,
    /// The team it is about, if any.
    pub team_id: Option<UnitId>,
    /// `q1=4;q2=;…`, as stored.
    pub ratings: String,
    /// The free text.
    pub comment: String,
}

fn error(row: usize, field: &str, message: impl Into<String>) -> ImportError {
    ImportError {
        row,
        field: field.to_string(),
        message: message.into(),
    }
}

/// Checks a survey file; either every row, or every refused row (header problems as row 1).
/// `teams` maps a lower-cased team reference or name to its team.
pub fn parse_survey(
    bytes: &[u8],
    today: Date,
    teams: &HashMap<String, UnitId>,
) -> Result<Vec<SurveyRow>, (Vec<ImportError>, usize)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
        Err(e) => return Err((vec![error(1, "header", e.to_string())], 1)),
    };
    let questions = header.len().saturating_sub(4);
    let expected: Vec<String> = ["received_on", "respondent_role", "team_ref"]
        .iter()
        .map(|s| s.to_string())
        .chain((1..=questions).map(|n| format!("q{n}")))
        .chain(["comment".to_string()])
        .collect();
    if questions == 0 || header != expected {
        return Err((
            vec![error(
                1,
                "header",
                "must be received_on,respondent_role,team_ref,q1,…,qN,comment with at least one question",
            )],
            1,
        ));
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut bad_rows = 0;
    for (index, record) in reader.records().enumerate() {
        // The header is line 1; a quoted comment may span lines, so the count is by record.
        let line = index + 2;
        let before = errors.len();
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(error(line, "row", e.to_string()));
                bad_rows += 1;
                continue;
            }
        };
        if record.len() != header.len() {
            errors.push(error(
                line,
                "row",
                format!(
                    "has {} columns; the header has {}",
                    record.len(),
                    header.len()
                ),
            ));
            bad_rows += 1;
            continue;
        }
        let received_on = match crate::dates::parse_date(&record[0]) {
            Ok(d) if d > today => {
                errors.push(error(line, "received_on", "must not be in the future"));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(error(line, "received_on", "must be a date, YYYY-MM-DD"));
                None
            }
        };
        let role = SourceRole::parse(&record[1]);
        if role.is_none() {
            errors.push(error(
                line,
                "respondent_role",
                format!("must be one of {}", SourceRole::VALUES.join(", ")),
            ));
        }
        let team_ref = record[2].trim();
        let team = if team_ref.is_empty() {
            None
        } else {
            let found = teams.get(&team_ref.to_lowercase()).copied();
            if found.is_none() {
                errors.push(error(line, "team_ref", "names no team"));
            }
            found
        };
        let mut ratings = Vec::with_capacity(questions);
        for q in 1..=questions {
            let cell = record[2 + q].trim();
            let value = if cell.is_empty() {
                String::new()
            } else {
                match cell.parse::<i32>() {
                    Ok(n) if (1..=5).contains(&n) => n.to_string(),
                    _ => {
                        errors.push(error(
                            line,
                            &format!("q{q}"),
                            "must be a rating from 1 to 5, or empty",
                        ));
                        String::new()
                    }
                }
            };
            ratings.push(format!("q{q}={value}"));
        }
        let comment = record[header.len() - 1].trim().to_string();
        if comment.chars().count() > 20000 {
            errors.push(error(line, "comment", "must be at most 20000 characters"));
        }
        if errors.len() > before {
            bad_rows += 1;
            continue;
        }
        if let (Some(received_on), Some(respondent_role)) = (received_on, role) {
            rows.push(SurveyRow {
                received_on,
                respondent_role,
                team_id: team,
                ratings: ratings.join(";"),
                comment,
            });
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        errors.truncate(MAX_REPORTED_ERRORS);
        Err((errors, bad_rows))
    }
}

fn team_lookup(conn: &mut DbConn) -> QueryResult<HashMap<String, UnitId>> {
    let teams: Vec<(UnitId, String, Option<String>)> = org_units::table
        .filter(org_units::kind.eq("team"))
        .select((org_units::id, org_units::name, org_units::external_ref))
        .load(conn)?;
    let mut lookup = HashMap::new();
    for (id, name, external_ref) in teams {
        lookup.insert(name.to_lowercase(), id);
        if let Some(r) = external_ref {
            lookup.insert(r.to_lowercase(), id);
        }
    }
    Ok(lookup)
}

fn to_row(row: SurveyRow, batch_ref: &str, actor: UserId) -> FeedbackRow {
    let now = now_utc();
    FeedbackRow {
        id: FeedbackId::new(),
        kind: FeedbackKind::SurveyResponse,
        source_role: row.respondent_role,
        channel: Channel::Survey,
        received_on: row.received_on,
        team_id: row.team_id,
        case_id: None,
        summary: row.comment,
        themes: String::new(),
        standards: String::new(),
        learning: None,
        status: FeedbackStatus::Recorded,
        route: None,
        stage: None,
        stage_due_on: None,
        acknowledge_by: None,
        acknowledged_on: None,
        ombudsman_referred_on: None,
        ombudsman_outcome: None,
        withdrawn_reason: None,
        we_did: None,
        we_did_on: None,
        ratings: Some(row.ratings),
        batch_ref: Some(batch_ref.to_string()),
        advocacy: None,
        version: 1,
        created_at: now,
        updated_at: now,
        created_by: Some(actor),
    }
}

fn replayed(batch_ref: String, imported: i32) -> ImportOutcome {
    ImportOutcome {
        batch_ref,
        imported,
        replayed: true,
        errors: Vec::new(),
    }
}

/// Imports survey responses from CSV (`text/csv`): `received_on`, `respondent_role`,
/// `team_ref` (a team's reference or name; empty for none), `q1`…`qN` (ratings 1–5, empty for
/// no answer), `comment`. Every row is checked first: any refused row and nothing is imported,
/// and the answer lists every refused row (up to 1,000) with its line, column and reason.
/// Idempotent by `batch_ref`. The QA unit.
#[utoipa::path(
    tag = "feedback", security(("bearer" = [])), params(ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The survey, one response per row after the header"),
    responses(
        (status = 200, description = "Every row imported, or an earlier import with this reference (`replayed`)", body = ImportOutcome),
        (status = 403, description = "Not the QA unit", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than 64 MiB", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not text/csv", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Rows refused and nothing imported (each refused row), or no valid `batch_ref` (a problem naming it)", content(
            (ImportOutcome = "application/json"),
            (crate::error::Problem = "application/problem+json")
        ))
    )
)]
#[post("/api/v1/feedback/import")]
pub async fn import_survey(
    state: State,
    user: SignedIn,
    req: HttpRequest,
    query: web::Query<HashMap<String, String>>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let batch_ref = query.get("batch_ref").cloned().unwrap_or_default();
    let bytes = read_limited(payload, IMPORT_MAX_BYTES).await?;
    let csv_given = is_csv(&req);
    let outcome = state
        .run(user, move |cx| {
            if !cx.caller.has(Role::QaOfficer) {
                policy::log_role_refusal(cx.conn, &cx.caller, "import", "feedback")?;
                return Err(ApiError::forbidden(
                    "Survey responses are imported by the QA unit.",
                ));
            }
            if !valid_batch_ref(&batch_ref) {
                return Err(bad_batch_ref());
            }
            if !csv_given {
                return Err(ApiError::UnsupportedMediaType(
                    "Send the survey as text/csv.".into(),
                ));
            }
            if let Some(imported) = repo::import_of(cx.conn, &batch_ref)? {
                return Ok(replayed(batch_ref, imported));
            }
            let teams = team_lookup(cx.conn)?;
            let rows = match parse_survey(&bytes, london_today(), &teams) {
                Ok(rows) => rows,
                Err((errors, _)) => {
                    return Ok(ImportOutcome {
                        batch_ref,
                        imported: 0,
                        replayed: false,
                        errors,
                    })
                }
            };
            let actor = cx.caller.user_id;
            let count = rows.len() as i32;
            let records: Vec<FeedbackRow> = rows
                .into_iter()
                .map(|r| to_row(r, &batch_ref, actor))
                .collect();
            let first = write_tx(cx.conn, |conn| -> ApiResult<bool> {
                // The reference is claimed first: of two racing imports, one keeps its rows.
                if !repo::record_import(conn, &batch_ref, count, now_utc(), actor)? {
                    return Ok(false);
                }
                repo::insert(conn, &records)?;
                access_log::record(
                    conn,
                    &[AccessEntry {
                        user_id: Some(actor.to_string()),
                        action: "import",
                        record_type: "feedback",
                        record_id: None,
                        case_id: None,
                        outcome: Outcome::Allowed,
                        detail: Some(format!("batch_ref={batch_ref}; {count} survey responses")),
                    }],
                )?;
                Ok(true)
            })?;
            if !first {
                let imported = repo::import_of(cx.conn, &batch_ref)?.unwrap_or(0);
                return Ok(replayed(batch_ref, imported));
            }
            Ok(ImportOutcome {
                batch_ref,
                imported: count,
                replayed: false,
                errors: Vec::new(),
            })
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

    fn teams() -> HashMap<String, UnitId> {
        let mut t = HashMap::new();
        t.insert("north".to_string(), UnitId::new());
        t
    }

    #[test]
    fn a_good_file_gives_every_row_with_its_ratings() {
        let file = b"received_on,respondent_role,team_ref,q1,q2,comment\n\
            2026-11-02,parent,North,4,,\"Kind, and on time\"\n\
            2026-11-03,young_person,,5,3,\n";
        let rows = parse_survey(file, date!(2026 - 12 - 01), &teams()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].ratings, "q1=4;q2=");
        assert_eq!(rows[0].comment, "Kind, and on time");
        assert!(rows[0].team_id.is_some());
        assert_eq!(rows[1].team_id, None);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_field() {
        let file = b"received_on,respondent_role,team_ref,q1,comment\n\
            2026-11-02,parent,North,4,ok\n\
            2026-13-02,parent,North,9,bad\n\
            2026-11-02,martian,Nowhere,3,bad\n";
        let (errors, bad) = parse_survey(file, date!(2026 - 12 - 01), &teams()).unwrap_err();
        assert_eq!(bad, 2);
        let seen: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(
            seen,
            vec![
                (3, "received_on"),
                (3, "q1"),
                (4, "respondent_role"),
                (4, "team_ref")
            ]
        );
    }

    #[test]
    fn a_wrong_header_is_refused_as_row_one() {
        let file = b"date,role,team,q1,comment\n2026-11-02,parent,North,4,ok\n";
        let (errors, _) = parse_survey(file, date!(2026 - 12 - 01), &teams()).unwrap_err();
        assert_eq!(errors[0].row, 1);
        assert_eq!(errors[0].field, "header");
    }
}
