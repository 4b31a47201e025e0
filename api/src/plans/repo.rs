//! Plan queries and writes. Lists apply the caller's scope through the record policy; a
//! plan's change is a conditional update on the version authorised.

use std::collections::HashMap;

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::dto::ActionPlanProgress;
use super::model::{MeasureRow, PlanChanges, ReadingRow};
use crate::actions::dto::{ActionStatus, PlanSource};
use crate::actions::model::PlanRow;
use crate::auth::caller::Caller;
use crate::auth::policy::{list_scope, ListScope, Load, Loaded};
use crate::db::schema::{action_plans, actions, cases, measure_readings, plan_measures, users};
use crate::db::search::{contains_pattern, lower};
use crate::db::types::{MeasureId, PlanId, UnitId, UserId};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiResult;
use crate::listing::{finish, resolve_sort, Page, PageRequest, SortParam};
use crate::pagination::Since;

impl Load for PlanRow {
    type Id = PlanId;

    fn load(conn: &mut DbConn, id: PlanId) -> QueryResult<Option<Loaded<Self>>> {
        let found: Option<(PlanRow, Option<UserId>)> = action_plans::table
            .left_join(cases::table.on(cases::id.nullable().eq(action_plans::case_id)))
            .filter(action_plans::id.eq(id))
            .select((PlanRow::as_select(), cases::allocated_worker_id.nullable()))
            .first(conn)
            .optional()?;
        Ok(found.map(|(record, case_worker_id)| Loaded {
            record,
            case_worker_id,
        }))
    }
}

