//! Rules of the cases registry: scope on every read, the access log on every read and change.

use diesel::prelude::*;

use super::dto::{CasePatch, CaseStatus, NewCase};
use super::model::CaseRow;
use super::repo::{self, CaseFilter};
use crate::access_log::{self, AccessEntry, Outcome};
use crate::auth::caller::Caller;
use crate::dates::{london_today, now_utc, parse_date};
use crate::db::schema::{cases, users};
use crate::db::{is_unique_violation, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::IfMatch;
use crate::ids::new_id;
use crate::org::repo::find_unit;
use crate::pagination::PageRequest;

/// Loads a case and checks the caller's scope. Out of scope answers 404 (as if it did not
/// exist) and is logged as denied; call it outside any write transaction, so the denial is kept.
pub fn load_in_scope(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    action: &'static str,
) -> ApiResult<CaseRow> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    if caller.can_see_case(row.ownership()) {
        Ok(row)
    } else {
        access_log::record(
            conn,
            &[AccessEntry::case_record(
                &caller.user_id,
                action,
                "case",
                &row.id,
                &row.id,
                Outcome::Denied,
            )],
        )?;
        Err(ApiError::NotFound)
    }
}

/// Logs a refusal by role (403) of an operation on a case-level record.
pub fn log_role_denial(
    conn: &mut DbConn,
    caller: &Caller,
    action: &'static str,
    record_type: &'static str,
    record_id: Option<&str>,
) -> ApiResult<()> {
    access_log::record(
        conn,
        &[AccessEntry {
            user_id: Some(caller.user_id.clone()),
            action,
            record_type,
            record_id: record_id.map(str::to_string),
            case_id: None,
            outcome: Outcome::Denied,
            detail: Some("role".into()),
        }],
    )?;
    Ok(())
}

/// Reads a case the caller may see; the handler logs the read.
pub fn read(conn: &mut DbConn, caller: &Caller, id: &str) -> ApiResult<CaseRow> {
    load_in_scope(conn, caller, id, "read")
}

/// The access-log entry of an allowed read or list of a case.
pub fn read_entry(caller: &Caller, action: &'static str, row: &CaseRow) -> AccessEntry {
    AccessEntry::case_record(
        &caller.user_id,
        action,
        "case",
        &row.id,
        &row.id,
        Outcome::Allowed,
    )
}

/// A page of the cases in the caller's scope; the handler logs one row per case returned.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &CaseFilter,
    page: &PageRequest,
) -> ApiResult<Vec<CaseRow>> {
    Ok(repo::list(conn, &caller.case_scope(), filter, page)?)
}

fn check_user(
    conn: &mut DbConn,
    field: &str,
    id: Option<&str>,
    errors: &mut Vec<FieldError>,
) -> QueryResult<()> {
    if let Some(id) = id {
        let exists: i64 = users::table.find(id).count().get_result(conn)?;
        if exists == 0 {
            errors.push(FieldError::new(field, "names no user"));
        }
    }
    Ok(())
}

fn check_team(conn: &mut DbConn, id: &str, errors: &mut Vec<FieldError>) -> QueryResult<()> {
    match find_unit(conn, id)? {
        None => errors.push(FieldError::new("team_id", "names no org unit")),
        Some(unit) if unit.kind != "team" => errors.push(FieldError::new(
            "team_id",
            "must be a team, not a ".to_string() + &unit.kind,
        )),
        Some(_) => {}
    }
    Ok(())
}

