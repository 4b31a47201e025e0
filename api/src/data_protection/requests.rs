//! Subject access requests: the rules of their clock and their life (`open` → `gathered` →
//! `released`), and their queries. Only the data protection officer handles them.

use diesel::prelude::*;
use time::Date;

use super::dto::{RequestOperation, RequestStatus, SubjectAccessRequest};
use super::model::{RedactionRow, RequestRow};
use crate::access_log::{self, AccessEntry, Outcome};
use crate::auth::caller::Caller;
use crate::auth::policy::log_role_refusal;
use crate::auth::roles::Role;
use crate::calendar::Calendar;
use crate::dates::{format_date, london_today, now_utc, to_utc};
use crate::db::schema::{cases, sar_redactions, subject_access_requests, users};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult};
use crate::extract::IfMatch;

/// The kind of record in the access log.
pub const KIND: &str = "subject_access_request";

/// Refuses, with 403 logged as a denial, everyone but the data protection officer.
pub fn require_dpo(
    conn: &mut DbConn,
    caller: &Caller,
    action: &'static str,
    kind: &'static str,
) -> ApiResult<()> {
    if caller.has(Role::Dpo) {
        return Ok(());
    }
    log_role_refusal(conn, caller, action, kind)?;
    Err(ApiError::forbidden(
        "Only the data protection officer handles subject access requests, legal holds and \
         retention.",
    ))
}

/// Sets the clock's start and the due date from the request's dates, pauses and extension.
pub fn recompute_clock(row: &mut RequestRow, calendar: &Calendar) {
    row.clock_starts_on = row
        .identity_verified_on
        .map(|verified| verified.max(row.received_on));
    let months = if row.extended { 3 } else { 1 };
    row.due_on = row
        .clock_starts_on
        .map(|start| calendar.request_due_on(start, months, i64::from(row.paused_days)));
}

/// Whether an operation is allowed in the request's state (the caller is the DPO).
pub fn permits(row: &RequestRow, operation: RequestOperation) -> Result<(), String> {
    let released = row.status == RequestStatus::Released;
    let refuse = |why: &str| Err(why.to_string());
    match operation {
        _ if released => refuse("The request was released; it can no longer change."),
        RequestOperation::Update | RequestOperation::Gather if row.gathering => {
            refuse("The bundle is being gathered; try again in a moment.")
        }
        RequestOperation::Update | RequestOperation::Gather => Ok(()),
        RequestOperation::Pause if row.paused_on.is_some() => {
            refuse("The clock is already paused.")
        }
        RequestOperation::Pause => Ok(()),
        RequestOperation::Resume if row.paused_on.is_none() => refuse("The clock is not paused."),
        RequestOperation::Resume => Ok(()),
        RequestOperation::Extend if row.extended => {
            refuse("The request was extended once already; it cannot be extended again.")
        }
        RequestOperation::Extend => Ok(()),
        RequestOperation::Redact | RequestOperation::Release
            if row.status != RequestStatus::Gathered || row.gathering =>
        {
            refuse("Gather the bundle first.")
        }
        RequestOperation::Redact | RequestOperation::Release => Ok(()),
    }
}

/// The operations allowed now.
pub fn allowed(row: &RequestRow) -> Vec<RequestOperation> {
    RequestOperation::ALL
        .iter()
        .copied()
        .filter(|op| permits(row, *op).is_ok())
        .collect()
}

/// The representation of a request.
pub fn present(
    row: RequestRow,
    case_reference: Option<String>,
    today: Date,
) -> SubjectAccessRequest {
    let allowed_operations = allowed(&row);
    let days_left = row.due_on.map(|due| (due - today).whole_days());
    let overdue = row.status != RequestStatus::Released
        && row.paused_on.is_none()
        && days_left.is_some_and(|d| d < 0);
    SubjectAccessRequest {
        id: uuid::Uuid::parse_str(&row.id).unwrap_or_default(),
        case_id: row
            .case_id
            .as_deref()
            .and_then(|c| uuid::Uuid::parse_str(c).ok()),
        user_id: row
            .user_id
            .as_deref()
            .and_then(|c| uuid::Uuid::parse_str(c).ok()),
        case_reference,
        requester_role: row.requester_role,
        received_on: format_date(row.received_on),
        identity_verified_on: row.identity_verified_on.map(format_date),
        clock_starts_on: row.clock_starts_on.map(format_date),
        due_on: row.due_on.map(format_date),
        days_left,
        overdue,
        status: row.status,
        paused: row.paused_on.is_some(),
        paused_on: row.paused_on.map(format_date),
        pause_reason: row.pause_reason,
        paused_days: row.paused_days,
        extended: row.extended,
        extension_reason: row.extension_reason,
        gathering: row.gathering,
        gathered_at: row.gathered_at.map(to_utc),
        released_at: row.released_at.map(to_utc),
        release_hash: row.release_hash,
        version: row.version,
        allowed_operations,
        created_at: to_utc(row.created_at),
        updated_at: to_utc(row.updated_at),
        created_by: row
            .created_by
            .as_deref()
            .and_then(|c| uuid::Uuid::parse_str(c).ok()),
    }
}

