//! Queries and writes of action plans, actions and safeguarding alerts. Lists apply the
//! caller's scope through the record policy.

use diesel::prelude::*;
use time::Date;

use super::dto::{ActionStatus, PlanSource};
use super::model::{ActionRow, ActionStep, AlertRow, PlanRow};
use crate::auth::policy::{ListScope, Load, Loaded};
use crate::db::schema::{action_plans, actions, cases, safeguarding_alerts};
use crate::db::types::{ActionId, AnyId, AuditId, PlanId, UnitId, UserId};
use crate::db::DbConn;
use crate::pagination::{PageRequest, Since};

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

/// The actions an audit raised, oldest first.
pub fn of_audit(conn: &mut DbConn, audit_id: AuditId) -> QueryResult<Vec<ActionRow>> {
    actions::table
        .filter(actions::audit_id.eq(audit_id))
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

/// An audit's alerts.
pub fn alerts_of(conn: &mut DbConn, audit_id: AuditId) -> QueryResult<Vec<AlertRow>> {
    safeguarding_alerts::table
        .filter(safeguarding_alerts::audit_id.eq(audit_id))
        .order(safeguarding_alerts::id.asc())
        .select(AlertRow::as_select())
        .load(conn)
}

/// Filters of the action tracker.
#[derive(Debug, Default, Clone)]
pub struct ActionFilter {
    /// One owner.
    pub owner_id: Option<UserId>,
    /// One status.
    pub status: Option<ActionStatus>,
    /// Overdue (true) or not (false), as of `today`.
    pub overdue: Option<bool>,
    /// One audit's actions.
    pub audit_id: Option<AuditId>,
    /// One team's actions.
    pub team_id: Option<UnitId>,
    /// Changed at or after.
    pub updated_since: Option<Since>,
}

const ACTIVE: [ActionStatus; 2] = [ActionStatus::Open, ActionStatus::InProgress];

/// A page of the actions in scope.
pub fn list(
    conn: &mut DbConn,
    scope: ListScope<actions::table>,
    filter: &ActionFilter,
    today: Date,
    page: &PageRequest,
) -> QueryResult<Vec<ActionRow>> {
    let mut query = actions::table
        .select(ActionRow::as_select())
        .order(actions::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if let ListScope::Only(condition) = scope {
        query = query.filter(condition);
    }
    if let Some(owner) = filter.owner_id {
        query = query.filter(actions::owner_id.eq(owner));
    }
    if let Some(status) = filter.status {
        query = query.filter(actions::status.eq(status));
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
    if let Some(team) = filter.team_id {
        query = query.filter(actions::team_id.eq(team));
    }
    if let Some(Since(since)) = filter.updated_since {
        query = query.filter(actions::updated_at.ge(since));
    }
    if let Some(after) = &page.after {
        query = query.filter(actions::id.gt(after.clone()));
    }
    query.load(conn)
}
