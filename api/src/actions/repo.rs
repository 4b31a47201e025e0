//! Action queries, with the caller's scope applied in SQL.

use diesel::prelude::*;
use time::Date;

use super::model::ActionRow;
use crate::auth::caller::Caller;
use crate::auth::roles::Role;
use crate::db::schema::{actions, cases};
use crate::db::DbConn;
use crate::pagination::PageRequest;

type VisibleCondition = Box<
    dyn BoxableExpression<
        actions::table,
        <DbConn as Connection>::Backend,
        SqlType = diesel::sql_types::Nullable<diesel::sql_types::Bool>,
    >,
>;

/// One action.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<ActionRow>> {
    actions::table
        .find(id)
        .select(ActionRow::as_select())
        .first(conn)
        .optional()
}

/// The actions an audit raised, oldest first.
pub fn of_audit(conn: &mut DbConn, audit_id: &str) -> QueryResult<Vec<ActionRow>> {
    actions::table
        .filter(actions::audit_id.eq(audit_id))
        .order(actions::id.asc())
        .select(ActionRow::as_select())
        .load(conn)
}

/// Filters of the action tracker.
#[derive(Debug, Default, Clone)]
pub struct ActionFilter {
    /// One owner.
    pub owner_id: Option<String>,
    /// One status.
    pub status: Option<String>,
    /// Overdue (true) or not (false), as of `today`.
    pub overdue: Option<bool>,
    /// One audit's actions.
    pub audit_id: Option<String>,
    /// One team's actions.
    pub team_id: Option<String>,
    /// Changed at or after.
    pub updated_since: Option<time::PrimitiveDateTime>,
}

/// A page of the actions the caller may see.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &ActionFilter,
    today: Date,
    page: &PageRequest,
) -> QueryResult<Vec<ActionRow>> {
    let mut query = actions::table
        .select(ActionRow::as_select())
        .order(actions::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if !caller.sees_everything() {
        let me = caller.user_id.clone();
        let mut visible: VisibleCondition = Box::new(actions::owner_id.eq(me.clone()));
        if caller.has_any(&[Role::TeamManager, Role::HeadOfService]) {
            visible = Box::new(visible.or(actions::team_id.eq_any(caller.unit_subtree.clone())));
        }
        if caller.has(Role::Practitioner) {
            let my_cases = cases::table
                .filter(cases::allocated_worker_id.eq(me))
                .select(cases::id.nullable());
            visible = Box::new(visible.or(actions::case_id.eq_any(my_cases)));
        }
        query = query.filter(visible);
    }
    if let Some(owner) = &filter.owner_id {
        query = query.filter(actions::owner_id.eq(owner.clone()));
    }
    if let Some(status) = &filter.status {
        query = query.filter(actions::status.eq(status.clone()));
    }
    match filter.overdue {
        Some(true) => {
            query = query
                .filter(actions::due_on.lt(today))
                .filter(actions::status.eq_any(["open", "in_progress"]));
        }
        Some(false) => {
            query = query.filter(
                actions::due_on
                    .ge(today)
                    .or(actions::status.ne_all(["open", "in_progress"])),
            );
        }
        None => {}
    }
    if let Some(audit) = &filter.audit_id {
        query = query.filter(actions::audit_id.eq(audit.clone()));
    }
    if let Some(team) = &filter.team_id {
        query = query.filter(actions::team_id.eq(team.clone()));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(actions::updated_at.ge(since));
    }
    if let Some(after) = &page.after {
        query = query.filter(actions::id.gt(after.clone()));
    }
    query.load(conn)
}
