//! Queries and writes of action plans, actions and safeguarding alerts. Lists apply the
//! caller's scope through the record policy.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::dto::{ActionStatus, PlanSource};
use super::model::{ActionRow, ActionStep, AlertRow, PlanRow};
use crate::auth::caller::Caller;
use crate::auth::policy::{list_scope, ListScope, Load, Loaded};
use crate::db::schema::{action_plans, actions, cases, safeguarding_alerts, users};
use crate::db::search::{contains_pattern, lower};
use crate::db::types::{ActionId, AnyId, AuditId, CaseId, PlanId, UnitId, UserId};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiResult;
use crate::listing::{finish, resolve_sort, Page, PageRequest, SortParam};
use crate::pagination::Since;

/// One action.
pub fn find(conn: &mut DbConn, id: ActionId) -> QueryResult<Option<ActionRow>> {
    actions::table
        .find(id)
        .select(ActionRow::as_select())
        .first(conn)
        .optional()
}

impl Load for ActionRow {
    type Id = ActionId;

    fn load(conn: &mut DbConn, id: ActionId) -> QueryResult<Option<Loaded<Self>>> {
        let found: Option<(ActionRow, Option<UserId>)> = actions::table
            .left_join(cases::table.on(cases::id.nullable().eq(actions::case_id)))
            .filter(actions::id.eq(id))
            .select((
                ActionRow::as_select(),
                cases::allocated_worker_id.nullable(),
            ))
            .first(conn)
            .optional()?;
        Ok(found.map(|(record, case_worker_id)| Loaded {
            record,
            case_worker_id,
        }))
    }
}

/// A plan's actions, oldest first.
pub fn of_plan(conn: &mut DbConn, plan: PlanId) -> QueryResult<Vec<ActionRow>> {
    actions::table
        .filter(actions::plan_id.eq(plan))
        .order(actions::id.asc())
        .select(ActionRow::as_select())
        .load(conn)
}

/// Adds an action.
pub fn insert(conn: &mut DbConn, row: &ActionRow) -> QueryResult<()> {
    diesel::insert_into(actions::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Moves an action one step if it is still at `version`; `false` when another change came
/// first.
pub fn step(conn: &mut DbConn, id: ActionId, version: i32, step: &ActionStep) -> QueryResult<bool> {
    let changed = diesel::update(actions::table.find(id).filter(actions::version.eq(version)))
        .set(step)
        .execute(conn)?;
    Ok(changed == 1)
}

/// The plan answering a source record, if there is one.
pub fn plan_for(
    conn: &mut DbConn,
    source: PlanSource,
    source_id: AnyId,
) -> QueryResult<Option<PlanId>> {
    action_plans::table
        .filter(action_plans::source.eq(source))
        .filter(action_plans::source_id.eq(source_id))
        .select(action_plans::id)
        .first(conn)
        .optional()
}

/// Adds an action plan.
pub fn insert_plan(conn: &mut DbConn, row: &PlanRow) -> QueryResult<()> {
    diesel::insert_into(action_plans::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Adds a safeguarding alert.
pub fn insert_alert(conn: &mut DbConn, row: &AlertRow) -> QueryResult<()> {
    diesel::insert_into(safeguarding_alerts::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Filters of the action tracker.
#[derive(Debug, Default, Clone)]
pub struct ActionFilter {
    /// One owner.
    pub owner_id: Option<UserId>,
    /// These statuses.
    pub statuses: Option<Vec<ActionStatus>>,
    /// Overdue (true) or not (false), as of `today`.
    pub overdue: Option<bool>,
    /// One audit's actions.
    pub audit_id: Option<AuditId>,
    /// One case's actions.
    pub case_id: Option<CaseId>,
    /// One plan's actions.
    pub plan_id: Option<PlanId>,
    /// The actions of plans from these sources.
    pub sources: Option<Vec<PlanSource>>,
    /// These teams' actions.
    pub team_ids: Option<Vec<UnitId>>,
    /// Text in the case's initials or reference, or the owner's name.
    pub q: Option<String>,
    /// Changed at or after.
    pub updated_since: Option<Since>,
}

const ACTIVE: [ActionStatus; 2] = [ActionStatus::Open, ActionStatus::InProgress];

crate::sortable! {
    /// The fields the action tracker sorts by.
    pub enum ActionSort on actions for ActionRow {
        CreatedAt = "created_at" => created_at: PrimitiveDateTime,
        UpdatedAt = "updated_at" => updated_at: PrimitiveDateTime,
        DueOn = "due_on" => due_on: Date,
        Status = "status" => status: ActionStatus,
    }
    default = CreatedAt descending;
    incremental = UpdatedAt;
}

fn filtered<'a>(
    scope: ListScope<actions::table>,
    filter: &ActionFilter,
    today: Date,
) -> actions::BoxedQuery<'a, MultiBackend> {
    let mut query = actions::table.into_boxed();
    if let ListScope::Only(condition) = scope {
        query = query.filter(condition);
    }
    if let Some(owner) = filter.owner_id {
        query = query.filter(actions::owner_id.eq(owner));
    }
    if let Some(statuses) = &filter.statuses {
        query = query.filter(crate::db::member_of(actions::status, statuses.clone()));
    }
    match filter.overdue {
        Some(true) => {
            query = query
                .filter(actions::due_on.lt(today))
                .filter(actions::status.eq_any(ACTIVE));
        }
        Some(false) => {
            query = query.filter(actions::due_on.ge(today).or(actions::status.ne_all(ACTIVE)));
        }
        None => {}
    }
    if let Some(audit) = filter.audit_id {
        query = query.filter(actions::audit_id.eq(audit));
    }
    if let Some(case) = filter.case_id {
        query = query.filter(actions::case_id.eq(case));
    }
    if let Some(plan) = filter.plan_id {
        query = query.filter(actions::plan_id.eq(plan));
    }
    if let Some(sources) = &filter.sources {
        let plans = action_plans::table
            .filter(action_plans::source.eq_any(sources.clone()))
            .select(action_plans::id);
        query = query.filter(actions::plan_id.eq_any(plans));
    }
    if let Some(teams) = &filter.team_ids {
        query = query.filter(crate::db::member_of(actions::team_id, teams.clone()));
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
            .select(cases::id.nullable());
        let matching_people = users::table
            .filter(lower(users::display_name).like(pattern).escape('\\'))
            .select(users::id.nullable());
        query = query.filter(
            actions::case_id
                .eq_any(matching_cases)
                .or(actions::owner_id.eq_any(matching_people)),
        );
    }
    if let Some(Since(since)) = filter.updated_since {
        query = query.filter(actions::updated_at.ge(since));
    }
    query
}

/// A page of the actions in scope, in the asked order, with the total when asked.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &ActionFilter,
    today: Date,
    sort: Option<SortParam<ActionSort>>,
    page: &PageRequest,
) -> ApiResult<(Page<ActionRow>, Option<i64>)> {
    let keys = resolve_sort(sort, filter.updated_since.is_some());
    let query = ActionSort::apply(
        filtered(list_scope(caller)?, filter, today).select(ActionRow::as_select()),
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
        finish(rows, page, &keys, |r| ActionSort::values(r, &keys)),
        total,
    ))
}
