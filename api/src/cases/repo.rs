//! Case queries and writes, with the caller's scope applied in SQL by the record policy.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::dto::{CaseCategory, CaseStatus};
use super::model::{CaseChanges, CaseRow};
use crate::auth::caller::Caller;
use crate::auth::policy::{list_scope, ListScope, Load, Loaded};
use crate::db::schema::cases;
use crate::db::search::{contains_pattern, lower};
use crate::db::types::{CaseId, UnitId, UserId};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiResult;
use crate::listing::{finish, resolve_sort, Page, PageRequest, SortParam};
use crate::pagination::Since;

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
    /// These teams.
    pub team_ids: Option<Vec<UnitId>>,
    /// One allocated worker.
    pub worker_id: Option<UserId>,
    /// These categories.
    pub categories: Option<Vec<CaseCategory>>,
    /// Open or closed.
    pub statuses: Option<Vec<CaseStatus>>,
    /// Text in the initials or the council's reference.
    pub q: Option<String>,
    /// Changed at or after.
    pub updated_since: Option<Since>,
}

crate::sortable! {
    /// The fields the case list sorts by.
    pub enum CaseSort on cases for CaseRow {
        CreatedAt = "created_at" => created_at: PrimitiveDateTime,
        UpdatedAt = "updated_at" => updated_at: PrimitiveDateTime,
        DisplayName = "display_name" => display_name: String,
        ExternalRef = "external_ref" => external_ref: String,
        Category = "category" => category: CaseCategory,
        Status = "status" => status: CaseStatus,
    }
    default = CreatedAt descending;
    incremental = UpdatedAt;
}

fn filtered<'a>(
    scope: ListScope<cases::table>,
    filter: &CaseFilter,
) -> cases::BoxedQuery<'a, MultiBackend> {
    let mut query = cases::table.into_boxed();
    if let ListScope::Only(condition) = scope {
        query = query.filter(condition);
    }
    if let Some(teams) = &filter.team_ids {
        query = query.filter(crate::db::member_of(cases::team_id, teams.clone()));
    }
    if let Some(worker_id) = filter.worker_id {
        query = query.filter(cases::allocated_worker_id.eq(worker_id));
    }
    if let Some(categories) = &filter.categories {
        query = query.filter(crate::db::member_of(cases::category, categories.clone()));
    }
    if let Some(statuses) = &filter.statuses {
        query = query.filter(crate::db::member_of(cases::status, statuses.clone()));
    }
    if let Some(q) = &filter.q {
        let pattern = contains_pattern(q);
        query = query.filter(
            lower(cases::display_name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(cases::external_ref).like(pattern).escape('\\')),
        );
    }
    if let Some(Since(since)) = filter.updated_since {
        query = query.filter(cases::updated_at.ge(since));
    }
    query
}

/// A page of the cases in scope, in the asked order, with the total when asked.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &CaseFilter,
    sort: Option<SortParam<CaseSort>>,
    page: &PageRequest,
) -> ApiResult<(Page<CaseRow>, Option<i64>)> {
    let keys = resolve_sort(sort, filter.updated_since.is_some());
    let query = CaseSort::apply(
        filtered(list_scope(caller)?, filter).select(CaseRow::as_select()),
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
        finish(rows, page, &keys, |r| CaseSort::values(r, &keys)),
        total,
    ))
}

/// What lists show of a case: its initials or pseudonym, the council's reference, and who holds
/// it now (which the record policy needs).
#[derive(Debug, Clone)]
pub struct CaseSummary {
    /// Initials or pseudonym.
    pub display_name: String,
    /// The CMS reference.
    pub external_ref: String,
    /// The allocated worker now.
    pub allocated_worker_id: Option<UserId>,
}

/// Case summaries by case.
pub type CaseSummaries = std::collections::HashMap<CaseId, CaseSummary>;

/// The summaries of the cases a page of records is about, in one query.
pub fn summaries(
    conn: &mut DbConn,
    ids: impl IntoIterator<Item = CaseId>,
) -> QueryResult<CaseSummaries> {
    let mut ids: Vec<CaseId> = ids.into_iter().collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(cases::table
        .filter(crate::db::member_of(cases::id, ids))
        .select((
            cases::id,
            cases::display_name,
            cases::external_ref,
            cases::allocated_worker_id,
        ))
        .load::<(CaseId, String, String, Option<UserId>)>(conn)?
        .into_iter()
        .map(|(id, display_name, external_ref, allocated_worker_id)| {
            (
                id,
                CaseSummary {
                    display_name,
                    external_ref,
                    allocated_worker_id,
                },
            )
        })
        .collect())
}

/// Pairs each record of a page with the current allocated worker of its case, and answers the
/// cases' summaries for naming them: one query for the whole page.
pub fn with_case_workers<R: crate::auth::policy::CaseRecord>(
    conn: &mut DbConn,
    rows: Vec<R>,
) -> QueryResult<(Vec<Loaded<R>>, CaseSummaries)> {
    let cases = summaries(conn, rows.iter().filter_map(|r| r.case_id()))?;
    let loaded = rows
        .into_iter()
        .map(|record| Loaded {
            case_worker_id: record
                .case_id()
                .and_then(|c| cases.get(&c))
                .and_then(|c| c.allocated_worker_id),
            record,
        })
        .collect();
    Ok((loaded, cases))
}