/// One request.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<RequestRow>> {
    subject_access_requests::table
        .find(id)
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}

/// Every request (they are few: a council receives tens a year).
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<RequestRow>> {
    subject_access_requests::table
        .select(RequestRow::as_select())
        .load(conn)
}

/// Adds a request.
pub fn insert(conn: &mut DbConn, row: &RequestRow) -> QueryResult<()> {
    diesel::insert_into(subject_access_requests::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Rewrites a request if it is still at `version`.
pub fn update(conn: &mut DbConn, row: &RequestRow, version: i32) -> QueryResult<bool> {
    let changed = diesel::update(
        subject_access_requests::table
            .find(&row.id)
            .filter(subject_access_requests::version.eq(version)),
    )
    .set(row)
    .execute(conn)?;
    Ok(changed == 1)
}

/// The council reference of a case.
pub fn case_reference(conn: &mut DbConn, case_id: Option<&str>) -> QueryResult<Option<String>> {
    match case_id {
        None => Ok(None),
        Some(id) => cases::table
            .find(id)
            .select(cases::external_ref)
            .first(conn)
            .optional(),
    }
}

/// Whether a user exists.
pub fn user_exists(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    Ok(users::table
        .find(id)
        .select(users::id)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

/// A request's redactions, oldest first.
pub fn redactions(conn: &mut DbConn, request: &str) -> QueryResult<Vec<RedactionRow>> {
    sar_redactions::table
        .filter(sar_redactions::request_id.eq(request))
        .order((sar_redactions::created_at, sar_redactions::id))
        .select(RedactionRow::as_select())
        .load(conn)
}

/// The access-log entry of something done to a request.
pub fn entry(
    caller: &str,
    action: &'static str,
    row: &RequestRow,
    detail: Option<String>,
) -> AccessEntry {
    AccessEntry {
        user_id: Some(caller.to_string()),
        action,
        record_type: KIND,
        record_id: Some(row.id.clone()),
        case_id: row.case_id.clone(),
        outcome: Outcome::Allowed,
        detail,
    }
}

/// Loads a request for the DPO: 403 for anyone else, 404 when there is none.
pub fn load(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    action: &'static str,
) -> ApiResult<RequestRow> {
    require_dpo(conn, caller, action, KIND)?;
    find(conn, id)?.ok_or(ApiError::NotFound)
}

/// The one way a request changes: the DPO only (403), a request that exists (404), the
/// operation allowed in its state (409), `If-Match` (412/428), then `change` on a copy written
/// back with a conditional update, tried again from a fresh read when another change won.
pub fn change(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    operation: RequestOperation,
    if_match: IfMatch,
    mut change: impl FnMut(&mut DbConn, &mut RequestRow, &Calendar, Date) -> ApiResult<Option<String>>,
) -> ApiResult<RequestRow> {
    require_dpo(conn, caller, "update", KIND)?;
    for _ in 0..5 {
        let row = find(conn, id)?.ok_or(ApiError::NotFound)?;
        permits(&row, operation).map_err(ApiError::Conflict)?;
        if_match.check(row.version, operation == RequestOperation::Update)?;
        let (calendar, _) = crate::calendar::repo::load(conn)?;
        let today = london_today();
        let actor = caller.user_id.to_string();
        let outcome = write_tx(conn, |conn| {
            let mut next = row.clone();
            let detail = change(conn, &mut next, &calendar, today)?;
            next.version = row.version + 1;
            next.updated_at = now_utc();
            if !update(conn, &next, row.version)? {
                return Err(ApiError::Raced);
            }
            access_log::record(conn, &[entry(&actor, operation.as_str(), &next, detail)])?;
            Ok(next)
        });
        match outcome {
            Err(ApiError::Raced) => continue,
            other => return other,
        }
    }
    Err(ApiError::conflict(
        "The request was changed by someone else at the same moment. Try again.",
    ))
}
