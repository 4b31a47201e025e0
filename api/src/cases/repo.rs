//! Case queries, with the caller's scope applied in SQL.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::model::CaseRow;
use crate::auth::policy::CaseScope;
use crate::db::schema::cases;
use crate::db::DbConn;
use crate::pagination::PageRequest;

/// One case, whoever may see it.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<CaseRow>> {
    cases::table
        .find(id)
        .select(CaseRow::as_select())
        .first(conn)
        .optional()
}

/// One case by the CMS reference.
pub fn find_by_external_ref(conn: &mut DbConn, external_ref: &str) -> QueryResult<Option<CaseRow>> {
    cases::table
        .filter(cases::external_ref.eq(external_ref))
        .select(CaseRow::as_select())
        .first(conn)
        .optional()
}

/// Filters of the case list.
#[derive(Debug, Default, Clone)]
pub struct CaseFilter {
    /// One team.
    pub team_id: Option<String>,
    /// One allocated worker.
    pub worker_id: Option<String>,
    /// One category.
    pub category: Option<String>,
    /// Open or closed.
    pub status: Option<String>,
    /// Changed at or after.
    pub updated_since: Option<PrimitiveDateTime>,
}

/// A page of the cases in scope, in id order.
pub fn list(
    conn: &mut DbConn,
    scope: &CaseScope,
    filter: &CaseFilter,
    page: &PageRequest,
) -> QueryResult<Vec<CaseRow>> {
    let mut query = cases::table
        .select(CaseRow::as_select())
        .order(cases::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    match scope {
        CaseScope::All => {}
        CaseScope::None => return Ok(Vec::new()),
        CaseScope::Limited { units, worker_id } => {
            query = match (units.is_empty(), worker_id) {
                (false, Some(worker)) => query.filter(
                    cases::team_id
                        .eq_any(units.clone())
                        .or(cases::allocated_worker_id.eq(worker.clone())),
                ),
                (false, None) => query.filter(cases::team_id.eq_any(units.clone())),
                (true, Some(worker)) => query.filter(cases::allocated_worker_id.eq(worker.clone())),
                (true, None) => return Ok(Vec::new()),
            };
        }
    }
    if let Some(team_id) = &filter.team_id {
        query = query.filter(cases::team_id.eq(team_id.clone()));
    }
    if let Some(worker_id) = &filter.worker_id {
        query = query.filter(cases::allocated_worker_id.eq(worker_id.clone()));
    }
    if let Some(category) = &filter.category {
        query = query.filter(cases::category.eq(category.clone()));
    }
    if let Some(status) = &filter.status {
        query = query.filter(cases::status.eq(status.clone()));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(cases::updated_at.ge(since));
    }
    if let Some(after) = &page.after {
        query = query.filter(cases::id.gt(after.clone()));
    }
    query.load(conn)
}
