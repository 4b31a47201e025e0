//! Escalation queries and writes. Lists apply the caller's scope through the record policy.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::dto::{EscalationSource, EscalationStatus};
use super::model::{EscalationRow, EscalationState, EventRow};
use crate::auth::caller::Caller;
use crate::auth::policy::{list_scope, ListScope, Load, Loaded};
use crate::db::schema::{cases, escalation_events, escalations, users};
use crate::db::search::{contains_pattern, lower};
use crate::db::types::{AnyId, CaseId, EscalationId, UnitId, UserId};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiResult;
use crate::listing::{finish, resolve_sort, Page, PageRequest, SortParam};
use crate::pagination::Since;

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

/// The escalations these source records opened, by source record.
pub fn ids_by_source(
    conn: &mut DbConn,
    source: EscalationSource,
    source_ids: Vec<uuid::Uuid>,
) -> QueryResult<std::collections::HashMap<uuid::Uuid, EscalationId>> {
    if source_ids.is_empty() {
        return Ok(Default::default());
    }
    let ids: Vec<AnyId> = source_ids.into_iter().map(AnyId::from).collect();
    Ok(escalations::table
        .filter(escalations::source.eq(source))
        .filter(crate::db::member_of(escalations::source_id, ids))
        .select((escalations::source_id.assume_not_null(), escalations::id))
        .load::<(AnyId, EscalationId)>(conn)?
        .into_iter()
        .map(|(source, id)| (source.uuid(), id))
        .collect())
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

/// Writes the escalation's next state if it is still at `version`.
pub fn save(
    conn: &mut DbConn,
    id: EscalationId,
    version: i32,
    state: &EscalationState,
) -> QueryResult<bool> {
    let changed = diesel::update(
        escalations::table
            .find(id)
            .filter(escalations::version.eq(version)),
    )
    .set(state)
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
    /// These statuses.
    pub statuses: Option<Vec<EscalationStatus>>,
    /// These sources.
    pub sources: Option<Vec<EscalationSource>>,
    /// These stages.
    pub stages: Option<Vec<i32>>,
    /// Raised to one person.
    pub raised_to: Option<UserId>,
    /// Raised by one person.
    pub raised_by: Option<UserId>,
    /// These teams.
    pub team_ids: Option<Vec<UnitId>>,
    /// Open and past the stage's due date (a practice alert without its reply) or the formal
    /// process's (true), or neither (false), as of `today`.
    pub overdue: Option<bool>,
    /// Resolved and waiting for the raiser (true), or not (false).
    pub awaiting_acceptance: Option<bool>,
    /// Text in the case's initials or reference, or the raiser's or holder's name.
    pub q: Option<String>,
    /// Changed at or after.
    pub updated_since: Option<Since>,
}

crate::sortable! {
    /// The fields the escalation list sorts by.
    pub enum EscalationSort on escalations for EscalationRow {
        CreatedAt = "created_at" => created_at: PrimitiveDateTime,
        UpdatedAt = "updated_at" => updated_at: PrimitiveDateTime,
        StageDueOn = "stage_due_on" => stage_due_on: Date,
        Stage = "stage" => stage: i32,
        Status = "status" => status: EscalationStatus,
    }
    default = CreatedAt descending;
    incremental = UpdatedAt;
}

fn filtered<'a>(
    scope: ListScope<escalations::table>,
    filter: &EscalationFilter,
    today: Date,
) -> escalations::BoxedQuery<'a, MultiBackend> {
    let mut query = escalations::table.into_boxed();
    if let ListScope::Only(condition) = scope {
        query = query.filter(condition);
    }
    if let Some(case_id) = filter.case_id {
        query = query.filter(escalations::case_id.eq(case_id));
    }
    if let Some(statuses) = &filter.statuses {
        query = query.filter(crate::db::member_of(escalations::status, statuses.clone()));
    }
    if let Some(sources) = &filter.sources {
        query = query.filter(crate::db::member_of(escalations::source, sources.clone()));
    }
    if let Some(stages) = &filter.stages {
        query = query.filter(escalations::stage.eq_any(stages.clone()));
    }
    if let Some(raised_to) = filter.raised_to {
        query = query.filter(escalations::raised_to.eq(raised_to));
    }
    if let Some(raised_by) = filter.raised_by {
        query = query.filter(escalations::raised_by.eq(raised_by));
    }
    if let Some(teams) = &filter.team_ids {
        query = query.filter(crate::db::member_of(escalations::team_id, teams.clone()));
    }
    let late_stage = escalations::stage_due_on.lt(today).and(
        escalations::stage
            .gt(0)
            .or(escalations::replied_at.is_null()),
    );
    let late_process = escalations::formal_due_on
        .is_not_null()
        .and(escalations::formal_due_on.lt(today).assume_not_null());
    let overdue = escalations::status
        .eq(EscalationStatus::Open)
        .and(late_stage.or(late_process));
    match filter.overdue {
        Some(true) => query = query.filter(overdue),
        Some(false) => query = query.filter(diesel::dsl::not(overdue)),
        None => {}
    }
    if let Some(waiting) = filter.awaiting_acceptance {
        let awaiting = escalations::status
            .eq(EscalationStatus::Resolved)
            .and(escalations::accepted_at.is_null());
        query = if waiting {
            query.filter(awaiting)
        } else {
            query.filter(diesel::dsl::not(awaiting))
        };
    }
    if let Some(q) = &filter.q {
        let pattern = contains_pattern(q);
        let matching_cases = cases::table
            .filter(
                lower(cases::display_name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(cases::external_ref)
                        .like(pattern.clone())
                        .escape('\\')),
            )
            .select(cases::id);
        let people = || {
            users::table
                .filter(
                    lower(users::display_name)
                        .like(pattern.clone())
                        .escape('\\'),
                )
                .select(users::id.nullable())
        };
        query = query.filter(
            escalations::case_id
                .eq_any(matching_cases)
                .or(escalations::raised_by.eq_any(people()))
                .or(escalations::raised_to.eq_any(people())),
        );
    }
    if let Some(Since(since)) = filter.updated_since {
        query = query.filter(escalations::updated_at.ge(since));
    }
    query
}

/// A page of the escalations in scope, in the asked order, with the total when asked.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &EscalationFilter,
    today: Date,
    sort: Option<SortParam<EscalationSort>>,
    page: &PageRequest,
) -> ApiResult<(Page<EscalationRow>, Option<i64>)> {
    let keys = resolve_sort(sort, filter.updated_since.is_some());
    let query = EscalationSort::apply(
        filtered(list_scope(caller)?, filter, today).select(EscalationRow::as_select()),
        &keys,
        page.cursor.as_ref(),
    )?;
    let rows = page.limit(query).load(conn)?;
    let total = if page.count {
        Some(
            filtered(list_scope(caller)?, filter, today)
                .count()
                .get_result(conn)?,
        )
    } else {
        None
    };
    Ok((
        finish(rows, page, &keys, |r| EscalationSort::values(r, &keys)),
        total,
    ))
}
