//! Escalation rules: opening one per source record, answering and resolving, and the only place
//! an escalation's status changes, each change a conditional update on the version authorised.

use diesel::QueryResult;

use super::dto::{Escalation, EscalationSource, EscalationStatus, EventKind};
use super::model::{EscalationRow, EscalationStep, EventRow};
use super::policy::EscalationOperation;
use super::repo;
use crate::auth::caller::Caller;
use crate::auth::policy::{allowed, log_change, Authorized, Loaded};
use crate::auth::roles::Role;
use crate::calendar::Calendar;
use crate::cases::model::CaseRow;
use crate::dates::{london_date, london_today, now_utc, to_utc};
use crate::db::types::{AnyId, AuditId, EscalationId, EventId, UserId};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::notifications::{notify, Notice};
use crate::org::repo as org_repo;

/// Working days each stage of the dispute-resolution process has (product.md §3).
pub const STAGE_WORKING_DAYS: i32 = 5;

/// An escalation as the caller sees it, with its timeline when `timeline` is given, and what
/// the caller may do to it now.
pub fn present(
    caller: &Caller,
    escalation: Loaded<EscalationRow>,
    calendar: &Calendar,
    timeline: Option<Vec<EventRow>>,
) -> Escalation {
    let operations = allowed(caller, &escalation);
    let narrative = caller.reads_narrative_of(&escalation);
    let row = escalation.record;
    let today = london_today();
    let opened = london_date(to_utc(row.created_at));
    let open_days = calendar.working_days_between(opened, today);
    Escalation::new(row, today, open_days, narrative, timeline, operations)
}

fn add_event(
    conn: &mut DbConn,
    escalation_id: EscalationId,
    kind: EventKind,
    actor: Option<UserId>,
    text: Option<&str>,
    stage: i32,
) -> QueryResult<()> {
    repo::insert_event(
        conn,
        &EventRow {
            id: EventId::new(),
            escalation_id,
            kind,
            actor_id: actor,
            text: text.map(str::to_string),
            stage: Some(stage),
            created_at: now_utc(),
        },
    )
}

/// Who a case's escalation goes to: its case-accountable manager, else a manager of its team.
fn case_accountable_manager(conn: &mut DbConn, case: &CaseRow) -> QueryResult<Option<UserId>> {
    if case.case_manager_id.is_some() {
        return Ok(case.case_manager_id);
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
    pub audit_id: AuditId,
    /// The auditor.
    pub auditor_id: UserId,
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
) -> ApiResult<Option<EscalationId>> {
    // The framework sends an inadequate audit to the case-accountable manager; when that
    // manager is the auditor, escalating to themselves would be no escalation at all, so it goes
    // to the head of service above the team.
    let manager = case_accountable_manager(conn, case)?;
    let auditor_is_manager = manager == Some(concern.auditor_id);
    let raised_to = if auditor_is_manager {
        org_repo::heads_of_service_over(conn, case.team_id)?
            .into_iter()
            .next()
            .or(manager)
    } else {
        manager
    };
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
    // Raised above the manager, it starts at the head of service's stage.
    let stage = if raised_to == manager { 1 } else { 2 };
    let reviewer = if raised_to == manager {
        "The case-accountable manager"
    } else {
        "The head of service"
    };
    let text = format!(
        "A case file audit graded this case {}. {reviewer} should review the case and respond.",
        concern.grade_label
    );
    let row = EscalationRow {
        id: EscalationId::new(),
        case_id: case.id,
        team_id: case.team_id,
        source: EscalationSource::Audit,
        source_id: Some(AnyId::from(concern.audit_id.uuid())),
        raised_by: Some(concern.auditor_id),
        raised_to,
        category: Some("inadequate_audit".into()),
        standards,
        concern: text.clone(),
        stage,
        stage_due_on: due,
        status: EscalationStatus::Open,
        resolution: None,
        resolved_by: None,
        resolved_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
        created_by: Some(concern.auditor_id),
    };
    if !repo::insert_once(conn, &row)? {
        return Ok(None);
    }
    add_event(
        conn,
        row.id,
        EventKind::Raised,
        Some(concern.auditor_id),
        Some(&text),
        stage,
    )?;
    let mut recipients: Vec<Option<UserId>> = vec![raised_to];
    for head in org_repo::heads_of_service_over(conn, case.team_id)? {
        if raised_to != Some(head) {
            recipients.push(Some(head));
        }
    }
    notify(
        conn,
        &recipients,
        concern.auditor_id,
        &Notice {
            kind: "escalation_raised",
            title: format!(
                "Escalation: a case file audit graded case {} ({}) {}",
                case.display_name, case.external_ref, concern.grade_label
            ),
            record_type: "escalation",
            record_id: row.id.uuid(),
            case_id: Some(case.id),
        },
    )?;
    Ok(Some(row.id))
}

/// Answers an open escalation: a response goes on the timeline; a resolution closes it.
pub fn answer(
    conn: &mut DbConn,
    escalation: &Authorized<EscalationRow>,
    text: &str,
) -> ApiResult<()> {
    let row = escalation.record();
    let actor = escalation.actor().id;
    let now = now_utc();
    let resolving = escalation.operation() == EscalationOperation::Resolve;
    let mut step = EscalationStep::new(row.version + 1, now);
    if resolving {
        step.status = Some(EscalationStatus::Resolved);
        step.resolution = Some(text.to_string());
        step.resolved_by = Some(actor);
        step.resolved_at = Some(now);
    }
    if !repo::step(conn, row.id, row.version, &step)? {
        return Err(ApiError::Raced);
    }
    let kind = if resolving {
        EventKind::Resolved
    } else {
        EventKind::Response
    };
    add_event(conn, row.id, kind, Some(actor), Some(text), row.stage)?;
    notify(
        conn,
        &[row.raised_by, row.raised_to],
        actor,
        &Notice {
            kind: "escalation_changed",
            title: if resolving {
                "An escalation was resolved".into()
            } else {
                "An escalation has a new response".into()
            },
            record_type: "escalation",
            record_id: row.id.uuid(),
            case_id: Some(row.case_id),
        },
    )?;
    log_change(conn, actor, "update", row)?;
    Ok(())
}