/// Registers a case.
pub fn create(conn: &mut DbConn, caller: &Caller, input: NewCase) -> ApiResult<CaseRow> {
    write_tx(conn, |conn| {
        let team = input.team_id.to_string();
        let worker = input.allocated_worker_id.map(|u| u.to_string());
        let manager = input.case_manager_id.map(|u| u.to_string());
        let mut errors = Vec::new();
        check_team(conn, &team, &mut errors)?;
        check_user(conn, "allocated_worker_id", worker.as_deref(), &mut errors)?;
        check_user(conn, "case_manager_id", manager.as_deref(), &mut errors)?;
        let external_ref = input.external_ref.trim().to_string();
        if repo::find_by_external_ref(conn, &external_ref)?.is_some() {
            errors.push(FieldError::new("external_ref", "is already registered"));
        }
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let id = new_id();
        let now = now_utc();
        diesel::insert_into(cases::table)
            .values((
                cases::id.eq(&id),
                cases::external_ref.eq(&external_ref),
                cases::display_name.eq(input.display_name.trim()),
                cases::birth_month.eq(&input.birth_month),
                cases::category.eq(input.category.as_str()),
                cases::team_id.eq(&team),
                cases::allocated_worker_id.eq(&worker),
                cases::case_manager_id.eq(&manager),
                cases::status.eq("open"),
                cases::retention_class.eq(input.retention_class.as_deref().unwrap_or("standard")),
                cases::legal_hold.eq(false),
                cases::version.eq(1),
                cases::created_at.eq(now),
                cases::updated_at.eq(now),
                cases::created_by.eq(&caller.user_id),
            ))
            .execute(conn)
            .map_err(|e| {
                if is_unique_violation(&e) {
                    ApiError::field("external_ref", "is already registered")
                } else {
                    e.into()
                }
            })?;
        access_log::record(
            conn,
            &[AccessEntry::case_record(
                &caller.user_id,
                "create",
                "case",
                &id,
                &id,
                Outcome::Allowed,
            )],
        )?;
        repo::find(conn, &id)?.ok_or(ApiError::NotFound)
    })
}

/// Changes a case (JSON merge patch).
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    if_match: IfMatch,
    patch: CasePatch,
) -> ApiResult<CaseRow> {
    load_in_scope(conn, caller, id, "update")?;
    write_tx(conn, |conn| {
        let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
        if_match.check(row.version, true)?;
        let mut errors = Vec::new();
        if let Some(message) = patch.birth_month_error() {
            errors.push(FieldError::new("birth_month", message));
        }
        let team = patch
            .team_id
            .map(|t| t.to_string())
            .unwrap_or_else(|| row.team_id.clone());
        if patch.team_id.is_some() {
            check_team(conn, &team, &mut errors)?;
        }
        let worker = match patch.allocated_worker_id {
            Some(w) => w.map(|u| u.to_string()),
            None => row.allocated_worker_id.clone(),
        };
        check_user(
            conn,
            "allocated_worker_id",
            worker
                .as_deref()
                .filter(|_| patch.allocated_worker_id.is_some()),
            &mut errors,
        )?;
        let manager = match patch.case_manager_id {
            Some(m) => m.map(|u| u.to_string()),
            None => row.case_manager_id.clone(),
        };
        check_user(
            conn,
            "case_manager_id",
            manager
                .as_deref()
                .filter(|_| patch.case_manager_id.is_some()),
            &mut errors,
        )?;
        let closed_on_given = match &patch.closed_on {
            Some(Some(text)) => match parse_date(text) {
                Ok(d) => Some(Some(d)),
                Err(message) => {
                    errors.push(FieldError::new("closed_on", message));
                    None
                }
            },
            Some(None) => Some(None),
            None => None,
        };
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let status = patch
            .status
            .map(CaseStatus::as_str)
            .unwrap_or(&row.status)
            .to_string();
        let closed_on = match (status.as_str(), closed_on_given) {
            ("open", _) => None,
            (_, Some(Some(day))) => Some(day),
            (_, _) => row.closed_on.or(Some(london_today())),
        };
        diesel::update(cases::table.find(id))
            .set((
                cases::display_name.eq(patch
                    .display_name
                    .as_deref()
                    .map(str::trim)
                    .unwrap_or(&row.display_name)),
                cases::birth_month.eq(match &patch.birth_month {
                    Some(m) => m.clone(),
                    None => row.birth_month.clone(),
                }),
                cases::category.eq(patch.category.map(|c| c.as_str()).unwrap_or(&row.category)),
                cases::team_id.eq(&team),
                cases::allocated_worker_id.eq(&worker),
                cases::case_manager_id.eq(&manager),
                cases::status.eq(&status),
                cases::closed_on.eq(closed_on),
                cases::retention_class.eq(patch
                    .retention_class
                    .as_deref()
                    .unwrap_or(&row.retention_class)),
                cases::version.eq(row.version + 1),
                cases::updated_at.eq(now_utc()),
            ))
            .execute(conn)?;
        access_log::record(
            conn,
            &[AccessEntry::case_record(
                &caller.user_id,
                "update",
                "case",
                id,
                id,
                Outcome::Allowed,
            )],
        )?;
        repo::find(conn, id)?.ok_or(ApiError::NotFound)
    })
}
