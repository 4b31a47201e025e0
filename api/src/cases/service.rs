//! Rules of the cases registry: who a case may name, and the change log of every write. Scope
//! and the access log of reads come from the record policy.

use diesel::QueryResult;

use super::dto::{CasePatch, CaseStatus, NewCase};
use super::model::{CaseChanges, CaseRow};
use super::repo;
use crate::auth::policy::{check_named_person, log_change, Authorized};
use crate::dates::{london_today, now_utc, parse_date};
use crate::db::types::{CaseId, UnitId, UserId};
use crate::db::{is_unique_violation, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::org::dto::OrgUnitKind;
use crate::org::repo as org_repo;

/// A case's worker and manager read it and everything about it, so each must cover its team.
fn check_user(
    conn: &mut DbConn,
    field: &str,
    id: Option<UserId>,
    team: UnitId,
    errors: &mut Vec<FieldError>,
) -> QueryResult<()> {
    match id {
        Some(id) => check_named_person(conn, field, id, team, errors),
        None => Ok(()),
    }
}

fn check_team(conn: &mut DbConn, id: UnitId, errors: &mut Vec<FieldError>) -> QueryResult<()> {
    match org_repo::find_unit(conn, id)? {
        None => errors.push(FieldError::new("team_id", "names no org unit")),
        Some(unit) if unit.kind != OrgUnitKind::Team => errors.push(FieldError::new(
            "team_id",
            format!("must be a team, not a {}", unit.kind),
        )),
        Some(_) => {}
    }
    Ok(())
}

/// Registers a case.
pub fn create(conn: &mut DbConn, actor: UserId, input: NewCase) -> ApiResult<CaseRow> {
    write_tx(conn, |conn| {
        let team = UnitId::from(input.team_id);
        let worker = input.allocated_worker_id.map(UserId::from);
        let manager = input.case_manager_id.map(UserId::from);
        let mut errors = Vec::new();
        check_team(conn, team, &mut errors)?;
        if errors.is_empty() {
            check_user(conn, "allocated_worker_id", worker, team, &mut errors)?;
            check_user(conn, "case_manager_id", manager, team, &mut errors)?;
        }
        let external_ref = input.external_ref.trim().to_string();
        if repo::find_by_external_ref(conn, &external_ref)?.is_some() {
            errors.push(FieldError::new("external_ref", "is already registered"));
        }
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let now = now_utc();
        let row = CaseRow {
            id: CaseId::new(),
            external_ref,
            display_name: input.display_name.trim().to_string(),
            birth_month: input.birth_month.clone(),
            category: input.category,
            team_id: team,
            allocated_worker_id: worker,
            case_manager_id: manager,
            status: CaseStatus::Open,
            closed_on: None,
            retention_class: input
                .retention_class
                .clone()
                .unwrap_or_else(|| "standard".into()),
            legal_hold: false,
            version: 1,
            created_at: now,
            updated_at: now,
            created_by: Some(actor),
        };
        repo::insert(conn, &row).map_err(|e| {
            if is_unique_violation(&e) {
                ApiError::field("external_ref", "is already registered")
            } else {
                e.into()
            }
        })?;
        log_change(conn, actor, "create", &row)?;
        Ok(row)
    })
}

/// Changes a case (JSON merge patch), if it is still at the version authorised.
pub fn update(conn: &mut DbConn, case: &Authorized<CaseRow>, patch: &CasePatch) -> ApiResult<()> {
    let row = case.record();
    let mut errors = Vec::new();
    if let Some(message) = patch.birth_month_error() {
        errors.push(FieldError::new("birth_month", message));
    }
    let team = patch.team_id.map(UnitId::from).unwrap_or(row.team_id);
    if patch.team_id.is_some() {
        check_team(conn, team, &mut errors)?;
    }
    let worker = patch
        .allocated_worker_id
        .clone()
        .apply(row.allocated_worker_id.map(UserId::uuid))
        .map(UserId::from);
    let moved = patch
        .team_id
        .is_some_and(|t| UnitId::from(t) != row.team_id);
    if (patch.allocated_worker_id.is_given() || moved) && errors.is_empty() {
        check_user(conn, "allocated_worker_id", worker, team, &mut errors)?;
    }
    let manager = patch
        .case_manager_id
        .clone()
        .apply(row.case_manager_id.map(UserId::uuid))
        .map(UserId::from);
    if (patch.case_manager_id.is_given() || moved) && errors.is_empty() {
        check_user(conn, "case_manager_id", manager, team, &mut errors)?;
    }
    let closed_on_given = match patch.closed_on.value() {
        Some(text) => match parse_date(text) {
            Ok(day) => Some(day),
            Err(message) => {
                errors.push(FieldError::new("closed_on", message));
                None
            }
        },
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let status = patch.status.unwrap_or(row.status);
    let closed_on = match (status, closed_on_given) {
        (CaseStatus::Open, _) => None,
        (CaseStatus::Closed, Some(day)) => Some(day),
        (CaseStatus::Closed, None) => row.closed_on.or(Some(london_today())),
    };
    let changes = CaseChanges {
        display_name: patch
            .display_name
            .as_deref()
            .map(str::trim)
            .unwrap_or(&row.display_name)
            .to_string(),
        birth_month: patch.birth_month.clone().apply(row.birth_month.clone()),
        category: patch.category.unwrap_or(row.category),
        team_id: team,
        allocated_worker_id: worker,
        case_manager_id: manager,
        status,
        closed_on,
        retention_class: patch
            .retention_class
            .clone()
            .unwrap_or_else(|| row.retention_class.clone()),
        version: row.version + 1,
        updated_at: now_utc(),
    };
    if !repo::update(conn, row.id, row.version, &changes)? {
        return Err(ApiError::Raced);
    }
    log_change(conn, case.actor().id, "update", row)?;
    Ok(())
}
