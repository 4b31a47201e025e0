//! Case queries and writes, with the caller's scope applied in SQL by the record policy.

use diesel::prelude::*;

use super::dto::{CaseCategory, CaseStatus};
use super::model::{CaseChanges, CaseRow};
use crate::auth::policy::{Load, Loaded};
use crate::db::schema::cases;
use crate::db::types::{CaseId, UnitId, UserId};
use crate::db::DbConn;
use crate::pagination::{PageRequest, Since};

/// One case, whoever may see it.
pub fn find(conn: &mut DbConn, id: CaseId) -> QueryResult<Option<CaseRow>> {
    cases::table
        .find(id)
        .select(CaseRow::as_select())
        .first(conn)
        .optional()
}

impl Load for CaseRow {
    type Id = CaseId;

    fn load(conn: &mut DbConn, id: CaseId) -> QueryResult<Option<Loaded<Self>>> {
        Ok(find(conn, id)?.map(|row| Loaded {
            case_worker_id: row.allocated_worker_id,
            record: row,
        }))
    }
}

/// One case by the CMS reference.
pub fn find_by_external_ref(conn: &mut DbConn, external_ref: &str) -> QueryResult<Option<CaseRow>> {
    cases::table
        .filter(cases::external_ref.eq(external_ref))
        .select(CaseRow::as_select())
        .first(conn)
        .optional()
}

/// Adds a case.
pub fn insert(conn: &mut DbConn, row: &CaseRow) -> QueryResult<()> {
    diesel::insert_into(cases::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Rewrites a case if it is still at `version`; `false` when another change came first.
pub fn update(
    conn: &mut DbConn,
    id: CaseId,
    version: i32,
    changes: &CaseChanges,
) -> QueryResult<bool> {
    let changed = diesel::update(cases::table.find(id).filter(cases::version.eq(version)))
        .set(changes)
        .execute(conn)?;
    Ok(changed == 1)
}

/// Filters of the case list.
#[derive(Debug, Default, Clone)]
pub struct CaseFilter {
    /// One team.
    pub team_id: Option<UnitId>,
    /// One allocated worker.
    pub worker_id: Option<UserId>,
    /// One category.
    pub category: Option<CaseCategory>,
    /// Open or closed.
    pub status: Option<CaseStatus>,
    /// Changed at or after.
    pub updated_since: Option<Since>,
}

/// A page of the cases in scope, in id order.
pub fn list(
    conn: &mut DbConn,
    scope: crate::auth::policy::ListScope<cases::table>,
    filter: &CaseFilter,
    page: &PageRequest,
) -> QueryResult<Vec<CaseRow>> {
    let mut query = cases::table
        .select(CaseRow::as_select())
        .order(cases::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if let crate::auth::policy::ListScope::Only(condition) = scope {
        query = query.filter(condition);
    }
    if let Some(team_id) = filter.team_id {
        query = query.filter(cases::team_id.eq(team_id));
    }
    if let Some(worker_id) = filter.worker_id {
        query = query.filter(cases::allocated_worker_id.eq(worker_id));
    }
    if let Some(category) = filter.category {
        query = query.filter(cases::category.eq(category));
    }
    if let Some(status) = filter.status {
        query = query.filter(cases::status.eq(status));
    }
    if let Some(Since(since)) = filter.updated_since {
        query = query.filter(cases::updated_at.ge(since));
    }
    if let Some(after) = &page.after {
        query = query.filter(cases::id.gt(after.clone()));
    }
    query.load(conn)
}

/// Pairs each record of a page with the current allocated worker of its case, in one query.
pub fn with_case_workers<R: crate::auth::policy::CaseRecord>(
    conn: &mut DbConn,
    rows: Vec<R>,
) -> QueryResult<Vec<Loaded<R>>> {
    let mut ids: Vec<CaseId> = rows.iter().filter_map(|r| r.case_id()).collect();
    ids.sort();
    ids.dedup();
    let workers: std::collections::HashMap<CaseId, Option<UserId>> = if ids.is_empty() {
        Default::default()
    } else {
        cases::table
            .filter(cases::id.eq_any(ids))
            .select((cases::id, cases::allocated_worker_id))
            .load::<(CaseId, Option<UserId>)>(conn)?
            .into_iter()
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|record| Loaded {
            case_worker_id: record
                .case_id()
                .and_then(|c| workers.get(&c).copied().flatten()),
            record,
        })
        .collect())
}
