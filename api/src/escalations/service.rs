//! Escalation rules: opening one per source record, who sees and who answers, and the only place
//! an escalation's status changes.

use diesel::prelude::*;

use super::model::EscalationRow;
use super::repo;
use crate::access_log::{self, AccessEntry, Outcome};
use crate::auth::caller::Caller;
use crate::auth::roles::Role;
use crate::calendar::Calendar;
use crate::cases::model::CaseRow;
use crate::cases::repo as case_repo;
use crate::dates::{london_today, now_utc};
use crate::db::schema::{escalation_events, escalations};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult};
use crate::extract::IfMatch;
use crate::ids::new_id;
use crate::notifications::{notify, Notice};
use crate::org::repo as org_repo;

/// Working days each stage of the dispute-resolution process has (product.md §3).
pub const STAGE_WORKING_DAYS: i32 = 5;

fn add_event(
    conn: &mut DbConn,
    escalation_id: &str,
    kind: &str,
    actor: Option<&str>,
    text: Option<&str>,
    stage: i32,
) -> QueryResult<()> {
    diesel::insert_into(escalation_events::table)
        .values((
            escalation_events::id.eq(new_id()),
            escalation_events::escalation_id.eq(escalation_id),
            escalation_events::kind.eq(kind),
            escalation_events::actor_id.eq(actor),
            escalation_events::text.eq(text),
            escalation_events::stage.eq(Some(stage)),
            escalation_events::created_at.eq(now_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Who a case's escalation goes to: its case-accountable manager, else a manager of its team.
fn case_accountable_manager(conn: &mut DbConn, case: &CaseRow) -> QueryResult<Option<String>> {
    if case.case_manager_id.is_some() {
        return Ok(case.case_manager_id.clone());
    }
    Ok(
        org_repo::users_with_role_in(conn, Role::TeamManager, std::slice::from_ref(&case.team_id))?
            .into_iter()
            .next(),
    )
}

/// What an audit's escalation says.
pub struct AuditConcern<'a> {
    /// The audit.
    pub audit_id: &'a str,
    /// The auditor.
    pub auditor_id: &'a str,
    /// The grade's label, e.g. "Inadequate".
    pub grade_label: &'a str,
    /// Standards graded with an escalating grade.
    pub standards: Vec<i32>,
}

/// Opens the escalation for an audit graded at an escalating grade, unless it already has one.
/// The `UNIQUE (source, source_id)` constraint with `ON CONFLICT DO NOTHING` makes a second one
/// impossible however submits race. Returns the new escalation's id when one was opened.
pub fn open_for_audit(
    conn: &mut DbConn,
    case: &CaseRow,
    concern: AuditConcern<'_>,
    calendar: &Calendar,
) -> ApiResult<Option<String>> {
    let raised_to = case_accountable_manager(conn, case)?;
    let id = new_id();
    let now = now_utc();
    let today = london_today();
    let due = calendar
        .add_working_days(today, STAGE_WORKING_DAYS)
        .unwrap_or(today);
    let standards = concern
        .standards
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let text = format!(
        "A case file audit graded this case {}. The case-accountable manager should review the case and respond.",
        concern.grade_label
    );
    let values = (
        escalations::id.eq(&id),
        escalations::case_id.eq(&case.id),
        escalations::team_id.eq(&case.team_id),
        escalations::source.eq("audit"),
        escalations::source_id.eq(concern.audit_id),
        escalations::raised_by.eq(concern.auditor_id),
        escalations::raised_to.eq(&raised_to),
        escalations::category.eq("inadequate_audit"),
        escalations::standards.eq(&standards),
        escalations::concern.eq(&text),
        escalations::stage.eq(1),
        escalations::stage_due_on.eq(due),
        escalations::status.eq("open"),
        escalations::version.eq(1),
        escalations::created_at.eq(now),
        escalations::updated_at.eq(now),
        escalations::created_by.eq(concern.auditor_id),
    );
    let inserted = match conn {
        DbConn::Pg(c) => diesel::insert_into(escalations::table)
            .values(values)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(escalations::table)
            .values(values)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    if inserted == 0 {
        return Ok(None);
    }
    add_event(
        conn,
        &id,
        "raised",
        Some(concern.auditor_id),
        Some(&text),
        1,
    )?;
    let mut recipients: Vec<Option<String>> = vec![raised_to];
    recipients.extend(
        org_repo::heads_of_service_over(conn, &case.team_id)?
            .into_iter()
            .map(Some),
    );
    let recipients: Vec<Option<&str>> = recipients.iter().map(|r| r.as_deref()).collect();
    notify(
        conn,
        &recipients,
        concern.auditor_id,
        &Notice {
            kind: "escalation_raised",
            title: format!(
                "Escalation: a case file audit graded case {} {}",
                case.display_name, concern.grade_label
            ),
            record_type: "escalation",
            record_id: &id,
            case_id: Some(&case.id),
        },
    )?;
    Ok(Some(id))
}

/// Whether the caller may see the escalation.
pub fn can_see(conn: &mut DbConn, caller: &Caller, row: &EscalationRow) -> QueryResult<bool> {
    let me = Some(caller.user_id.as_str());
    if caller.sees_everything()
        || row.raised_to.as_deref() == me
        || row.raised_by.as_deref() == me
        || caller.manages_team(&row.team_id)
    {
        return Ok(true);
    }
    if caller.has(Role::Practitioner) {
        if let Some(case) = case_repo::find(conn, &row.case_id)? {
            return Ok(case.allocated_worker_id.as_deref() == me);
        }
    }
    Ok(false)
}

/// Whether the caller may respond to and resolve it: the person it is raised to, or anyone
/// above them in scope (a head of service over the team, a senior leader).
pub fn can_act(caller: &Caller, row: &EscalationRow) -> bool {
    row.raised_to.as_deref() == Some(caller.user_id.as_str())
        || caller.has(Role::SeniorLeader)
        || (caller.has(Role::HeadOfService) && caller.manages_team(&row.team_id))
}

fn log(
    conn: &mut DbConn,
    caller: &Caller,
    action: &'static str,
    row: &EscalationRow,
    outcome: Outcome,
) -> QueryResult<()> {
    access_log::record(
        conn,
        &[AccessEntry::case_record(
            &caller.user_id,
            action,
            "escalation",
            &row.id,
            &row.case_id,
            outcome,
        )],
    )
}

/// Loads an escalation the caller may see; otherwise 404, logged as denied.
pub fn load_visible(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    action: &'static str,
) -> ApiResult<EscalationRow> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    if can_see(conn, caller, &row)? {
        Ok(row)
    } else {
        log(conn, caller, action, &row, Outcome::Denied)?;
        Err(ApiError::NotFound)
    }
}

/// Reads an escalation; the handler logs the read.
pub fn read(conn: &mut DbConn, caller: &Caller, id: &str) -> ApiResult<EscalationRow> {
    load_visible(conn, caller, id, "read")
}

/// The access-log entry of an allowed read or list of an escalation.
pub fn read_entry(caller: &Caller, action: &'static str, row: &EscalationRow) -> AccessEntry {
    AccessEntry::case_record(
        &caller.user_id,
        action,
        "escalation",
        &row.id,
        &row.case_id,
        Outcome::Allowed,
    )
}

/// Checks visibility (404) and the right to answer (403) before any body is read.
pub fn authorize_action(conn: &mut DbConn, caller: &Caller, id: &str) -> ApiResult<()> {
    let row = load_visible(conn, caller, id, "update")?;
    if can_act(caller, &row) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "Only the person it is raised to, a head of service over the team or a senior leader may answer this escalation.",
        ))
    }
}