/// Adds a plan unless its source record already has one (`UNIQUE (source, source_id)`);
/// `false` when it did.
pub fn insert_once(conn: &mut DbConn, row: &PlanRow) -> QueryResult<bool> {
    let inserted = match conn {
        DbConn::Pg(c) => diesel::insert_into(action_plans::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(action_plans::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(inserted == 1)
}

/// Rewrites a plan if it is still at `version`.
pub fn update(
    conn: &mut DbConn,
    id: PlanId,
    version: i32,
    changes: &PlanChanges,
) -> QueryResult<bool> {
    let changed = diesel::update(
        action_plans::table
            .find(id)
            .filter(action_plans::version.eq(version)),
    )
    .set(changes)
    .execute(conn)?;
    Ok(changed == 1)
}

/// Moves a plan to a new version (one of its parts changed) if it is still at `version`.
pub fn bump(
    conn: &mut DbConn,
    id: PlanId,
    version: i32,
    now: PrimitiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(
        action_plans::table
            .find(id)
            .filter(action_plans::version.eq(version)),
    )
    .set((
        action_plans::version.eq(version + 1),
        action_plans::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The progress of these plans' actions as of `today`: one grouped read for a page.
pub fn progress_of(
    conn: &mut DbConn,
    plans: &[PlanId],
    today: Date,
) -> QueryResult<HashMap<PlanId, ActionPlanProgress>> {
    let mut progress: HashMap<PlanId, ActionPlanProgress> = HashMap::new();
    if plans.is_empty() {
        return Ok(progress);
    }
    let rows: Vec<(PlanId, ActionStatus, Date)> = actions::table
        .filter(crate::db::member_of(actions::plan_id, plans.to_vec()))
        .filter(actions::status.ne(ActionStatus::Cancelled))
        .select((actions::plan_id, actions::status, actions::due_on))
        .load(conn)?;
    for (plan, status, due_on) in rows {
        let entry = progress.entry(plan).or_default();
        entry.actions_total += 1;
        match status {
            ActionStatus::Completed => entry.completed += 1,
            ActionStatus::Verified => {
                entry.completed += 1;
                entry.verified += 1;
            }
            _ if due_on < today => entry.overdue += 1,
            _ => {}
        }
    }
    Ok(progress)
}

/// A plan's measures, oldest first.
pub fn measures_of(conn: &mut DbConn, plan: PlanId) -> QueryResult<Vec<MeasureRow>> {
    plan_measures::table
        .filter(plan_measures::plan_id.eq(plan))
        .order(plan_measures::id.asc())
        .select(MeasureRow::as_select())
        .load(conn)
}

/// One measure.
pub fn find_measure(conn: &mut DbConn, id: MeasureId) -> QueryResult<Option<MeasureRow>> {
    plan_measures::table
        .find(id)
        .select(MeasureRow::as_select())
        .first(conn)
        .optional()
}

/// Adds a measure.
pub fn insert_measure(conn: &mut DbConn, row: &MeasureRow) -> QueryResult<()> {
    diesel::insert_into(plan_measures::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The readings of these measures, oldest first.
pub fn readings_of(conn: &mut DbConn, measures: &[MeasureId]) -> QueryResult<Vec<ReadingRow>> {
    if measures.is_empty() {
        return Ok(Vec::new());
    }
    measure_readings::table
        .filter(crate::db::member_of(
            measure_readings::measure_id,
            measures.to_vec(),
        ))
        .order((measure_readings::read_on.asc(), measure_readings::id.asc()))
        .select(ReadingRow::as_select())
        .load(conn)
}

/// Adds a reading.
pub fn insert_reading(conn: &mut DbConn, row: &ReadingRow) -> QueryResult<()> {
    diesel::insert_into(measure_readings::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Filters of the plan list.
#[derive(Debug, Default, Clone)]
pub struct PlanFilter {
    /// These sources.
    pub sources: Option<Vec<PlanSource>>,
    /// The plan of one source record (an audit, a theme).
    pub source_id: Option<crate::db::types::AnyId>,
    /// One owner.
    pub owner_id: Option<UserId>,
    /// These units (a team, or a service and its teams).
    pub unit_ids: Option<Vec<UnitId>>,
    /// `open` or `closed`.
    pub status: Option<String>,
    /// Text in the title or the owner's name.
    pub q: Option<String>,
    /// Changed at or after.
    pub updated_since: Option<Since>,
}

crate::sortable! {
    /// The fields the plan list sorts by.
    pub enum PlanSort on action_plans for PlanRow {
        CreatedAt = "created_at" => created_at: PrimitiveDateTime,
        UpdatedAt = "updated_at" => updated_at: PrimitiveDateTime,
        Title = "title" => title: String,
    }
    default = CreatedAt descending;
    incremental = UpdatedAt;
}

fn filtered<'a>(
    scope: ListScope<action_plans::table>,
    filter: &PlanFilter,
) -> action_plans::BoxedQuery<'a, MultiBackend> {
    let mut query = action_plans::table.into_boxed();
    if let ListScope::Only(condition) = scope {
        query = query.filter(condition);
    }
    if let Some(v) = &filter.sources {
        query = query.filter(crate::db::member_of(action_plans::source, v.clone()));
    }
    if let Some(v) = filter.owner_id {
        query = query.filter(action_plans::owner_id.eq(v));
    }
    if let Some(v) = filter.source_id {
        query = query.filter(action_plans::source_id.eq(v));
    }
    if let Some(v) = &filter.unit_ids {
        query = query.filter(crate::db::member_of(action_plans::team_id, v.clone()));
    }
    if let Some(v) = &filter.status {
        query = query.filter(action_plans::status.eq(v.clone()));
    }
    if let Some(q) = &filter.q {
        let pattern = contains_pattern(q);
        let owners = users::table
            .filter(
                lower(users::display_name)
                    .like(pattern.clone())
                    .escape('\\'),
            )
            .select(users::id.nullable());
        query = query.filter(
            lower(action_plans::title)
                .like(pattern.clone())
                .escape('\\')
                .or(action_plans::owner_id.eq_any(owners)),
        );
    }
    if let Some(Since(since)) = filter.updated_since {
        query = query.filter(action_plans::updated_at.ge(since));
    }
    query
}

/// A page of the plans in scope, in the asked order, with the total when asked.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &PlanFilter,
    sort: Option<SortParam<PlanSort>>,
    page: &PageRequest,
) -> ApiResult<(Page<PlanRow>, Option<i64>)> {
    let keys = resolve_sort(sort, filter.updated_since.is_some());
    let query = PlanSort::apply(
        filtered(list_scope(caller)?, filter).select(PlanRow::as_select()),
        &keys,
        page.cursor.as_ref(),
    )?;
    let rows = page.limit(query).load(conn)?;
    let total = if page.count {
        Some(
            filtered(list_scope(caller)?, filter)
                .count()
                .get_result(conn)?,
        )
    } else {
        None
    };
    Ok((
        finish(rows, page, &keys, |r| PlanSort::values(r, &keys)),
        total,
    ))
}
