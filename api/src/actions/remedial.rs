//! Remedial actions raised while auditing (product.md §4.2): they join the audit's own action
//! plan, default to the case's worker and 10 working days, and the case's worker and
//! case-accountable manager are told at once.

use super::dto::{ActionKind, ActionStatus, NewRemedialAction, PlanSource};
use super::model::{ActionRow, PlanRow};
use super::repo;
use crate::audits::model::AuditRow;
use crate::audits::repo as audit_repo;
use crate::auth::policy::{check_named_person, log_change, Authorized};
use crate::calendar::repo as calendar_repo;
use crate::cases::repo as case_repo;
use crate::dates::{london_today, now_utc};
use crate::db::types::{ActionId, AnyId, PlanId, UserId};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::notifications::{notify, Notice};
use crate::settings::Rules;
use crate::standards::repo as standards_repo;

/// The plan holding an audit's remedial actions, created on first use.
fn audit_plan(conn: &mut DbConn, audit: &AuditRow) -> ApiResult<PlanId> {
    let source_id = AnyId::from(audit.id.uuid());
    if let Some(id) = repo::plan_for(conn, PlanSource::Audit, source_id)? {
        return Ok(id);
    }
    let now = now_utc();
    let plan = PlanRow {
        id: PlanId::new(),
        source: PlanSource::Audit,
        source_id: Some(source_id),
        title: "Remedial actions from a case file audit".into(),
        owner_id: Some(audit.auditor_id),
        case_id: Some(audit.case_id),
        team_id: Some(audit.team_id),
        status: "open".into(),
        version: 1,
        created_at: now,
        updated_at: now,
        created_by: Some(audit.auditor_id),
        due_on: None,
    };
    repo::insert_plan(conn, &plan)?;
    Ok(plan.id)
}

/// Raises a remedial action on the authorised draft audit.
pub fn raise(
    conn: &mut DbConn,
    audit: &Authorized<AuditRow>,
    input: &NewRemedialAction,
    rules: &Rules,
) -> ApiResult<ActionRow> {
    let row = audit.record();
    let case = case_repo::find(conn, row.case_id)?.ok_or(ApiError::NotFound)?;
    let owner = input
        .owner_id
        .map(UserId::from)
        .or(case.allocated_worker_id);
    let mut errors = Vec::new();
    if let Some(named) = input.owner_id.map(UserId::from) {
        check_named_person(conn, "owner_id", named, case.team_id, &mut errors)?;
    }
    let today = london_today();
    if input.due_on.is_some_and(|d| d < today) {
        errors.push(FieldError::new("due_on", "must be today or later"));
    }
    if let Some(n) = input.standard_number {
        let standards = standards_repo::standards_of(conn, row.framework_id)?;
        if !standards.iter().any(|s| s.number == n) {
            errors.push(FieldError::new(
                "standard_number",
                "names no standard of the audit's framework",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = now_utc();
    if !audit_repo::bump(conn, row.id, row.version, now)? {
        return Err(ApiError::Raced);
    }
    let due_on = match input.due_on {
        Some(day) => day,
        None => {
            let (calendar, _) = calendar_repo::load(conn)?;
            calendar
                .add_working_days(today, rules.remedial_due_working_days)
                .unwrap_or(today)
        }
    };
    let action = ActionRow {
        id: ActionId::new(),
        plan_id: audit_plan(conn, row)?,
        audit_id: Some(row.id),
        case_id: Some(row.case_id),
        team_id: Some(row.team_id),
        description: input.description.clone(),
        owner_id: owner,
        due_on,
        kind: ActionKind::Remedial,
        standard_number: input.standard_number,
        status: ActionStatus::Open,
        evidence: None,
        impact: None,
        cancel_reason: None,
        completed_at: None,
        verified_at: None,
        verified_by: None,
        version: 1,
        created_at: now,
        updated_at: now,
        created_by: Some(audit.actor().id),
    };
    repo::insert(conn, &action)?;
    notify(
        conn,
        &[case.allocated_worker_id, case.case_manager_id, owner],
        audit.actor().id,
        &Notice {
            kind: "remedial_action_raised",
            title: format!(
                "Remedial action raised on case {} ({})",
                case.display_name, case.external_ref
            ),
            record_type: "action",
            record_id: action.id.uuid(),
            case_id: Some(case.id),
            urgent: false,
        },
    )?;
    log_change(conn, audit.actor().id, "create", &action)?;
    Ok(action)
}
