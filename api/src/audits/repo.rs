//! Audit queries, with the caller's scope applied in SQL.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::model::{AlertRow, AuditRow, JudgementRow, ModerationRow};
use crate::auth::caller::Caller;
use crate::auth::roles::Role;
use crate::db::schema::{audit_judgements, audit_moderations, audits, cases, safeguarding_alerts};
use crate::db::DbConn;
use crate::pagination::PageRequest;

type VisibleCondition = Box<
    dyn BoxableExpression<
        audits::table,
        <DbConn as Connection>::Backend,
        SqlType = diesel::sql_types::Nullable<diesel::sql_types::Bool>,
    >,
>;

/// One audit.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<AuditRow>> {
    audits::table
        .find(id)
        .select(AuditRow::as_select())
        .first(conn)
        .optional()
}

/// An audit's judgements by standard number.
pub fn judgements_of(conn: &mut DbConn, audit_id: &str) -> QueryResult<Vec<JudgementRow>> {
    audit_judgements::table
        .filter(audit_judgements::audit_id.eq(audit_id))
        .order(audit_judgements::standard_number.asc())
        .select(JudgementRow::as_select())
        .load(conn)
}

/// An audit's alerts.
pub fn alerts_of(conn: &mut DbConn, audit_id: &str) -> QueryResult<Vec<AlertRow>> {
    safeguarding_alerts::table
        .filter(safeguarding_alerts::audit_id.eq(audit_id))
        .order(safeguarding_alerts::id.asc())
        .select(AlertRow::as_select())
        .load(conn)
}

/// An audit's moderation.
pub fn moderation_of(conn: &mut DbConn, audit_id: &str) -> QueryResult<Option<ModerationRow>> {
    audit_moderations::table
        .filter(audit_moderations::audit_id.eq(audit_id))
        .select(ModerationRow::as_select())
        .first(conn)
        .optional()
}

/// Moderated grades of several audits.
pub fn moderated_grades(
    conn: &mut DbConn,
    audit_ids: &[String],
) -> QueryResult<Vec<(String, String)>> {
    audit_moderations::table
        .filter(audit_moderations::audit_id.eq_any(audit_ids.to_vec()))
        .select((
            audit_moderations::audit_id,
            audit_moderations::moderated_grade,
        ))
        .load(conn)
}

/// Filters of the audit list.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    /// One team.
    pub team_id: Option<String>,
    /// One case.
    pub case_id: Option<String>,
    /// One auditor.
    pub auditor_id: Option<String>,
    /// One practitioner.
    pub practitioner_id: Option<String>,
    /// One status.
    pub status: Option<String>,
    /// One kind.
    pub kind: Option<String>,
    /// One overall grade.
    pub overall_grade: Option<String>,
    /// One theme.
    pub theme_id: Option<String>,
    /// Created on or after.
    pub from: Option<Date>,
    /// Created on or before.
    pub to: Option<Date>,
    /// Changed at or after.
    pub updated_since: Option<PrimitiveDateTime>,
}

/// A page of the audits the caller may see, in id (creation) order.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &AuditFilter,
    page: &PageRequest,
) -> QueryResult<Vec<AuditRow>> {
    let mut query = audits::table
        .select(AuditRow::as_select())
        .order(audits::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if !caller.sees_everything() {
        let me = caller.user_id.clone();
        let mut visible: VisibleCondition = Box::new(
            audits::auditor_id
                .eq(me.clone())
                .nullable()
                .or(audits::practitioner_id.eq(me.clone())),
        );
        if caller.has_any(&[Role::TeamManager, Role::HeadOfService]) {
            visible = Box::new(
                visible.or(audits::team_id
                    .eq_any(caller.unit_subtree.clone())
                    .nullable()),
            );
        }
        if caller.has(Role::Practitioner) {
            let my_cases = cases::table
                .filter(cases::allocated_worker_id.eq(me))
                .select(cases::id);
            visible = Box::new(visible.or(audits::case_id.eq_any(my_cases).nullable()));
        }
        query = query.filter(visible);
    }
    if let Some(v) = &filter.team_id {
        query = query.filter(audits::team_id.eq(v.clone()));
    }
    if let Some(v) = &filter.case_id {
        query = query.filter(audits::case_id.eq(v.clone()));
    }
    if let Some(v) = &filter.auditor_id {
        query = query.filter(audits::auditor_id.eq(v.clone()));
    }
    if let Some(v) = &filter.practitioner_id {
        query = query.filter(audits::practitioner_id.eq(v.clone()));
    }
    if let Some(v) = &filter.status {
        query = query.filter(audits::status.eq(v.clone()));
    }
    if let Some(v) = &filter.kind {
        query = query.filter(audits::kind.eq(v.clone()));
    }
    if let Some(v) = &filter.overall_grade {
        query = query.filter(audits::overall_grade.eq(v.clone()));
    }
    if let Some(v) = &filter.theme_id {
        query = query.filter(audits::theme_id.eq(v.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audits::created_at.ge(from.midnight()));
    }
    if let Some(to) = filter.to {
        if let Some(next) = to.next_day() {
            query = query.filter(audits::created_at.lt(next.midnight()));
        }
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(audits::updated_at.ge(since));
    }
    if let Some(after) = &page.after {
        query = query.filter(audits::id.gt(after.clone()));
    }
    query.load(conn)
}