enum Step<'a> {
    Respond(&'a str),
    Resolve(&'a str),
}

fn act(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    if_match: IfMatch,
    step: Step<'_>,
) -> ApiResult<EscalationRow> {
    authorize_action(conn, caller, id)?;
    write_tx(conn, |conn| {
        let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
        if_match.check(row.version, false)?;
        if row.status != "open" {
            return Err(ApiError::conflict(format!(
                "This escalation is {}.",
                row.status
            )));
        }
        let now = now_utc();
        let (kind, text) = match step {
            Step::Respond(text) => {
                diesel::update(escalations::table.find(id))
                    .set((
                        escalations::version.eq(row.version + 1),
                        escalations::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                ("response", text)
            }
            Step::Resolve(resolution) => {
                diesel::update(escalations::table.find(id))
                    .set((
                        escalations::status.eq("resolved"),
                        escalations::resolution.eq(Some(resolution)),
                        escalations::resolved_by.eq(Some(&caller.user_id)),
                        escalations::resolved_at.eq(Some(now)),
                        escalations::version.eq(row.version + 1),
                        escalations::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                ("resolved", resolution)
            }
        };
        add_event(conn, id, kind, Some(&caller.user_id), Some(text), row.stage)?;
        notify(
            conn,
            &[row.raised_by.as_deref(), row.raised_to.as_deref()],
            &caller.user_id,
            &Notice {
                kind: "escalation_changed",
                title: if kind == "resolved" {
                    "An escalation was resolved".into()
                } else {
                    "An escalation has a new response".into()
                },
                record_type: "escalation",
                record_id: id,
                case_id: Some(&row.case_id),
            },
        )?;
        log(conn, caller, "update", &row, Outcome::Allowed)?;
        repo::find(conn, id)?.ok_or(ApiError::NotFound)
    })
}

/// Adds a response to the timeline.
pub fn respond(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    if_match: IfMatch,
    text: &str,
) -> ApiResult<EscalationRow> {
    act(conn, caller, id, if_match, Step::Respond(text))
}

/// Resolves an open escalation.
pub fn resolve(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    if_match: IfMatch,
    resolution: &str,
) -> ApiResult<EscalationRow> {
    act(conn, caller, id, if_match, Step::Resolve(resolution))
}
