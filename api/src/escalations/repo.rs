//! Escalation queries and writes. Lists apply the caller's scope through the record policy.

use diesel::prelude::*;

use super::dto::{EscalationSource, EscalationStatus};
use super::model::{EscalationRow, EscalationStep, EventRow};
use crate::auth::policy::{ListScope, Load, Loaded};
use crate::db::schema::{cases, escalation_events, escalations};
use crate::db::types::{AnyId, CaseId, EscalationId, UserId};
use crate::db::DbConn;
use crate::pagination::{PageRequest, Since};

/// One escalation.
pub fn find(conn: &mut DbConn, id: EscalationId) -> QueryResult<Option<EscalationRow>> {
    escalations::table
        .find(id)
        .select(EscalationRow::as_select())
        .first(conn)
        .optional()
}

impl Load for EscalationRow {
    type Id = EscalationId;

    fn load(conn: &mut DbConn, id: EscalationId) -> QueryResult<Option<Loaded<Self>>> {
        let found: Option<(EscalationRow, Option<UserId>)> = escalations::table
            .inner_join(cases::table.on(cases::id.eq(escalations::case_id)))
            .filter(escalations::id.eq(id))
            .select((EscalationRow::as_select(), cases::allocated_worker_id))
            .first(conn)
            .optional()?;
        Ok(found.map(|(record, case_worker_id)| Loaded {
            record,
            case_worker_id,
        }))
    }
}

/// The escalation a source record opened, if any.
pub fn find_by_source(
    conn: &mut DbConn,
    source: EscalationSource,
    source_id: uuid::Uuid,
) -> QueryResult<Option<EscalationRow>> {
    escalations::table
        .filter(escalations::source.eq(source))
        .filter(escalations::source_id.eq(AnyId::from(source_id)))
        .select(EscalationRow::as_select())
        .first(conn)
        .optional()
}

/// Adds an escalation unless its source record already opened one (`UNIQUE (source,
/// source_id)`); `false` when it did.
pub fn insert_once(conn: &mut DbConn, row: &EscalationRow) -> QueryResult<bool> {
    let inserted = match conn {
        DbConn::Pg(c) => diesel::insert_into(escalations::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(escalations::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(inserted == 1)
}

/// Takes a step of the escalation if it is still at `version`.
pub fn step(
    conn: &mut DbConn,
    id: EscalationId,
    version: i32,
    step: &EscalationStep,
) -> QueryResult<bool> {
    let changed = diesel::update(
        escalations::table
            .find(id)
            .filter(escalations::version.eq(version)),
    )
    .set(step)
    .execute(conn)?;
    Ok(changed == 1)
}

/// Adds an entry to a timeline.
pub fn insert_event(conn: &mut DbConn, row: &EventRow) -> QueryResult<()> {
    diesel::insert_into(escalation_events::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// An escalation's timeline, oldest first.
pub fn events_of(conn: &mut DbConn, id: EscalationId) -> QueryResult<Vec<EventRow>> {
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
    pub case_id: Option<CaseId>,
    /// One status.
    pub status: Option<EscalationStatus>,
    /// One source.
    pub source: Option<EscalationSource>,
    /// Raised to one person.
    pub raised_to: Option<UserId>,
    /// Changed at or after.
    pub updated_since: Option<Since>,
}

/// A page of the escalations in scope.
pub fn list(
    conn: &mut DbConn,
    scope: ListScope<escalations::table>,
    filter: &EscalationFilter,
    page: &PageRequest,
) -> QueryResult<Vec<EscalationRow>> {
    let mut query = escalations::table
        .select(EscalationRow::as_select())
        .order(escalations::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if let ListScope::Only(condition) = scope {
        query = query.filter(condition);
    }
    if let Some(case_id) = filter.case_id {
        query = query.filter(escalations::case_id.eq(case_id));
    }
    if let Some(status) = filter.status {
        query = query.filter(escalations::status.eq(status));
    }
    if let Some(source) = filter.source {
        query = query.filter(escalations::source.eq(source));
    }
    if let Some(raised_to) = filter.raised_to {
        query = query.filter(escalations::raised_to.eq(raised_to));
    }
    if let Some(Since(since)) = filter.updated_since {
        query = query.filter(escalations::updated_at.ge(since));
    }
    if let Some(after) = &page.after {
        query = query.filter(escalations::id.gt(after.clone()));
    }
    query.load(conn)
}
