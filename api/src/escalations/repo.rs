//! Escalation queries, with the caller's scope applied in SQL.

use diesel::prelude::*;

use super::model::{EscalationRow, EventRow};
use crate::auth::caller::Caller;
use crate::auth::roles::Role;
use crate::db::schema::{cases, escalation_events, escalations};
use crate::db::DbConn;
use crate::pagination::PageRequest;

type VisibleCondition = Box<
    dyn BoxableExpression<
        escalations::table,
        <DbConn as Connection>::Backend,
        SqlType = diesel::sql_types::Nullable<diesel::sql_types::Bool>,
    >,
>;

/// One escalation.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<EscalationRow>> {
    escalations::table
        .find(id)
        .select(EscalationRow::as_select())
        .first(conn)
        .optional()
}

/// The escalation a source record opened, if any.
pub fn find_by_source(
    conn: &mut DbConn,
    source: &str,
    source_id: &str,
) -> QueryResult<Option<EscalationRow>> {
    escalations::table
        .filter(escalations::source.eq(source))
        .filter(escalations::source_id.eq(source_id))
        .select(EscalationRow::as_select())
        .first(conn)
        .optional()
}

/// An escalation's timeline, oldest first.
pub fn events_of(conn: &mut DbConn, id: &str) -> QueryResult<Vec<EventRow>> {
    escalation_events::table
        .filter(escalation_events::escalation_id.eq(id))
        .order(escalation_events::id.asc())
        .select(EventRow::as_select())
        .load(conn)
}

/// Filters of the escalation list.
#[derive(Debug, Default, Clone)]
pub struct EscalationFilter {
    /// One case.
    pub case_id: Option<String>,
    /// `open`, `resolved`, `withdrawn`.
    pub status: Option<String>,
    /// `audit`, `monitoring_form`, `practice_alert`, `manual`.
    pub source: Option<String>,
    /// Raised to one person.
    pub raised_to: Option<String>,
    /// Changed at or after.
    pub updated_since: Option<time::PrimitiveDateTime>,
}

/// A page of the escalations the caller may see.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &EscalationFilter,
    page: &PageRequest,
) -> QueryResult<Vec<EscalationRow>> {
    let mut query = escalations::table
        .select(EscalationRow::as_select())
        .order(escalations::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if !caller.sees_everything() {
        let me = caller.user_id.clone();
        let mut visible: VisibleCondition = Box::new(
            escalations::raised_to
                .eq(me.clone())
                .or(escalations::raised_by.eq(me.clone())),
        );
        if caller.has_any(&[Role::TeamManager, Role::HeadOfService]) {
            visible = Box::new(
                visible.or(escalations::team_id
                    .eq_any(caller.unit_subtree.clone())
                    .nullable()),
            );
        }
        if caller.has(Role::Practitioner) {
            let my_cases = cases::table
                .filter(cases::allocated_worker_id.eq(me))
                .select(cases::id);
            visible = Box::new(visible.or(escalations::case_id.eq_any(my_cases).nullable()));
        }
        query = query.filter(visible);
    }
    if let Some(case_id) = &filter.case_id {
        query = query.filter(escalations::case_id.eq(case_id.clone()));
    }
    if let Some(status) = &filter.status {
        query = query.filter(escalations::status.eq(status.clone()));
    }
    if let Some(source) = &filter.source {
        query = query.filter(escalations::source.eq(source.clone()));
    }
    if let Some(raised_to) = &filter.raised_to {
        query = query.filter(escalations::raised_to.eq(raised_to.clone()));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(escalations::updated_at.ge(since));
    }
    if let Some(after) = &page.after {
        query = query.filter(escalations::id.gt(after.clone()));
    }
    query.load(conn)
}
