//! Safeguarding alerts raised while auditing (product.md §4.2): the case's worker and
//! case-accountable manager are told at once, and for a `high` alert the head of service above
//! the team too.

use super::dto::{NewAlert, Severity};
use super::model::AlertRow;
use super::repo;
use crate::audits::model::AuditRow;
use crate::audits::repo as audit_repo;
use crate::auth::policy::{log_change, Authorized};
use crate::cases::repo as case_repo;
use crate::dates::now_utc;
use crate::db::types::{AlertId, UserId};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::notifications::{notify, Notice};
use crate::org::repo as org_repo;

/// Raises a safeguarding alert on the authorised draft audit.
pub fn raise(
    conn: &mut DbConn,
    audit: &Authorized<AuditRow>,
    input: &NewAlert,
) -> ApiResult<AlertRow> {
    let row = audit.record();
    let now = now_utc();
    if !audit_repo::bump(conn, row.id, row.version, now)? {
        return Err(ApiError::Raced);
    }
    let case = case_repo::find(conn, row.case_id)?.ok_or(ApiError::NotFound)?;
    let alert = AlertRow {
        id: AlertId::new(),
        audit_id: row.id,
        case_id: case.id,
        concern: input.concern.clone(),
        severity: input.severity,
        raised_by: audit.actor().id,
        created_at: now,
    };
    repo::insert_alert(conn, &alert)?;
    let mut recipients: Vec<Option<UserId>> = vec![case.allocated_worker_id, case.case_manager_id];
    if input.severity == Severity::High {
        recipients.extend(
            org_repo::heads_of_service_over(conn, case.team_id)?
                .into_iter()
                .map(Some),
        );
    }
    notify(
        conn,
        &recipients,
        audit.actor().id,
        &Notice {
            kind: "safeguarding_alert_raised",
            title: format!(
                "Safeguarding alert ({}) raised on case {} ({})",
                input.severity, case.display_name, case.external_ref
            ),
            record_type: "audit",
            record_id: row.id.uuid(),
            case_id: Some(case.id),
            urgent: input.severity == Severity::High,
        },
    )?;
    log_change(conn, audit.actor().id, "create", &alert)?;
    Ok(alert)
}
