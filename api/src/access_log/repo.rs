//! Appending to and querying the access log.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use crate::db::schema::access_log;
use crate::db::types::{AnyId, CaseId, EntryId, UserId};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiResult;
use crate::listing::{finish, resolve_sort, Page, PageRequest, SortParam};

/// Whether access was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The caller was allowed.
    Allowed,
    /// The caller was refused (403 or an out-of-scope 404).
    Denied,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Denied => "denied",
        }
    }
}

/// One entry to append.
#[derive(Debug, Clone)]
pub struct AccessEntry {
    /// Who (None for an unknown caller).
    pub user_id: Option<String>,
    /// What they did: `read`, `list`, `create`, `update`, `password`, ...
    pub action: &'static str,
    /// Kind of record: `case`, `user`, `org_unit`, ...
    pub record_type: &'static str,
    /// The record.
    pub record_id: Option<String>,
    /// The child's case, for case-level records.
    pub case_id: Option<String>,
    /// Allowed or denied.
    pub outcome: Outcome,
    /// Extra context (a list's filter, the fields changed); never narrative text.
    pub detail: Option<String>,
}

impl AccessEntry {
    /// An entry about a case-level record.
    pub fn case_record(
        user_id: &str,
        action: &'static str,
        record_type: &'static str,
        record_id: &str,
        case_id: &str,
        outcome: Outcome,
    ) -> Self {
        Self {
            user_id: Some(user_id.to_string()),
            action,
            record_type,
            record_id: Some(record_id.to_string()),
            case_id: Some(case_id.to_string()),
            outcome,
            detail: None,
        }
    }

    /// An entry about an administrative change.
    pub fn admin_change(
        user_id: &str,
        action: &'static str,
        record_type: &'static str,
        record_id: &str,
        detail: Option<String>,
    ) -> Self {
        Self {
            user_id: Some(user_id.to_string()),
            action,
            record_type,
            record_id: Some(record_id.to_string()),
            case_id: None,
            outcome: Outcome::Allowed,
            detail,
        }
    }
}

#[derive(Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = access_log)]
struct NewEntry<'a> {
    id: EntryId,
    at: PrimitiveDateTime,
    user_id: Option<&'a str>,
    action: &'a str,
    record_type: &'a str,
    record_id: Option<&'a str>,
    case_id: Option<&'a str>,
    outcome: &'a str,
    detail: Option<&'a str>,
}

/// Rows per INSERT statement: keeps each statement under SQLite's bound-parameter limit.
const BATCH_ROWS: usize = 500;

/// Appends entries, a batch per statement.
pub fn record(conn: &mut DbConn, entries: &[AccessEntry]) -> QueryResult<()> {
    let at = crate::dates::now_utc();
    for chunk in entries.chunks(BATCH_ROWS) {
        let rows: Vec<NewEntry<'_>> = chunk
            .iter()
            .map(|e| NewEntry {
                id: EntryId::new(),
                at,
                user_id: e.user_id.as_deref(),
                action: e.action,
                record_type: e.record_type,
                record_id: e.record_id.as_deref(),
                case_id: e.case_id.as_deref(),
                outcome: e.outcome.as_str(),
                detail: e.detail.as_deref(),
            })
            .collect();
        crate::batch_insert!(conn, access_log::table, &rows)?;
    }
    Ok(())
}

/// A stored entry.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = access_log)]
pub struct AccessLogRow {
    /// Identifier (time-ordered).
    pub id: EntryId,
    /// When.
    pub at: PrimitiveDateTime,
    /// Who.
    pub user_id: Option<UserId>,
    /// What.
    pub action: String,
    /// Kind of record.
    pub record_type: String,
    /// Which record.
    pub record_id: Option<AnyId>,
    /// Which case.
    pub case_id: Option<CaseId>,
    /// Allowed or denied.
    pub outcome: String,
    /// Context.
    pub detail: Option<String>,
}

/// Filters of the access-log query.
#[derive(Debug, Default, Clone)]
pub struct AccessLogFilter {
    /// One case.
    pub case_id: Option<CaseId>,
    /// One user.
    pub user_id: Option<UserId>,
    /// From this instant.
    pub from: Option<PrimitiveDateTime>,
    /// Before this instant.
    pub to: Option<PrimitiveDateTime>,
}

crate::sortable! {
    /// The fields the access log sorts by.
    pub enum AccessLogSort on access_log for AccessLogRow {
        At = "at" => at: PrimitiveDateTime,
    }
    default = At descending;
}

fn filtered<'a>(filter: &AccessLogFilter) -> access_log::BoxedQuery<'a, MultiBackend> {
    let mut query = access_log::table.into_boxed();
    if let Some(case_id) = filter.case_id {
        query = query.filter(access_log::case_id.eq(case_id));
    }
    if let Some(user_id) = filter.user_id {
        query = query.filter(access_log::user_id.eq(user_id));
    }
    if let Some(from) = filter.from {
        query = query.filter(access_log::at.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(access_log::at.lt(to));
    }
    query
}

/// One page of entries, newest first unless asked otherwise.
pub fn list(
    conn: &mut DbConn,
    filter: &AccessLogFilter,
    sort: Option<SortParam<AccessLogSort>>,
    page: &PageRequest,
) -> ApiResult<(Page<AccessLogRow>, Option<i64>)> {
    let keys = resolve_sort(sort, false);
    let query = AccessLogSort::apply(
        filtered(filter).select(AccessLogRow::as_select()),
        &keys,
        page.cursor.as_ref(),
    )?;
    let rows = query.limit(page.fetch()).load(conn)?;
    let total = if page.count {
        Some(filtered(filter).count().get_result(conn)?)
    } else {
        None
    };
    Ok((
        finish(rows, page, &keys, |r| AccessLogSort::values(r, &keys)),
        total,
    ))
}
